/**
 * The DMARC policy record: grammar and lint (RFC 9989 sections 4.7 and 4.8). Never throws; every problem is a
 * finding with the span to underline. Values follow RFC 9989's ABNF (quoted strings are case-insensitive,
 * RFC 5234 section 2.3; "DMARC1" is case-sensitive, RFC 7405).
 */
import { normaliseName } from '../dns/name';
import type { AlignmentMode, DmarcFinding, DmarcPolicy, DmarcRecord, DmarcTag, DmarcUri, PsdFlag } from './types';

/** RFC 9989 section 4.7: "v" MUST be first and its value exactly "DMARC1"; equals = *WSP "=" *WSP. */
const VERSION = /^v[ \t]*=[ \t]*DMARC1[ \t]*(;|$)/i;

/** RFC 9989 section 4.7 / 4.10 step 2: is this TXT text a DMARC record? */
export function isDmarcRecord(text: string): boolean {
  // the value is case sensitive (%s"DMARC1"), the tag name is not
  const match = VERSION.exec(text);
  return match !== null && /DMARC1/.test(match[0]);
}

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
    host = normaliseName(address.slice(at + 1));
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

/** How a record's tags are read: the record being filled, the first instance of each tag, and the findings. */
interface TagReading {
  record: DmarcRecord;
  seen: Map<string, DmarcTag>;
  add: (f: DmarcFinding) => void;
  /** the policy tags (p, sp, np) present with a value that is not a policy */
  invalidPolicies: Set<'p' | 'sp' | 'np'>;
}

/**
 * One row of the tag table: the tag, the RFC 9989 section that defines it, whether it is historic (RFC 7489
 * only), and how its value is read when the record carries it.
 */
interface TagRow {
  name: string;
  section: string;
  historic?: true;
  read?: (tag: DmarcTag, reading: TagReading) => void;
}

function spanOf(tag: DmarcTag): { start: number; end: number } {
  return { start: tag.start, end: tag.end };
}

/** RFC 9989 section 4.8, dmarc-request: none / quarantine / reject; anything else makes the tag invalid. */
function policyTag(name: 'p' | 'sp' | 'np'): NonNullable<TagRow['read']> {
  return (tag, { record, add, invalidPolicies }) => {
    const value = tag.value.toLowerCase();
    if (POLICIES.has(value)) {
      record[name] = value as DmarcPolicy;
      return;
    }
    invalidPolicies.add(name);
    add({ id: 'invalid-policy', severity: 'error', message: `"${name}=${tag.value}" is not none, quarantine or reject (RFC 9989 section 4.8)`, position: spanOf(tag), rfc: '4.8' });
  };
}

/** A one-letter flag (RFC 9989 section 4.8 `rule`): a value outside `allowed` is a warning and the default stays. */
function flagTag<T extends string>(allowed: readonly T[], rule: string, apply: (record: DmarcRecord, value: T) => void): NonNullable<TagRow['read']> {
  return (tag, { record, add }) => {
    const value = tag.value.toLowerCase();
    if ((allowed as readonly string[]).includes(value)) {
      apply(record, value as T);
      return;
    }
    add({ id: 'invalid-value', severity: 'warning', message: `"${tag.name}=${tag.value}" is not ${allowed.join(' or ')} (${rule}); the default is used (RFC 9989 section 4.8)`, position: spanOf(tag), rfc: '4.8' });
  };
}

/** RFC 9989 section 4.8, dmarc-fo; section 4.7: fo= only matters with ruf=. */
function readFo(tag: DmarcTag, { record, seen, add }: TagReading): void {
  const fo = parseFo(tag.value);
  if (fo) record.fo = fo;
  else add({ id: 'invalid-value', severity: 'warning', message: `"fo=${tag.value}" is not a valid list of 0 / 1 / d / s; the default "0" is used (RFC 9989 section 4.8)`, position: spanOf(tag), rfc: '4.8' });
  if (!seen.has('ruf')) add({ id: 'fo-without-ruf', severity: 'info', message: '"fo=" is ignored because the record has no "ruf=" (RFC 9989 section 4.7)', position: spanOf(tag), rfc: '4.7' });
}

