import ipaddr from 'ipaddr.js';
import { checkDomainEnd, parseMacroString } from './macro';
import type { MechanismName, MechanismTerm, ModifierTerm, ParsedRecord, Qualifier, Term } from './types';

export const MECHANISMS: readonly MechanismName[] = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'];

/** RFC 7208 section 4.6.4: the terms that cause DNS queries and count against the limit of 10. */
export const DNS_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/** RFC 7208 section 4.5: the record starts with "v=spf1", case-insensitively, then a space or its end. */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1( |$)/i.test(text);
}

/** How each mechanism's argument is shaped (RFC 7208 section 5 ABNF): data, not a switch. */
const SHAPES: Record<MechanismName, { domain: 'none' | 'optional' | 'required'; cidr: 'none' | 'dual' | 'ip4' | 'ip6' }> = {
  all: { domain: 'none', cidr: 'none' },
  include: { domain: 'required', cidr: 'none' },
  a: { domain: 'optional', cidr: 'dual' },
  mx: { domain: 'optional', cidr: 'dual' },
  ptr: { domain: 'optional', cidr: 'none' },
  ip4: { domain: 'none', cidr: 'ip4' },
  ip6: { domain: 'none', cidr: 'ip6' },
  exists: { domain: 'required', cidr: 'none' },
};

type TermError = { code: string; message: string; offset?: number; length?: number };

/** RFC 7208 section 5.6: ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT ), at most 32; ip6 up to 128. */
function cidrValue(digits: string, max: number): number | TermError {
  if (!/^(0|[1-9]\d{0,2})$/.test(digits)) return { code: 'bad-cidr', message: `prefix length "/${digits}" is not a number without leading zeros (RFC 7208 section 5.6)` };
  const value = Number(digits);
  if (value > max) return { code: 'bad-cidr', message: `prefix length /${value} is larger than ${max} (RFC 7208 section 5.6)` };
  return value;
}

/** RFC 7208 section 5.6: qnum without leading zeros, four of them. */
function isIp4Network(text: string): boolean {
  return /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(text);
}

function isIp6Network(text: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(text) && ipaddr.IPv6.isValid(text);
}

