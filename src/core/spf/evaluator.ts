/**
 * check_host() (RFC 7208 section 4) for one domain, written once: a generator that yields each DNS query and is
 * handed the answer. The sequential evaluation and the prefetch planner (evaluate.ts) run the same code.
 */
import type { RRType } from '../dns/types';
import { isTemporary } from '../dns/types';
import { isSubdomainOf, normaliseName } from '../dns/name';
import { UNKNOWN, classify, queryTrace } from './answers';
import type { Answer, Querying, RecordOf } from './answers';
import { queryKey } from './book';
import type { Query } from './book';
import { addressMatches, addressType, fullLength, reverseName } from './client-address';
import { expandTokens, parseMacroString, queryName, usesValidatedName } from './macro';
import { LOOKUP_LIMIT, PTR_LIMIT, VOID_LIMIT } from './limits';
import { TARGETED_MECHANISMS, ipMechanism } from './mechanisms';
import { annotateModifiers, explanation, followRedirect } from './modifiers';
import { isDnsTerm, isSpfRecord, parseRecordCached } from './parse';
import { ended, permerror, stopped, termStep } from './state';
import type { CheckState, DomainOutcome, MechanismOutcome, Stop } from './state';
import { newRecordTrace, newTermTrace } from './trace';
import type { MechanismTerm, ParseError, ParsedRecord, QueryTrace, RecordTrace, SpfResult, Term, TermTrace } from './types';

const QUALIFIER_RESULT: Record<MechanismTerm['qualifier'], SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

/** The SPF record chosen for a domain, or how the domain's check already ended without one. */
type Selected = { kind: 'record'; text: string; ttl: number } | { kind: 'ended'; outcome: DomainOutcome };

/** The RFC 7208 algorithm over one CheckState. It yields each DNS query and receives the answer. */
export class Evaluator {
  constructor(readonly state: CheckState) {}

  *ask(query: Query, into: QueryTrace[]): Querying<Answer> {
    const answer: Answer = yield query;
    if (answer !== UNKNOWN) this.state.noteFailure(answer);
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
    const earlier = this.state.assumed.get(key);
    if (earlier) return earlier;
    this.state.assumed.set(key, wanted);
    return wanted;
  }

  /** RFC 7208 section 4.6.4: a DNS-querying term (include, a, mx, ptr, exists, redirect) counts; more than 10 is a permerror. */
  chargeLookup(trace: TermTrace): Stop | null {
    this.state.lookups++;
    trace.lookups = 1;
    if (this.state.lookups <= LOOKUP_LIMIT) return null;
    trace.outcome = 'beyond-limit';
    trace.why = `lookup number ${this.state.lookups}: over the limit of ${LOOKUP_LIMIT} (RFC 7208 section 4.6.4)`;
    return { result: 'permerror', reason: `${this.state.lookups} DNS lookups: over the limit of ${LOOKUP_LIMIT} (RFC 7208 section 4.6.4)`, limit: true };
  }

  /** RFC 7208 section 4.6.4: a void lookup; past the limit of two the check is a permerror. */
  chargeVoid(trace: TermTrace): Stop | null {
    this.state.voids++;
    trace.voidLookups++;
    if (this.state.voids > VOID_LIMIT) {
      return { result: 'permerror', reason: `${this.state.voids} void lookups: over the limit of ${VOID_LIMIT} (RFC 7208 section 4.6.4)`, limit: true };
    }
    return null;
  }

  /** A void lookup of a mechanism: no match, or the permerror of the third one (RFC 7208 section 4.6.4). */
  voidOutcome(trace: TermTrace, why: string): MechanismOutcome {
    const stop = this.chargeVoid(trace);
    if (stop) return { kind: 'error', why: `${why}: ${stop.reason}`, stop };
    return { kind: 'no-match', why: `${why} (void lookup ${this.state.voids} of ${VOID_LIMIT} allowed)` };
  }

  /** RFC 7208 section 5: a DNS error other than NXDOMAIN during a mechanism is a temperror. */
  dnsError(why: string): MechanismOutcome {
    return { kind: 'error', why, stop: { result: 'temperror', reason: `DNS error: ${why}`, limit: false } };
  }

  /** The validated names of the client address (RFC 7208 section 5.5), for %{p}: computed once per check. */
  *validatedNames(into: QueryTrace[]): Querying<string[] | null> {
    if (this.state.validated !== undefined) return this.state.validated;
    const client = this.state.client;
    const ptr = classify(yield* this.ask({ name: reverseName(client), type: 'PTR' }, into), 'PTR');
    if (ptr.kind === 'unknown') return null;
    const names: string[] = [];
    if (ptr.kind === 'records') {
      const type: RRType = addressType(client);
      // RFC 7208 section 4.6.4: at most 10 PTR names are checked
      for (const record of ptr.records.slice(0, PTR_LIMIT)) {
        const name = queryName(record.target);
        if (!name) continue;
        const answer = classify(yield* this.ask({ name, type }, into), type);
        if (answer.kind === 'unknown') return null;
        if (answer.kind === 'records' && answer.records.some((r) => addressMatches(client, r.address, fullLength(client)))) names.push(name);
      }
    }
    this.state.validated = names;
    return names;
  }

