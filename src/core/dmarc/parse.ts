/**
 * The DMARC policy record: grammar and lint (RFC 9989 sections 4.7 and 4.8). Never throws; every problem is a
 * finding with the span to underline. Values follow RFC 9989's ABNF (quoted strings are case-insensitive,
 * RFC 5234 section 2.3; "DMARC1" is case-sensitive, RFC 7405).
 */
import type { AlignmentMode, DmarcFinding, DmarcPolicy, DmarcRecord, DmarcTag, DmarcUri, PsdFlag } from './types';

/** RFC 9989 section 4.7: "v" MUST be first and its value exactly "DMARC1"; equals = *WSP "=" *WSP. */
const VERSION = /^v[ \t]*=[ \t]*DMARC1[ \t]*(;|$)/i;

/** RFC 9989 section 4.7 / 4.10 step 2: is this TXT text a DMARC record? */
export function isDmarcRecord(text: string): boolean {
  // the value is case sensitive (%s"DMARC1"), the tag name is not
  const match = VERSION.exec(text);
  return match !== null && /DMARC1/.test(match[0]);
}

/** The DMARC Tags registry (RFC 9989 section 9.3): current tags, and the historic ones of RFC 7489. */
const CURRENT_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'psd', 't', 'rua', 'ruf', 'fo']);
const HISTORIC_TAGS = new Set(['pct', 'rf', 'ri']);

const POLICIES: ReadonlySet<string> = new Set(['none', 'quarantine', 'reject']);

/** RFC 9989 section 4.8: a tag is 1*ALPHA equals 1*dmarc-value; dmarc-value is %x20-3A / %x3C-7E. */
const TAG = /^([A-Za-z]+)[ \t]*=[ \t]*([\x20-\x3a\x3c-\x7e]+)$/;

/** RFC 9989 section 4.8, dmarc-fo: 0 or 1 (not both) and d / s, each at most once, separated by ":". */
function parseFo(value: string): string[] | null {
  const parts = value.toLowerCase().split(':');
  if (parts.some((p) => !['0', '1', 'd', 's'].includes(p))) return null;
  if (new Set(parts).size !== parts.length) return null;
  if (parts.includes('0') && parts.includes('1')) return null;
  return parts;
}

/** RFC 9989 section 4.8, obs-dmarc-report-size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]. */
const SIZE_SUFFIX = /!(\d+[kmgt]?)$/i;

/**
 * One reporting URI (RFC 3986 section 3: scheme ":" hier-part). For mailto: (RFC 6068) the host is the domain
 * of the first address; otherwise the host of the authority. Returns an error sentence when it is no URI.
 */
