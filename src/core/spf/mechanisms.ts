/**
 * One function per mechanism (RFC 7208 section 5), each given the target name already expanded (the
 * Evaluator's `mechanism` does that, with the errors of a target that is not a name).
 */
import type { Query } from './book';
import { classify } from './answers';
import type { Querying } from './answers';
import { addressMatches, addressType, fullLength, reverseName } from './client-address';
import type { ClientIp } from './client-address';
import type { Evaluator } from './evaluator';
import { MX_LIMIT, PTR_LIMIT } from './limits';
import { queryName } from './macro';
import { isSubdomainOf } from '../dns/name';
import { permerror } from './state';
import type { MechanismOutcome } from './state';
import type { MechanismName, MechanismTerm, TermTrace } from './types';

type Targeted = Exclude<MechanismName, 'all' | 'ip4' | 'ip6'>;
type MechanismEvaluator = (ev: Evaluator, term: MechanismTerm, name: string, trace: TermTrace) => Querying<MechanismOutcome>;

/** The prefix length the mechanism compares the client's address with: cidr4 for IPv4, cidr6 for IPv6 (RFC 7208 section 5.6). */
function prefixLength(term: MechanismTerm, client: ClientIp): number {
  return client.kind() === 'ipv4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
}

/** RFC 7208 section 5.6: an IPv4 client only matches ip4, an IPv6 client only ip6, within the prefix length. */
export function ipMechanism(term: MechanismTerm, client: ClientIp, shownIp: string): MechanismOutcome {
  const wantKind = term.name === 'ip4' ? 'ipv4' : 'ipv6';
  if (client.kind() !== wantKind) return { kind: 'no-match', why: `${shownIp} is not an ${term.name === 'ip4' ? 'IPv4' : 'IPv6'} address` };
  const prefix = term.name === 'ip4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
  const inside = addressMatches(client, term.network ?? '', prefix);
  return inside ? { kind: 'match', why: `${shownIp} is inside ${term.network}/${prefix}` } : { kind: 'no-match', why: `${shownIp} is not inside ${term.network}/${prefix}` };
}

/** RFC 7208 section 5.2: the include table: pass matches, none is a permerror, errors end the check, the rest do not match. */
function* includeMechanism(ev: Evaluator, _term: MechanismTerm, name: string): Querying<MechanismOutcome> {
  const child = yield* ev.checkDomain(name, 'include', false);
  if (child.stop) return { kind: 'error', why: `the included check ended in ${child.result}`, stop: child.stop, child };
  switch (child.result) {
    case 'pass':
      return { kind: 'match', why: `${name} gave pass`, child };
    case 'none': {
      const reason = `include:${name} has no SPF record (RFC 7208 section 5.2)`;
      return { kind: 'error', why: reason, stop: permerror(reason), child };
    }
    default:
      return { kind: 'no-match', why: `${name} gave ${child.result}, so include does not match (RFC 7208 section 5.2)`, child };
  }
}

/** RFC 7208 section 5.7: always an A lookup, whatever the client's address family; any A record matches. */
function* existsMechanism(ev: Evaluator, _term: MechanismTerm, name: string, trace: TermTrace): Querying<MechanismOutcome> {
  const query: Query = { name, type: 'A' };
  const looked = classify(yield* ev.ask(query, trace.queries), 'A');
  if (looked.kind === 'unknown') return ev.assume(query, 'void') === 'void' ? ev.voidOutcome(trace, `${name}: not known yet`) : { kind: 'match', why: 'assumed' };
  if (looked.kind === 'error') return ev.dnsError(looked.why);
  if (looked.kind === 'void') return ev.voidOutcome(trace, looked.why);
  return { kind: 'match', why: `${name} has an A record (RFC 7208 section 5.7)` };
}

/** RFC 7208 section 5.3: A for an IPv4 client, AAAA for IPv6, compared with the cidr length. */
function* aMechanism(ev: Evaluator, term: MechanismTerm, name: string, trace: TermTrace): Querying<MechanismOutcome> {
  const client = ev.state.client;
  const family = addressType(client);
  const bits = prefixLength(term, client);
  const query: Query = { name, type: family };
  const looked = classify(yield* ev.ask(query, trace.queries), family);
  if (looked.kind === 'unknown') {
    return ev.assume(query, bits === 0 ? 'void' : 'answer') === 'void' ? ev.voidOutcome(trace, 'not known yet') : { kind: 'no-match', why: 'not known yet' };
  }
  if (looked.kind === 'error') return ev.dnsError(looked.why);
  if (looked.kind === 'void') return ev.voidOutcome(trace, looked.why);
  const shownIp = ev.state.input.ip;
  const hit = looked.records.find((r) => addressMatches(client, r.address, bits));
  return hit ? { kind: 'match', why: `${name} has ${hit.address}, which covers ${shownIp}/${bits}` } : { kind: 'no-match', why: `no address of ${name} covers ${shownIp} (/${bits})` };
}

