/**
 * Reading one DNS JSON API response body (Cloudflare's and Google's share the format:
 * https://developers.google.com/speed/public-dns/docs/doh/json). Strict about shape, since a captive
 * portal or a proxy can answer 200 with anything; lenient about the TXT rendering variants.
 */
import ipaddr from 'ipaddr.js';
import { normaliseName } from './name';
import { joinTxt, parseTxtData } from './txt';
import type { DnsErrorKind, DnsRecord, DnsResult, RRType } from './types';

/** RR type numbers (RFC 1035 section 3.2.2, RFC 3596 for AAAA, RFC 4408 for SPF). */
export const RR_TYPE_NUMBERS: Readonly<Record<RRType, number>> = {
  A: 1,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SPF: 99,
};
const CNAME_TYPE = 5;
const SOA_TYPE = 6;

/** RCODE names (RFC 1035 section 4.1.1, RFC 6895 section 2.3). */
const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
  16: 'BADVERS',
};

/** RFC 1034 section 3.6.2 leaves chains open; we stop where resolvers do, to catch loops. */
export const MAX_CNAME_CHAIN = 8;

export type DohAnswer =
  /** an answer from DNS: records, or NXDOMAIN / NODATA (`ok: false` results with those kinds) */
  | { answered: true; result: DnsResult }
  /** this endpoint did not give a usable answer; `what` is one line for `EndpointFailure.what` */
  | { answered: false; kind: DnsErrorKind; what: string };

interface JsonRecord {
  name: string;
  type: number;
  TTL: number;
  data: string;
}

type Shape<T> = { value: T } | { problem: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readRecords(body: Record<string, unknown>, section: 'Answer' | 'Authority'): Shape<JsonRecord[]> {
  const raw = body[section];
  if (raw === undefined) return { value: [] };
  if (!Array.isArray(raw)) return { problem: `${section} is not a list` };
  const records: JsonRecord[] = [];
  for (const [i, item] of raw.entries()) {
    if (!isObject(item)) return { problem: `${section}[${i}] is not an object` };
    const { name, type, TTL, data } = item;
    if (typeof name !== 'string') return { problem: `${section}[${i}].name is not a string` };
    if (typeof type !== 'number') return { problem: `${section}[${i}].type is not a number` };
    if (typeof data !== 'string') return { problem: `${section}[${i}].data is not a string` };
    if (TTL !== undefined && (typeof TTL !== 'number' || !Number.isFinite(TTL))) return { problem: `${section}[${i}].TTL is not a number` };
    records.push({ name, type, TTL: Math.max(0, Math.floor(TTL ?? 0)), data });
  }
  return { value: records };
}

/** Extended DNS error texts (Cloudflare: string or list) and Google's explanation. */
function commentOf(body: Record<string, unknown>): string | undefined {
  const comment = body.Comment;
  if (typeof comment === 'string') return comment.trim() || undefined;
  if (Array.isArray(comment)) {
    const texts = comment.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim());
    return texts.length ? texts.join('; ') : undefined;
  }
  return undefined;
}

function parseRecord(type: RRType, record: JsonRecord): Shape<DnsRecord> {
  const ttl = record.TTL;
  const data = record.data.trim();
  switch (type) {
    case 'A':
      if (!ipaddr.IPv4.isValidFourPartDecimal(data)) return { problem: `A data "${data}" is not an IPv4 address` };
      return { value: { type, address: ipaddr.IPv4.parse(data).toString(), ttl } };
    case 'AAAA':
      if (!ipaddr.IPv6.isValid(data)) return { problem: `AAAA data "${data}" is not an IPv6 address` };
      return { value: { type, address: ipaddr.IPv6.parse(data).toString(), ttl } };
    case 'MX': {
      const match = /^(\d{1,5})\s+(\S+)$/.exec(data);
      const preference = Number(match?.[1]);
      if (!match || preference > 65535) return { problem: `MX data "${data}" is not "preference host"` };
      return { value: { type, preference, exchange: normaliseName(match[2] ?? ''), ttl } };
    }
    case 'PTR':
    case 'CNAME':
      if (!data || /\s/.test(data)) return { problem: `${type} data "${data}" is not a domain name` };
      return { value: { type, target: normaliseName(data), ttl } };
    case 'SOA': {
      // RFC 1035 section 3.3.13: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
      const fields = data.split(/\s+/);
      const minimum = Number(fields[6]);
      if (fields.length !== 7 || !Number.isInteger(minimum) || minimum < 0) return { problem: `SOA data "${data}" is not an SOA record` };
      return { value: { type, mname: normaliseName(fields[0] ?? ''), minimum, ttl } };
    }
    case 'TXT':
    case 'SPF': {
      const strings = parseTxtData(record.data);
      return { value: { type, strings, text: joinTxt(strings), ttl } };
    }
  }
}

