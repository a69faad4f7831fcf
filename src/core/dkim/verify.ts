/**
 * DKIM signature verification of a complete message (RFC 6376 section 6.1, RFC 8301, RFC 8463), to say
 * whether a returned message still verifies today and, when not, whether its body changed on the way.
 */
import { isSubdomainOf, normaliseName } from '../dns/name';
import type { Resolver } from '../dns/types';
import { decodeBase64, ed25519Spki, readPublicKey } from './der';
import { lookupDkimKey } from './key';
import { colonList, parseTagList } from './tags';
import type { TagList } from './tags';
import type { DkimKeyCheck } from './types';
import { BODY_CHANGED } from './words';

export type Canonicalization = 'simple' | 'relaxed';

/** The RFC 8601 DKIM results a verification can end in. */
export type DkimVerifyResult = 'pass' | 'fail' | 'neutral' | 'temperror' | 'permerror';

/** Why, as a closed set the front ends word. */
export type DkimVerifyReason =
  /** the signature verifies with today's key */
  | 'verified'
  /** the body no longer hashes to bh=: something changed it on the way (a list footer, a rewritten link) */
  | 'body-hash-mismatch'
  /** the body is intact but the signature over the headers does not verify: a signed header changed, or the key changed */
  | 'signature-mismatch'
  | 'key-missing'
  | 'key-revoked'
  /** the key is there but cannot verify: malformed, wrong algorithm, under 1024 bits, not for email, h= excludes the hash */
  | 'key-unusable'
  /** the DKIM-Signature field itself is broken or lacks a required tag */
  | 'malformed-signature'
  /** a= other than rsa-sha256 / ed25519-sha256 (rsa-sha1 is no longer accepted, RFC 8301 section 3.1) */
  | 'unsupported-algorithm'
  /** x= is past (RFC 6376 section 3.5) */
  | 'expired'
  | 'dns-error'
  /** the caller did not want this key asked (a signature that cannot change the result: VerifyOptions.wanted) */
  | 'not-asked';

export interface SignatureVerification {
  /** d=, s=, a= as written (lower case) */
  domain: string;
  selector: string;
  algorithm: string;
  result: DkimVerifyResult;
  reason: DkimVerifyReason;
  why: string;
  /** null when it was not computed */
  bodyHashMatches: boolean | null;
  /** h= */
  signedHeaders: string[];
  canonicalization: { header: Canonicalization; body: Canonicalization };
  /** the key record checked, when the signature got that far */
  key: DkimKeyCheck | null;
}

export interface VerifyOptions {
  resolver: Resolver;
  signal?: AbortSignal;
  /** seconds since the epoch for x= (default now) */
  now?: () => number;
  /**
   * Which keys may be asked. A signature whose d= and s= it refuses ends `neutral` / `not-asked` before any query:
   * a message out of a bounce chose every name in it. Default: all.
   */
  wanted?: (domain: string, selector: string) => boolean;
}

interface HeaderField {
  /** the field name as written */
  name: string;
  /** "name:value" exactly as in the message, folding included, without the final CRLF */
  raw: string;
}

export interface ParsedMessage {
  headers: HeaderField[];
  /** the body with CRLF line ends */
  body: string;
}

/**
 * Splits a message into header fields and body (RFC 5322 section 2.2). Bare LF and CR line ends, as messages
 * saved or pasted often have, are read as CRLF (RFC 5322 section 2.3: lines end in CRLF).
 */
export function parseMessage(message: string): ParsedMessage {
  const text = message.replace(/\r\n|\r|\n/g, '\r\n');
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split + 4);
  const headers: HeaderField[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      // RFC 5322 section 2.2.3: a line starting with white space continues the field above
      const last = headers[headers.length - 1] as HeaderField;
      last.raw += `\r\n${line}`;
    } else if (line.includes(':')) {
      headers.push({ name: line.slice(0, line.indexOf(':')).trim(), raw: line });
    }
  }
  return { headers, body };
}

/** RFC 6376 section 3.4.1 (simple) and 3.4.2 (relaxed) header canonicalization, with the trailing CRLF. */
export function canonicalizeHeader(raw: string, mode: Canonicalization): string {
  if (mode === 'simple') return `${raw}\r\n`;
  const colon = raw.indexOf(':');
  const name = raw.slice(0, colon).replace(/[ \t]+$/, '').toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ /, '')
    .replace(/ $/, '');
  return `${name}:${value}\r\n`;
}

