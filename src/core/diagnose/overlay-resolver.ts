import type { DnsResult, Resolver, RRType } from '../dns/types';
import { normaliseName } from '../dns/name';
import { isSpfRecord } from '../spf/parse';
import { toCharacterStrings } from './record-edit';

/**
 * A resolver that answers today's DNS except that `name`'s SPF record is `record`: the other TXT records of
 * the name are kept. This is how a proposed fix is verified with the same engine over real answers.
 */
export class OverlayResolver implements Resolver {
  private readonly name: string;

  constructor(
    private readonly inner: Resolver,
    name: string,
    private readonly record: string,
    private readonly ttl = 300,
  ) {
    this.name = normaliseName(name);
  }

  async lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    const key = normaliseName(name);
    if (key !== this.name || type !== 'TXT') return this.inner.lookup(name, type, signal);
    const today = await this.inner.lookup(name, type, signal);
    if (!today.ok && (today.kind === 'servfail' || today.kind === 'timeout' || today.kind === 'unreachable' || today.kind === 'bad-response')) {
      return today;
    }
    const kept = today.ok ? today.records.filter((r) => r.type !== 'TXT' || !isSpfRecord(r.text)) : [];
    const strings = toCharacterStrings(this.record);
    return {
      ok: true,
      name: key,
      type,
      records: [...kept, { type: 'TXT', strings, text: this.record, ttl: this.ttl }],
      ttl: this.ttl,
    };
  }
}
