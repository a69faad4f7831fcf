/**
 * DNS over HTTPS through the JSON APIs of Cloudflare and Google, tried in order. Anything short of a DNS
 * answer (HTTP errors, rate limits, bodies that are not the API, timeouts, SERVFAIL) moves on to the next
 * endpoint; when all fail the result is a temporary error that says what each endpoint did.
 */
import { parseDohJson } from './answer';
import type { DohAnswer } from './answer';
import { DEFAULT_ENDPOINTS, endpointLabel, isGoogleStyle, validateEndpoint } from './endpoint';
import { normaliseName } from './name';
import type { DnsErrorKind, DnsResult, EndpointFailure, Resolver, RRType } from './types';

export { CLOUDFLARE, GOOGLE, DEFAULT_ENDPOINTS, validateEndpoint, isGoogleStyle, endpointLabel } from './endpoint';

export interface DohOptions {
  /** tried in order; default Cloudflare then Google. Validate user input with `validateEndpoint` first. */
  endpoints?: string[];
  /** per query and endpoint, covering headers and body (default 3000) */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** the longest Retry-After (429) worth waiting for once every endpoint has failed (default 1000) */
  maxRetryAfterMs?: number;
  /** a larger body is refused as a bad response (default 256 KiB) */
  maxBodyBytes?: number;
  /** clock in milliseconds, for the 429 cool-down (default Date.now) */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_MAX_RETRY_AFTER_MS = 1000;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

type Attempt =
  | DohAnswer
  | { answered: false; kind: DnsErrorKind; what: string; retryAfterMs?: number; cancelled?: boolean };

const CANCELLED = 'lookup cancelled by the caller';

/** RFC 9110 section 10.2.3: delay-seconds or an HTTP-date. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads at most `limit` bytes; undefined when the body is larger. */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8').decode(whole);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Which kind the whole lookup failed with: a DNS-level SERVFAIL outranks transport trouble. */
function overallKind(kinds: DnsErrorKind[]): DnsErrorKind {
  for (const kind of ['servfail', 'timeout', 'bad-response', 'unreachable'] as const) {
    if (kinds.includes(kind)) return kind;
  }
  return 'unreachable';
}

export class DohResolver implements Resolver {
  readonly endpoints: readonly string[];
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly maxRetryAfterMs: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  /** endpoint -> time (ms) before which it asked us not to come back (429 Retry-After) */
  private readonly coolDown = new Map<string, number>();

  constructor(opts: DohOptions = {}) {
    this.endpoints = opts.endpoints?.length ? [...opts.endpoints] : [...DEFAULT_ENDPOINTS];
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // wrapped: an unbound `fetch` throws "Illegal invocation" in service workers
    const given = opts.fetch;
    this.fetchImpl = given ?? ((input, init) => fetch(input, init));
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.now = opts.now ?? (() => Date.now());
  }

