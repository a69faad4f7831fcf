import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns/doh';
import type { DnsResult } from '../../src/core/dns/types';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

/** for the tests about timeouts; the rest use a budget no loaded machine should hit */
const TIMEOUT = 300;
const GENEROUS = 10_000;

const zone: ZoneData = {
  'example.com': [
    { TXT: 'v=spf1 ip4:192.0.2.0/24 -all' },
    { TXT: 'google-site-verification=abc' },
    { MX: [10, 'mx1.example.com'] },
    { MX: [20, 'MX2.Example.com.'] },
    { A: '192.0.2.10' },
    { AAAA: '2001:DB8:0:0:0:0:0:1' },
    { SOA: ['ns1.example.com', 600], ttl: 3600 },
  ],
  'split.example.com': [{ TXT: ['v=spf1 ip4:192.0.2.1 ', 'ip4:192.0.2.2 -all'], ttl: 120 }],
  'quotes.example.com': [{ TXT: 'v=spf1 exp="explain" \\ -all\u0001' }],
  'xn--bcher-kva.example.com': [{ TXT: 'v=spf1 -all' }],
  '10.2.0.192.in-addr.arpa': [{ PTR: 'mail.example.com' }],
  'alias.example.com': [{ CNAME: 'hop.example.com', ttl: 60 }],
  'hop.example.com': [{ CNAME: 'example.com.' }],
  'dangling.example.com': [{ CNAME: 'gone.example.com' }],
  'loop-a.example.com': [{ CNAME: 'loop-b.example.com' }],
  'loop-b.example.com': [{ CNAME: 'loop-a.example.com' }],
  'slow.example.com': [{ A: '192.0.2.3' }, 'TIMEOUT'],
};
// a chain of ten CNAMEs: c0 -> c1 -> ... -> c10 (which has the TXT)
for (let i = 0; i < 10; i++) zone[`c${i}.example.com`] = [{ CNAME: `c${i + 1}.example.com` }];
zone['c10.example.com'] = [{ TXT: 'v=spf1 -all' }];

let server: DohServer;
let both: DohResolver;
let quick: DohResolver;

function expectOk(result: DnsResult): Extract<DnsResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected an answer, got ${result.kind}: ${result.message}`);
  return result;
}

function expectFailure(result: DnsResult): Extract<DnsResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.records)}`);
  return result;
}

beforeAll(async () => {
  server = await startDohServer({ zone, ad: { cloudflare: true } });
  // the first fetch of a process sets up its HTTP stack; keep that out of the tests with short budgets
  await fetch(`${server.googleUrl}?name=example.com&type=A`);
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFaults([]);
  server.setLatency(0);
  server.setTxtShapes({});
  server.setZone(zone);
  server.resetLog();
  both = new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: GENEROUS, maxRetryAfterMs: 1500 });
  quick = new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: TIMEOUT });
});

