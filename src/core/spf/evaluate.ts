/**
 * check_host() (RFC 7208 sections 4 to 7) as the front ends call it: the input made safe, the time budget, the
 * prefetch planner that sends queries before the sequential algorithm asks, and the Evaluation it returns.
 */
import { normaliseName } from '../dns/name';
import { UNKNOWN } from './answers';
import { resolveBeyondLimit } from './beyond-limit';
import { CheckAborted, QueryBook, queryKey } from './book';
import type { ClientIp } from './client-address';
import { Evaluator } from './evaluator';
import { checkedSender } from './identity';
import { DEFAULT_BUDGET_MS } from './limits';
import { clientAddress } from './macro';
import { CheckState } from './state';
import type { DomainOutcome } from './state';
import { emptyTrace, sumCosts } from './trace';
import type { CheckHostInput, CheckOptions, Evaluation, RecordTrace, SpfResult } from './types';

export { LOOKUP_LIMIT, VOID_LIMIT, MX_LIMIT, PTR_LIMIT, DEFAULT_BUDGET_MS } from './limits';
export { DEFAULT_EXPLANATION } from './modifiers';
export { reverseName } from './client-address';

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

/** The time budget of one check (RFC 7208 section 4.6.4) and the caller's signal, as one abort signal. */
class Budget {
  readonly controller = new AbortController();
  exceeded = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort = (): void => this.controller.abort();

  constructor(
    readonly ms: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.exceeded = true;
      this.controller.abort();
    }, ms);
    if (callerSignal?.aborted) this.controller.abort();
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  release(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}

/**
 * The prefetch planner: runs the same engine on the answers known so far and sends every query it could reach,
 * again each time an answer arrives. What the sequential algorithm can no longer reach is cancelled.
 */
class Prefetcher {
  readonly book: QueryBook;
  finished = false;
  private scheduled = false;

  constructor(
    opts: CheckOptions,
    signal: AbortSignal,
    private readonly newState: (planning: boolean) => CheckState,
    private readonly domain: string,
    private readonly enabled: boolean,
  ) {
    this.book = new QueryBook(opts.resolver, signal, () => this.schedule());
  }

  private schedule(): void {
    if (!this.enabled || this.finished || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.finished) this.plan();
    });
  }

  plan(): void {
    if (!this.enabled) return;
    const gen = new Evaluator(this.newState(true)).checkDomain(this.domain, 'root', true);
    const wanted = new Set<string>();
    let step = gen.next();
    for (let guard = 0; !step.done && guard < 5000; guard++) {
      const query = step.value;
      wanted.add(queryKey(query));
      let known = this.book.peek(query);
      if (!known) {
        this.book.ensure(query);
        // a cache hit arrives in ensure itself
        known = this.book.peek(query);
      }
      step = gen.next(known ?? UNKNOWN);
    }
    // what the sequential algorithm can no longer reach is not needed
    this.book.cancelExcept(wanted);
  }
}

/** The sequential algorithm over the book: each answer already in it (a cache hit or a finished prefetch) is used at once. */
async function runSequential(state: CheckState, domain: string, book: QueryBook): Promise<DomainOutcome> {
  const gen = new Evaluator(state).checkDomain(domain, 'root', true);
  let step = gen.next();
  while (!step.done) {
    const answer = book.peek(step.value) ?? (await book.request(step.value));
    step = gen.next(answer);
  }
  return step.value;
}

