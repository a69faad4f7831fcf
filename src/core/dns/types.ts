/**
 * The one door through which the core sees DNS. The SPF engine, the diagnosis and the front ends
 * depend only on this interface; `doh.ts` implements it over DNS-over-HTTPS JSON APIs and the tests
 * swap in whatever they like (in the spirit of albertito/spf's resolver interface).
 */

/** The record types the core asks for. `SPF` (type 99) is only ever asked by lint (RFC 7208 section 3.1). */
export type RRType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR' | 'CNAME' | 'SOA' | 'SPF';

/** One resource record of the asked type, with its TTL in seconds. Names are lower case, without trailing dot. */
export type DnsRecord =
  | { type: 'A' | 'AAAA'; address: string; ttl: number }
  | { type: 'MX'; preference: number; exchange: string; ttl: number }
  /** `strings` are the record's character-strings; `text` is them joined without separator (RFC 7208 section 3.3). */
  | { type: 'TXT' | 'SPF'; strings: string[]; text: string; ttl: number }
  | { type: 'PTR' | 'CNAME'; target: string; ttl: number }
  | { type: 'SOA'; mname: string; minimum: number; ttl: number };

/** Why a lookup gave no usable answer. `nxdomain` and `nodata` are answers; the rest are temporary errors. */
export type DnsErrorKind = 'nxdomain' | 'nodata' | 'servfail' | 'timeout' | 'unreachable' | 'bad-response';

/** What one endpoint did when it failed (for `dnsErrors` in the CLI and the diagnosis). */
export interface EndpointFailure {
  endpoint: string;
  /** one line: "HTTP 500", "timeout after 3000 ms", "not JSON", "Status 2 (SERVFAIL): <Comment>" ... */
  what: string;
}

export type DnsResult =
  | {
      ok: true;
      name: string;
      type: RRType;
      records: DnsRecord[];
      /** the smallest TTL of the answer (seconds) */
      ttl: number;
      /** DNSSEC authenticated data flag as the resolver reported it */
      ad?: boolean;
      /** the endpoint that answered */
      endpoint?: string;
    }
  | {
      ok: false;
      name: string;
      type: RRType;
      kind: DnsErrorKind;
      /** a sentence that says what happened, naming endpoints and codes */
      message: string;
      /** negative-caching TTL when known (SOA minimum) */
      ttl?: number;
      failures?: EndpointFailure[];
      endpoint?: string;
    };

export interface Resolver {
  /**
   * Looks up `name`/`type`. Never throws for DNS trouble: every failure is a `DnsResult` with `ok: false`.
   * `signal` aborts the query (the result is then a `timeout` error or the promise rejects with an AbortError).
   */
  lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult>;
  /**
   * Optional: the answer when it can be given at once without a query (a cache hit), else undefined.
   * Lets the SPF engine plan on cached answers synchronously, so a re-check sends nothing it does not need.
   */
  cached?(name: string, type: RRType): DnsResult | undefined;
}

/** True for the kinds that are temporary errors (RFC 7208 section 2.6.6 temperror), as opposed to answers. */
export function isTemporary(kind: DnsErrorKind): boolean {
  return kind !== 'nxdomain' && kind !== 'nodata';
}