  async lookup(name: string, type: RRType, signal?: AbortSignal): Promise<DnsResult> {
    const qname = normaliseName(name);
    const failures: EndpointFailure[] = [];
    const kinds: DnsErrorKind[] = [];
    const later: { endpoint: string; at: number }[] = [];

    const settle = (endpoint: string, attempt: Attempt): DnsResult | undefined => {
      if (attempt.answered) return { ...attempt.result, endpoint };
      if ('cancelled' in attempt && attempt.cancelled) return { ok: false, name: qname, type, kind: 'timeout', message: CANCELLED, failures };
      failures.push({ endpoint, what: `${endpointLabel(endpoint, this.endpoints)}: ${attempt.what}` });
      kinds.push(attempt.kind);
      if ('retryAfterMs' in attempt && attempt.retryAfterMs !== undefined) {
        const at = this.now() + attempt.retryAfterMs;
        this.coolDown.set(endpoint, at);
        later.push({ endpoint, at });
      }
      return undefined;
    };

    for (const endpoint of this.endpoints) {
      if (signal?.aborted) return { ok: false, name: qname, type, kind: 'timeout', message: CANCELLED, failures };
      const coolUntil = this.coolDown.get(endpoint);
      if (coolUntil !== undefined && coolUntil > this.now()) {
        later.push({ endpoint, at: coolUntil });
        continue;
      }
      this.coolDown.delete(endpoint);
      const result = settle(endpoint, await this.ask(endpoint, qname, type, signal));
      if (result) return result;
    }

    // every endpoint failed: wait for the soonest Retry-After once, if it fits the budget
    const soonest = later.filter((l) => l.at - this.now() <= this.maxRetryAfterMs).sort((a, b) => a.at - b.at)[0];
    if (soonest) {
      await sleep(Math.max(0, soonest.at - this.now()), signal);
      if (signal?.aborted) return { ok: false, name: qname, type, kind: 'timeout', message: CANCELLED, failures };
      this.coolDown.delete(soonest.endpoint);
      const result = settle(soonest.endpoint, await this.ask(soonest.endpoint, qname, type, signal));
      if (result) return result;
    }
    for (const skipped of later) {
      if (failures.some((f) => f.endpoint === skipped.endpoint)) continue;
      const seconds = Math.ceil((skipped.at - this.now()) / 1000);
      failures.push({ endpoint: skipped.endpoint, what: `${endpointLabel(skipped.endpoint, this.endpoints)}: rate limited (HTTP 429), retry after ${seconds} s` });
      kinds.push('unreachable');
    }

    const whatHappened = failures.map((f) => f.what).join('; ');
    return {
      ok: false,
      name: qname,
      type,
      kind: overallKind(kinds),
      message: `${type} lookup of ${qname} failed at every DNS-over-HTTPS endpoint: ${whatHappened || 'no endpoint configured'}`,
      failures,
    };
  }

  /** One query to one endpoint. Never throws. */
  private async ask(endpoint: string, name: string, type: RRType, signal?: AbortSignal): Promise<Attempt> {
    // checked here too, so a tampered setting cannot send queries over plain http
    const checked = validateEndpoint(endpoint);
    if (!checked.ok) return { answered: false, kind: 'unreachable', what: `refused endpoint (${checked.message})` };
    const url = new URL(checked.url);
    url.searchParams.set('name', name);
    url.searchParams.set('type', type);
    // Google's JSON API forwards part of the client address unless told not to
    if (isGoogleStyle(endpoint)) url.searchParams.set('edns_client_subnet', '0.0.0.0/0');

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.fetchImpl(url.href, {
        method: 'GET',
        headers: { Accept: 'application/dns-json' },
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
      if (response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        const wait = retryAfterMs(response.headers.get('retry-after'), this.now());
        const hint = wait !== undefined ? ` (Retry-After ${Math.ceil(wait / 1000)} s)` : '';
        return { answered: false, kind: 'unreachable', what: `HTTP 429${hint}`, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { answered: false, kind: 'bad-response', what: `HTTP ${response.status}` };
      }
      const text = await readCapped(response, this.maxBodyBytes);
      if (text === undefined) return { answered: false, kind: 'bad-response', what: `response larger than ${formatBytes(this.maxBodyBytes)}` };
      return parseDohJson(text, name, type, response.headers.get('content-type') ?? '');
    } catch (error) {
      if (timedOut) return { answered: false, kind: 'timeout', what: `timeout after ${this.timeoutMs} ms` };
      if (signal?.aborted) return { answered: false, kind: 'timeout', what: CANCELLED, cancelled: true };
      // Node's fetch hides the socket error code in `cause`
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
      const code = (cause as (Error & { code?: unknown }) | undefined)?.code;
      const reason = typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : (cause ?? error) instanceof Error ? (cause ?? (error as Error)).message : String(error);
      return { answered: false, kind: 'unreachable', what: `unreachable (${reason})` };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}