/** RFC 6376 section 3.4.3 (simple) and 3.4.4 (relaxed) body canonicalization. */
export function canonicalizeBody(body: string, mode: Canonicalization): string {
  let text = body;
  if (mode === 'relaxed') {
    // reduce white space runs to one space and drop white space at line ends
    text = text
      .split('\r\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
      .join('\r\n');
  }
  // drop empty lines at the end; the body then ends with exactly one CRLF
  text = text.replace(/(\r\n)*$/, '');
  if (text === '') return mode === 'simple' ? '\r\n' : '';
  return `${text}\r\n`;
}

const encoder = new TextEncoder();

/** The octets of the text: UTF-8 for characters over U+00FF (a decoded message), Latin-1 otherwise (raw 8-bit octets kept). */
function octets(text: string): Uint8Array<ArrayBuffer> {
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\xff]/.test(text)) return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The DKIM-Signature field with the value of b= removed, everything else kept (RFC 6376 section 3.7). */
function withoutSignature(raw: string): string {
  const colon = raw.indexOf(':');
  const value = raw.slice(colon + 1);
  const list = parseTagList(value);
  const b = list.tags.find((t) => t.name === 'b');
  if (!b) return raw;
  const eq = value.indexOf('=', b.start);
  return raw.slice(0, colon + 1) + value.slice(0, eq + 1) + value.slice(b.end);
}

/** RFC 6376 section 5.4.2: for each name in h=, the last not yet used instance, bottom up; a missing one adds nothing. */
function selectHeaders(headers: HeaderField[], names: string[], exclude: HeaderField): HeaderField[] {
  const used = new Set<HeaderField>([exclude]);
  const out: HeaderField[] = [];
  for (const name of names) {
    for (let i = headers.length - 1; i >= 0; i--) {
      const field = headers[i] as HeaderField;
      if (used.has(field) || field.name.toLowerCase() !== name) continue;
      used.add(field);
      out.push(field);
      break;
    }
  }
  return out;
}

const SUPPORTED: Record<string, { key: 'rsa' | 'ed25519' }> = {
  'rsa-sha256': { key: 'rsa' },
  'ed25519-sha256': { key: 'ed25519' },
};

/** How a verification ends: the RFC 8601 result, the reason the front ends word, and the sentence. */
interface Verdict {
  result: DkimVerifyResult;
  reason: DkimVerifyReason;
  why: string;
}

function verdict(result: DkimVerifyResult, reason: DkimVerifyReason, why: string): Verdict {
  return { result, reason, why };
}

function isVerdict(value: object): value is Verdict {
  return 'reason' in value;
}

/** A DKIM-Signature field read into its tags, before any check. */
interface SignatureField {
  list: TagList;
  get: (name: string) => string | undefined;
  /** c= as written, lower case and without white space */
  c: string;
  headerCanon: string | undefined;
  bodyCanon: string;
}

/** Reads d=, s=, a=, h= and c= into the verification record that the later stages complete. */
function readSignature(field: HeaderField): { sig: SignatureField; result: SignatureVerification } {
  const list = parseTagList(field.raw.slice(field.raw.indexOf(':') + 1));
  const get = (name: string): string | undefined => list.tags.find((t) => t.name === name)?.value;
  const c = (get('c') ?? 'simple/simple').toLowerCase().replace(/\s+/g, '');
  const [headerCanon, bodyCanon = 'simple'] = c.split('/');
  const result: SignatureVerification = {
    domain: normaliseName(get('d') ?? ''),
    selector: (get('s') ?? '').replace(/\s+/g, '').toLowerCase(),
    algorithm: (get('a') ?? '').replace(/\s+/g, '').toLowerCase(),
    result: 'permerror',
    reason: 'malformed-signature',
    why: '',
    bodyHashMatches: null,
    signedHeaders: colonList(get('h') ?? ''),
    canonicalization: { header: headerCanon === 'relaxed' ? 'relaxed' : 'simple', body: bodyCanon === 'relaxed' ? 'relaxed' : 'simple' },
    key: null,
  };
  return { sig: { list, get, c, headerCanon, bodyCanon }, result };
}

/** What the signature field gives the later stages once it is known to be well formed. */
interface CheckedSignature {
  algorithm: { key: 'rsa' | 'ed25519' };
  /** the domain of i= (the AUID), d= when i= is absent */
  iDomain: string;
  bodyHash: Uint8Array;
  signature: Uint8Array;
}

