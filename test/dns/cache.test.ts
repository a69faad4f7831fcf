import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CachingResolver } from '../../src/core/dns/cache';
import { DohResolver } from '../../src/core/dns/doh';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

const zone: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 -all', ttl: 120 }, { A: '192.0.2.1', ttl: 5 }, { MX: [10, 'mx.example.com'], ttl: 999_999 }, { SOA: ['ns.example.com', 90] }],
  'nosoa.test': [{ A: '192.0.2.2' }],
};

let server: DohServer;
let clock: number;
let cache: CachingResolver;

beforeAll(async () => {
  server = await startDohServer({ zone });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setFaults([]);
  server.setLatency(0);
  server.resetLog();
  clock = 1_000_000;
  cache = new CachingResolver(new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: 10_000 }), { now: () => clock });
});

describe('CachingResolver', () => {
  it('serves an answer from cache until its TTL runs out', async () => {
    expect((await cache.lookup('example.com', 'TXT')).ok).toBe(true);
    clock += 119_000;
    const cached = await cache.lookup('EXAMPLE.com.', 'TXT');
    expect(cached.ok && cached.ttl).toBe(1);
    expect(server.queries).toHaveLength(1);
    clock += 1_000;
    await cache.lookup('example.com', 'TXT');
    expect(server.queries).toHaveLength(2);
    expect(cache.stats).toEqual({ hits: 1, misses: 2, shared: 0, entries: 1 });
  });

  it('clamps TTLs to the minimum and maximum', async () => {
    await cache.lookup('example.com', 'A');
    clock += 29_000;
    await cache.lookup('example.com', 'A');
    expect(server.queries).toHaveLength(1);
    clock += 1_000;
    await cache.lookup('example.com', 'A');
    expect(server.queries).toHaveLength(2);

    await cache.lookup('example.com', 'MX');
    clock += 86_399_000;
    await cache.lookup('example.com', 'MX');
    expect(server.queries).toHaveLength(3);
    clock += 1_000;
    await cache.lookup('example.com', 'MX');
    expect(server.queries).toHaveLength(4);
  });

  it('shares identical queries in flight', async () => {
    server.setLatency(50);
    const results = await Promise.all([cache.lookup('example.com', 'TXT'), cache.lookup('Example.Com', 'TXT'), cache.lookup('example.com.', 'TXT')]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.queries).toHaveLength(1);
    expect(cache.stats).toMatchObject({ hits: 2, misses: 1, shared: 2 });
  });

  it('caches negative answers by the SOA minimum, and not without an SOA', async () => {
    const nx = await cache.lookup('missing.example.com', 'TXT');
    expect(!nx.ok && [nx.kind, nx.ttl]).toEqual(['nxdomain', 90]);
    clock += 89_000;
    await cache.lookup('missing.example.com', 'TXT');
    expect(server.queries).toHaveLength(1);
    clock += 1_000;
    await cache.lookup('missing.example.com', 'TXT');
    expect(server.queries).toHaveLength(2);

    await cache.lookup('nosoa.test', 'TXT');
    await cache.lookup('nosoa.test', 'TXT');
    expect(server.queries).toHaveLength(4);
  });

  it('does not cache temporary errors', async () => {
    server.setFaults([{ kind: 'http-500' }]);
    const failed = await cache.lookup('example.com', 'TXT');
    expect(!failed.ok && failed.kind).toBe('bad-response');
    server.setFaults([]);
    expect((await cache.lookup('example.com', 'TXT')).ok).toBe(true);
    expect(server.queries).toHaveLength(3);
  });

  it('clear() forgets answers and statistics', async () => {
    await cache.lookup('example.com', 'TXT');
    await cache.lookup('example.com', 'TXT');
    cache.clear();
    expect(cache.stats).toEqual({ hits: 0, misses: 0, shared: 0, entries: 0 });
    await cache.lookup('example.com', 'TXT');
    expect(server.queries).toHaveLength(2);
  });

  it('lets one caller give up without cancelling the query others wait for', async () => {
    server.setLatency(80);
    const controller = new AbortController();
    const giving = cache.lookup('example.com', 'TXT', controller.signal);
    const staying = cache.lookup('example.com', 'TXT');
    controller.abort();
    expect(await giving).toMatchObject({ ok: false, kind: 'timeout' });
    expect((await staying).ok).toBe(true);
    expect(server.queries).toHaveLength(1);
  });

  it('cancels the shared query when its only caller aborts, and does not cache that', async () => {
    server.setFaults([{ kind: 'hang', times: 1 }]);
    const controller = new AbortController();
    const pending = cache.lookup('example.com', 'TXT', controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ ok: false, kind: 'timeout' });
    expect((await cache.lookup('example.com', 'TXT')).ok).toBe(true);
    expect(server.queries).toHaveLength(2);
  });

  it('drops the oldest entries beyond maxEntries', async () => {
    const small = new CachingResolver(new DohResolver({ endpoints: [server.cloudflareUrl] }), { now: () => clock, maxEntries: 2 });
    await small.lookup('example.com', 'TXT');
    await small.lookup('example.com', 'A');
    await small.lookup('example.com', 'MX');
    expect(small.stats.entries).toBe(2);
    await small.lookup('example.com', 'TXT');
    expect(server.queries).toHaveLength(4);
  });
});