describe('DohResolver answers', () => {
  it('reads TXT records with TTL, endpoint and AD', async () => {
    const result = expectOk(await both.lookup('Example.COM.', 'TXT'));
    expect(result).toMatchObject({ name: 'example.com', type: 'TXT', ttl: 300, ad: true, endpoint: server.cloudflareUrl });
    expect(result.records.map((r) => r.type === 'TXT' && r.text).sort()).toEqual(['google-site-verification=abc', 'v=spf1 ip4:192.0.2.0/24 -all']);
  });

  it('sends exactly the DNS JSON Accept header, and the ECS opt-out to Google only', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push({ url: String(input), init });
      return fetch(input, init);
    };
    server.setFaults([{ kind: 'http-500', path: 'cloudflare' }]);
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: GENEROUS, fetch: recording });
    expectOk(await resolver.lookup('example.com', 'A'));
    expect(seen.map((s) => new URL(s.url).searchParams.get('edns_client_subnet'))).toEqual([null, '0.0.0.0/0']);
    expect(seen.map((s) => [s.init?.headers, s.init?.credentials])).toEqual([
      [{ Accept: 'application/dns-json' }, 'omit'],
      [{ Accept: 'application/dns-json' }, 'omit'],
    ]);
  });

  it('joins multi-string TXT records in every shape: quoted, without space, Google joined', async () => {
    for (const shapes of [{ cloudflare: 'quoted' }, { cloudflare: 'quoted-nospace' }] as const) {
      server.setTxtShapes(shapes);
      const result = expectOk(await new DohResolver({ endpoints: [server.cloudflareUrl] }).lookup('split.example.com', 'TXT'));
      expect(result.records).toEqual([{ type: 'TXT', strings: ['v=spf1 ip4:192.0.2.1 ', 'ip4:192.0.2.2 -all'], text: 'v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all', ttl: 120 }]);
    }
    for (const google of ['joined', 'quoted', 'auto'] as const) {
      server.setTxtShapes({ google });
      const result = expectOk(await new DohResolver({ endpoints: [server.googleUrl] }).lookup('split.example.com', 'TXT'));
      expect(result.records.map((r) => r.type === 'TXT' && r.text)).toEqual(['v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 -all']);
    }
  });

  it('decodes escaped quotes, backslashes and \\DDD bytes in both styles', async () => {
    for (const endpoint of [server.cloudflareUrl, server.googleUrl]) {
      const result = expectOk(await new DohResolver({ endpoints: [endpoint] }).lookup('quotes.example.com', 'TXT'));
      expect(result.records.map((r) => r.type === 'TXT' && r.text)).toEqual(['v=spf1 exp="explain" \\ -all\u0001']);
    }
  });

  it('reads MX, A, AAAA, PTR and normalises names', async () => {
    const mx = expectOk(await both.lookup('example.com', 'MX'));
    expect(mx.records.map((r) => r.type === 'MX' && [r.preference, r.exchange])).toEqual([
      [10, 'mx1.example.com'],
      [20, 'mx2.example.com'],
    ]);
    expect(expectOk(await both.lookup('example.com', 'A')).records).toEqual([{ type: 'A', address: '192.0.2.10', ttl: 300 }]);
    expect(expectOk(await both.lookup('example.com', 'AAAA')).records).toEqual([{ type: 'AAAA', address: '2001:db8::1', ttl: 300 }]);
    expect(expectOk(await both.lookup('10.2.0.192.in-addr.arpa', 'PTR')).records).toEqual([{ type: 'PTR', target: 'mail.example.com', ttl: 300 }]);
  });

  it('sends internationalised names as punycode', async () => {
    const result = expectOk(await both.lookup('Bücher.example.com', 'TXT'));
    expect(result.name).toBe('xn--bcher-kva.example.com');
    expect(server.queries[0]?.name).toBe('xn--bcher-kva.example.com');
  });

  it('treats NXDOMAIN and NODATA as answers with the SOA minimum as TTL', async () => {
    const nx = expectFailure(await both.lookup('missing.example.com', 'TXT'));
    expect(nx).toMatchObject({ kind: 'nxdomain', ttl: 600, endpoint: server.cloudflareUrl });
    expect(nx.message).toContain('missing.example.com does not exist (NXDOMAIN)');
    const nodata = expectFailure(await both.lookup('split.example.com', 'MX'));
    expect(nodata).toMatchObject({ kind: 'nodata', ttl: 600 });
    expect(server.queries).toHaveLength(2);
  });

  it('follows a CNAME chain and keeps the smallest TTL of the chain', async () => {
    const result = expectOk(await both.lookup('alias.example.com', 'TXT'));
    expect(result.ttl).toBe(60);
    expect(result.records).toHaveLength(2);
    const dangling = expectFailure(await both.lookup('dangling.example.com', 'TXT'));
    expect(dangling.kind).toBe('nxdomain');
    expect(dangling.message).toContain('gone.example.com does not exist');
  });

  it('ends a CNAME loop and an overlong chain in a servfail error', async () => {
    const loop = expectFailure(await both.lookup('loop-a.example.com', 'TXT'));
    expect(loop.kind).toBe('servfail');
    expect(loop.message).toContain('CNAME loop');
    const long = expectFailure(await both.lookup('c0.example.com', 'TXT'));
    expect(long.kind).toBe('servfail');
    expect(long.message).toContain('CNAME chain longer than 8');
    expect(expectOk(await both.lookup('c2.example.com', 'TXT')).records).toHaveLength(1);
  });

  it('accepts a 64 KB answer and refuses a body over the size cap', async () => {
    server.setFaults([{ kind: 'big' }]);
    const big = expectOk(await both.lookup('example.com', 'TXT'));
    expect(big.records[0]?.type === 'TXT' && big.records[0].text.length).toBe(256 * 255);
    const capped = expectFailure(await new DohResolver({ endpoints: [server.cloudflareUrl], maxBodyBytes: 16 * 1024 }).lookup('example.com', 'TXT'));
    expect(capped.kind).toBe('bad-response');
    expect(capped.failures?.[0]?.what).toContain('response larger than 16 KiB');
  });

  it('reads a body that arrives a few bytes at a time', async () => {
    server.setFaults([{ kind: 'drip', delayMs: 2 }]);
    expect(expectOk(await both.lookup('example.com', 'A')).endpoint).toBe(server.cloudflareUrl);
  });
});