/** RFC 7208 section 5.4: MX lookup, then an address lookup for each exchange. */
function* mxMechanism(ev: Evaluator, term: MechanismTerm, name: string, trace: TermTrace): Querying<MechanismOutcome> {
  const client = ev.state.client;
  const family = addressType(client);
  const bits = prefixLength(term, client);
  const shownIp = ev.state.input.ip;
  const looked = classify(yield* ev.ask({ name, type: 'MX' }, trace.queries), 'MX');
  if (looked.kind === 'unknown') return { kind: 'no-match', why: 'not known yet' };
  if (looked.kind === 'error') return ev.dnsError(looked.why);
  if (looked.kind === 'void') return ev.voidOutcome(trace, looked.why);
  // RFC 7505: a null MX ("." or empty) names no host
  const exchanges = looked.records.map((r) => r.exchange.replace(/\.$/, '')).filter((e) => e !== '');
  if (exchanges.length > MX_LIMIT) {
    // RFC 7208 section 4.6.4: more than 10 MX names is a permerror
    const reason = `${name} has ${exchanges.length} MX records: over the limit of ${MX_LIMIT} (RFC 7208 section 4.6.4)`;
    return { kind: 'error', why: reason, stop: { result: 'permerror', reason, limit: true } };
  }
  for (const exchange of exchanges) {
    const host = queryName(exchange);
    if (!host) continue;
    const addresses = classify(yield* ev.ask({ name: host, type: family }, trace.queries), family);
    if (addresses.kind === 'unknown' || addresses.kind === 'void') continue;
    if (addresses.kind === 'error') return ev.dnsError(addresses.why);
    const hit = addresses.records.find((r) => addressMatches(client, r.address, bits));
    if (hit) return { kind: 'match', why: `MX ${host} has ${hit.address}, which covers ${shownIp}/${bits}` };
  }
  return { kind: 'no-match', why: `no MX host of ${name} covers ${shownIp} (/${bits})` };
}

/** RFC 7208 section 5.5: a validated reverse name of the client within the target name matches. */
function* ptrMechanism(ev: Evaluator, _term: MechanismTerm, name: string, trace: TermTrace): Querying<MechanismOutcome> {
  const client = ev.state.client;
  const family = addressType(client);
  const shownIp = ev.state.input.ip;
  const ptr = classify(yield* ev.ask({ name: reverseName(client), type: 'PTR' }, trace.queries), 'PTR');
  if (ptr.kind === 'unknown') return { kind: 'no-match', why: 'not known yet' };
  // RFC 7208 section 5.5: a DNS error on the PTR lookup means no match
  if (ptr.kind === 'error') return { kind: 'no-match', why: `the PTR lookup failed (${ptr.why}): no match (RFC 7208 section 5.5)` };
  if (ptr.kind === 'void') return ev.voidOutcome(trace, ptr.why);
  // RFC 7208 section 4.6.4: only the first 10 PTR names are checked
  const candidates = ptr.records.slice(0, PTR_LIMIT).map((r) => queryName(r.target)).filter((n): n is string => n !== null && isSubdomainOf(n, name));
  for (const candidate of candidates) {
    const addresses = classify(yield* ev.ask({ name: candidate, type: family }, trace.queries), family);
    // RFC 7208 section 5.5: a DNS error on the address lookup skips that name
    if (addresses.kind !== 'records') continue;
    if (addresses.records.some((r) => addressMatches(client, r.address, fullLength(client)))) {
      return { kind: 'match', why: `${shownIp} reverse-maps to ${candidate}, which is validated and within ${name}` };
    }
  }
  return { kind: 'no-match', why: `no validated reverse name of ${shownIp} is within ${name}` };
}

/** The mechanisms that look a target name up, by name (albertito/spf's aField, mxField, existsField ...). */
export const TARGETED_MECHANISMS: Readonly<Record<Targeted, MechanismEvaluator>> = {
  include: includeMechanism,
  exists: existsMechanism,
  a: aMechanism,
  mx: mxMechanism,
  ptr: ptrMechanism,
};