/** RFC 6376 section 6.1.1: the checks on the DKIM-Signature field itself, before any DNS query. */
function checkSignatureField(sig: SignatureField, result: SignatureVerification): CheckedSignature | Verdict {
  const { list, get, c } = sig;
  const malformed = (why: string): Verdict => verdict('permerror', 'malformed-signature', why);
  if (!list.ok) return malformed(`the DKIM-Signature field is not a valid tag list: ${list.message}`);
  // RFC 6376 section 6.1.1: v, a, b, bh, d, h, s are required; v must be 1
  const missing = ['v', 'a', 'b', 'bh', 'd', 'h', 's'].filter((t) => get(t) === undefined);
  if (missing.length) return malformed(`the DKIM-Signature lacks ${missing.map((m) => `${m}=`).join(', ')} (RFC 6376 section 6.1.1)`);
  if (get('v') !== '1') return malformed(`"v=${get('v')}": only version 1 exists (RFC 6376 section 3.5)`);
  if (!['simple', 'relaxed'].includes(sig.headerCanon ?? '') || !['simple', 'relaxed'].includes(sig.bodyCanon)) return malformed(`"c=${c}" is not a known canonicalization (RFC 6376 section 3.5)`);
  if (!result.signedHeaders.includes('from')) return malformed('h= does not include From, which MUST be signed (RFC 6376 section 6.1.1)');
  const algorithm = SUPPORTED[result.algorithm];
  if (!algorithm) {
    const why = result.algorithm === 'rsa-sha1' ? 'rsa-sha1 signatures are no longer valid (RFC 8301 section 3.1)' : `"a=${result.algorithm}" is not a signing algorithm verifiers know (RFC 6376 section 3.3, RFC 8463)`;
    return verdict('permerror', 'unsupported-algorithm', why);
  }
  // RFC 6376 section 6.1.1: i= must be d= or a subdomain of it
  const auid = get('i');
  const iDomain = auid !== undefined ? normaliseName(auid.slice(auid.lastIndexOf('@') + 1)) : result.domain;
  if (!isSubdomainOf(iDomain, result.domain)) return malformed(`i= (${iDomain}) is not d= (${result.domain}) or a subdomain of it (RFC 6376 section 6.1.1)`);
  const bodyHash = decodeBase64(get('bh') ?? '');
  const signature = decodeBase64(get('b') ?? '');
  if (!bodyHash || !signature || signature.length === 0) return malformed('b= or bh= is not base64 (RFC 6376 section 3.5)');
  return { algorithm, iDomain, bodyHash, signature };
}

/** RFC 6376 section 6.1.2 and 3.6.1: whether the key found may verify this signature; null when it may. */
function checkKey(key: DkimKeyCheck, result: SignatureVerification, checked: CheckedSignature): Verdict | null {
  if (key.outcome === 'error') return verdict('temperror', 'dns-error', key.findings[0]?.message ?? 'the key lookup failed');
  if (!key.record) return verdict('permerror', 'key-missing', key.findings[0]?.message ?? 'no key');
  if (key.findings.some((f) => f.id === 'key-revoked')) return verdict('permerror', 'key-revoked', `the key at ${key.query} has been revoked (empty p=), so this signature can never verify (RFC 6376 section 3.6.1)`);
  if (!key.usable) return verdict('permerror', 'key-unusable', key.findings.find((f) => f.severity === 'error')?.message ?? 'the key cannot be used');
  if (key.record.keyType !== checked.algorithm.key) return verdict('permerror', 'key-unusable', `the signature says a=${result.algorithm} but the key is k=${key.record.keyType} (RFC 6376 section 6.1.2)`);
  if (key.record.hashes && !key.record.hashes.includes('sha256')) return verdict('permerror', 'key-unusable', `the key allows only h=${key.record.hashes.join(':')} (RFC 6376 section 3.6.1)`);
  if (key.record.flags.includes('s') && checked.iDomain !== result.domain) return verdict('permerror', 'key-unusable', `the key has t=s but i= is in the subdomain ${checked.iDomain} (RFC 6376 section 3.6.1)`);
  return null;
}

/** RFC 6376 section 3.7 / 6.1.3: whether the canonical body, over at most l= octets, hashes to bh=. */
async function bodyHashMatches(message: ParsedMessage, result: SignatureVerification, lTag: string | undefined, bodyHash: Uint8Array): Promise<boolean | Verdict> {
  const canonBody = octets(canonicalizeBody(message.body, result.canonicalization.body));
  let hashed = canonBody;
  if (lTag !== undefined) {
    if (!/^\d{1,76}$/.test(lTag)) return verdict('permerror', 'malformed-signature', `"l=${lTag}" is not a number (RFC 6376 section 3.5)`);
    const l = Number(lTag);
    if (l > canonBody.length) return verdict('fail', 'body-hash-mismatch', `l=${l} is longer than the body (${canonBody.length} octets): the body was shortened on the way (RFC 6376 section 6.1.3)`);
    hashed = canonBody.slice(0, l);
  }
  return equalBytes(await sha256(hashed), bodyHash);
}

/**
 * RFC 6376 section 3.7: whether the signature verifies over the signed header fields, then this DKIM-Signature
 * with b= emptied and no final CRLF. RSA signs the data (RFC 8301); Ed25519 its SHA-256 hash (RFC 8463 section 3).
 */
