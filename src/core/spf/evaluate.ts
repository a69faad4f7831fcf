import ipaddr from 'ipaddr.js';
import type { DnsRecord, DnsResult, RRType } from '../dns/types';
import { isTemporary } from '../dns/types';
import { recordText } from '../dns/record';
import { isSubdomainOf, normaliseName } from '../dns/name';
import { CheckAborted, QueryBook, queryKey } from './book';
import { checkedSender } from './identity';
import type { Query } from './book';
import { clientAddress, expandTokens, parseMacroString, queryName, usesValidatedName } from './macro';
import type { MacroContext } from './macro';
import { isDnsTerm, isSpfRecord, parseRecord } from './parse';
import type {
  CheckHostInput,
  CheckOptions,
  Evaluation,
  MechanismTerm,
  ParseError,
  ParsedRecord,
  PathStep,
  QueryTrace,
  RecordTrace,
  SpfResult,
  Term,
  TermTrace,
} from './types';

/** RFC 7208 section 4.6.4: at most 10 DNS-querying terms, 2 void lookups, 10 MX names, 10 PTR names. */
export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
export const MX_LIMIT = 10;
export const PTR_LIMIT = 10;
/** RFC 7208 section 4.6.4: "at least 20 seconds" for the whole check. */
export const DEFAULT_BUDGET_MS = 20_000;
/** The engine's own explanation for a fail without a usable exp= (RFC 7208 section 6.2 leaves it to the implementation). */
export const DEFAULT_EXPLANATION = '%{d} does not designate %{c} as a permitted sender';

/** Fed to the engine by the prefetch planner for an answer that has not arrived yet. */
const UNKNOWN = Symbol('unknown');
type RecordOf<T extends DnsRecord['type']> = DnsRecord & { type: T };
type Answer = DnsResult | typeof UNKNOWN;
type Engine<T> = Generator<Query, T, Answer>;

const QUALIFIER_RESULT: Record<MechanismTerm['qualifier'], SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

interface Stop {
  result: SpfResult;
  /** the sentence for Evaluation.reason */
  reason: string;
  /** a processing limit was crossed: later terms are shown as beyond the limit */
  limit: boolean;
}

interface DomainOutcome {
  result: SpfResult;
  trace: RecordTrace;
  path: PathStep[];
  /** set for errors and limit crossings */
  stop?: Stop;
  explanation: string | null;
  defaultExplanation: string | null;
  /** how a decided result came about, for the reason sentence */
  decidedBy?: { domain: string; term: string } | null;
}

type MechanismOutcome =
  | { kind: 'match'; why: string; child?: DomainOutcome }
  | { kind: 'no-match'; why: string; child?: DomainOutcome }
  | { kind: 'error'; stop: Stop; why: string; child?: DomainOutcome };

/** What one evaluation run knows and counts (RFC 7208 section 4.6.4 limits are per check). */
class Run {
  lookups = 0;
  voids = 0;
  dnsErrors: string[] = [];
  validated: string[] | null | undefined;
  /** the root record's trace as soon as it exists, so an aborted check still reports what it saw */
  rootTrace: RecordTrace | null = null;
  /** planner only: how an unknown answer was assumed, so one (name, type) gets one story */
  assumed = new Map<string, 'void' | 'answer'>();
  readonly client: ipaddr.IPv4 | ipaddr.IPv6;
  constructor(
    readonly input: CheckHostInput,
    readonly planning: boolean,
    readonly receiver: string,
    readonly timestamp: number,
    client: ipaddr.IPv4 | ipaddr.IPv6,
  ) {
    this.client = client;
  }

  macroContext(domain: string): MacroContext {
    return {
      sender: this.input.sender,
      domain,
      ip: this.input.ip,
      helo: this.input.helo,
      validatedName: undefined,
      receiver: this.receiver,
      timestamp: this.timestamp,
    };
  }

  noteFailure(result: DnsResult): void {
    if (result.ok || !isTemporary(result.kind) || this.planning) return;
    const lines = result.failures?.length ? result.failures.map((f) => `${f.endpoint}: ${f.what} (${result.type} ${result.name})`) : [result.message];
    for (const line of lines) if (!this.dnsErrors.includes(line)) this.dnsErrors.push(line);
  }
}

function queryTrace(query: Query, answer: Answer): QueryTrace | null {
  if (answer === UNKNOWN) return null;
  if (answer.ok) {
    const records = answer.records.filter((r) => r.type === query.type);
    if (records.length === 0) return { name: query.name, type: query.type, outcome: 'nodata', records: [], ttl: answer.ttl };
    return { name: query.name, type: query.type, outcome: 'answer', records: records.map(recordText), ttl: answer.ttl };
  }
  return { name: query.name, type: query.type, outcome: answer.kind, records: [], ttl: answer.ttl ?? null, message: answer.message };
}

/** The records of the asked type, or a void (NXDOMAIN / no data) or temporary error. */
type Looked<R> = { kind: 'records'; records: R[] } | { kind: 'void'; why: string } | { kind: 'error'; why: string } | { kind: 'unknown' };