/** An evaluation with nothing counted yet: the result of a check refused before or cut off during its lookups. */
function bareEvaluation(result: SpfResult, reason: string, trace: RecordTrace, domain: string, ip: string): Evaluation {
  return {
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

/** The evaluation of a finished check. */
function finishedEvaluation(outcome: DomainOutcome, state: CheckState, domain: string, ip: string, queries: number): Evaluation {
  sumCosts(outcome.trace);
  return {
    result: outcome.result,
    explanation: outcome.result === 'fail' ? outcome.explanation : null,
    defaultExplanation: outcome.result === 'fail' ? outcome.defaultExplanation : null,
    domain,
    ip,
    lookups: { count: state.lookups, void: state.voids },
    dnsErrors: state.dnsErrors,
    trace: outcome.trace,
    matchedPath: outcome.path,
    reason: reasonSentence(outcome, ip, domain),
    queries,
  };
}

/** RFC 7208 section 4.6.4: a check that ran out of time is a temperror; what it saw so far stays in the trace. */
function abortedEvaluation(budget: Budget, state: CheckState, domain: string, ip: string, queries: number): Evaluation {
  const reason = budget.exceeded ? `the check did not finish within its time budget of ${budget.ms} ms (RFC 7208 section 4.6.4)` : 'the check was cancelled';
  const trace = state.rootTrace ?? emptyTrace(domain, reason);
  sumCosts(trace);
  return {
    ...bareEvaluation('temperror', reason, trace, domain, ip),
    lookups: { count: state.lookups, void: state.voids },
    dnsErrors: state.dnsErrors,
    queries,
  };
}

/** The check's input made safe: the address to evaluate and the normalised domain, or the evaluation that refuses it. */
function checkedInput(input: CheckHostInput): { ip: string; domain: string; client: ClientIp } | Evaluation {
  const ip = typeof input?.ip === 'string' ? input.ip.trim() : '';
  const domain = normaliseName(typeof input?.domain === 'string' ? input.domain : '');
  const client = clientAddress(ip);
  if (!client) return bareEvaluation('permerror', `"${ip}" is not an IP address`, emptyTrace(domain, 'no check: the client address is not valid'), domain, ip);
  // RFC 7208 section 4.3: a malformed or single-label domain gives none without any lookup
  const problem = domainProblem(domain);
  if (problem) return bareEvaluation('none', `${problem}, so there is no SPF record to check (RFC 7208 section 4.3)`, emptyTrace(domain, problem), domain, ip);
  return { ip, domain, client };
}

/**
 * check_host() (RFC 7208 sections 4 to 7) through `opts.resolver`. DNS queries are sent as soon as the
 * sequential algorithm could possibly need them (within the limits), so results, counts and errors are
 * those of the sequential algorithm, only sooner. Never throws.
 */
export async function checkHost(input: CheckHostInput, opts: CheckOptions): Promise<Evaluation> {
  const checked = checkedInput(input);
  if ('result' in checked) return checked;
  const { ip, domain, client } = checked;
  const helo = typeof input.helo === 'string' ? input.helo : '';
  const sender = checkedSender({ sender: typeof input.sender === 'string' ? input.sender : '', helo });
  const normalised: CheckHostInput = { ip, domain, sender, helo };
  const receiver = opts.receiver ?? 'unknown';
  const timestamp = Math.floor((opts.now ?? Date.now)() / 1000);
  const newState = (planning: boolean): CheckState => new CheckState(normalised, planning, receiver, timestamp, client);

  const budget = new Budget(opts.budgetMs ?? DEFAULT_BUDGET_MS, opts.signal);
  const prefetcher = new Prefetcher(opts, budget.controller.signal, newState, domain, opts.parallel !== false);
  const book = prefetcher.book;
  const state = newState(false);
  let outcome: DomainOutcome | null = null;
  try {
    prefetcher.plan();
    outcome = await runSequential(state, domain, book);
    if (outcome.stop?.limit) await resolveBeyondLimit(outcome.trace, book, state);
  } catch (error) {
    // the outcome stays null: the check was aborted
    if (!(error instanceof CheckAborted)) throw error;
  } finally {
    prefetcher.finished = true;
    budget.release();
    book.cancelAll();
  }
  return outcome === null ? abortedEvaluation(budget, state, domain, ip, book.sent) : finishedEvaluation(outcome, state, domain, ip, book.sent);
}