/** RFC 2308 section 5: a negative answer lives min(SOA TTL, SOA MINIMUM) seconds. */
function negativeTtl(authority: JsonRecord[]): number | undefined {
  let ttl: number | undefined;
  for (const record of authority) {
    if (record.type !== SOA_TYPE) continue;
    const soa = parseRecord('SOA', record);
    if (!('value' in soa) || soa.value.type !== 'SOA') continue;
    const candidate = Math.min(record.TTL, soa.value.minimum);
    ttl = ttl === undefined ? candidate : Math.min(ttl, candidate);
  }
  return ttl;
}

interface Chain {
  /** the name the records of the asked type live at */
  target: string;
  cnameTtls: number[];
  error?: string;
}

/** Follows CNAMEs inside the Answer from the asked name (RFC 1034 section 3.6.2). */
function followChain(name: string, type: RRType, answers: JsonRecord[]): Chain {
  const cnameTtls: number[] = [];
  if (type === 'CNAME') return { target: name, cnameTtls };
  const seen = new Set([name]);
  let target = name;
  for (;;) {
    const wanted = RR_TYPE_NUMBERS[type];
    if (answers.some((r) => r.type === wanted && normaliseName(r.name) === target)) return { target, cnameTtls };
    const cname = answers.find((r) => r.type === CNAME_TYPE && normaliseName(r.name) === target);
    if (!cname) return { target, cnameTtls };
    const next = normaliseName(cname.data);
    if (seen.has(next)) return { target, cnameTtls, error: `CNAME loop: ${[...seen, next].join(' -> ')}` };
    if (cnameTtls.length >= MAX_CNAME_CHAIN) {
      return { target, cnameTtls, error: `CNAME chain longer than ${MAX_CNAME_CHAIN} links from ${name} (a CNAME loop?)` };
    }
    cnameTtls.push(cname.TTL);
    seen.add(next);
    target = next;
  }
}

/**
 * Interprets one response body for `name`/`type` (`name` already normalised). Never throws:
 * anything that is not the DNS JSON API comes back as `answered: false`.
 */
export function parseDohJson(text: string, name: string, type: RRType, contentType = ''): DohAnswer {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() || 'no content type';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const why = /json/.test(mediaType) ? `${mediaType}, truncated or invalid JSON` : mediaType;
    return { answered: false, kind: 'bad-response', what: `not the DNS JSON API (${why})` };
  }
  if (!isObject(body) || typeof body.Status !== 'number') {
    return { answered: false, kind: 'bad-response', what: `not the DNS JSON API (${mediaType}, no numeric Status)` };
  }
  const answers = readRecords(body, 'Answer');
  if ('problem' in answers) return { answered: false, kind: 'bad-response', what: `not the DNS JSON API (${answers.problem})` };
  const authority = readRecords(body, 'Authority');
  if ('problem' in authority) return { answered: false, kind: 'bad-response', what: `not the DNS JSON API (${authority.problem})` };

  const status = body.Status;
  const comment = commentOf(body);
  const ad = typeof body.AD === 'boolean' ? body.AD : undefined;
  const because = comment ? ` (${comment})` : '';

  if (status !== 0 && status !== 3) {
    const rcode = RCODE_NAMES[status] ?? 'unknown RCODE';
    return { answered: false, kind: 'servfail', what: `Status ${status} ${rcode}${because}` };
  }

  const chain = followChain(name, type, answers.value);
  if (chain.error) return { answered: false, kind: 'servfail', what: chain.error };
  const via = chain.target !== name ? ` (via CNAME to ${chain.target})` : '';
  const negTtl = negativeTtl(authority.value);
  // NXDOMAIN and NODATA are answers, cached by the SOA minimum when the Authority section gives one (RFC 2308)
  const negative = (kind: 'nxdomain' | 'nodata', message: string): DohAnswer => ({
    answered: true,
    result: { ok: false, name, type, kind, message, ...(negTtl !== undefined ? { ttl: negTtl } : {}) },
  });

  if (status === 3) return negative('nxdomain', `${chain.target} does not exist (NXDOMAIN)${via}${because}`);

  const wanted = RR_TYPE_NUMBERS[type];
  const records: DnsRecord[] = [];
  for (const record of answers.value) {
    if (record.type !== wanted || normaliseName(record.name) !== chain.target) continue;
    const parsed = parseRecord(type, record);
    if ('problem' in parsed) return { answered: false, kind: 'bad-response', what: `not the DNS JSON API (${parsed.problem})` };
    records.push(parsed.value);
  }
  if (!records.length) return negative('nodata', `${chain.target} has no ${type} record${via}`);
  const ttl = Math.min(...records.map((r) => r.ttl), ...chain.cnameTtls);
  return { answered: true, result: { ok: true, name, type, records, ttl, ...(ad !== undefined ? { ad } : {}) } };
}