function classify<T extends DnsRecord['type']>(answer: Answer, type: T): Looked<RecordOf<T>> {
  if (answer === UNKNOWN) return { kind: 'unknown' };
  if (!answer.ok) {
    if (isTemporary(answer.kind)) return { kind: 'error', why: answer.message };
    return { kind: 'void', why: answer.kind === 'nxdomain' ? `${answer.name} does not exist` : `${answer.name} has no ${type} records` };
  }
  const records = answer.records.filter((r): r is RecordOf<T> => r.type === type);
  // RFC 7208 section 4.6.4: an answer with no records is a void lookup like NXDOMAIN
  if (records.length === 0) return { kind: 'void', why: `${answer.name} has no ${type} records` };
  return { kind: 'records', records };
}

/** The reverse-mapping name of the client address (RFC 7208 section 5.5). */
export function reverseName(addr: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (addr.kind() === 'ipv4') return `${addr.toByteArray().reverse().join('.')}.in-addr.arpa`;
  const nibbles = addr.toByteArray().flatMap((byte) => [byte >> 4, byte & 15]).map((n) => n.toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/**
 * Parsed networks and addresses by family and text: the prefetch planner walks the same ip4/ip6 terms once
 * per arriving answer, and parsing them again each time was a measurable share of a check's CPU time.
 */
const parsedAddresses = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | null>();
function parseAddress(kind: 'ipv4' | 'ipv6', address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const key = `${kind} ${address}`;
  let parsed = parsedAddresses.get(key);
  if (parsed === undefined) {
    try {
      parsed = kind === 'ipv4' ? ipaddr.IPv4.parse(address) : ipaddr.IPv6.parse(address);
    } catch {
      parsed = null;
    }
    if (parsedAddresses.size > 5000) parsedAddresses.clear();
    parsedAddresses.set(key, parsed);
  }
  return parsed;
}

/** Whether `address` (of the client's family, as the mechanism asked for it) covers the client at `bits`. */
function addressMatches(client: ipaddr.IPv4 | ipaddr.IPv6, address: string, bits: number): boolean {
  const parsed = parseAddress(client.kind(), address);
  if (parsed === null) return false;
  try {
    return client.match(parsed, bits);
  } catch {
    return false;
  }
}

const parseCache = new Map<string, ParsedRecord>();
function parseCached(text: string): ParsedRecord {
  let parsed = parseCache.get(text);
  if (!parsed) {
    parsed = parseRecord(text);
    if (parseCache.size > 500) parseCache.clear();
    parseCache.set(text, parsed);
  }
  return parsed;
}

function newTermTrace(term: Term, outcome: TermTrace['outcome'], why: string): TermTrace {
  return {
    text: term.text,
    start: term.start,
    end: term.end,
    kind: term.kind,
    name: term.kind === 'invalid' ? term.text : term.name,
    outcome,
    why,
    lookups: 0,
    voidLookups: 0,
    cost: 0,
    queries: [],
  };
}

/** The RFC 7208 algorithm, written once. It yields each DNS query and receives the answer. */
class Engine0 {
  constructor(readonly run: Run) {}

  *ask(query: Query, into: QueryTrace[]): Engine<Answer> {
    const answer: Answer = yield query;
    if (answer !== UNKNOWN) this.run.noteFailure(answer);
    const trace = queryTrace(query, answer);
    if (trace) into.push(trace);
    return answer;
  }

  /**
   * For the planner, an unknown answer is taken as the one that lets evaluation go on (no match, no
   * error): `void` when only a void answer can avoid a match. The same query always gets the same story.
   */
  assume(query: Query, wanted: 'void' | 'answer'): 'void' | 'answer' {
    const key = queryKey(query);
    const earlier = this.run.assumed.get(key);
    if (earlier) return earlier;
    this.run.assumed.set(key, wanted);
    return wanted;
  }

  /** RFC 7208 section 4.6.4: a void lookup; past the limit of two the check is a permerror. */
  /** RFC 7208 section 4.6.4: a DNS-querying term (include, a, mx, ptr, exists, redirect) counts; more than 10 is a permerror. */
  chargeLookup(trace: TermTrace): Stop | null {
    this.run.lookups++;
    trace.lookups = 1;
    if (this.run.lookups <= LOOKUP_LIMIT) return null;
    trace.outcome = 'beyond-limit';
    trace.why = `lookup number ${this.run.lookups}: over the limit of ${LOOKUP_LIMIT} (RFC 7208 section 4.6.4)`;
    return { result: 'permerror', reason: `${this.run.lookups} DNS lookups: over the limit of ${LOOKUP_LIMIT} (RFC 7208 section 4.6.4)`, limit: true };
  }

  chargeVoid(trace: TermTrace): Stop | null {
    this.run.voids++;
    trace.voidLookups++;
    if (this.run.voids > VOID_LIMIT) {
      return { result: 'permerror', reason: `${this.run.voids} void lookups: over the limit of ${VOID_LIMIT} (RFC 7208 section 4.6.4)`, limit: true };
    }
    return null;
  }

  /** The validated names of the client address (RFC 7208 section 5.5), for %{p}: computed once per check. */
  *validatedNames(into: QueryTrace[]): Engine<string[] | null> {
    if (this.run.validated !== undefined) return this.run.validated;
    const client = this.run.client;
    const ptr = classify(yield* this.ask({ name: reverseName(client), type: 'PTR' }, into), 'PTR');
    if (ptr.kind === 'unknown') return null;
    const names: string[] = [];
    if (ptr.kind === 'records') {
      const addressType: RRType = client.kind() === 'ipv4' ? 'A' : 'AAAA';
      // RFC 7208 section 4.6.4: at most 10 PTR names are checked
      for (const record of ptr.records.slice(0, PTR_LIMIT)) {
        const name = queryName(record.target);
        if (!name) continue;
        const answer = classify(yield* this.ask({ name, type: addressType }, into), addressType);
        if (answer.kind === 'unknown') return null;
        if (answer.kind === 'records' && answer.records.some((r) => addressMatches(client, r.address, client.kind() === 'ipv4' ? 32 : 128))) names.push(name);
      }
    }
    this.run.validated = names;
    return names;
  }

  /** RFC 7208 section 7.3: %{p} prefers <domain> itself, then a subdomain of it, then any validated name, else "unknown". */
  *validatedName(domain: string, into: QueryTrace[]): Engine<string | undefined> {
    const names = yield* this.validatedNames(into);
    if (names === null) return undefined;
    return names.find((n) => n === normaliseName(domain)) ?? names.find((n) => isSubdomainOf(n, domain)) ?? names[0] ?? 'unknown';
  }

  /** Expands a domain-spec into the name to query (RFC 7208 sections 4.8, 7.3); undefined when %{p} is not known yet. */
  *target(spec: string | null, domain: string, into: QueryTrace[]): Engine<{ name: string | null; expanded: string } | undefined> {
    if (spec === null) return { name: domain, expanded: domain };
    const parsed = parseMacroString(spec);
    if (!parsed.ok) return { name: null, expanded: spec };
    const ctx = this.run.macroContext(domain);
    if (usesValidatedName(parsed.tokens)) {
      ctx.validatedName = yield* this.validatedName(domain, into);
      if (ctx.validatedName === undefined) return undefined;
    }
    const expanded = expandTokens(parsed.tokens, ctx) ?? spec;
    return { name: queryName(expanded), expanded };
  }

  /** check_host() for one domain (RFC 7208 section 4). `topLevel`: the root or a redirect of it, where exp= applies. */
  *checkDomain(domain: string, via: RecordTrace['via'], topLevel: boolean): Engine<DomainOutcome> {
    const trace: RecordTrace = {
      domain,
      via,
      record: null,
      ttl: null,
      result: 'none',
      queries: [],
      terms: [],
      errors: [],
      message: '',
      cost: 0,
      beyondLimit: false,
    };
    if (via === 'root') this.run.rootTrace = trace;
    const done = (result: SpfResult, message: string, extra: Partial<DomainOutcome> = {}): DomainOutcome => {
      trace.result = result;
      trace.message = message;
      return { result, trace, path: [{ domain, via }], explanation: null, defaultExplanation: null, ...extra };
    };

    // RFC 7208 section 4.4: the record is looked up as TXT only
    const answer = yield* this.ask({ name: domain, type: 'TXT' }, trace.queries);
    if (answer === UNKNOWN) return done('neutral', 'not known yet');
    if (!answer.ok) {
      if (isTemporary(answer.kind)) {
        // RFC 7208 section 4.4: a DNS error other than NXDOMAIN is a temperror
        const reason = `the TXT lookup for ${domain} failed: ${answer.message}`;
        return done('temperror', reason, { stop: { result: 'temperror', reason, limit: false } });
      }
      // RFC 7208 section 4.3 / 4.5: NXDOMAIN or no records means no SPF record
      return done('none', `${domain} ${answer.kind === 'nxdomain' ? 'does not exist' : 'has no TXT records'}, so it has no SPF record (RFC 7208 section 4.5)`);
    }
    const txts = answer.records.filter((r): r is RecordOf<'TXT'> => r.type === 'TXT');
    // RFC 7208 section 4.5: keep only records that begin with "v=spf1" then a space or the end
    const spf = txts.filter((r) => isSpfRecord(r.text));
    if (spf.length === 0) return done('none', `${domain} has no SPF record (RFC 7208 section 4.5)`);
    if (spf.length > 1) {
      const reason = `${domain} has ${spf.length} SPF records; exactly one is allowed (RFC 7208 section 4.5)`;
      trace.errors.push({ start: 0, end: 0, code: 'multiple-records', message: reason });
      return done('permerror', reason, { stop: { result: 'permerror', reason, limit: false } });
    }
    const chosen = spf[0] as RecordOf<'TXT'>;
    trace.record = chosen.text;
    trace.ttl = chosen.ttl;
    const parsed = parseCached(chosen.text);
    trace.errors.push(...parsed.errors);
    if (parsed.errors.length > 0) {
      // RFC 7208 section 4.6: any syntax error anywhere in the record is a permerror before evaluation
      const first = parsed.errors[0] as ParseError;
      const reason = `syntax error in the record of ${domain} at characters ${first.start + 1}-${first.end}: ${first.message}`;
      trace.terms = parsed.terms.map((term) => {
        const bad = parsed.errors.find((e) => e.start >= term.start && e.start < term.end);
        return newTermTrace(term, bad ? 'error' : 'not-evaluated', bad ? bad.message : 'not evaluated: the record has a syntax error');
      });
      return done('permerror', reason, { stop: { result: 'permerror', reason, limit: false } });
    }

    const ctxDomain = domain;
    trace.terms = parsed.terms.map((term) => newTermTrace(term, 'not-evaluated', 'not reached: an earlier term decided'));
    const markRest = (from: number, stop: Stop): void => {
      for (let i = from; i < parsed.terms.length; i++) {
        const t = trace.terms[i] as TermTrace;
        const term = parsed.terms[i] as Term;
        if (stop.limit && isDnsTerm(term)) {
          t.outcome = 'beyond-limit';
          t.why = 'beyond the processing limit: not evaluated (RFC 7208 section 4.6.4)';
          t.lookups = 1;
        } else if (stop.limit && term.kind === 'mechanism') {
          t.outcome = 'beyond-limit';
          t.why = 'not evaluated: a processing limit was crossed earlier';
        } else {
          t.why = `not evaluated: the check ended with ${stop.result}`;
        }
      }
    };

    for (let index = 0; index < parsed.terms.length; index++) {
      const term = parsed.terms[index] as Term;
      const termTrace = trace.terms[index] as TermTrace;
      if (term.kind !== 'mechanism') continue;
      if (isDnsTerm(term)) {
        const stop = this.chargeLookup(termTrace);
        if (stop !== null) {
          markRest(index + 1, stop);
          return done('permerror', stop.reason, { stop, path: [{ domain, via, term: term.text, start: term.start, end: term.end }] });
        }
      }
      const outcome = yield* this.mechanism(term, ctxDomain, termTrace);
      termTrace.why = outcome.why;
      if (outcome.child) termTrace.child = outcome.child.trace;
      const step: PathStep = { domain, via, term: term.text, start: term.start, end: term.end };
      if (outcome.kind === 'error') {
        termTrace.outcome = 'error';
        termTrace.error = outcome.stop.result === 'temperror' ? 'temperror' : 'permerror';
        markRest(index + 1, outcome.stop);
        const childPath = outcome.child?.path ?? [];
        return done(outcome.stop.result, outcome.stop.reason, { stop: outcome.stop, path: [step, ...childPath] });
      }
      if (outcome.kind === 'no-match') {
        termTrace.outcome = 'no-match';
        continue;
      }
      termTrace.outcome = 'match';
      // RFC 7208 section 4.6.2: the first matching mechanism's qualifier is the result
      const result = QUALIFIER_RESULT[term.qualifier];
      const childPath = outcome.child?.path ?? [];
      const extra: Partial<DomainOutcome> = { path: [step, ...childPath], decidedBy: { domain, term: term.text } };
      if (result === 'fail' && topLevel) {
        // RFC 7208 section 6.2: exp= of this record applies to its own fail only
        const explanation = yield* this.explanation(parsed, domain, trace);
        extra.explanation = explanation.explanation;
        extra.defaultExplanation = explanation.defaultExplanation;
      }
      for (const t of trace.terms.slice(index + 1)) if (t.kind === 'modifier' && t.name === 'redirect') t.why = 'ignored: a mechanism matched (RFC 7208 section 6.1)';
      this.annotateModifiers(parsed, trace, result);
      return done(result, `${term.text} matched`, extra);
    }

    // RFC 7208 section 6.1: redirect is used only when no mechanism matched
    if (parsed.redirect) {
      const redirect = parsed.redirect;
      const index = parsed.terms.indexOf(redirect);
      const termTrace = trace.terms[index] as TermTrace;
      const step: PathStep = { domain, via, term: redirect.text, start: redirect.start, end: redirect.end };
      const stop = this.chargeLookup(termTrace);
      if (stop !== null) {
        return done('permerror', stop.reason, { stop, path: [step] });
      }
      const target = yield* this.target(redirect.value, domain, termTrace.queries);
      if (target === undefined) return done('neutral', 'not known yet');
      termTrace.target = target.expanded;
      if (target.name === null) {
        // RFC 7208 section 6.1: a malformed target-name is a permerror
        const reason = `redirect target "${target.expanded}" is not a valid domain name (RFC 7208 section 6.1)`;
        termTrace.outcome = 'error';
        termTrace.error = 'permerror';
        termTrace.why = reason;
        return done('permerror', reason, { stop: { result: 'permerror', reason, limit: false }, path: [step] });
      }
      const child = yield* this.checkDomain(target.name, 'redirect', topLevel);
      termTrace.child = child.trace;
      if (child.stop) {
        termTrace.outcome = 'error';
        termTrace.error = child.stop.result === 'temperror' ? 'temperror' : 'permerror';
        termTrace.why = `the redirect ended in ${child.result}`;
        return done(child.result, child.stop.reason, { stop: child.stop, path: [step, ...child.path] });
      }
      if (child.result === 'none') {
        // RFC 7208 section 6.1: no SPF record at the redirect target is a permerror
        const reason = `redirect=${target.name} has no SPF record (RFC 7208 section 6.1)`;
        termTrace.outcome = 'error';
        termTrace.error = 'permerror';
        termTrace.why = reason;
        return done('permerror', reason, { stop: { result: 'permerror', reason, limit: false }, path: [step, ...child.path] });
      }
      termTrace.outcome = 'match';
      termTrace.why = `followed: ${target.name} gave ${child.result}`;
      this.annotateModifiers(parsed, trace, child.result, true);
      return done(child.result, `redirect=${target.name} gave ${child.result}`, {
        path: [step, ...child.path],
        explanation: child.explanation,
        defaultExplanation: child.defaultExplanation,
        decidedBy: child.decidedBy ?? null,
      });
    }
    // RFC 7208 section 4.7: no match and no redirect is neutral
    this.annotateModifiers(parsed, trace, 'neutral');
    return done('neutral', `no term of ${domain}'s record matched and it has no redirect, so the result is neutral (RFC 7208 section 4.7)`, { decidedBy: null });
  }

  private annotateModifiers(parsed: ParsedRecord, trace: RecordTrace, result: SpfResult, redirected = false): void {
    parsed.terms.forEach((term, i) => {
      const t = trace.terms[i] as TermTrace;
      if (term.kind !== 'modifier') return;
      if (term.name === 'exp') {
        if (t.outcome === 'not-evaluated') {
          t.outcome = 'ignored';
          t.why = redirected ? 'not used: the record redirected (RFC 7208 section 6.2)' : result === 'fail' ? t.why : `not used: the result is ${result}, not fail (RFC 7208 section 6.2)`;
        }
      } else if (term.name !== 'redirect') {
        t.outcome = 'ignored';
        t.why = 'unknown modifier: ignored (RFC 7208 section 6)';
      } else if (t.outcome === 'not-evaluated') {
        t.outcome = 'ignored';
        t.why = 'ignored: a mechanism matched (RFC 7208 section 6.1)';
      }
    });
  }

  /** RFC 7208 section 6.2: the exp= text, macro-expanded, or the default explanation. */
  *explanation(parsed: ParsedRecord, domain: string, trace: RecordTrace): Engine<{ explanation: string | null; defaultExplanation: string | null }> {
    const ctx = this.run.macroContext(domain);
    const fallback = (): string | null => {
      const tokens = parseMacroString(DEFAULT_EXPLANATION, { explanation: true });
      return tokens.ok ? (expandTokens(tokens.tokens, ctx) ?? null) : null;
    };
    const exp = parsed.exp;
    if (!exp) return { explanation: null, defaultExplanation: fallback() };
    const index = parsed.terms.indexOf(exp);
    const t = trace.terms[index] as TermTrace;
    const ignore = (why: string): { explanation: null; defaultExplanation: string | null } => {
      t.outcome = 'ignored';
      t.why = `${why}: the default explanation is used (RFC 7208 section 6.2)`;
      return { explanation: null, defaultExplanation: fallback() };
    };
    const target = yield* this.target(exp.value, domain, t.queries);
    if (target === undefined) return { explanation: null, defaultExplanation: null };
    t.target = target.expanded;
    if (target.name === null) return ignore(`"${target.expanded}" is not a valid domain name`);
    // RFC 7208 section 6.2 / 4.6.4: the exp lookup is not counted against the limits
    const answer = classify(yield* this.ask({ name: target.name, type: 'TXT' }, t.queries), 'TXT');
    if (answer.kind === 'unknown') return { explanation: null, defaultExplanation: null };
    if (answer.kind === 'error') return ignore(`the TXT lookup for ${target.name} failed`);
    if (answer.kind === 'void') return ignore(answer.why);
    if (answer.records.length > 1) return ignore(`${target.name} has ${answer.records.length} TXT records, not one`);
    const text = (answer.records[0] as RecordOf<'TXT'>).text;
    const parsedText = parseMacroString(text, { explanation: true });
    if (!parsedText.ok) return ignore(`the explanation text has a syntax error: ${parsedText.error.message}`);
    if (usesValidatedName(parsedText.tokens)) {
      ctx.validatedName = yield* this.validatedName(domain, t.queries);
      if (ctx.validatedName === undefined) return { explanation: null, defaultExplanation: null };
    }
    const value = expandTokens(parsedText.tokens, ctx);
    if (value === undefined) return ignore('the explanation could not be expanded');
    t.outcome = 'match';
    t.why = 'used for the fail (RFC 7208 section 6.2)';
    return { explanation: value, defaultExplanation: null };
  }

  /** One mechanism (RFC 7208 section 5). */
  *mechanism(term: MechanismTerm, domain: string, trace: TermTrace): Engine<MechanismOutcome> {
    const client = this.run.client;
    const family: 'A' | 'AAAA' = client.kind() === 'ipv4' ? 'A' : 'AAAA';
    const bits = client.kind() === 'ipv4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
    const shownIp = this.run.input.ip;
    switch (term.name) {
      case 'all':
        // RFC 7208 section 5.1: all always matches
        return { kind: 'match', why: 'all always matches (RFC 7208 section 5.1)' };
      case 'ip4':
      case 'ip6': {
        // RFC 7208 section 5.6: an IPv4 client only matches ip4, an IPv6 client only ip6
        const wantKind = term.name === 'ip4' ? 'ipv4' : 'ipv6';
        if (client.kind() !== wantKind) return { kind: 'no-match', why: `${shownIp} is not an ${term.name === 'ip4' ? 'IPv4' : 'IPv6'} address` };
        const prefix = term.name === 'ip4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
        const inside = addressMatches(client, term.network ?? '', prefix);
        return inside ? { kind: 'match', why: `${shownIp} is inside ${term.network}/${prefix}` } : { kind: 'no-match', why: `${shownIp} is not inside ${term.network}/${prefix}` };
      }
      case 'a':
      case 'mx':
      case 'ptr':
      case 'exists':
      case 'include':
        break;
    }
    const target = yield* this.target(term.domainSpec, domain, trace.queries);
    if (target === undefined) {
      // planner only: the name depends on %{p}, not known yet; take the path on which evaluation goes on
      return term.name === 'exists' ? this.voidOutcome(trace, 'not known yet') : { kind: 'no-match', why: 'not known yet' };
    }
    trace.target = target.expanded;
    if (target.name === null && term.name === 'include') {
      const reason = `include target "${target.expanded}" is not a valid domain name (RFC 7208 section 5.2)`;
      return { kind: 'error', why: reason, stop: { result: 'permerror', reason, limit: false } };
    }
    if (target.name === null) {
      // RFC 7208 section 4.8 / 5: a name no DNS query can be made for is treated as non-existent
      return { kind: 'no-match', why: `"${target.expanded}" is not a valid domain name: treated as non-existent` };
    }
    const name = target.name;

    if (term.name === 'include') {
      const child = yield* this.checkDomain(name, 'include', false);
      // RFC 7208 section 5.2: the include table
      if (child.stop) return { kind: 'error', why: `the included check ended in ${child.result}`, stop: child.stop, child };
      switch (child.result) {
        case 'pass':
          return { kind: 'match', why: `${name} gave pass`, child };
        case 'none': {
          const reason = `include:${name} has no SPF record (RFC 7208 section 5.2)`;
          return { kind: 'error', why: reason, stop: { result: 'permerror', reason, limit: false }, child };
        }
        default:
          return { kind: 'no-match', why: `${name} gave ${child.result}, so include does not match (RFC 7208 section 5.2)`, child };
      }
    }

    if (term.name === 'exists') {
      // RFC 7208 section 5.7: always an A lookup, whatever the client's address family
      const query: Query = { name, type: 'A' };
      const looked = classify(yield* this.ask(query, trace.queries), 'A');
      if (looked.kind === 'unknown') return this.assume(query, 'void') === 'void' ? this.voidOutcome(trace, `${name}: not known yet`) : { kind: 'match', why: 'assumed' };
      if (looked.kind === 'error') return this.dnsError(looked.why);
      if (looked.kind === 'void') return this.voidOutcome(trace, looked.why);
      return { kind: 'match', why: `${name} has an A record (RFC 7208 section 5.7)` };
    }

    if (term.name === 'a') {
      // RFC 7208 section 5.3: A for an IPv4 client, AAAA for IPv6, compared with the cidr length
      const query: Query = { name, type: family };
      const looked = classify(yield* this.ask(query, trace.queries), family);
      if (looked.kind === 'unknown') {
        return (this.assume(query, bits === 0 ? 'void' : 'answer') === 'void') ? this.voidOutcome(trace, 'not known yet') : { kind: 'no-match', why: 'not known yet' };
      }
      if (looked.kind === 'error') return this.dnsError(looked.why);
      if (looked.kind === 'void') return this.voidOutcome(trace, looked.why);
      const hit = looked.records.find((r) => addressMatches(client, r.address, bits));
      return hit ? { kind: 'match', why: `${name} has ${hit.address}, which covers ${shownIp}/${bits}` } : { kind: 'no-match', why: `no address of ${name} covers ${shownIp} (/${bits})` };
    }

    if (term.name === 'mx') {
      // RFC 7208 section 5.4: MX lookup, then an address lookup for each exchange
      const query: Query = { name, type: 'MX' };
      const looked = classify(yield* this.ask(query, trace.queries), 'MX');
      if (looked.kind === 'unknown') return { kind: 'no-match', why: 'not known yet' };
      if (looked.kind === 'error') return this.dnsError(looked.why);
      if (looked.kind === 'void') return this.voidOutcome(trace, looked.why);
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
        const addresses = classify(yield* this.ask({ name: host, type: family }, trace.queries), family);
        if (addresses.kind === 'unknown' || addresses.kind === 'void') continue;
        if (addresses.kind === 'error') return this.dnsError(addresses.why);
        const hit = addresses.records.find((r) => addressMatches(client, r.address, bits));
        if (hit) return { kind: 'match', why: `MX ${host} has ${hit.address}, which covers ${shownIp}/${bits}` };
      }
      return { kind: 'no-match', why: `no MX host of ${name} covers ${shownIp} (/${bits})` };
    }

    // ptr: RFC 7208 section 5.5
    const reverse = reverseName(client);
    const ptrQuery: Query = { name: reverse, type: 'PTR' };
    const ptr = classify(yield* this.ask(ptrQuery, trace.queries), 'PTR');
    if (ptr.kind === 'unknown') return { kind: 'no-match', why: 'not known yet' };
    // RFC 7208 section 5.5: a DNS error on the PTR lookup means no match
    if (ptr.kind === 'error') return { kind: 'no-match', why: `the PTR lookup failed (${ptr.why}): no match (RFC 7208 section 5.5)` };
    if (ptr.kind === 'void') return this.voidOutcome(trace, ptr.why);
    // RFC 7208 section 4.6.4: only the first 10 PTR names are checked
    const candidates = ptr.records.slice(0, PTR_LIMIT).map((r) => queryName(r.target)).filter((n): n is string => n !== null && isSubdomainOf(n, name));
    for (const candidate of candidates) {
      const addresses = classify(yield* this.ask({ name: candidate, type: family }, trace.queries), family);
      // RFC 7208 section 5.5: a DNS error on the address lookup skips that name
      if (addresses.kind !== 'records') continue;
      if (addresses.records.some((r) => addressMatches(client, r.address, family === 'A' ? 32 : 128))) {
        return { kind: 'match', why: `${shownIp} reverse-maps to ${candidate}, which is validated and within ${name}` };
      }
    }
    return { kind: 'no-match', why: `no validated reverse name of ${shownIp} is within ${name}` };
  }

  private voidOutcome(trace: TermTrace, why: string): MechanismOutcome {
    const stop = this.chargeVoid(trace);
    if (stop) return { kind: 'error', why: `${why}: ${stop.reason}`, stop };
    return { kind: 'no-match', why: `${why} (void lookup ${this.run.voids} of ${VOID_LIMIT} allowed)` };
  }

  private dnsError(why: string): MechanismOutcome {
    // RFC 7208 section 5: a DNS error other than NXDOMAIN during a mechanism is a temperror
    return { kind: 'error', why, stop: { result: 'temperror', reason: `DNS error: ${why}`, limit: false } };
  }
}

/** RFC 7208 section 4.3: the <domain> must be a multi-label domain name with labels of 1 to 63 characters. */
export function domainProblem(domain: string): string | null {
  const name = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (name === '') return 'the domain is empty';
  if (name.startsWith('[')) return `"${domain}" is an address literal, not a domain name`;
  if (name.length > 253) return `"${domain}" is longer than 253 characters`;
  const labels = name.split('.');
  if (labels.length < 2) return `"${domain}" is not a fully qualified domain name`;
  if (labels.some((l) => l.length === 0)) return `"${domain}" has an empty label`;
  if (labels.some((l) => l.length > 63)) return `"${domain}" has a label longer than 63 characters`;
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return `"${domain}" ends in a numeric label`;
  return null;
}

function sumCosts(trace: RecordTrace): number {
  let total = 0;
  for (const term of trace.terms) {
    term.cost = term.lookups + (term.child ? sumCosts(term.child) : 0);
    total += term.cost;
  }
  trace.cost = total;
  return total;
}

function emptyTrace(domain: string, message: string): RecordTrace {
  return { domain, via: 'root', record: null, ttl: null, result: 'none', queries: [], terms: [], errors: [], message, cost: 0, beyondLimit: false };
}

/** After a limit was crossed: fetch the records of includes/redirects not evaluated, to show what they cost (bounded). */
async function resolveBeyondLimit(root: RecordTrace, book: QueryBook, run: Run): Promise<void> {
  const MAX_RECORDS = 20;
  let fetched = 0;
  const visit = async (trace: RecordTrace, ancestors: string[]): Promise<void> => {
    const pending: Promise<void>[] = [];
    for (const term of trace.terms) {
      if (term.child) {
        pending.push(visit(term.child, [...ancestors, trace.domain]));
        continue;
      }
      if (term.outcome !== 'beyond-limit' || (term.name !== 'include' && term.name !== 'redirect')) continue;
      const spec = term.name === 'include' ? term.text.replace(/^[+\-~?]?include:/i, '') : term.text.replace(/^redirect=/i, '');
      const parsed = parseMacroString(spec);
      if (!parsed.ok || usesValidatedName(parsed.tokens)) continue;
      const name = queryName(expandTokens(parsed.tokens, run.macroContext(trace.domain)) ?? '');
      if (!name) continue;
      term.target = name;
      if ([...ancestors, trace.domain].includes(name)) {
        term.why = `beyond the processing limit; ${name} is already being evaluated above (a loop)`;
        continue;
      }
      if (fetched >= MAX_RECORDS) continue;
      fetched++;
      pending.push(
        (async () => {
          const answer = await book.request({ name, type: 'TXT' });
          const child: RecordTrace = { ...emptyTrace(name, ''), via: term.name === 'include' ? 'include' : 'redirect', beyondLimit: true, result: 'permerror' };
          const q = queryTrace({ name, type: 'TXT' }, answer);
          if (q) child.queries.push(q);
          const spf = answer.ok ? answer.records.filter((r): r is RecordOf<'TXT'> => r.type === 'TXT' && isSpfRecord(r.text)) : [];
          if (spf.length === 1) {
            const rec = spf[0] as RecordOf<'TXT'>;
            child.record = rec.text;
            child.ttl = rec.ttl;
            const parsedRecord = parseCached(rec.text);
            child.errors = parsedRecord.errors;
            child.terms = parsedRecord.terms.map((t) => {
              const tt = newTermTrace(t, isDnsTerm(t) || t.kind === 'mechanism' ? 'beyond-limit' : 'ignored', 'beyond the processing limit: not evaluated (RFC 7208 section 4.6.4)');
              if (isDnsTerm(t)) tt.lookups = 1;
              return tt;
            });
            child.message = 'resolved after the limit was crossed, to show its cost';
          } else {
            child.message = spf.length === 0 ? `${name} has no SPF record` : `${name} has ${spf.length} SPF records`;
          }
          term.child = child;
          await visit(child, [...ancestors, trace.domain]);
        })(),
      );
    }
    await Promise.all(pending);
  };
  await visit(root, []);
}

/**
 * check_host() (RFC 7208 sections 4 to 7) through `opts.resolver`. DNS queries are sent as soon as the
 * sequential algorithm could possibly need them (within the limits), so results, counts and errors are
 * those of the sequential algorithm, only sooner. Never throws.
 */
export async function checkHost(input: CheckHostInput, opts: CheckOptions): Promise<Evaluation> {
  const ip = typeof input?.ip === 'string' ? input.ip.trim() : '';
  const domain = normaliseName(typeof input?.domain === 'string' ? input.domain : '');
  const base = (result: SpfResult, reason: string, trace: RecordTrace): Evaluation => ({
    result,
    explanation: null,
    defaultExplanation: null,
    domain,
    ip,
    lookups: { count: 0, void: 0 },
    dnsErrors: [],
    trace,
    matchedPath: [{ domain, via: 'root' }],
    reason,
    queries: 0,
  });
  const client = clientAddress(ip);
  if (!client) return base('permerror', `"${ip}" is not an IP address`, emptyTrace(domain, 'no check: the client address is not valid'));
  // RFC 7208 section 4.3: a malformed or single-label domain gives none without any lookup
  const problem = domainProblem(domain);
  if (problem) return base('none', `${problem}, so there is no SPF record to check (RFC 7208 section 4.3)`, emptyTrace(domain, problem));

  const helo = typeof input.helo === 'string' ? input.helo : '';
  const sender = checkedSender({ sender: typeof input.sender === 'string' ? input.sender : '', helo });
  const normalised: CheckHostInput = { ip, domain, sender, helo };
  const receiver = opts.receiver ?? 'unknown';
  const timestamp = Math.floor((opts.now ?? Date.now)() / 1000);

  const controller = new AbortController();
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  let budgetExceeded = false;
  const timer = setTimeout(() => {
    budgetExceeded = true;
    controller.abort();
  }, budgetMs);
  const onCallerAbort = (): void => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const parallel = opts.parallel !== false;
  let finished = false;
  let planScheduled = false;
  const book: QueryBook = new QueryBook(opts.resolver, controller.signal, () => {
    if (!parallel || finished || planScheduled) return;
    planScheduled = true;
    queueMicrotask(() => {
      planScheduled = false;
      if (!finished) plan();
    });
  });

  /** The prefetch planner: runs the same engine on what is known and sends every query it could reach. */
  const plan = (): void => {
    const run = new Run(normalised, true, receiver, timestamp, client);
    const engine = new Engine0(run);
    const gen = engine.checkDomain(domain, 'root', true);
    const wanted = new Set<string>();
    let step = gen.next();
    for (let guard = 0; !step.done && guard < 5000; guard++) {
      const query = step.value;
      wanted.add(queryKey(query));
      let known = book.peek(query);
      if (!known) {
        book.ensure(query);
        // a cache hit arrives in ensure itself
        known = book.peek(query);
      }
      step = gen.next(known ?? UNKNOWN);
    }
    // what the sequential algorithm can no longer reach is not needed
    book.cancelExcept(wanted);
  };

  const run = new Run(normalised, false, receiver, timestamp, client);
  const engine = new Engine0(run);
  const gen = engine.checkDomain(domain, 'root', true);
  let outcome: DomainOutcome | null = null;
  let aborted = false;
  let rootTrace: RecordTrace | null = null;
  try {
    if (parallel) plan();
    let step = gen.next();
    while (!step.done) {
      // an answer already in the book (a cache hit or a finished prefetch) is used without a turn of the event loop
      const answer = book.peek(step.value) ?? (await book.request(step.value));
      step = gen.next(answer);
    }
    outcome = step.value;
    rootTrace = outcome.trace;
    if (outcome.stop?.limit) await resolveBeyondLimit(outcome.trace, book, run);
  } catch (error) {
    if (!(error instanceof CheckAborted)) throw error;
    aborted = true;
  } finally {
    finished = true;
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
    book.cancelAll();
  }

  if (aborted || !outcome) {
    const reason = budgetExceeded
      ? `the check did not finish within its time budget of ${budgetMs} ms (RFC 7208 section 4.6.4)`
      : 'the check was cancelled';
    const trace = rootTrace ?? run.rootTrace ?? emptyTrace(domain, reason);
    sumCosts(trace);
    return {
      ...base('temperror', reason, trace),
      lookups: { count: run.lookups, void: run.voids },
      dnsErrors: run.dnsErrors,
      queries: book.sent,
    };
  }
  sumCosts(outcome.trace);
  return {
    result: outcome.result,
    explanation: outcome.result === 'fail' ? outcome.explanation : null,
    defaultExplanation: outcome.result === 'fail' ? outcome.defaultExplanation : null,
    domain,
    ip,
    lookups: { count: run.lookups, void: run.voids },
    dnsErrors: run.dnsErrors,
    trace: outcome.trace,
    matchedPath: outcome.path,
    reason: reasonSentence(outcome, ip, domain),
    queries: book.sent,
  };
}

function reasonSentence(outcome: DomainOutcome, ip: string, domain: string): string {
  if (outcome.stop) return outcome.stop.reason;
  if (outcome.result === 'none') return outcome.trace.message;
  const last = outcome.path[outcome.path.length - 1];
  if (outcome.decidedBy && last?.term) return `${ip} matched ${last.term} in ${last.domain}`;
  if (last) return `${ip} matched no term of ${last.domain}'s record and it has no redirect, so the result is neutral (RFC 7208 section 4.7)`;
  return `${domain}: ${outcome.result}`;
}