/** RFC 9989 section 4.8: dmarc-urilist = uri *(*WSP "," *WSP uri); receivers need only support mailto: (section 4.7). */
function uriListTag(name: 'rua' | 'ruf'): NonNullable<TagRow['read']> {
  return (tag, { record, add }) => {
    for (const written of tag.value.split(',').map((s) => s.trim())) {
      const uri = parseDmarcUri(written);
      if (typeof uri === 'string') {
        add({ id: 'invalid-uri', severity: 'warning', message: `${name}=: ${uri}`, position: spanOf(tag), rfc: '4.8' });
        continue;
      }
      if (uri.sizeLimit !== null) {
        add({ id: 'report-size-suffix', severity: 'info', message: `${name}=: the size limit "!${uri.sizeLimit}" is RFC 7489 syntax; RFC 9989 reporters ignore it (section 4.8, obs-dmarc-report-size)`, position: spanOf(tag), rfc: '4.8' });
      }
      if (uri.scheme !== 'mailto') {
        add({ id: 'unsupported-uri-scheme', severity: 'warning', message: `${name}=: receivers only have to support mailto: URIs; "${uri.scheme}:" is ignored by those that do not (RFC 9989 section 4.7)`, position: spanOf(tag), rfc: '4.7' });
      }
      record[name].push(uri);
    }
  };
}

/** RFC 7489 section 6.3 (historic in RFC 9989, section A.6): pct = 0 to 100; any other value is left unread. */
function readPct(tag: DmarcTag, { record }: TagReading): void {
  if (/^\d{1,3}$/.test(tag.value) && Number(tag.value) <= 100) record.pct = Number(tag.value);
}

/**
 * The DMARC Tags registry (RFC 9989 section 9.3), one row per tag: the current tags, then the historic ones
 * of RFC 7489. Values are read in this order, which is the order of their findings. `v` is checked by
 * isDmarcRecord; rf= and ri= are only named.
 */
const TAG_TABLE: readonly TagRow[] = [
  { name: 'v', section: '4.7' },
  { name: 'p', section: '4.7', read: policyTag('p') },
  { name: 'sp', section: '4.7', read: policyTag('sp') },
  { name: 'np', section: '4.7', read: policyTag('np') },
  { name: 'adkim', section: '4.7', read: flagTag<AlignmentMode>(['r', 's'], 'dmarc-rors', (r, v) => (r.adkim = v)) },
  { name: 'aspf', section: '4.7', read: flagTag<AlignmentMode>(['r', 's'], 'dmarc-rors', (r, v) => (r.aspf = v)) },
  { name: 't', section: '4.7', read: flagTag<'y' | 'n'>(['y', 'n'], 'dmarc-yorn', (r, v) => (r.testing = v === 'y')) },
  { name: 'psd', section: '4.7', read: flagTag<PsdFlag>(['y', 'n', 'u'], 'dmarc-psd', (r, v) => (r.psd = v)) },
  { name: 'fo', section: '4.7', read: readFo },
  { name: 'rua', section: '4.7', read: uriListTag('rua') },
  { name: 'ruf', section: '4.7', read: uriListTag('ruf') },
  { name: 'pct', section: 'A.6', historic: true, read: readPct },
  { name: 'rf', section: '9.3', historic: true },
  { name: 'ri', section: '9.3', historic: true },
];
const TAG_ROWS = new Map(TAG_TABLE.map((row) => [row.name, row]));

/**
 * RFC 9989 section 4.8: splits the record into tags (dmarc-sep = *WSP ";" *WSP; a trailing separator is
 * allowed). Returns the first instance of each tag; later ones and pieces that are no tag=value are findings.
 */
