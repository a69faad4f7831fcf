/**
 * DKIM key records at `<selector>._domainkey.<domain>` (RFC 6376 sections 3.6.1, 3.6.2.1), their findings and
 * the key size read from the key itself.
 */
import { normaliseName } from '../dns/name';
import type { DnsResult, Resolver } from '../dns/types';
import { isTemporary } from '../dns/types';
import { decodeBase64, readPublicKey } from './der';
import type { DerKey } from './der';
import { colonList, parseTagList } from './tags';
import type { DkimKeyCheck, DkimKeyFinding, DkimKeyInfo, DkimKeyRecord } from './types';

/** RFC 8301 section 3.2: verifiers MUST NOT consider signatures with RSA keys under 1024 bits valid. */
export const MIN_RSA_BITS = 1024;
/** RFC 8301 section 3.2: signers SHOULD use at least 2048 bits. */
export const RECOMMENDED_RSA_BITS = 2048;
/** The key types verifiers know: rsa (RFC 6376 section 3.6.1), ed25519 (RFC 8463 section 4.2). */
export const KEY_TYPES = ['rsa', 'ed25519'] as const;

/** RFC 6376 section 3.6.2.1: the key lives at <selector>._domainkey.<domain>. */
export function keyName(selector: string, domain: string): string {
  return `${normaliseName(selector)}._domainkey.${normaliseName(domain)}`;
}

/** Parses a key record's tag list (RFC 6376 section 3.6.1). Never throws. */
export function parseKeyRecord(text: string): DkimKeyRecord & { error: { message: string; start: number; end: number } | null } {
  const list = parseTagList(text);
  const record: DkimKeyRecord & { error: { message: string; start: number; end: number } | null } = {
    text,
    valid: list.ok,
    version: null,
    keyType: 'rsa',
    hashes: null,
    publicKey: null,
    services: ['*'],
    flags: [],
    notes: null,
    error: list.ok ? null : { message: list.message, start: list.start, end: list.end },
  };
  const get = (name: string): string | undefined => list.tags.find((t) => t.name === name)?.value;
  record.version = get('v') ?? null;
  const k = get('k');
  if (k !== undefined) record.keyType = k.toLowerCase();
  const h = get('h');
  if (h !== undefined) record.hashes = colonList(h);
  const p = get('p');
  if (p !== undefined) record.publicKey = p.replace(/[ \t\r\n]+/g, '');
  const s = get('s');
  if (s !== undefined) record.services = colonList(s);
  const t = get('t');
  if (t !== undefined) record.flags = colonList(t);
  record.notes = get('n') ?? null;
  return record;
}

