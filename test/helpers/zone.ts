/**
 * A tiny authoritative view over zone data in the OpenSPF test-suite `zonedata` format, so the SPF
 * conformance suite can be served by the local DoH server as it is. Semantics follow the suite's own
 * driver (pyspf testspf.py): unknown name -> NXDOMAIN, known name without the type -> NODATA, a
 * `TIMEOUT` marker -> every query for a type with no record listed before the marker times out.
 * CNAMEs are followed like a recursive resolver does: the Answer holds the chain, then the target records.
 */

type ZoneRecordMap =
  | { TXT: string | string[] }
  | { SPF: string | string[] }
  | { A: string }
  | { AAAA: string }
  | { MX: [number, string] }
  | { PTR: string }
  | { CNAME: string }
  | { SOA: [string, number] };

/** One entry of a name's list; an optional `ttl` (seconds) overrides the default of 300. */
export type ZoneEntry = (ZoneRecordMap & { ttl?: number }) | 'TIMEOUT';
/** Names are compared case-insensitively; a trailing dot is not significant. */
export type ZoneData = Record<string, ZoneEntry[]>;

/** One answer record as the DNS JSON APIs write it. `strings` keeps a TXT/SPF record's character-strings. */
export interface ZoneAnswer {
  name: string;
  type: number;
  TTL: number;
  data: string;
  strings?: string[];
}

export type ZoneLookup =
  | { status: 'ok'; answers: ZoneAnswer[] }
  /** `answers` holds a CNAME chain that ended in a missing name; `authority` the parent SOA when the zone has one */
  | { status: 'nxdomain'; answers?: ZoneAnswer[]; authority?: ZoneAnswer[] }
  | { status: 'nodata'; answers?: ZoneAnswer[]; authority?: ZoneAnswer[] }
  | { status: 'timeout' };

export const DEFAULT_TTL = 300;

/** RR type numbers (RFC 1035 section 3.2.2, RFC 3596, RFC 4408 for SPF). */
export const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SPF: 99,
};

export function typeNumber(type: string): number | undefined {
  return TYPE_NUMBERS[type.toUpperCase()];
}

export function typeName(type: number): string | undefined {
  return Object.keys(TYPE_NUMBERS).find((key) => TYPE_NUMBERS[key] === type);
}

export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Presentation format of one character-string (RFC 1035 section 5.1): `"` and `\` escaped, other non-printables as \DDD. */
export function escapeCharacterString(text: string, quoteSafe = true): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x5c || (quoteSafe && byte === 0x22)) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, '0')}`;
  }
  return out;
}

/** Cloudflare's TXT rendering: every character-string quoted, separated by a space (or not, when `spaced` is false). */
export function renderTxtQuoted(strings: string[], spaced = true): string {
  return strings.map((s) => `"${escapeCharacterString(s)}"`).join(spaced ? ' ' : '');
}

/** Google's other TXT rendering: the strings already joined, no quotes. */
export function renderTxtJoined(strings: string[]): string {
  return strings.map((s) => escapeCharacterString(s, false)).join('');
}

function findEntries(zone: ZoneData, name: string): ZoneEntry[] | undefined {
  const wanted = normaliseName(name);
  for (const [key, entries] of Object.entries(zone)) {
    if (normaliseName(key) === wanted) return entries;
  }
  return undefined;
}

function recordsOf(entry: Exclude<ZoneEntry, 'TIMEOUT'>): [string, unknown][] {
  return Object.entries(entry).filter(([key]) => key !== 'ttl');
}

function renderAnswer(owner: string, type: string, value: unknown, ttl: number): ZoneAnswer {
  const name = fqdn(normaliseName(owner));
  const number = typeNumber(type) ?? 0;
  switch (type) {
    case 'TXT':
    case 'SPF': {
      const strings = Array.isArray(value) ? value.map(String) : [String(value)];
      return { name, type: number, TTL: ttl, data: renderTxtQuoted(strings), strings };
    }
    case 'MX': {
      const [preference, exchange] = value as [number, string];
      return { name, type: number, TTL: ttl, data: `${preference} ${fqdn(exchange)}` };
    }
    case 'PTR':
    case 'CNAME':
      return { name, type: number, TTL: ttl, data: fqdn(String(value)) };
    case 'SOA': {
      const [mname, minimum] = value as [string, number];
      return {
        name,
        type: number,
        TTL: ttl,
        data: `${fqdn(mname)} hostmaster.${fqdn(mname)} 2024010101 7200 3600 1209600 ${minimum}`,
      };
    }
    default:
      return { name, type: number, TTL: ttl, data: String(value) };
  }
}

/** The SOA of the closest enclosing name that has one, for the Authority section of negative answers (RFC 2308 section 3). */
function authorityFor(zone: ZoneData, name: string): ZoneAnswer[] | undefined {
  const labels = normaliseName(name).split('.');
  for (let i = 0; i < labels.length; i++) {
    const owner = labels.slice(i).join('.');
    for (const entry of findEntries(zone, owner) ?? []) {
      if (entry === 'TIMEOUT' || !('SOA' in entry)) continue;
      const [, minimum] = entry.SOA;
      // RFC 2308 section 5: the negative TTL is the smaller of the SOA TTL and its MINIMUM field
      return [renderAnswer(owner, 'SOA', entry.SOA, Math.min(entry.ttl ?? DEFAULT_TTL, minimum))];
    }
  }
  return undefined;
}

const MAX_CHAIN = 16;

export function lookupZone(zone: ZoneData, name: string, type: string): ZoneLookup {
  const wanted = type.toUpperCase();
  const chain: ZoneAnswer[] = [];
  const visited = new Set<string>();
  let current = normaliseName(name);
  for (;;) {
    const entries = findEntries(zone, current);
    if (!entries) {
      const authority = authorityFor(zone, current);
      return { status: 'nxdomain', ...(chain.length ? { answers: chain } : {}), ...(authority ? { authority } : {}) };
    }
    const answers: ZoneAnswer[] = [];
    let cname: ZoneAnswer | undefined;
    let timedOut = false;
    for (const entry of entries) {
      if (entry === 'TIMEOUT') {
        // the suite driver: a marker times out every type that has no record listed before it
        timedOut = answers.length === 0;
        break;
      }
      for (const [recordType, value] of recordsOf(entry)) {
        const answer = renderAnswer(current, recordType, value, entry.ttl ?? DEFAULT_TTL);
        if (recordType === wanted) answers.push(answer);
        else if (recordType === 'CNAME') cname = answer;
      }
    }
    if (timedOut) return { status: 'timeout' };
    if (answers.length) return { status: 'ok', answers: [...chain, ...answers] };
    if (!cname) {
      const authority = authorityFor(zone, current);
      return { status: 'nodata', ...(chain.length ? { answers: chain } : {}), ...(authority ? { authority } : {}) };
    }
    chain.push(cname);
    visited.add(current);
    current = normaliseName(cname.data);
    // a loop or an overlong chain: answer what was found, the client has to notice (as with real resolvers' partial chains)
    if (visited.has(current) || chain.length >= MAX_CHAIN) return { status: 'ok', answers: chain };
  }
}