export function parseDmarcUri(written: string): DmarcUri | string {
  let uri = written;
  let sizeLimit: string | null = null;
  const size = SIZE_SUFFIX.exec(uri);
  if (size) {
    sizeLimit = size[1] as string;
    uri = uri.slice(0, size.index);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(.+)$/.exec(uri);
  if (!scheme) return `"${written}" is not a URI: write e.g. mailto:dmarc@example.com (RFC 9989 section 4.8)`;
  if (/[\s!,]/.test(uri)) return `"${written}" contains a space, "!" or ",": these MUST be percent-encoded (RFC 9989 section 4.8)`;
  const name = (scheme[1] as string).toLowerCase();
  const rest = scheme[2] as string;
  let host: string | null;
  if (name === 'mailto') {
    // RFC 6068 section 2: mailto:addr-spec[,addr-spec][?hfields]
    const address = decodeSafely(rest.split('?')[0] ?? '');
    const at = address.lastIndexOf('@');
    if (at <= 0 || at === address.length - 1) return `"${written}" has no mailbox@domain address (RFC 6068 section 2)`;
    host = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i.test(host)) return `"${written}": "${host}" is not a domain name`;
  } else {
    try {
      host = new URL(uri).hostname.toLowerCase() || null;
    } catch {
      return `"${written}" is not a URI (RFC 3986)`;
    }
  }
  return { uri, scheme: name, host, sizeLimit };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Parses and lints one DMARC record. `domain` names the owner in the findings. Unknown tags are ignored and
 * syntax errors fall back to defaults (RFC 9989 section 4.8), exactly as receivers read it.
 */
export function parseDmarcRecord(text: string, domain?: string): DmarcRecord {
  const record: DmarcRecord = {
    text: typeof text === 'string' ? text : '',
    isDmarc: false,
    tags: [],
    p: null,
    sp: null,
    np: null,
    adkim: 'r',
    aspf: 'r',
    testing: false,
    psd: 'u',
    rua: [],
    ruf: [],
    fo: ['0'],
    pct: null,
    applies: 'ignored',
    findings: [],
  };
  const findings = record.findings;
  const add = (f: DmarcFinding): void => {
    findings.push(domain ? { domain, ...f } : f);
  };
  const source = record.text;
  if (!isDmarcRecord(source)) {
    add({
      id: 'not-dmarc',
      severity: 'error',
      message: 'the record does not start with "v=DMARC1" (exactly, as the first tag), so receivers ignore it entirely (RFC 9989 section 4.7)',
      position: { start: 0, end: Math.max(1, Math.min(source.length, 8)) },
      rfc: '4.7',
    });
    return record;
  }
  record.isDmarc = true;

  // RFC 9989 section 4.8: dmarc-sep = *WSP ";" *WSP; a trailing separator is allowed
  const seen = new Map<string, DmarcTag>();
  let offset = 0;
  const pieces = source.split(';');
  pieces.forEach((piece, index) => {
    const lead = piece.length - piece.trimStart().length;
    const trimmed = piece.trim();
    const start = offset + lead;
    const end = start + trimmed.length;
    offset += piece.length + 1;
    if (trimmed === '') {
      // a trailing ";" (or ";" then white space) is in the grammar; an empty piece elsewhere is not, but harmless
      return;
    }
    const match = TAG.exec(trimmed);
    if (!match) {
      add({ id: 'malformed-tag', severity: 'warning', message: `"${trimmed}" is not tag=value: receivers skip it (RFC 9989 section 4.8)`, position: { start, end }, rfc: '4.8' });
      return;
    }
    const tag: DmarcTag = { name: (match[1] as string).toLowerCase(), value: (match[2] as string).trim(), start, end };
    if (index === 0) {
      record.tags.push(tag);
      seen.set('v', tag);
      return;
    }
    if (seen.has(tag.name)) {
      add({ id: 'duplicate-tag', severity: 'warning', message: `"${tag.name}=" appears more than once; only the first is read`, position: { start, end }, rfc: '4.8' });
      return;
    }
    seen.set(tag.name, tag);
    record.tags.push(tag);
  });

  const position = (tag: DmarcTag): { start: number; end: number } => ({ start: tag.start, end: tag.end });
  const policy = (name: 'p' | 'sp' | 'np'): DmarcPolicy | null | 'invalid' => {
    const tag = seen.get(name);
    if (!tag) return null;
    const value = tag.value.toLowerCase();
    if (POLICIES.has(value)) return value as DmarcPolicy;
    add({ id: 'invalid-policy', severity: 'error', message: `"${name}=${tag.value}" is not none, quarantine or reject (RFC 9989 section 4.8)`, position: position(tag), rfc: '4.8' });
    return 'invalid';
  };
  const p = policy('p');
  const sp = policy('sp');
  const np = policy('np');
  record.p = p === 'invalid' ? null : p;
  record.sp = sp === 'invalid' ? null : sp;
  record.np = np === 'invalid' ? null : np;

  const flag = <T extends string>(name: string, allowed: readonly T[], rule: string): T | null => {
    const tag = seen.get(name);
    if (!tag) return null;
    const value = tag.value.toLowerCase();
    if ((allowed as readonly string[]).includes(value)) return value as T;
    add({ id: 'invalid-value', severity: 'warning', message: `"${name}=${tag.value}" is not ${allowed.join(' or ')} (${rule}); the default is used (RFC 9989 section 4.8)`, position: position(tag), rfc: '4.8' });
    return null;
  };
  record.adkim = flag<AlignmentMode>('adkim', ['r', 's'], 'dmarc-rors') ?? 'r';
  record.aspf = flag<AlignmentMode>('aspf', ['r', 's'], 'dmarc-rors') ?? 'r';
  record.testing = flag<'y' | 'n'>('t', ['y', 'n'], 'dmarc-yorn') === 'y';
  record.psd = flag<PsdFlag>('psd', ['y', 'n', 'u'], 'dmarc-psd') ?? 'u';

  const foTag = seen.get('fo');
  if (foTag) {
    const fo = parseFo(foTag.value);
    if (fo) record.fo = fo;
    else add({ id: 'invalid-value', severity: 'warning', message: `"fo=${foTag.value}" is not a valid list of 0 / 1 / d / s; the default "0" is used (RFC 9989 section 4.8)`, position: position(foTag), rfc: '4.8' });
    if (!seen.has('ruf')) add({ id: 'fo-without-ruf', severity: 'info', message: '"fo=" is ignored because the record has no "ruf=" (RFC 9989 section 4.7)', position: position(foTag), rfc: '4.7' });
  }

  for (const name of ['rua', 'ruf'] as const) {
    const tag = seen.get(name);
    if (!tag) continue;
    // RFC 9989 section 4.8: dmarc-urilist = uri *(*WSP "," *WSP uri)
    for (const written of tag.value.split(',').map((s) => s.trim())) {
      const uri = parseDmarcUri(written);
      if (typeof uri === 'string') {
        add({ id: 'invalid-uri', severity: 'warning', message: `${name}=: ${uri}`, position: position(tag), rfc: '4.8' });
        continue;
      }
      if (uri.sizeLimit !== null) {
        add({ id: 'report-size-suffix', severity: 'info', message: `${name}=: the size limit "!${uri.sizeLimit}" is RFC 7489 syntax; RFC 9989 reporters ignore it (section 4.8, obs-dmarc-report-size)`, position: position(tag), rfc: '4.8' });
      }
      if (uri.scheme !== 'mailto') {
        add({ id: 'unsupported-uri-scheme', severity: 'warning', message: `${name}=: receivers only have to support mailto: URIs; "${uri.scheme}:" is ignored by those that do not (RFC 9989 section 4.7)`, position: position(tag), rfc: '4.7' });
      }
      record[name].push(uri);
    }
  }

  for (const tag of record.tags.slice(1)) {
    if (HISTORIC_TAGS.has(tag.name)) {
      const extra = tag.name === 'pct' ? ' RFC 7489 receivers may still apply the policy to only that percentage of failing mail; use "t=y" for testing instead (RFC 9989 section A.6)' : '';
      add({ id: 'legacy-tag', severity: 'info', message: `"${tag.name}=" is from RFC 7489 and is not part of RFC 9989 (historic, section 9.3).${extra}`, position: position(tag), rfc: tag.name === 'pct' ? 'A.6' : '9.3' });
    } else if (!CURRENT_TAGS.has(tag.name)) {
      add({ id: 'unknown-tag', severity: 'info', message: `"${tag.name}=" is not a DMARC tag; receivers ignore it (RFC 9989 section 4.7)`, position: position(tag), rfc: '4.7' });
    }
  }
  const pctTag = seen.get('pct');
  if (pctTag && /^\d{1,3}$/.test(pctTag.value) && Number(pctTag.value) <= 100) record.pct = Number(pctTag.value);

  // RFC 9989 section 4.10.1: no valid p (or an invalid sp / np): "p=none" when a valid rua exists, else no DMARC at all
  const policiesValid = p !== null && p !== 'invalid' && sp !== 'invalid' && np !== 'invalid';
  if (policiesValid) record.applies = 'as-written';
  else if (record.rua.length > 0) record.applies = 'as-none';
  else record.applies = 'ignored';
  if (p === null) {
    const then = record.applies === 'as-none' ? 'receivers act as if it said "p=none"' : 'and without a valid "rua=" receivers apply no DMARC processing at all';
    add({ id: 'missing-policy', severity: 'error', message: `the record has no "p=" tag: ${then} (RFC 9989 section 4.10.1)`, rfc: '4.10.1' });
  } else if (!policiesValid && record.applies === 'as-none') {
    add({ id: 'invalid-policy', severity: 'error', message: 'because a policy tag is invalid, receivers act as if the record said "p=none" (RFC 9989 section 4.10.1)', rfc: '4.10.1' });
  }
  if (record.applies === 'ignored' && p !== null) {
    add({ id: 'record-ignored', severity: 'error', message: 'with an invalid policy tag and no valid "rua=", receivers apply no DMARC processing at all (RFC 9989 section 4.10.1)', rfc: '4.10.1' });
  }
  if (record.applies === 'ignored' && p === null) {
    add({ id: 'record-ignored', severity: 'error', message: 'receivers apply no DMARC processing for this record (RFC 9989 section 4.10.1)', rfc: '4.10.1' });
  }
  if (record.applies === 'as-written' && record.p === 'none') {
    add({ id: 'monitoring-only', severity: 'info', message: '"p=none" asks receivers to refuse nothing: it only collects reports (RFC 9989 section 3.2.12)', position: position(seen.get('p') as DmarcTag), rfc: '3.2.12' });
  }
  if (record.testing) {
    add({ id: 'testing-mode', severity: 'info', message: '"t=y": receivers apply the policy one level softer (reject as quarantine, quarantine as none) (RFC 9989 section 4.7)', position: position(seen.get('t') as DmarcTag), rfc: '4.7' });
  }
  if (!seen.has('rua')) add({ id: 'no-reports', severity: 'info', message: 'no "rua=": receivers send no aggregate reports, so failures go unseen (RFC 9989 section 4.7)', rfc: '4.7' });
  return record;
}

/** RFC 9989 section 4.10.1: the policy that applies to the Author Domain, from `p`, `sp` or `np`. */
export function applicablePolicy(record: DmarcRecord, relation: 'same' | 'subdomain' | 'non-existent-subdomain'): { tag: 'p' | 'sp' | 'np'; value: DmarcPolicy } | null {
  if (record.applies === 'ignored') return null;
  if (record.applies === 'as-none') return { tag: 'p', value: 'none' };
  const p = record.p as DmarcPolicy;
  if (relation === 'same') return { tag: 'p', value: p };
  // RFC 9989 section 4.7, tag np: absent np falls back to sp, then to p
  if (relation === 'non-existent-subdomain' && record.np) return { tag: 'np', value: record.np };
  if (record.sp) return { tag: 'sp', value: record.sp };
  return { tag: 'p', value: p };
}

/** RFC 9989 section 4.7, tag t: with t=y the policy applied is one level below the one specified. */
export function testingDisposition(policy: DmarcPolicy): DmarcPolicy {
  return policy === 'reject' ? 'quarantine' : 'none';
}