/** The known mechanism a misspelt name most likely meant, for the hint in the message. */
function closestMechanism(name: string): string | null {
  const lower = name.toLowerCase();
  const aliases: Record<string, string> = { ipv4: 'ip4', ipv6: 'ip6', ip: 'ip4', inc: 'include', includes: 'include', exist: 'exists', redirect: 'redirect=', exp: 'exp=' };
  if (aliases[lower]) return aliases[lower];
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of MECHANISMS) {
    if (candidate.length < 3) continue;
    const d = editDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function checkDomainSpec(spec: string): TermError | null {
  if (spec === '') return { code: 'empty-domain', message: 'the domain-spec is empty (RFC 7208 section 7.1)' };
  const parsed = parseMacroString(spec);
  if (!parsed.ok) return { code: 'bad-macro', message: parsed.error.message, offset: parsed.error.offset, length: parsed.error.length };
  const end = checkDomainEnd(spec, parsed.tokens);
  return end ? { code: 'bad-domain-spec', message: end } : null;
}

/** RFC 7208 section 4.6.2: the qualifier in front of the mechanism, "+" when left out. */
function splitQualifier(text: string): { qualifier: Qualifier; qualifierExplicit: boolean; rest: string } {
  if ('+-~?'.includes(text[0] ?? '')) return { qualifier: text[0] as Qualifier, qualifierExplicit: true, rest: text.slice(1) };
  return { qualifier: '+', qualifierExplicit: false, rest: text };
}

/** RFC 7208 section 4.6.1: a name that is no mechanism, with the one it most likely meant. */
function unknownMechanism(rawName: string, text: string): TermError {
  const hint = closestMechanism(rawName);
  const shown = rawName === '' ? text : rawName;
  return {
    code: 'unknown-mechanism',
    message: `unknown mechanism "${shown.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"${hint ? ` (did you mean "${hint}"?)` : ''} (RFC 7208 section 4.6.1)`,
  };
}

/** Why `network` is not the address an ip4 / ip6 mechanism takes (RFC 7208 section 5.6). */
function networkError(network: string, family: 'ip4' | 'ip6'): TermError {
  if (family === 'ip4' && /[a-z]/i.test(network) && !network.includes(':')) {
    return { code: 'ip4-hostname', message: `ip4: takes an address, not the host name "${network}": use a:${network} (RFC 7208 section 5.6)` };
  }
  if (family === 'ip4' && ipaddr.IPv6.isValid(network)) return { code: 'bad-network', message: `"${network}" is an IPv6 address: use ip6: (RFC 7208 section 5.6)` };
  if (family === 'ip6' && isIp4Network(network)) return { code: 'bad-network', message: `"${network}" is an IPv4 address: use ip4: (RFC 7208 section 5.6)` };
  return { code: 'bad-network', message: `"${network}" is not a valid ${family === 'ip4' ? 'IPv4' : 'IPv6'} network (RFC 7208 section 5.6)` };
}

/** RFC 7208 section 5.6: ip4 / ip6 ":" network [ "/" prefix length ], into `term`. */
function parseNetwork(term: MechanismTerm, rest: string, family: 'ip4' | 'ip6'): MechanismTerm | TermError {
  if (!rest.startsWith(':')) return { code: 'missing-network', message: `${family} needs ":" and a network, e.g. ${family === 'ip4' ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32'} (RFC 7208 section 5.6)` };
  const body = rest.slice(1);
  const slash = body.indexOf('/');
  const network = slash === -1 ? body : body.slice(0, slash);
  const cidrText = slash === -1 ? null : body.slice(slash + 1);
  const valid = family === 'ip4' ? isIp4Network(network) : isIp6Network(network);
  if (!valid) return networkError(network, family);
  term.network = network;
  if (cidrText !== null) {
    const value = cidrValue(cidrText, family === 'ip4' ? 32 : 128);
    if (typeof value !== 'number') return value;
    if (family === 'ip4') term.cidr4 = value;
    else term.cidr6 = value;
  }
  return term;
}

/**
 * RFC 7208 section 5.3 / 5.4: dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] at the very end,
 * into `term`; what is left before it, or the error of a prefix length out of range.
 */
function splitDualCidr(term: MechanismTerm, rest: string): string | TermError {
  const dual = /(?:\/([^/]*))?(?:\/\/([^/]*))?$/.exec(rest);
  if (!dual || dual[0] === '') return rest;
  // only split off what really looks like a cidr suffix; anything else stays in the domain-spec
  const ip4 = dual[1];
  const ip6 = dual[2];
  const digitsOnly = (s: string | undefined): boolean => s === undefined || /^\d+$/.test(s);
  if (!digitsOnly(ip4) || !digitsOnly(ip6)) return rest;
  if (ip4 !== undefined) {
    const value = cidrValue(ip4, 32);
    if (typeof value !== 'number') return value;
    term.cidr4 = value;
  }
  if (ip6 !== undefined) {
    const value = cidrValue(ip6, 128);
    if (typeof value !== 'number') return value;
    term.cidr6 = value;
  }
  return rest.slice(0, rest.length - dual[0].length);
}

/** RFC 7208 section 5: the [":" domain-spec] argument (what is left of the term after its name and cidr), into `term`. */
function parseDomainArgument(term: MechanismTerm, rest: string, domain: 'none' | 'optional' | 'required'): MechanismTerm | TermError {
  const name = term.name;
  if (rest === '') {
    if (domain === 'required') return { code: 'missing-domain', message: `${name} needs ":" and a domain (RFC 7208 section 5)` };
    return term;
  }
  if (domain === 'none') return { code: 'unexpected-argument', message: `"${name}" takes no argument, found "${rest}" (RFC 7208 section 5.1)` };
  if (!rest.startsWith(':')) {
    if (rest.startsWith('/')) return { code: 'bad-cidr', message: `"${rest}" is not a valid prefix length for ${name} (RFC 7208 section 5)` };
    return { code: 'unexpected-argument', message: `"${name}" must be followed by ":", found "${rest}" (RFC 7208 section 5)` };
  }
  const spec = rest.slice(1);
  const specError = checkDomainSpec(spec);
  // an empty domain-spec underlines the whole term
  if (specError && spec === '') return specError;
  if (specError) {
    const at = term.text.length - rest.length + 1;
    return { ...specError, offset: at + (specError.offset ?? 0), length: specError.length ?? spec.length };
  }
  term.domainSpec = spec;
  return term;
}

/** Parses "[qualifier]name[:domain][/cidr]" (RFC 7208 sections 4.6.1, 5). `offset` is where `text` starts in the record. */
function parseMechanism(text: string, offset: number): MechanismTerm | TermError {
  const { qualifier, qualifierExplicit, rest: named } = splitQualifier(text);
  const rawName = /^[^:/]*/.exec(named)?.[0] ?? '';
  const name = rawName.toLowerCase() as MechanismName;
  if (!MECHANISMS.includes(name)) return unknownMechanism(rawName, text);
  let rest = named.slice(rawName.length);
  const shape = SHAPES[name];
  const term: MechanismTerm = {
    kind: 'mechanism',
    name,
    qualifier,
    qualifierExplicit,
    text,
    start: offset,
    end: offset + text.length,
    domainSpec: null,
    network: null,
    cidr4: null,
    cidr6: null,
  };
  if (shape.cidr === 'ip4' || shape.cidr === 'ip6') return parseNetwork(term, rest, shape.cidr);
  if (shape.cidr === 'dual') {
    const split = splitDualCidr(term, rest);
    if (typeof split !== 'string') return split;
    rest = split;
  }
  return parseDomainArgument(term, rest, shape.domain);
}

/**
 * RFC 7208 section 4.6.1: a modifier is name "=" macro-string, recognised by the "=" right after the
 * name and before any ":" or "/". Returns null when the term is not a modifier at all.
 */
function parseModifier(text: string, offset: number): ModifierTerm | TermError | null {
  const eq = text.indexOf('=');
  if (eq === -1) return null;
  const colon = text.search(/[:/]/);
  if (colon !== -1 && colon < eq) return null;
  const name = text.slice(0, eq);
  if (!/^[a-z][a-z0-9\-_.]*$/i.test(name)) {
    return { code: 'bad-modifier-name', message: `"${name}" is not a valid modifier name: it must start with a letter (RFC 7208 section 4.6.1)` };
  }
  const value = text.slice(eq + 1);
  const lower = name.toLowerCase();
  if (lower === 'redirect' || lower === 'exp') {
    // RFC 7208 sections 6.1 and 6.2: redirect / exp = domain-spec
    const specError = checkDomainSpec(value);
    if (specError && value === '') return specError;
    if (specError) return { ...specError, offset: eq + 1 + (specError.offset ?? 0), length: specError.length ?? Math.max(value.length, 1) };
  } else {
    // RFC 7208 section 6: unknown-modifier = name "=" macro-string
    const parsed = parseMacroString(value);
    if (!parsed.ok) return { code: 'bad-macro', message: parsed.error.message, offset: eq + 1 + parsed.error.offset, length: parsed.error.length };
  }
  return { kind: 'modifier', name: lower, value, text, start: offset, end: offset + text.length };
}

/**
 * Parses an SPF record into terms with their positions (RFC 7208 sections 4.5, 4.6, 5, 6). Never
 * throws: every problem is an entry of `errors` with the span to underline.
 */
export function parseRecord(text: string): ParsedRecord {
  const parsed: ParsedRecord = { text, version: null, terms: [], errors: [], redirect: null, exp: null };
  if (typeof text !== 'string' || !isSpfRecord(text)) {
    const shown = typeof text === 'string' ? text : '';
    parsed.errors.push({ start: 0, end: Math.max(1, Math.min(shown.length, 6)), code: 'not-spf', message: 'the record does not start with "v=spf1" followed by a space or its end (RFC 7208 section 4.5)' });
    return parsed;
  }
  parsed.version = { start: 0, end: 6 };
  // RFC 7208 section 4.6.1: terms are separated by one or more spaces (SP only, not other white space)
  const termPattern = / +([^ ]+)/g;
  termPattern.lastIndex = 6;
  const seen = new Map<string, ModifierTerm>();
  for (let match = termPattern.exec(text); match; match = termPattern.exec(text)) {
    const termText = match[1] as string;
    const start = match.index + match[0].length - termText.length;
    const modifier = parseModifier(termText, start);
    const term: Term | TermError = modifier ?? parseMechanism(termText, start);
    if ('kind' in term) {
      parsed.terms.push(term);
      if (term.kind === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
        if (seen.has(term.name)) {
          // RFC 7208 section 6: redirect and exp MUST NOT appear more than once each
          parsed.errors.push({ start: term.start, end: term.end, code: 'duplicate-modifier', message: `"${term.name}=" appears more than once (RFC 7208 section 6)` });
        } else {
          seen.set(term.name, term);
        }
      }
    } else {
      const errStart = start + (term.offset ?? 0);
      const errEnd = term.offset === undefined ? start + termText.length : Math.min(start + termText.length, errStart + (term.length ?? 1));
      parsed.terms.push({ kind: 'invalid', text: termText, start, end: start + termText.length, message: term.message });
      parsed.errors.push({ start: errStart, end: Math.max(errEnd, errStart + 1), code: term.code, message: term.message });
    }
  }
  if (!parsed.errors.some((e) => e.code === 'duplicate-modifier')) {
    parsed.redirect = seen.get('redirect') ?? null;
    parsed.exp = seen.get('exp') ?? null;
  }
  return parsed;
}

const parseCache = new Map<string, ParsedRecord>();

/** parseRecord, remembered for the records of recent checks (the planner parses the same records again and again). */
export function parseRecordCached(text: string): ParsedRecord {
  let parsed = parseCache.get(text);
  if (!parsed) {
    parsed = parseRecord(text);
    if (parseCache.size > 500) parseCache.clear();
    parseCache.set(text, parsed);
  }
  return parsed;
}

/** RFC 7208 section 4.6.4: include, a, mx, ptr, exists and redirect (not an unknown modifier that happens to be called "include"). */
export function isDnsTerm(term: Term): boolean {
  if (term.kind === 'mechanism') return DNS_TERMS.has(term.name);
  return term.kind === 'modifier' && term.name === 'redirect';
}