  /** RFC 7208 section 7.3: %{p} prefers <domain> itself, then a subdomain of it, then any validated name, else "unknown". */
  *validatedName(domain: string, into: QueryTrace[]): Querying<string | undefined> {
    const names = yield* this.validatedNames(into);
    if (names === null) return undefined;
    return names.find((n) => n === normaliseName(domain)) ?? names.find((n) => isSubdomainOf(n, domain)) ?? names[0] ?? 'unknown';
  }

  /** Expands a domain-spec into the name to query (RFC 7208 sections 4.8, 7.3); undefined when %{p} is not known yet. */
  *target(spec: string | null, domain: string, into: QueryTrace[]): Querying<{ name: string | null; expanded: string } | undefined> {
    if (spec === null) return { name: domain, expanded: domain };
    const parsed = parseMacroString(spec);
    if (!parsed.ok) return { name: null, expanded: spec };
    const ctx = this.state.macroContext(domain);
    if (usesValidatedName(parsed.tokens)) {
      ctx.validatedName = yield* this.validatedName(domain, into);
      if (ctx.validatedName === undefined) return undefined;
    }
    const expanded = expandTokens(parsed.tokens, ctx) ?? spec;
    return { name: queryName(expanded), expanded };
  }

  /** check_host() for one domain (RFC 7208 section 4). `topLevel`: the root or a redirect of it, where exp= applies. */
  *checkDomain(domain: string, via: RecordTrace['via'], topLevel: boolean): Querying<DomainOutcome> {
    const trace = newRecordTrace(domain, via);
    if (via === 'root') this.state.rootTrace = trace;
    const selected = yield* this.selectRecord(trace);
    if (selected.kind === 'ended') return selected.outcome;
    trace.record = selected.text;
    trace.ttl = selected.ttl;
    const parsed = parseRecordCached(selected.text);
    trace.errors.push(...parsed.errors);
    if (parsed.errors.length > 0) return syntaxErrorOutcome(parsed, trace);

    trace.terms = parsed.terms.map((term) => newTermTrace(term, 'not-evaluated', 'not reached: an earlier term decided'));
    const decided = yield* this.evaluateMechanisms(parsed, trace, topLevel);
    if (decided !== null) return decided;
    // RFC 7208 section 6.1: redirect is used only when no mechanism matched
    if (parsed.redirect) return yield* followRedirect(this, parsed, parsed.redirect, trace, topLevel);
    // RFC 7208 section 4.7: no match and no redirect is neutral
    annotateModifiers(parsed, trace, 'neutral');
    return ended(trace, 'neutral', `no term of ${domain}'s record matched and it has no redirect, so the result is neutral (RFC 7208 section 4.7)`, { decidedBy: null });
  }

  /** The domain's one SPF record (RFC 7208 sections 4.4, 4.5), or how its check ends without one. */
  private *selectRecord(trace: RecordTrace): Querying<Selected> {
    const domain = trace.domain;
    // RFC 7208 section 4.4: the record is looked up as TXT only
    const answer = yield* this.ask({ name: domain, type: 'TXT' }, trace.queries);
    if (answer === UNKNOWN) return { kind: 'ended', outcome: ended(trace, 'neutral', 'not known yet') };
    if (!answer.ok) {
      if (isTemporary(answer.kind)) {
        // RFC 7208 section 4.4: a DNS error other than NXDOMAIN is a temperror
        const reason = `the TXT lookup for ${domain} failed: ${answer.message}`;
        return { kind: 'ended', outcome: stopped(trace, { result: 'temperror', reason, limit: false }) };
      }
      // RFC 7208 section 4.3 / 4.5: NXDOMAIN or no records means no SPF record
      return { kind: 'ended', outcome: ended(trace, 'none', `${domain} ${answer.kind === 'nxdomain' ? 'does not exist' : 'has no TXT records'}, so it has no SPF record (RFC 7208 section 4.5)`) };
    }
    const txts = answer.records.filter((r): r is RecordOf<'TXT'> => r.type === 'TXT');
    // RFC 7208 section 4.5: keep only records that begin with "v=spf1" then a space or the end
    const spf = txts.filter((r) => isSpfRecord(r.text));
    if (spf.length === 0) return { kind: 'ended', outcome: ended(trace, 'none', `${domain} has no SPF record (RFC 7208 section 4.5)`) };
    if (spf.length > 1) {
      const reason = `${domain} has ${spf.length} SPF records; exactly one is allowed (RFC 7208 section 4.5)`;
      trace.errors.push({ start: 0, end: 0, code: 'multiple-records', message: reason });
      return { kind: 'ended', outcome: stopped(trace, permerror(reason)) };
    }
    const chosen = spf[0] as RecordOf<'TXT'>;
    return { kind: 'record', text: chosen.text, ttl: chosen.ttl };
  }