describe('DohResolver fallback', () => {
  it('falls back after a hang that ends in a timeout, within the budget', async () => {
    server.setFaults([{ kind: 'hang', path: 'cloudflare' }]);
    const result = expectOk(await quick.lookup('example.com', 'A'));
    expect(result.endpoint).toBe(server.googleUrl);
    expect(server.queries.map((q) => q.path)).toEqual(['/dns-query', '/resolve']);
  });

  it('answers from the first endpoint when it is slow but inside the timeout', async () => {
    server.setFaults([{ kind: 'delay', delayMs: 50, path: 'cloudflare' }]);
    expect(expectOk(await both.lookup('example.com', 'A')).endpoint).toBe(server.cloudflareUrl);
  });

  it('says what each endpoint did when all fail', async () => {
    server.setFaults([
      { kind: 'http-500', path: 'cloudflare' },
      { kind: 'hang', path: 'google' },
    ]);
    const result = expectFailure(await quick.lookup('example.com', 'TXT'));
    expect(result.kind).toBe('timeout');
    expect(result.failures?.map((f) => f.what)).toEqual([
      `127.0.0.1:${server.port}/dns-query: HTTP 500`,
      `127.0.0.1:${server.port}/resolve: timeout after ${TIMEOUT} ms`,
    ]);
    expect(result.message).toContain('failed at every DNS-over-HTTPS endpoint');
  });

  it.each([
    ['html', 'not the DNS JSON API (text/html)'],
    ['truncated-json', 'not the DNS JSON API (application/dns-json, truncated or invalid JSON)'],
    ['wrong-types', 'not the DNS JSON API (Answer[0].type is not a number)'],
    ['servfail', 'Status 2 SERVFAIL (EDE(22): No Reachable Authority (injected fault))'],
  ] as const)('moves on after %s', async (kind, what) => {
    server.setFaults([{ kind, path: 'cloudflare' }]);
    expect(expectOk(await both.lookup('example.com', 'A')).endpoint).toBe(server.googleUrl);
    server.setFaults([{ kind }]);
    const failed = expectFailure(await both.lookup('example.com', 'A'));
    expect(failed.failures?.[0]?.what).toBe(`127.0.0.1:${server.port}/dns-query: ${what}`);
    expect(failed.kind).toBe(kind === 'servfail' ? 'servfail' : 'bad-response');
  });

  it("puts Google's SERVFAIL comment into the message", async () => {
    server.setFaults([{ kind: 'servfail' }]);
    const failed = expectFailure(await both.lookup('example.com', 'A'));
    expect(failed.message).toContain('/resolve: Status 2 SERVFAIL (injected fault.)');
  });

  it('treats a zone TIMEOUT answered as SERVFAIL as a temporary error', async () => {
    const servfailing = await startDohServer({ zone, timeoutBehaviour: 'servfail' });
    try {
      const resolver = new DohResolver({ endpoints: [servfailing.cloudflareUrl], timeoutMs: GENEROUS });
      expect(expectFailure(await resolver.lookup('slow.example.com', 'TXT')).kind).toBe('servfail');
      expect(expectOk(await resolver.lookup('slow.example.com', 'A')).records).toHaveLength(1);
    } finally {
      await servfailing.close();
    }
  });

  it('waits out a short Retry-After when every endpoint is rate limited', async () => {
    server.setFaults([{ kind: 'http-429', retryAfter: 1, path: 'cloudflare', times: 1 }, { kind: 'http-500', path: 'google' }]);
    const result = expectOk(await both.lookup('example.com', 'A'));
    expect(result.endpoint).toBe(server.cloudflareUrl);
    expect(server.queries.map((q) => q.path)).toEqual(['/dns-query', '/resolve', '/dns-query']);
    const [first, , retried] = server.queries;
    expect((retried?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('does not wait for a Retry-After beyond the budget, and skips the endpoint while it cools down', async () => {
    server.setFaults([{ kind: 'http-429', retryAfter: 60, path: 'cloudflare' }]);
    expect(expectOk(await both.lookup('example.com', 'A')).endpoint).toBe(server.googleUrl);
    expect(expectOk(await both.lookup('example.com', 'MX')).endpoint).toBe(server.googleUrl);
    expect(server.queries.map((q) => q.path)).toEqual(['/dns-query', '/resolve', '/resolve']);
    server.setFaults([{ kind: 'http-500', path: 'google' }]);
    const failed = expectFailure(await both.lookup('example.com', 'TXT'));
    expect(failed.failures?.map((f) => f.what)).toEqual([
      `127.0.0.1:${server.port}/resolve: HTTP 500`,
      expect.stringMatching(/\/dns-query: rate limited \(HTTP 429\), retry after (59|60) s$/),
    ]);
  });

  it('counts the body in the timeout: a drip slower than the budget times out', async () => {
    server.setFaults([{ kind: 'drip', delayMs: 100, path: 'cloudflare' }]);
    const result = expectOk(await quick.lookup('example.com', 'TXT'));
    expect(result.endpoint).toBe(server.googleUrl);
    server.setFaults([{ kind: 'drip', delayMs: 100 }]);
    const failed = expectFailure(await quick.lookup('example.com', 'TXT'));
    expect(failed.kind).toBe('timeout');
    expect(failed.failures?.map((f) => f.what.replace(/^.*: /, ''))).toEqual([`timeout after ${TIMEOUT} ms`, `timeout after ${TIMEOUT} ms`]);
  });

  it('refuses to query a plain-http endpoint off loopback, without fetching', async () => {
    let fetched = 0;
    const counting: typeof fetch = (input, init) => {
      fetched++;
      return fetch(input, init);
    };
    const resolver = new DohResolver({ endpoints: ['http://dns.example.net/dns-query', server.googleUrl], timeoutMs: GENEROUS, fetch: counting });
    expect(expectOk(await resolver.lookup('example.com', 'A')).endpoint).toBe(server.googleUrl);
    expect(fetched).toBe(1);
    const alone = expectFailure(await new DohResolver({ endpoints: ['http://dns.example.net/dns-query'], fetch: counting }).lookup('example.com', 'A'));
    expect(alone.failures?.[0]?.what).toContain('refused endpoint');
    expect(fetched).toBe(1);
  });

  it('reports an unreachable endpoint and moves on', async () => {
    const closed = await startDohServer({ zone });
    const deadUrl = closed.cloudflareUrl;
    await closed.close();
    const resolver = new DohResolver({ endpoints: [deadUrl, server.googleUrl], timeoutMs: GENEROUS });
    const result = expectOk(await resolver.lookup('example.com', 'A'));
    expect(result.endpoint).toBe(server.googleUrl);
    const alone = expectFailure(await new DohResolver({ endpoints: [deadUrl], timeoutMs: GENEROUS }).lookup('example.com', 'A'));
    expect(alone.kind).toBe('unreachable');
    expect(alone.failures?.[0]?.what).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  it('cancels the fetch when the caller aborts, without throwing', async () => {
    server.setFaults([{ kind: 'hang' }]);
    const controller = new AbortController();
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: 10_000 });
    const pending = resolver.lookup('example.com', 'A', controller.signal);
    setTimeout(() => controller.abort(), 30);
    const result = expectFailure(await pending);
    expect(result).toMatchObject({ kind: 'timeout', message: 'lookup cancelled by the caller' });
    expect(server.queries.map((q) => q.path)).toEqual(['/dns-query']);
  });
});
