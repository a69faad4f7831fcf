/**
 * An in-memory Resolver over suite-format zone data (see zone.ts), with the same semantics as the local
 * DoH server: unknown name -> nxdomain, known name without the type -> nodata, TIMEOUT -> timeout, CNAMEs
 * followed. For property tests and fast unit tests; the conformance suite also runs over real DoH.
 */
import type { DnsRecord, DnsResult, Resolver, RRType } from '../../src/core/dns/types';
import { lookupZone, normaliseName, typeName } from './zone';
import type { ZoneAnswer, ZoneData } from './zone';

function toRecord(answer: ZoneAnswer): DnsRecord | null {
  const type = typeName(answer.type);
  const ttl = answer.TTL;
  switch (type) {
    case 'A':
    case 'AAAA':
      return { type, address: answer.data, ttl };
    case 'MX': {
      const [preference, exchange] = answer.data.split(' ');
      return { type, preference: Number(preference), exchange: normaliseName(exchange ?? ''), ttl };
    }
    case 'TXT':
    case 'SPF': {
      const strings = answer.strings ?? [answer.data];
      return { type, strings, text: strings.join(''), ttl };
    }
    case 'PTR':
    case 'CNAME':
      return { type, target: normaliseName(answer.data), ttl };
    default:
      return null;
  }
}

export class ZoneResolver implements Resolver {
  /** every lookup asked, in order ("TXT example.com") */
  readonly log: string[] = [];

  constructor(
    public zone: ZoneData,
    /** latencyMs: a fixed delay, or a function giving each lookup its own (to shuffle the order answers arrive in) */
    private readonly opts: { latencyMs?: number | (() => number) } = {},
  ) {}

  async lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    this.log.push(`${type} ${normaliseName(name)}`);
    const delay = typeof this.opts.latencyMs === 'function' ? this.opts.latencyMs() : this.opts.latencyMs;
    if (delay) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const found = lookupZone(this.zone, name, type);
    const base = { name: normaliseName(name), type };
    if (found.status === 'timeout') return { ...base, ok: false, kind: 'timeout', message: `timeout: ${type} ${name} (zone TIMEOUT)` };
    if (found.status === 'nxdomain') return { ...base, ok: false, kind: 'nxdomain', message: `${name} does not exist` };
    if (found.status === 'nodata') return { ...base, ok: false, kind: 'nodata', message: `${name} has no ${type} records` };
    const records = found.answers.map(toRecord).filter((r): r is DnsRecord => r !== null && r.type === type);
    if (records.length === 0) return { ...base, ok: false, kind: 'nodata', message: `${name} has no ${type} records (CNAME chain only)` };
    return { ...base, ok: true, records, ttl: Math.min(...records.map((r) => r.ttl)) };
  }
}
