import type { DnsResult, Resolver, RRType } from '../dns/types';

export interface Query {
  name: string;
  type: RRType;
}

export function queryKey(query: Query): string {
  return `${query.type} ${query.name}`;
}

/** Thrown out of `request` when the whole check was aborted (time budget or the caller's signal). */
export class CheckAborted extends Error {
  override name = 'CheckAborted';
}

interface Entry {
  query: Query;
  controller: AbortController;
  promise: Promise<DnsResult>;
  result?: DnsResult;
  /** the evaluator itself asked for it: never cancelled */
  claimed: boolean;
  /** cancelled before it settled; asked again it is sent again */
  cancelled: boolean;
}

/**
 * The queries of one check: each (name, type) is sent at most once while it is wanted, whether the
 * evaluator asks for it or the prefetch planner does. The evaluator's answers are the same either way;
 * only the moment the query leaves changes.
 */
export class QueryBook {
  private readonly entries = new Map<string, Entry>();
  /** the evaluator's requests still waiting: rejected when the check is aborted */
  private readonly waiting = new Set<(error: CheckAborted) => void>();
  /** lookups handed to the resolver */
  sent = 0;

  constructor(
    private readonly resolver: Resolver,
    private readonly signal: AbortSignal,
    private readonly onSettled: () => void = () => {},
  ) {
    // one listener for the whole check, not one per query: a wide tree would otherwise pile them on one signal
    signal.addEventListener(
      'abort',
      () => {
        for (const entry of this.entries.values()) if (entry.result === undefined) entry.controller.abort();
        const aborted = new CheckAborted('the check was aborted');
        for (const reject of this.waiting) reject(aborted);
        this.waiting.clear();
      },
      { once: true },
    );
  }

  /** The answer when it has arrived (and was not cancelled). */
  peek(query: Query): DnsResult | undefined {
    const entry = this.entries.get(queryKey(query));
    return entry && !entry.cancelled ? entry.result : undefined;
  }

  has(query: Query): boolean {
    const entry = this.entries.get(queryKey(query));
    return entry !== undefined && !entry.cancelled;
  }

  /** Sends the query unless it is already on its way. */
  ensure(query: Query): void {
    this.entry(query);
  }

  private entry(query: Query): Entry {
    const key = queryKey(query);
    const existing = this.entries.get(key);
    if (existing && !existing.cancelled) return existing;
    const controller = new AbortController();
    this.sent++;
    const cached = this.cachedAnswer(query);
    if (cached) {
      // a cache hit is known at once: the planner reads it in the same pass and prefetches nothing beyond it
      const known: Entry = { query, controller, claimed: false, cancelled: false, result: cached, promise: Promise.resolve(cached) };
      this.entries.set(key, known);
      return known;
    }
    if (this.signal.aborted) controller.abort();
    const entry: Entry = { query, controller, claimed: false, cancelled: false, promise: Promise.resolve(undefined as never) };
    entry.promise = this.lookup(query, controller.signal).then((result) => {
      if (!entry.cancelled) {
        entry.result = result;
        this.onSettled();
      }
      return result;
    });
    this.entries.set(key, entry);
    return entry;
  }

  private cachedAnswer(query: Query): DnsResult | undefined {
    try {
      return this.resolver.cached?.(query.name, query.type);
    } catch {
      // a cache that fails is asked again through lookup, which never throws out of the book
      return undefined;
    }
  }

  private async lookup(query: Query, signal: AbortSignal): Promise<DnsResult> {
    try {
      return await this.resolver.lookup(query.name, query.type, signal);
    } catch (error) {
      // the Resolver contract says it does not throw for DNS trouble; an abort or a bug still must not escape
      const aborted = signal.aborted;
      return {
        ok: false,
        name: query.name,
        type: query.type,
        kind: aborted ? 'timeout' : 'bad-response',
        message: aborted ? `the lookup of ${query.type} ${query.name} was cancelled` : `the resolver failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  /** The evaluator's own request: sent now if not already, and never cancelled afterwards. */
  request(query: Query): Promise<DnsResult> {
    if (this.signal.aborted) return Promise.reject(new CheckAborted('the check was aborted'));
    const entry = this.entry(query);
    entry.claimed = true;
    return new Promise<DnsResult>((resolve, reject) => {
      this.waiting.add(reject);
      entry.promise.then((result) => {
        this.waiting.delete(reject);
        resolve(result);
      }, reject);
    });
  }

  /** Cancels every prefetch still in flight that is not in `keep` (RFC-equivalent results need none of them). */
  cancelExcept(keep: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) {
      if (entry.claimed || entry.cancelled || entry.result !== undefined || keep.has(key)) continue;
      entry.cancelled = true;
      entry.controller.abort();
    }
  }

  /** Cancels everything still in flight (the check is over). */
  cancelAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.result === undefined && !entry.cancelled) {
        entry.cancelled = true;
        entry.controller.abort();
      }
    }
  }

  answers(): DnsResult[] {
    return [...this.entries.values()].flatMap((entry) => (entry.result ? [entry.result] : []));
  }
}