/** The key size: WebCrypto's own reading of the key when it imports it, else the DER reading. */
async function keyInfo(der: DerKey): Promise<DkimKeyInfo> {
  if (der.kind === 'rsa') {
    const subtle = globalThis.crypto?.subtle;
    if (subtle) {
      try {
        const key = await subtle.importKey('spki', der.spki as Uint8Array<ArrayBuffer>, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
        const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
        if (typeof bits === 'number' && bits > 0) return { algorithm: 'rsa', bits, via: 'webcrypto' };
      } catch {
        // some engines refuse odd keys (tiny moduli, unusual exponents): the DER reading still tells the size
      }
    }
    return { algorithm: 'rsa', bits: der.bits, via: 'der' };
  }
  if (der.kind === 'ed25519') return { algorithm: 'ed25519', bits: 256, via: 'der' };
  return { algorithm: null, bits: null, via: null };
}

/**
 * Everything a key record says about signing today, from its text alone (plus the key size). `domain` and
 * `selector` only word the messages.
 */
export async function inspectKeyRecord(text: string): Promise<{ record: DkimKeyRecord; key: DkimKeyInfo | null; findings: DkimKeyFinding[]; usable: boolean }> {
  const parsed = parseKeyRecord(text);
  const { error, ...record } = parsed;
  const findings: DkimKeyFinding[] = [];
  const malformed = (message: string, position?: { start: number; end: number }): { record: DkimKeyRecord; key: null; findings: DkimKeyFinding[]; usable: false } => {
    findings.push({ id: 'key-malformed', severity: 'error', message, ...(position ? { position } : {}), rfc: 'RFC 6376 section 3.6.1' });
    return { record, key: null, findings, usable: false };
  };
  if (error) return malformed(`the key record is not a valid tag list: ${error.message}`, { start: error.start, end: error.end });
  const list = parseTagList(text);
  const first = list.tags[0];
  // RFC 6376 section 3.6.1, v=: if present it MUST be "DKIM1" and the first tag
  if (record.version !== null && (record.version !== 'DKIM1' || first?.name !== 'v')) {
    return malformed(record.version !== 'DKIM1' ? `"v=${record.version}": a DKIM key record says v=DKIM1 or nothing, so verifiers discard this one` : '"v=DKIM1" must be the first tag of the record, so verifiers discard this one');
  }
  if (record.publicKey === null) return malformed('the record has no "p=" tag: it holds no key (RFC 6376 section 3.6.1)');
  if (record.publicKey === '') {
    findings.push({ id: 'key-revoked', severity: 'error', message: 'the key record has an empty "p=": the key was revoked and every signature made with it fails (RFC 6376 section 3.6.1)', rfc: 'RFC 6376 section 3.6.1' });
    return { record, key: null, findings, usable: false };
  }
  if (!(KEY_TYPES as readonly string[]).includes(record.keyType)) {
    findings.push({ id: 'unsupported-algorithm', severity: 'error', message: `"k=${record.keyType}": verifiers know rsa and ed25519 only, so they cannot use this key (RFC 6376 section 3.6.1, RFC 8463)`, rfc: 'RFC 6376 section 3.6.1' });
    return { record, key: null, findings, usable: false };
  }
  const bytes = decodeBase64(record.publicKey);
  if (!bytes || bytes.length === 0) return malformed('"p=" is not base64 (RFC 6376 section 3.6.1)');
  let der: DerKey;
  if (record.keyType === 'ed25519') {
    // RFC 8463 section 4.2: the raw 32-octet Ed25519 public key, not wrapped in SubjectPublicKeyInfo
    if (bytes.length !== 32) return malformed(`an ed25519 key is 32 octets, this "p=" holds ${bytes.length} (RFC 8463 section 4.2)`);
    der = { kind: 'ed25519', bits: 256, raw: bytes, spki: bytes };
  } else {
    der = readPublicKey(bytes);
    if (der.kind === 'invalid') return malformed(`"p=" is not an RSA public key: ${der.why}`);
    if (der.kind === 'ed25519' || der.kind === 'other') {
      findings.push({ id: 'unsupported-algorithm', severity: 'error', message: `"p=" holds a ${der.kind === 'ed25519' ? 'Ed25519' : `non-RSA (OID ${der.oid})`} key but the record says k=rsa`, rfc: 'RFC 6376 section 3.6.1' });
      return { record, key: null, findings, usable: false };
    }
  }
  const key = await keyInfo(der);
  let usable = true;
  if (key.algorithm === 'rsa' && key.bits !== null) {
    if (key.bits < MIN_RSA_BITS) {
      usable = false;
      findings.push({ id: 'weak-key', severity: 'error', message: `the RSA key has ${key.bits} bits: verifiers MUST NOT accept keys under ${MIN_RSA_BITS} bits, so every signature fails (RFC 8301 section 3.2)`, rfc: 'RFC 8301 section 3.2' });
    } else if (key.bits < RECOMMENDED_RSA_BITS) {
      findings.push({ id: 'short-key', severity: 'warning', message: `the RSA key has ${key.bits} bits: it still verifies, but ${RECOMMENDED_RSA_BITS} bits are recommended (RFC 8301 section 3.2)`, rfc: 'RFC 8301 section 3.2' });
    }
  }
  if (record.hashes && record.hashes.includes('sha1') && !record.hashes.includes('sha256')) {
    usable = false;
    findings.push({ id: 'sha1-only', severity: 'error', message: '"h=sha1": the key only allows SHA-1, which verifiers MUST NOT accept (RFC 8301 section 3.1)', rfc: 'RFC 8301 section 3.1' });
  }
  if (!record.services.includes('*') && !record.services.includes('email')) {
    usable = false;
    findings.push({ id: 'not-for-email', severity: 'error', message: `"s=${record.services.join(':')}": the key is not for email, so mail signatures with it fail (RFC 6376 section 3.6.1)`, rfc: 'RFC 6376 section 3.6.1' });
  }
  if (record.flags.includes('y')) {
    findings.push({ id: 'testing-mode', severity: 'warning', message: '"t=y": the domain says it is testing DKIM, so verifiers may treat its signatures as unsigned (RFC 6376 section 3.6.1)', rfc: 'RFC 6376 section 3.6.1' });
  }
  if (record.flags.includes('s')) {
    findings.push({ id: 'strict-subdomains', severity: 'info', message: '"t=s": signatures with this key must have i= in exactly the d= domain, not a subdomain (RFC 6376 section 3.6.1)', rfc: 'RFC 6376 section 3.6.1' });
  }
  return { record, key, findings, usable };
}

export interface KeyLookupOptions {
  resolver: Resolver;
  signal?: AbortSignal;
}

const MAX_CNAME_HOPS = 8;

/**
 * Looks up and inspects the key for selector `selector` of domain `domain` (RFC 6376 section 6.1.2). The
 * resolver follows CNAMEs for the TXT query (Microsoft 365's selector1/selector2, and others, delegate keys
 * that way); the CNAME query asked with it names where the key really lives. Never throws.
 */
export async function lookupDkimKey(selector: string, domain: string, opts: KeyLookupOptions): Promise<DkimKeyCheck> {
  const query = keyName(selector, domain);
  const check: DkimKeyCheck = { selector: normaliseName(selector), domain: normaliseName(domain), query, outcome: 'missing', cnames: [], record: null, key: null, findings: [], usable: false, queries: 0 };
  const ask = (name: string, type: 'TXT' | 'CNAME'): Promise<DnsResult> => {
    check.queries++;
    return opts.resolver.lookup(name, type, opts.signal).catch((e: unknown): DnsResult => ({ ok: false, name, type, kind: 'timeout', message: `${type} ${name}: ${e instanceof Error ? e.message : String(e)}` }));
  };
  const [txt, cname] = await Promise.all([ask(query, 'TXT'), ask(query, 'CNAME')]);
  // the CNAME chain, for the evidence: the first hop came with the TXT query, the rest only when the key is missing
  let hop = cname.ok ? cname.records.find((r) => r.type === 'CNAME') : undefined;
  while (hop && hop.type === 'CNAME' && check.cnames.length < MAX_CNAME_HOPS && !check.cnames.includes(hop.target)) {
    check.cnames.push(hop.target);
    if (txt.ok) break;
    const next = await ask(hop.target, 'CNAME');
    hop = next.ok ? next.records.find((r) => r.type === 'CNAME') : undefined;
  }
  const via = check.cnames.length ? ` (CNAME to ${check.cnames.join(' -> ')})` : '';
  if (!txt.ok) {
    if (isTemporary(txt.kind)) {
      check.outcome = 'error';
      check.findings.push({ id: 'dns-error', severity: 'error', message: `the key could not be looked up: ${txt.message}; verifiers answer temperror (RFC 6376 section 6.1.2)`, rfc: 'RFC 6376 section 6.1.2' });
      return check;
    }
    check.findings.push({ id: 'key-missing', severity: 'error', message: `no DKIM key at ${query}${via}: every signature with s=${check.selector} d=${check.domain} fails (RFC 6376 section 6.1.2)`, rfc: 'RFC 6376 section 6.1.2' });
    return check;
  }
  const texts = txt.records.flatMap((r) => (r.type === 'TXT' ? [r.text] : []));
  if (texts.length === 0) {
    check.findings.push({ id: 'key-missing', severity: 'error', message: `no DKIM key at ${query}${via} (RFC 6376 section 6.1.2)`, rfc: 'RFC 6376 section 6.1.2' });
    return check;
  }
  if (texts.length > 1) {
    check.findings.push({ id: 'multiple-records', severity: 'warning', message: `${query} has ${texts.length} TXT records: verifiers may take any one of them (RFC 6376 section 6.1.2); the first is inspected`, rfc: 'RFC 6376 section 6.1.2' });
  }
  check.outcome = texts.length > 1 ? 'multiple' : 'found';
  const inspected = await inspectKeyRecord(texts[0] as string);
  check.record = inspected.record;
  check.key = inspected.key;
  check.findings.push(...inspected.findings);
  check.usable = inspected.usable;
  return check;
}
