/**
 * The engine's view of DNS: the engine is a generator that yields each query and is handed the answer back,
 * or UNKNOWN when the prefetch planner runs it before the answer has arrived.
 */
import type { DnsRecord, DnsResult } from '../dns/types';
import { isTemporary } from '../dns/types';
import { recordText } from '../dns/record';
import type { Query } from './book';
import type { QueryTrace } from './types';

/** Fed to the engine by the prefetch planner for an answer that has not arrived yet. */
export const UNKNOWN = Symbol('unknown');
export type RecordOf<T extends DnsRecord['type']> = DnsRecord & { type: T };
export type Answer = DnsResult | typeof UNKNOWN;
/** A stage of the engine: yields queries, is handed their answers, returns T. */
export type Querying<T> = Generator<Query, T, Answer>;

/** The query and its answer as the trace shows them; null for an answer not known yet. */
export function queryTrace(query: Query, answer: Answer): QueryTrace | null {
  if (answer === UNKNOWN) return null;
  if (answer.ok) {
    const records = answer.records.filter((r) => r.type === query.type);
    if (records.length === 0) return { name: query.name, type: query.type, outcome: 'nodata', records: [], ttl: answer.ttl };
    return { name: query.name, type: query.type, outcome: 'answer', records: records.map(recordText), ttl: answer.ttl };
  }
  return { name: query.name, type: query.type, outcome: answer.kind, records: [], ttl: answer.ttl ?? null, message: answer.message };
}

/** The records of the asked type, or a void (NXDOMAIN / no data) or temporary error. */
export type Looked<R> = { kind: 'records'; records: R[] } | { kind: 'void'; why: string } | { kind: 'error'; why: string } | { kind: 'unknown' };

export function classify<T extends DnsRecord['type']>(answer: Answer, type: T): Looked<RecordOf<T>> {
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
