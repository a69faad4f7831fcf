/** What one pass of the engine knows and counts, and what its stages hand back. */
import type { DnsResult } from '../dns/types';
import { isTemporary } from '../dns/types';
import type { ClientIp } from './client-address';
import type { MacroContext } from './macro';
import type { CheckHostInput, PathStep, RecordTrace, SpfResult } from './types';

/** How a check ended before its result was decided: an error or a crossed limit. */
export interface Stop {
  result: SpfResult;
  /** the sentence for Evaluation.reason */
  reason: string;
  /** a processing limit was crossed: later terms are shown as beyond the limit */
  limit: boolean;
}

/** A permerror that is not a limit: a syntax or target error (RFC 7208 sections 4.6, 5.2, 6.1). */
export function permerror(reason: string): Stop {
  return { result: 'permerror', reason, limit: false };
}

/** check_host()'s outcome for one domain. */
export interface DomainOutcome {
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

/** One mechanism's outcome; `child` is the record an include evaluated. */
export type MechanismOutcome =
  | { kind: 'match'; why: string; child?: DomainOutcome }
  | { kind: 'no-match'; why: string; child?: DomainOutcome }
  | { kind: 'error'; stop: Stop; why: string; child?: DomainOutcome };

/** The record's result is `result`: the trace says so and the path ends in the record (changed by `extra`). */
export function ended(trace: RecordTrace, result: SpfResult, message: string, extra: Partial<DomainOutcome> = {}): DomainOutcome {
  trace.result = result;
  trace.message = message;
  return { result, trace, path: [{ domain: trace.domain, via: trace.via }], explanation: null, defaultExplanation: null, ...extra };
}

/** The record ended in `stop`'s error. */
export function stopped(trace: RecordTrace, stop: Stop, extra: Partial<DomainOutcome> = {}): DomainOutcome {
  return ended(trace, stop.result, stop.reason, { stop, ...extra });
}

/** The path step of a term of the record: the term that led on or decided. */
export function termStep(trace: RecordTrace, term: { text: string; start: number; end: number }): PathStep {
  return { domain: trace.domain, via: trace.via, term: term.text, start: term.start, end: term.end };
}

/**
 * The state of one pass of the engine over a check: the counts RFC 7208 section 4.6.4 limits (per check, not per
 * record), the validated names, the DNS errors met. The prefetch planner (`planning`) makes passes of its own.
 */
export class CheckState {
  lookups = 0;
  voids = 0;
  dnsErrors: string[] = [];
  validated: string[] | null | undefined;
  /** the root record's trace as soon as it exists, so an aborted check still reports what it saw */
  rootTrace: RecordTrace | null = null;
  /** planner only: how an unknown answer was assumed, so one (name, type) gets one story */
  assumed = new Map<string, 'void' | 'answer'>();
  readonly client: ClientIp;
  constructor(
    readonly input: CheckHostInput,
    readonly planning: boolean,
    readonly receiver: string,
    readonly timestamp: number,
    client: ClientIp,
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