async function signatureVerifies(message: ParsedMessage, field: HeaderField, result: SignatureVerification, publicKey: string, checked: CheckedSignature): Promise<boolean | Verdict> {
  const fields = selectHeaders(message.headers, result.signedHeaders, field);
  const signedData =
    fields.map((f) => canonicalizeHeader(f.raw, result.canonicalization.header)).join('') + canonicalizeHeader(withoutSignature(field.raw), result.canonicalization.header).replace(/\r\n$/, '');
  const data = octets(signedData);
  const signature = checked.signature as Uint8Array<ArrayBuffer>;
  try {
    const bytes = decodeBase64(publicKey) as Uint8Array;
    if (checked.algorithm.key === 'rsa') {
      const der = readPublicKey(bytes);
      if (der.kind !== 'rsa') return verdict('permerror', 'key-unusable', 'the key is not an RSA key');
      const cryptoKey = await crypto.subtle.importKey('spki', der.spki as Uint8Array<ArrayBuffer>, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signature, data);
    }
    const cryptoKey = await crypto.subtle.importKey('spki', ed25519Spki(bytes) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify('Ed25519', cryptoKey, signature, await sha256(data));
  } catch (error) {
    return verdict('permerror', 'key-unusable', `the key could not be used to verify: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** RFC 6376 section 6.1.3 and 3.5 (x=): the verdict once both hashes are known, the body's reported first. */
function finalVerdict(result: SignatureVerification, verified: boolean, key: DkimKeyCheck, expires: string | undefined, now: () => number): Verdict {
  const label = `the signature of ${result.domain} (s=${result.selector})`;
  if (!result.bodyHashMatches) {
    return verdict('fail', 'body-hash-mismatch', `${label} no longer matches the body: ${BODY_CHANGED} (RFC 6376 section 6.1.3)`);
  }
  if (!verified) {
    return verdict('fail', 'signature-mismatch', `${label} does not verify: the body is intact, so a signed header changed on the way or the key at ${key.query} is not the one that signed (RFC 6376 section 6.1.3)`);
  }
  if (expires !== undefined && /^\d+$/.test(expires) && Number(expires) < now()) {
    return verdict('fail', 'expired', `${label} verifies, but it expired at ${new Date(Number(expires) * 1000).toISOString()} (x=, RFC 6376 section 3.5)`);
  }
  const testing = key.record?.flags.includes('y') ? ' (the key is in testing mode, t=y)' : '';
  return verdict('pass', 'verified', `${label} verifies today with the key at ${key.query}${testing}`);
}

/** Verifies one DKIM-Signature field of `message` (RFC 6376 section 6.1). Never throws. */
async function verifyOne(message: ParsedMessage, field: HeaderField, opts: VerifyOptions): Promise<SignatureVerification> {
  const { sig, result } = readSignature(field);
  const end = (v: Verdict): SignatureVerification => Object.assign(result, v);
  const checked = checkSignatureField(sig, result);
  if (isVerdict(checked)) return end(checked);
  if (opts.wanted !== undefined && !opts.wanted(result.domain, result.selector)) {
    return end(verdict('neutral', 'not-asked', `the key of ${result.domain} (s=${result.selector}) was not asked: its result cannot change the verdict that is wanted`));
  }
  // RFC 6376 section 6.1.2: the key
  const key = await lookupDkimKey(result.selector, result.domain, opts);
  result.key = key;
  const keyProblem = checkKey(key, result, checked);
  if (keyProblem) return end(keyProblem);
  const bodyMatches = await bodyHashMatches(message, result, sig.get('l'), checked.bodyHash);
  if (typeof bodyMatches !== 'boolean') return end(bodyMatches);
  result.bodyHashMatches = bodyMatches;
  const verified = await signatureVerifies(message, field, result, key.record?.publicKey ?? '', checked);
  if (typeof verified !== 'boolean') return end(verified);
  return end(finalVerdict(result, verified, key, sig.get('x'), () => (opts.now ? opts.now() : Math.floor(Date.now() / 1000))));
}

/**
 * Verifies every DKIM-Signature of a complete message, top to bottom (RFC 6376 section 6.1). `message` is the
 * text of the message (a string of octets as Latin-1 characters keeps 8-bit bodies exact).
 */
export async function verifyMessage(message: string, opts: VerifyOptions): Promise<SignatureVerification[]> {
  const parsed = parseMessage(message);
  const signatures = parsed.headers.filter((h) => h.name.toLowerCase() === 'dkim-signature');
  return Promise.all(signatures.map((field) => verifyOne(parsed, field, opts)));
}
