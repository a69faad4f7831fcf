/** The two modifiers of RFC 7208 section 6: redirect= and exp=. */
import { classify } from './answers';
import type { Querying, RecordOf } from './answers';
import type { Evaluator } from './evaluator';
import { expandTokens, parseMacroString, usesValidatedName } from './macro';
import { ended, permerror, stopped, termStep } from './state';
import type { DomainOutcome } from './state';
import type { ModifierTerm, ParsedRecord, RecordTrace, SpfResult, TermTrace } from './types';

/** The engine's own explanation for a fail without a usable exp= (RFC 7208 section 6.2 leaves it to the implementation). */
export const DEFAULT_EXPLANATION = '%{d} does not designate %{c} as a permitted sender';

/** A redirect= that cannot be followed, or whose target gave none: a permerror (RFC 7208 section 6.1). */
function redirectError(trace: RecordTrace, termTrace: TermTrace, reason: string, path: DomainOutcome['path']): DomainOutcome {
  termTrace.outcome = 'error';
  termTrace.error = 'permerror';
  termTrace.why = reason;
  return stopped(trace, permerror(reason), { path });
}

/**
 * RFC 7208 section 6.1: with no mechanism matched, the result is check_host() of the redirect target's record.
 * A redirect counts as a DNS-querying term (section 4.6.4); `topLevel` carries on, so the target's exp= applies.
 */
export function* followRedirect(ev: Evaluator, parsed: ParsedRecord, redirect: ModifierTerm, trace: RecordTrace, topLevel: boolean): Querying<DomainOutcome> {
  const termTrace = trace.terms[parsed.terms.indexOf(redirect)] as TermTrace;
  const step = termStep(trace, redirect);
  const stop = ev.chargeLookup(termTrace);
  if (stop !== null) return stopped(trace, stop, { path: [step] });
  const target = yield* ev.target(redirect.value, trace.domain, termTrace.queries);
  if (target === undefined) return ended(trace, 'neutral', 'not known yet');
  termTrace.target = target.expanded;
  if (target.name === null) {
    // RFC 7208 section 6.1: a malformed target-name is a permerror
    return redirectError(trace, termTrace, `redirect target "${target.expanded}" is not a valid domain name (RFC 7208 section 6.1)`, [step]);
  }
  const child = yield* ev.checkDomain(target.name, 'redirect', topLevel);
  termTrace.child = child.trace;
  if (child.stop) {
    termTrace.outcome = 'error';
    termTrace.error = child.stop.result === 'temperror' ? 'temperror' : 'permerror';
    termTrace.why = `the redirect ended in ${child.result}`;
    return ended(trace, child.result, child.stop.reason, { stop: child.stop, path: [step, ...child.path] });
  }
  if (child.result === 'none') {
    // RFC 7208 section 6.1: no SPF record at the redirect target is a permerror
    return redirectError(trace, termTrace, `redirect=${target.name} has no SPF record (RFC 7208 section 6.1)`, [step, ...child.path]);
  }
  termTrace.outcome = 'match';
  termTrace.why = `followed: ${target.name} gave ${child.result}`;
  annotateModifiers(parsed, trace, child.result, true);
  return ended(trace, child.result, `redirect=${target.name} gave ${child.result}`, {
    path: [step, ...child.path],
    explanation: child.explanation,
    defaultExplanation: child.defaultExplanation,
    decidedBy: child.decidedBy ?? null,
  });
}

type Explained = { explanation: string | null; defaultExplanation: string | null };

/** RFC 7208 section 6.2: the exp= text, macro-expanded, or the default explanation. */
export function* explanation(ev: Evaluator, parsed: ParsedRecord, domain: string, trace: RecordTrace): Querying<Explained> {
  const ctx = ev.state.macroContext(domain);
  const fallback = (): string | null => {
    const tokens = parseMacroString(DEFAULT_EXPLANATION, { explanation: true });
    return tokens.ok ? (expandTokens(tokens.tokens, ctx) ?? null) : null;
  };
  const exp = parsed.exp;
  if (!exp) return { explanation: null, defaultExplanation: fallback() };
  const t = trace.terms[parsed.terms.indexOf(exp)] as TermTrace;
  const ignore = (why: string): Explained => {
    t.outcome = 'ignored';
    t.why = `${why}: the default explanation is used (RFC 7208 section 6.2)`;
    return { explanation: null, defaultExplanation: fallback() };
  };
  const notKnownYet: Explained = { explanation: null, defaultExplanation: null };
  const target = yield* ev.target(exp.value, domain, t.queries);
  if (target === undefined) return notKnownYet;
  t.target = target.expanded;
  if (target.name === null) return ignore(`"${target.expanded}" is not a valid domain name`);
  // RFC 7208 section 6.2 / 4.6.4: the exp lookup is not counted against the limits
  const answer = classify(yield* ev.ask({ name: target.name, type: 'TXT' }, t.queries), 'TXT');
  if (answer.kind === 'unknown') return notKnownYet;
  if (answer.kind === 'error') return ignore(`the TXT lookup for ${target.name} failed`);
  if (answer.kind === 'void') return ignore(answer.why);
  if (answer.records.length > 1) return ignore(`${target.name} has ${answer.records.length} TXT records, not one`);
  const parsedText = parseMacroString((answer.records[0] as RecordOf<'TXT'>).text, { explanation: true });
  if (!parsedText.ok) return ignore(`the explanation text has a syntax error: ${parsedText.error.message}`);
  if (usesValidatedName(parsedText.tokens)) {
    ctx.validatedName = yield* ev.validatedName(domain, t.queries);
    if (ctx.validatedName === undefined) return notKnownYet;
  }
  const value = expandTokens(parsedText.tokens, ctx);
  if (value === undefined) return ignore('the explanation could not be expanded');
  t.outcome = 'match';
  t.why = 'used for the fail (RFC 7208 section 6.2)';
  return { explanation: value, defaultExplanation: null };
}

/** Why each modifier did or did not change the result (RFC 7208 section 6). */
export function annotateModifiers(parsed: ParsedRecord, trace: RecordTrace, result: SpfResult, redirected = false): void {
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
