/**
 * Hostile DNS through the real local DoH server and the real DohResolver: every case ends in a stated SPF
 * result, within a time budget that ends in temperror, with the queries the server logged counted against
 * what RFC 7208 section 4.6.4 allows. (test/spf/evaluate.test.ts covers the 30-step redirect chain, the
 * 10 000-character record, the %{s} blow-up and the wide MX set; these are the rest.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CachingResolver, DohResolver } from '../../src/core/dns';
import { checkHost, LOOKUP_LIMIT, SPF_RESULTS } from '../../src/core/spf';
import type { CheckOptions, Evaluation } from '../../src/core/spf';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

let server: DohServer;

beforeAll(async () => {
  server = await startDohServer({ zone: {} });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFaults([]);
  server.setLatency(0);
});

/**
 * Queries one check may send: the root TXT, 10 DNS-querying terms each with at most 1 + 10 (MX or PTR
 * names) queries, %{p} validation (1 + 10), the exp= TXT, and the 20 records fetched beyond the limit to
 * show their cost (RFC 7208 section 4.6.4; evaluate.ts resolveBeyondLimit).
 */
const QUERY_BOUND = 1 + LOOKUP_LIMIT * 11 + 11 + 1 + 20;

async function check(zone: ZoneData, ip: string, opts: Partial<CheckOptions> & { endpoints?: string[]; timeoutMs?: number } = {}): Promise<Evaluation> {
  server.setZone(zone);
  server.resetLog();
  const resolver = new DohResolver({ endpoints: opts.endpoints ?? [server.cloudflareUrl, server.googleUrl], timeoutMs: opts.timeoutMs ?? 2000 });
  const evaluation = await checkHost({ ip, domain: 'example.com', sender: 'alice@example.com', helo: 'mail.example.com' }, { resolver, ...opts });
  expect(SPF_RESULTS).toContain(evaluation.result);
  expect(server.queries.length).toBeLessThanOrEqual(QUERY_BOUND);
  return evaluation;
}

describe('hostile records', () => {
  it('a record with 100 includes stops at lookup 11 and fetches at most 20 more to show their cost', async () => {
    const zone: ZoneData = { 'example.com': [{ TXT: `v=spf1 ${Array.from({ length: 100 }, (_, i) => `include:i${i}.example.net`).join(' ')} -all` }] };
    for (let i = 0; i < 100; i++) zone[`i${i}.example.net`] = [{ TXT: `v=spf1 ip4:198.51.100.${i} -all` }];
    const evaluation = await check(zone, '203.0.113.9');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.lookups.count).toBe(LOOKUP_LIMIT + 1);
    // the root, the 10 evaluated includes, and at most 20 records beyond the limit
    expect(server.queries.length).toBeLessThanOrEqual(1 + LOOKUP_LIMIT + 20);
    expect(new Set(server.queries.map((q) => `${q.type} ${q.name}`)).size).toBe(server.queries.length);
  });

  it('a domain that includes itself ends in permerror after the lookup limit', async () => {
    const evaluation = await check({ 'example.com': [{ TXT: 'v=spf1 include:example.com -all' }] }, '192.0.2.1');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.lookups.count).toBe(LOOKUP_LIMIT + 1);
    // one name, asked once: the book answers the repeats
    expect(server.queries.filter((q) => q.name.replace(/\.$/, '') === 'example.com' && q.type === 'TXT').length).toBe(1);
  });

  it('a redirect loop between two domains ends in permerror', async () => {
    const evaluation = await check(
      { 'example.com': [{ TXT: 'v=spf1 redirect=b.example.net' }], 'b.example.net': [{ TXT: 'v=spf1 redirect=example.com' }] },
      '192.0.2.1',
    );
    expect(evaluation.result).toBe('permerror');
    expect(server.queries.length).toBeLessThanOrEqual(2);
  });

  it('include and redirect mixed ten deep, each level with an mx, stays within the limit and the bound', async () => {
    const zone: ZoneData = {};
    for (let i = 0; i < 12; i++) {
      const name = i === 0 ? 'example.com' : `l${i}.example.net`;
      zone[name] = [{ TXT: i % 2 === 0 ? `v=spf1 mx include:l${i + 1}.example.net -all` : `v=spf1 mx redirect=l${i + 1}.example.net` }];
      zone[name].push(...Array.from({ length: 10 }, (_, m) => ({ MX: [m, `mx${m}.${name}`] as [number, string] })));
    }
    const evaluation = await check(zone, '192.0.2.1');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.reason).toMatch(/over the limit of 10/);
  });

  it('macros that expand past 253 characters query a name cut to the DNS length limits', async () => {
    const long = `${'x'.repeat(63)}.${'y'.repeat(63)}`;
    const evaluation = await check({ 'example.com': [{ TXT: 'v=spf1 exists:%{l}.%{l}.%{l}.%{l}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d} -all' }] }, '192.0.2.1', {});
    expect(SPF_RESULTS).toContain(evaluation.result);
    server.resetLog();
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl] });
    const wide = await checkHost({ ip: '192.0.2.1', domain: 'example.com', sender: `${long}@example.com`, helo: 'h.example.org' }, { resolver });
    expect(wide.result).toBe('fail');
    for (const query of server.queries) {
      const name = query.name.replace(/\.$/, '');
      expect(name.length).toBeLessThanOrEqual(253);
      for (const label of name.split('.')) expect(label.length).toBeLessThanOrEqual(63);
    }
  });

  it('a 64 KB SPF record of 256 character-strings is read and evaluated', async () => {
    const strings: string[] = [];
    let text = 'v=spf1';
    for (let i = 0; text.length < 64_000; i++) text += ` ip4:10.${(i >> 8) & 255}.${i & 255}.0/24`;
    text += ' ip4:203.0.113.77 -all';
    for (let at = 0; at < text.length; at += 255) strings.push(text.slice(at, at + 255));
    const evaluation = await check({ 'example.com': [{ TXT: strings }] }, '203.0.113.77');
    expect(strings.length).toBeGreaterThanOrEqual(250);
    expect(evaluation.result).toBe('pass');
    expect(server.queries.length).toBe(1);
  });

  it('a 64 KB TXT answer that is not SPF gives none', async () => {
    server.setFaults([{ kind: 'big', type: 'TXT', match: 'example.com' }]);
    const evaluation = await check({ 'example.com': [{ TXT: 'v=spf1 -all' }] }, '192.0.2.1');
    expect(evaluation.result).toBe('none');
  });
});

