/**
 * A TTL cache in front of any Resolver, kept by the background worker so it outlives a popup.
 * Identical queries in flight share one upstream query. Positive answers live their TTL, negative ones
 * their SOA-derived TTL (RFC 2308 section 5); temporary errors are not cached (RFC 2308 section 7 allows
 * at most five minutes, and a retry is what the user wants after a blip).
 */
import { normaliseName } from './name';
import type { DnsResult, Resolver, RRType } from './types';

export interface CacheOptions {
  /** clock in milliseconds (default Date.now) */
  now?: () => number;
  /** seconds; shorter TTLs are raised to this (default 30) */
  minTtl?: number;
  /** seconds; longer TTLs are lowered to this (default 86400) */
  maxTtl?: number;
  /** the oldest entries go first beyond this many (default 5000) */
  maxEntries?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** lookups that joined a query already in flight (counted as hits too) */
  shared: number;
  entries: number;
}

interface Entry {
  result: DnsResult;
  storedAt: number;
  expiresAt: number;
}

interface InFlight {
  promise: Promise<DnsResult>;
  controller: AbortController;
  waiters: number;
}

export const DEFAULT_MIN_TTL = 30;
export const DEFAULT_MAX_TTL = 86_400;

function cancelled(name: string, type: RRType): DnsResult {
  return { ok: false, name, type, kind: 'timeout', message: 'lookup cancelled by the caller' };
}

export class CachingResolver implements Resolver {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly now: () => number;
  private readonly minTtl: number;
  private readonly maxTtl: number;
  private readonly maxEntries: number;
  private counts = { hits: 0, misses: 0, shared: 0 };

  constructor(
    private readonly inner: Resolver,
    opts: CacheOptions = {},
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.minTtl = opts.minTtl ?? DEFAULT_MIN_TTL;
    this.maxTtl = Math.max(opts.maxTtl ?? DEFAULT_MAX_TTL, this.minTtl);
    this.maxEntries = opts.maxEntries ?? 5000;
  }

  get stats(): CacheStats {
    return { ...this.counts, entries: this.entries.size };
  }

  /** Forgets every answer and zeroes the statistics; queries in flight still complete. */
  clear(): void {
    this.entries.clear();
    this.counts = { hits: 0, misses: 0, shared: 0 };
  }

  /** A live cache entry, counted as a hit; undefined (and nothing asked upstream) otherwise. */
  cached(name: string, type: RRType): DnsResult | undefined {
    const entry = this.entries.get(`${type} ${normaliseName(name)}`);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    this.counts.hits++;
    return this.aged(entry);
  }

  async lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    const qname = normaliseName(name);
    const key = `${type} ${qname}`;
    if (signal?.aborted) return cancelled(qname, type);

    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) {
      this.counts.hits++;
      return this.aged(entry);
    }
    if (entry) this.entries.delete(key);

    let flight = this.inFlight.get(key);
    if (flight?.controller.signal.aborted) flight = undefined;
    if (flight) {
      this.counts.hits++;
      this.counts.shared++;
    } else {
      this.counts.misses++;
      flight = this.start(key, qname, type);
    }
    return this.wait(flight, qname, type, signal);
  }

  private start(key: string, name: string, type: RRType): InFlight {
    const controller = new AbortController();
    const promise = this.inner
      .lookup(name, type, controller.signal)
      .catch((error: unknown): DnsResult => {
        // the Resolver contract allows an AbortError; anything else is a bug upstream, still not thrown at callers
        const reason = error instanceof Error ? error.message : String(error);
        return controller.signal.aborted ? cancelled(name, type) : { ok: false, name, type, kind: 'servfail', message: `resolver error: ${reason}` };
      })
      .then((result) => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
        if (!controller.signal.aborted) this.store(key, result);
        return result;
      });
    const flight: InFlight = { promise, controller, waiters: 0 };
    this.inFlight.set(key, flight);
    return flight;
  }

  /** One caller's wait; the shared query is cancelled only when every caller has given up. */
  private wait(flight: InFlight, name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<DnsResult>((resolve) => {
      const onAbort = (): void => {
        flight.waiters--;
        if (flight.waiters === 0) flight.controller.abort();
        resolve(cancelled(name, type));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void flight.promise.then((result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      });
    });
  }

  private store(key: string, result: DnsResult): void {
    let ttl: number | undefined;
    if (result.ok) ttl = result.ttl;
    // RFC 2308 section 5: negative answers without an SOA are not cached
    else if (result.kind === 'nxdomain' || result.kind === 'nodata') ttl = result.ttl;
    if (ttl === undefined) return;
    const seconds = Math.min(Math.max(ttl, this.minTtl), this.maxTtl);
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, { result, storedAt: now, expiresAt: now + seconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The cached result with its TTL counted down, as a caching resolver reports it. */
  private aged(entry: Entry): DnsResult {
    const remaining = Math.max(0, Math.ceil((entry.expiresAt - this.now()) / 1000));
    if (entry.result.ok) return { ...entry.result, ttl: Math.min(entry.result.ttl, remaining) };
    return entry.result.ttl === undefined ? entry.result : { ...entry.result, ttl: Math.min(entry.result.ttl, remaining) };
  }
}
