/** The trace's records and terms as the engine starts them, and the costs summed once it is done. */
import type { RecordTrace, Term, TermTrace } from './types';

export function newRecordTrace(domain: string, via: RecordTrace['via'], message = ''): RecordTrace {
  return { domain, via, record: null, ttl: null, result: 'none', queries: [], terms: [], errors: [], message, cost: 0, beyondLimit: false };
}

/** The trace of a check that made no lookup. */
export function emptyTrace(domain: string, message: string): RecordTrace {
  return newRecordTrace(domain, 'root', message);
}

export function newTermTrace(term: Term, outcome: TermTrace['outcome'], why: string): TermTrace {
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

/** Each term's cost: its own lookups and everything below it (RFC 7208 section 4.6.4); the record's is their sum. */
export function sumCosts(trace: RecordTrace): number {
  let total = 0;
  for (const term of trace.terms) {
    term.cost = term.lookups + (term.child ? sumCosts(term.child) : 0);
    total += term.cost;
  }
  trace.cost = total;
  return total;
}