  /** The mechanisms in order until one matches or one ends the check (RFC 7208 section 4.6.2); null when none matched. */
  private *evaluateMechanisms(parsed: ParsedRecord, trace: RecordTrace, topLevel: boolean): Querying<DomainOutcome | null> {
    for (let index = 0; index < parsed.terms.length; index++) {
      const term = parsed.terms[index] as Term;
      const termTrace = trace.terms[index] as TermTrace;
      if (term.kind !== 'mechanism') continue;
      if (isDnsTerm(term)) {
        const stop = this.chargeLookup(termTrace);
        if (stop !== null) {
          markRest(parsed, trace, index + 1, stop);
          return stopped(trace, stop, { path: [termStep(trace, term)] });
        }
      }
      const outcome = yield* this.mechanism(term, trace.domain, termTrace);
      termTrace.why = outcome.why;
      if (outcome.child) termTrace.child = outcome.child.trace;
      const path = [termStep(trace, term), ...(outcome.child?.path ?? [])];
      if (outcome.kind === 'error') {
        termTrace.outcome = 'error';
        termTrace.error = outcome.stop.result === 'temperror' ? 'temperror' : 'permerror';
        markRest(parsed, trace, index + 1, outcome.stop);
        return stopped(trace, outcome.stop, { path });
      }
      if (outcome.kind === 'no-match') {
        termTrace.outcome = 'no-match';
        continue;
      }
      termTrace.outcome = 'match';
      return yield* this.matched(parsed, trace, index, path, topLevel);
    }
    return null;
  }

  /** The mechanism at `index` matched: the record's result is its qualifier's (RFC 7208 section 4.6.2). */
  private *matched(parsed: ParsedRecord, trace: RecordTrace, index: number, path: DomainOutcome['path'], topLevel: boolean): Querying<DomainOutcome> {
    const term = parsed.terms[index] as MechanismTerm;
    const result = QUALIFIER_RESULT[term.qualifier];
    const extra: Partial<DomainOutcome> = { path, decidedBy: { domain: trace.domain, term: term.text } };
    if (result === 'fail' && topLevel) {
      // RFC 7208 section 6.2: exp= of this record applies to its own fail only
      const explained = yield* explanation(this, parsed, trace.domain, trace);
      extra.explanation = explained.explanation;
      extra.defaultExplanation = explained.defaultExplanation;
    }
    for (const t of trace.terms.slice(index + 1)) if (t.kind === 'modifier' && t.name === 'redirect') t.why = 'ignored: a mechanism matched (RFC 7208 section 6.1)';
    annotateModifiers(parsed, trace, result);
    return ended(trace, result, `${term.text} matched`, extra);
  }

  /** One mechanism (RFC 7208 section 5): the ones without a target here, the others by their target name. */
  *mechanism(term: MechanismTerm, domain: string, trace: TermTrace): Querying<MechanismOutcome> {
    const client = this.state.client;
    if (term.name === 'all') {
      // RFC 7208 section 5.1: all always matches
      return { kind: 'match', why: 'all always matches (RFC 7208 section 5.1)' };
    }
    if (term.name === 'ip4' || term.name === 'ip6') return ipMechanism(term, client, this.state.input.ip);
    const target = yield* this.target(term.domainSpec, domain, trace.queries);
    if (target === undefined) {
      // planner only: the name depends on %{p}, not known yet; take the path on which evaluation goes on
      return term.name === 'exists' ? this.voidOutcome(trace, 'not known yet') : { kind: 'no-match', why: 'not known yet' };
    }
    trace.target = target.expanded;
    if (target.name === null && term.name === 'include') {
      const reason = `include target "${target.expanded}" is not a valid domain name (RFC 7208 section 5.2)`;
      return { kind: 'error', why: reason, stop: permerror(reason) };
    }
    if (target.name === null) {
      // RFC 7208 section 4.8 / 5: a name no DNS query can be made for is treated as non-existent
      return { kind: 'no-match', why: `"${target.expanded}" is not a valid domain name: treated as non-existent` };
    }
    return yield* TARGETED_MECHANISMS[term.name](this, term, target.name, trace);
  }
}

/** RFC 7208 section 4.6: any syntax error anywhere in the record is a permerror before evaluation. */
function syntaxErrorOutcome(parsed: ParsedRecord, trace: RecordTrace): DomainOutcome {
  const first = parsed.errors[0] as ParseError;
  const reason = `syntax error in the record of ${trace.domain} at characters ${first.start + 1}-${first.end}: ${first.message}`;
  trace.terms = parsed.terms.map((term) => {
    const bad = parsed.errors.find((e) => e.start >= term.start && e.start < term.end);
    return newTermTrace(term, bad ? 'error' : 'not-evaluated', bad ? bad.message : 'not evaluated: the record has a syntax error');
  });
  return stopped(trace, permerror(reason));
}

/** The terms after the one that ended the check: beyond a crossed limit (RFC 7208 section 4.6.4), or not evaluated. */
function markRest(parsed: ParsedRecord, trace: RecordTrace, from: number, stop: Stop): void {
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
}