describe('hostile resolvers: bounded time and queries, a stated result', () => {
  const zone: ZoneData = {
    'example.com': [{ TXT: 'v=spf1 a include:_spf.example.net -all' }, { A: '192.0.2.10' }],
    '_spf.example.net': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
  };

  it('answers that drip a few bytes at a time end in temperror within the budget', async () => {
    server.setFaults([{ kind: 'drip', delayMs: 200 }]);
    const evaluation = await check(zone, '198.51.100.7', { budgetMs: 1500, timeoutMs: 600 });
    expect(evaluation.result).toBe('temperror');
    expect(evaluation.reason).toMatch(/time budget of 1500 ms|timeout|failed/);
  });

  it('a server that never answers ends in temperror at the budget', async () => {
    server.setFaults([{ kind: 'hang' }]);
    const evaluation = await check(zone, '198.51.100.7', { budgetMs: 800, timeoutMs: 5000 });
    expect(evaluation.result).toBe('temperror');
    expect(evaluation.reason).toMatch(/time budget of 800 ms/);
  });

  it('a storm of HTTP 429 at every endpoint: temperror naming the rate limit, each lookup tried at most once more', async () => {
    server.setFaults([{ kind: 'http-429', retryAfter: 0 }]);
    const evaluation = await check(zone, '198.51.100.7', { budgetMs: 5000 });
    expect(evaluation.result).toBe('temperror');
    expect(evaluation.dnsErrors.join('\n')).toMatch(/429/);
    // the root TXT: two endpoints, then one retry after Retry-After; nothing else can be reached
    expect(server.queries.length).toBeLessThanOrEqual(3);
  });

  it('a storm of HTTP 500 at every endpoint: temperror naming both endpoints', async () => {
    server.setFaults([{ kind: 'http-500' }]);
    const evaluation = await check(zone, '198.51.100.7', { budgetMs: 5000 });
    expect(evaluation.result).toBe('temperror');
    expect(evaluation.dnsErrors.join('\n')).toMatch(/HTTP 500/);
    expect(server.queries.length).toBe(2);
  });

  it('HTTP 500 on the first endpoint only: the second answers and the result is the real one', async () => {
    server.setFaults([{ kind: 'http-500', path: 'cloudflare' }]);
    const evaluation = await check(zone, '198.51.100.7', { budgetMs: 5000 });
    expect(evaluation.result).toBe('pass');
    expect(evaluation.dnsErrors).toEqual([]);
  });

  it('an include whose lookups all fail gives temperror naming that include, and the cache keeps no error', async () => {
    server.setZone(zone);
    server.setFaults([{ kind: 'servfail', match: '_spf.example.net' }]);
    const cache = new CachingResolver(new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: 2000 }));
    const input = { ip: '198.51.100.7', domain: 'example.com', sender: 'alice@example.com', helo: 'mail.example.com' };
    const failing = await checkHost(input, { resolver: cache });
    expect(failing.result).toBe('temperror');
    expect(failing.reason).toMatch(/_spf\.example\.net/);
    server.setFaults([]);
    expect((await checkHost(input, { resolver: cache })).result).toBe('pass');
  });

  it('a cached re-check asks the server nothing', async () => {
    server.setZone(zone);
    const cache = new CachingResolver(new DohResolver({ endpoints: [server.cloudflareUrl] }));
    const input = { ip: '192.0.2.10', domain: 'example.com', sender: 'alice@example.com', helo: 'mail.example.com' };
    expect((await checkHost(input, { resolver: cache })).result).toBe('pass');
    server.resetLog();
    expect((await checkHost(input, { resolver: cache })).result).toBe('pass');
    expect(server.queries).toEqual([]);
  });
});