function splitTags(source: string, record: DmarcRecord, add: (f: DmarcFinding) => void): Map<string, DmarcTag> {
  const seen = new Map<string, DmarcTag>();
  let offset = 0;
  source.split(';').forEach((piece, index) => {
    const lead = piece.length - piece.trimStart().length;
    const trimmed = piece.trim();
    const start = offset + lead;
    const end = start + trimmed.length;
    offset += piece.length + 1;
    // a trailing ";" (or ";" then white space) is in the grammar; an empty piece elsewhere is not, but harmless
    if (trimmed === '') return;
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
  return seen;
}

/** RFC 9989 section 9.3: tags that are historic (RFC 7489) or not in the registry at all. */
function lintTagNames(record: DmarcRecord, add: (f: DmarcFinding) => void): void {
  for (const tag of record.tags.slice(1)) {
    const row = TAG_ROWS.get(tag.name);
    if (row?.historic) {
      const extra = tag.name === 'pct' ? ' RFC 7489 receivers may still apply the policy to only that percentage of failing mail; use "t=y" for testing instead (RFC 9989 section A.6)' : '';
      add({ id: 'legacy-tag', severity: 'info', message: `"${tag.name}=" is from RFC 7489 and is not part of RFC 9989 (historic, section 9.3).${extra}`, position: spanOf(tag), rfc: row.section });
    } else if (!row) {
      add({ id: 'unknown-tag', severity: 'info', message: `"${tag.name}=" is not a DMARC tag; receivers ignore it (RFC 9989 section 4.7)`, position: spanOf(tag), rfc: '4.7' });
    }
  }
}

/** RFC 9989 section 4.10.1: no valid p (or an invalid sp / np): "p=none" when a valid rua exists, else no DMARC at all. */
function decideApplies({ record, seen, add, invalidPolicies }: TagReading): void {
  const pAbsent = !seen.has('p');
  const policiesValid = !pAbsent && invalidPolicies.size === 0;
  if (policiesValid) record.applies = 'as-written';
  else if (record.rua.length > 0) record.applies = 'as-none';
  else record.applies = 'ignored';
  if (pAbsent) {
    const then = record.applies === 'as-none' ? 'receivers act as if it said "p=none"' : 'and without a valid "rua=" receivers apply no DMARC processing at all';
    add({ id: 'missing-policy', severity: 'error', message: `the record has no "p=" tag: ${then} (RFC 9989 section 4.10.1)`, rfc: '4.10.1' });
  } else if (!policiesValid && record.applies === 'as-none') {
    add({ id: 'invalid-policy', severity: 'error', message: 'because a policy tag is invalid, receivers act as if the record said "p=none" (RFC 9989 section 4.10.1)', rfc: '4.10.1' });
  }
  if (record.applies === 'ignored') {
    const message = pAbsent ? 'receivers apply no DMARC processing for this record' : 'with an invalid policy tag and no valid "rua=", receivers apply no DMARC processing at all';
    add({ id: 'record-ignored', severity: 'error', message: `${message} (RFC 9989 section 4.10.1)`, rfc: '4.10.1' });
  }
}

/** What the record asks for, said plainly: monitoring only, testing mode, no reports (RFC 9989 sections 3.2.12, 4.7). */
function noteIntent({ record, seen, add }: TagReading): void {
  if (record.applies === 'as-written' && record.p === 'none') {
    add({ id: 'monitoring-only', severity: 'info', message: '"p=none" asks receivers to refuse nothing: it only collects reports (RFC 9989 section 3.2.12)', position: spanOf(seen.get('p') as DmarcTag), rfc: '3.2.12' });
  }
  if (record.testing) {
    add({ id: 'testing-mode', severity: 'info', message: '"t=y": receivers apply the policy one level softer (reject as quarantine, quarantine as none) (RFC 9989 section 4.7)', position: spanOf(seen.get('t') as DmarcTag), rfc: '4.7' });
  }
  if (!seen.has('rua')) add({ id: 'no-reports', severity: 'info', message: 'no "rua=": receivers send no aggregate reports, so failures go unseen (RFC 9989 section 4.7)', rfc: '4.7' });
}

function emptyRecord(text: string): DmarcRecord {
  return {
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
}

/**
 * Parses and lints one DMARC record. `domain` names the owner in the findings. Unknown tags are ignored and
 * syntax errors fall back to defaults (RFC 9989 section 4.8), exactly as receivers read it.
 */
export function parseDmarcRecord(text: string, domain?: string): DmarcRecord {
  const record = emptyRecord(text);
  const add = (f: DmarcFinding): void => {
    record.findings.push(domain ? { domain, ...f } : f);
  };
  if (!isDmarcRecord(record.text)) {
    add({
      id: 'not-dmarc',
      severity: 'error',
      message: 'the record does not start with "v=DMARC1" (exactly, as the first tag), so receivers ignore it entirely (RFC 9989 section 4.7)',
      position: { start: 0, end: Math.max(1, Math.min(record.text.length, 8)) },
      rfc: '4.7',
    });
    return record;
  }
  record.isDmarc = true;
  const reading: TagReading = { record, seen: splitTags(record.text, record, add), add, invalidPolicies: new Set() };
  for (const row of TAG_TABLE) {
    const tag = reading.seen.get(row.name);
    if (tag && row.read) row.read(tag, reading);
  }
  lintTagNames(record, add);
  decideApplies(reading);
  noteIntent(reading);
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
