import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHost, parseRecord, SPF_RESULTS } from '../../src/core/spf';
import type { Evaluation } from '../../src/core/spf';
import type { ZoneData, ZoneEntry } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const NAMES = ['example.com', 'a.example.com', 'b.example.com', 'mx.example.com', 'c.example.net', 'd.example.net'];
const IPS = ['192.0.2.1', '198.51.100.7', '2001:db8::1', '::ffff:192.0.2.1', '203.0.113.200'];

const name = fc.constantFrom(...NAMES);
const qualifier = fc.constantFrom('', '+', '-', '~', '?');
const term = fc.oneof(
  fc.tuple(qualifier, fc.constantFrom('include:', 'a:', 'mx:', 'exists:', 'ptr:'), name).map(([q, m, n]) => `${q}${m}${n}`),
  fc.tuple(qualifier, fc.constantFrom('a', 'mx', 'ptr', 'a/24', 'mx//64', 'a/0', 'all')).map(([q, m]) => `${q}${m}`),
  fc.tuple(qualifier, fc.constantFrom('ip4:192.0.2.0/24', 'ip4:198.51.100.7', 'ip6:2001:db8::/32', 'ip6:::ffff:192.0.2.1')).map(([q, m]) => `${q}${m}`),
  name.map((n) => `redirect=${n}`),
  name.map((n) => `exp=${n}`),
  fc.constantFrom('exists:%{i}.example.com', 'a:%{p}.example.com', 'include:%{l}.example.net', 'a:%{d2}', 'exists:%{ir}.%{v}.example.com', 'x-unknown=%{s}'),
  fc.string({ maxLength: 12 }),
);
const record = fc.oneof(
  { weight: 5, arbitrary: fc.array(term, { maxLength: 12 }).map((terms) => ['v=spf1', ...terms].join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const entry: fc.Arbitrary<ZoneEntry> = fc.oneof(
  { weight: 4, arbitrary: record.map((text) => ({ TXT: text })) },
  { weight: 2, arbitrary: fc.constantFrom('192.0.2.1', '192.0.2.9', '198.51.100.7').map((A) => ({ A })) },
  { weight: 1, arbitrary: fc.constantFrom('2001:db8::1', '2001:db8::9').map((AAAA) => ({ AAAA })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(20), name).map(([p, n]) => ({ MX: [p, n] as [number, string] })) },
  { weight: 1, arbitrary: name.map((PTR) => ({ PTR })) },
  { weight: 1, arbitrary: fc.constant('TIMEOUT' as const) },
);
const zone: fc.Arbitrary<ZoneData> = fc
  .tuple(fc.dictionary(name, fc.array(entry, { maxLength: 4 })), fc.array(name, { maxLength: 3 }))
  .map(([byName, ptrNames]) => ({ ...byName, '1.2.0.192.in-addr.arpa': ptrNames.map((PTR) => ({ PTR })) }));

/** 1 root TXT + 10 terms of at most 1 + 10 lookups + %{p} (1 + 10) + exp + 20 records fetched beyond the limit */
const QUERY_BOUND = 1 + 10 * 11 + 11 + 1 + 20;

function comparable(e: Evaluation): unknown {
  return { result: e.result, explanation: e.explanation, lookups: e.lookups, dnsErrors: e.dnsErrors, reason: e.reason, path: e.matchedPath, defaultExplanation: e.defaultExplanation };
}

describe('properties', () => {
  it('parseRecord never throws and its spans lie inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(record, fc.string()), (text) => {
        const parsed = parseRecord(text);
        for (const span of [...parsed.terms, ...parsed.errors]) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(Math.max(text.length, 6));
          expect(span.start).toBeLessThan(span.end);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('any record and any zone give one of the seven results, within the query bound', async () => {
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom(...IPS), fc.constantFrom('example.com', 'a.example.com'), async (z, ip, domain) => {
        const resolver = new ZoneResolver(z);
        const evaluation = await checkHost({ ip, domain, sender: `user@${domain}`, helo: 'mx.example.com' }, { resolver, budgetMs: 5000 });
        expect(SPF_RESULTS).toContain(evaluation.result);
        expect(evaluation.queries).toBe(resolver.log.length);
        expect(evaluation.queries).toBeLessThanOrEqual(QUERY_BOUND);
        expect(evaluation.lookups.count).toBeLessThanOrEqual(11);
        expect(evaluation.lookups.void).toBeLessThanOrEqual(3);
        expect(typeof evaluation.reason).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('prefetching gives exactly the sequential result, whatever order the answers arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom(...IPS), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 16 }), async (z, ip, delays) => {
        let i = 0;
        const latency = (): number => delays[i++ % delays.length] as number;
        const input = { ip, domain: 'example.com', sender: 'user@example.com', helo: 'mx.example.com' };
        const sequential = await checkHost(input, { resolver: new ZoneResolver(z, { latencyMs: latency }), parallel: false });
        const parallel = await checkHost(input, { resolver: new ZoneResolver(z, { latencyMs: latency }) });
        expect(comparable(parallel)).toEqual(comparable(sequential));
        expect(parallel.queries).toBeLessThanOrEqual(QUERY_BOUND);
      }),
      { numRuns: 80 },
    );
  });
});

/**
 * Worlds where nothing matches and nothing is void or fails: there the sequential algorithm walks every
 * term, so prefetching must never ask anything it does not. (Where a loop or a long chain crosses the
 * limit of 10, a term after an include may be prefetched while the include's record is still unknown:
 * the sequential algorithm could have sent it, had that record been short. Those worlds are left out
 * here; evaluate.test.ts checks that nothing past the limit is fetched once the count is known.)
 */
describe('prefetch never sends more than the sequential algorithm', () => {
  const hosts = ['h1.example.org', 'h2.example.org', 'h3.example.org'];
  const domains = ['example.com', 'p1.example.net', 'p2.example.net', 'p3.example.net', 'p4.example.net'];
  const quietTerm = fc.oneof(
    fc.constantFrom(...hosts).map((h) => `a:${h}`),
    fc.constantFrom(...hosts).map((h) => `mx:${h}`),
    fc.constantFrom(...domains.slice(1)).map((d) => `include:${d}`),
    fc.constantFrom('ip4:198.51.100.0/24', 'ip6:2001:db8::/32', '-ip4:192.0.2.0/24'),
  );
  const quietRecord = fc
    .tuple(fc.array(quietTerm, { maxLength: 6 }), fc.constantFrom('-all', '~all', '?all', '', 'redirect=p4.example.net'))
    .map(([terms, end]) => ['v=spf1', ...terms, end].filter(Boolean).join(' '));
  const quietZone = fc.tuple(...domains.map(() => quietRecord)).map((records) => {
    const z: ZoneData = {};
    domains.forEach((d, i) => {
      z[d] = [{ TXT: records[i] as string }];
    });
    for (const h of hosts) z[h] = [{ A: '198.51.100.1' }, { MX: [10, h] }];
    return z;
  });

  it('queries of the parallel mode are a subset of the sequential mode’s', async () => {
    await fc.assert(
      fc.asyncProperty(quietZone, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 }), async (z, delays) => {
        let i = 0;
        const latency = (): number => delays[i++ % delays.length] as number;
        const input = { ip: '203.0.113.200', domain: 'example.com', sender: 'user@example.com', helo: 'mx.example.com' };
        const seqResolver = new ZoneResolver(z, { latencyMs: latency });
        const parResolver = new ZoneResolver(z, { latencyMs: latency });
        const sequential = await checkHost(input, { resolver: seqResolver, parallel: false });
        const parallel = await checkHost(input, { resolver: parResolver });
        expect(comparable(parallel)).toEqual(comparable(sequential));
        fc.pre(sequential.lookups.count <= 10);
        const asked = new Set(seqResolver.log);
        for (const query of parResolver.log) expect(asked.has(query), `${query} was prefetched but the sequential evaluation never asked it`).toBe(true);
        expect(parallel.queries).toBeLessThanOrEqual(sequential.queries);
      }),
      { numRuns: 150 },
    );
  });
});
