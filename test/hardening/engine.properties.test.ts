/**
 * Fuzzing what test/spf/properties.test.ts and test/dns/answer.test.ts leave out: the evaluator on random
 * zones through the real HTTP stack (local DoH server, DohResolver, every TXT shape the two services send,
 * random faults) against the same zones answered in memory; the DoH client against a server that answers
 * with random statuses, content types, bodies and chunkings; the record parser on records built from valid
 * terms; and lint on random zones.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import type { DnsErrorKind } from '../../src/core/dns';
import { checkHost, lintPolicy, LOOKUP_LIMIT, parseRecord, SPF_RESULTS } from '../../src/core/spf';
import { startDohServer, type DohServer, type Fault, type TxtShapes } from '../helpers/doh-server';
import type { ZoneData, ZoneEntry } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const NAMES = ['example.com', 'a.example.com', 'b.example.net', 'mx.example.com', 'c.example.org'];
const IPS = ['192.0.2.1', '198.51.100.7', '2001:db8::1', '203.0.113.200'];
const QUERY_BOUND = 1 + LOOKUP_LIMIT * 11 + 11 + 1 + 20;

const name = fc.constantFrom(...NAMES);
const qualifier = fc.constantFrom('', '-', '~', '?');
const validTerm = fc.oneof(
  fc.tuple(qualifier, fc.constantFrom('include:', 'a:', 'mx:', 'exists:'), name).map(([q, m, n]) => `${q}${m}${n}`),
  fc.tuple(qualifier, fc.constantFrom('a', 'mx', 'ptr', 'a/24', 'mx//64', 'all')).map(([q, m]) => `${q}${m}`),
  fc.tuple(qualifier, fc.constantFrom('ip4:192.0.2.0/24', 'ip4:198.51.100.7', 'ip6:2001:db8::/32')).map(([q, m]) => `${q}${m}`),
  fc.constantFrom('exists:%{i}.example.com', 'include:%{d2}', 'a:%{l1r-}.example.com', 'x-note=%{s}'),
);
const modifier = fc.oneof(name.map((n) => `redirect=${n}`), name.map((n) => `exp=${n}`));
/** TXT texts with the characters DNS JSON must escape: quotes, backslashes, non-ASCII, long strings. */
const awkwardText = fc.oneof(
  fc.constantFrom('v=spf1 -all "quoted"', 'v=spf1 a:\\weird.example.com -all', 'v=spf1 ip4:192.0.2.1 -all ünïcode', `v=spf1 ${'ip4:192.0.2.1 '.repeat(30)}-all`),
  fc.string({ maxLength: 40 }),
);
const entry: fc.Arbitrary<ZoneEntry> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.array(validTerm, { maxLength: 8 }), fc.option(modifier, { nil: undefined })).map(([t, m]) => ({ TXT: ['v=spf1', ...t, ...(m ? [m] : [])].join(' ') })) },
  { weight: 1, arbitrary: awkwardText.map((text) => ({ TXT: text })) },
  { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 3 }).map((strings) => ({ TXT: ['v=spf1 ', ...strings.map((s) => s.slice(0, 255))] })) },
  { weight: 2, arbitrary: fc.constantFrom('192.0.2.1', '198.51.100.7').map((A) => ({ A })) },
  { weight: 1, arbitrary: fc.constant({ AAAA: '2001:db8::1' }) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(20), name).map(([p, n]) => ({ MX: [p, n] as [number, string] })) },
  { weight: 1, arbitrary: name.map((CNAME) => ({ CNAME })) },
);
const zone: fc.Arbitrary<ZoneData> = fc.dictionary(name, fc.array(entry, { maxLength: 3 }));
/**
 * Without CNAMEs, for the comparison with the in-memory resolver: a CNAME loop is SERVFAIL over DoH (as
 * public resolvers answer it) but no data in zone-resolver.ts, and that difference is the helper's.
 */
const plainZone: fc.Arbitrary<ZoneData> = fc.dictionary(name, fc.array(entry.filter((e) => e === 'TIMEOUT' || !('CNAME' in e)), { maxLength: 3 }));
const shapes: fc.Arbitrary<TxtShapes> = fc.record({
  cloudflare: fc.constantFrom('quoted' as const, 'quoted-nospace' as const),
  google: fc.constantFrom('auto' as const, 'joined' as const, 'quoted' as const),
});

describe('the evaluator through the real DoH stack', () => {
  let server: DohServer;
  beforeAll(async () => {
    server = await startDohServer({ zone: {} });
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives what the in-memory zone gives, in every TXT shape, on either endpoint style', async () => {
    await fc.assert(
      fc.asyncProperty(plainZone, fc.constantFrom(...IPS), shapes, fc.boolean(), async (z, ip, txtShapes, google) => {
        server.setZone(z);
        server.setTxtShapes(txtShapes);
        server.setFaults([]);
        server.resetLog();
        const input = { ip, domain: 'example.com', sender: 'user@example.com', helo: 'mx.example.com' };
        const overHttp = await checkHost(input, { resolver: new DohResolver({ endpoints: [google ? server.googleUrl : server.cloudflareUrl] }), budgetMs: 10_000 });
        const inMemory = await checkHost(input, { resolver: new ZoneResolver(z), budgetMs: 10_000 });
        expect(overHttp.result).toBe(inMemory.result);
        expect(overHttp.lookups).toEqual(inMemory.lookups);
        expect(overHttp.matchedPath).toEqual(inMemory.matchedPath);
        expect(server.queries.length).toBeLessThanOrEqual(QUERY_BOUND);
      }),
      { numRuns: 60 },
    );
  });

  it('with random faults on random names: one of the seven results, within the bound, never thrown', async () => {
    const fault: fc.Arbitrary<Fault> = fc.record({
      match: name,
      kind: fc.constantFrom('http-500' as const, 'http-429' as const, 'html' as const, 'truncated-json' as const, 'wrong-types' as const, 'servfail' as const, 'big' as const, 'delay' as const),
      delayMs: fc.constant(50),
      retryAfter: fc.constant(0),
      path: fc.constantFrom('cloudflare' as const, 'google' as const),
    });
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom(...IPS), fc.array(fault, { maxLength: 3 }), async (z, ip, faults) => {
        server.setZone(z);
        server.setTxtShapes({});
        server.setFaults(faults);
        server.resetLog();
        const resolver = new DohResolver({ endpoints: [server.cloudflareUrl, server.googleUrl], timeoutMs: 1000 });
        const evaluation = await checkHost({ ip, domain: 'example.com', sender: 'user@example.com', helo: 'mx.example.com' }, { resolver, budgetMs: 4000 });
        expect(SPF_RESULTS).toContain(evaluation.result);
        // two endpoints and one Retry-After retry per query
        expect(server.queries.length).toBeLessThanOrEqual(QUERY_BOUND * 3);
        if (evaluation.result === 'temperror') expect(evaluation.dnsErrors.length + (evaluation.reason.includes('budget') ? 1 : 0)).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the DoH client against a server that answers anything', () => {
  let url = '';
  let reply: { status: number; contentType: string; chunks: string[] } = { status: 200, contentType: 'application/dns-json', chunks: [] };
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(reply.status, { 'content-type': reply.contentType });
    for (const chunk of reply.chunks) res.write(chunk);
    res.end();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const valid = fc.constantFrom(
    { Status: 0, Answer: [{ name: 'example.com.', type: 16, TTL: 300, data: '"v=spf1 -all"' }] },
    { Status: 0, Answer: [{ name: 'example.com.', type: 1, TTL: 60, data: '192.0.2.1' }] },
    { Status: 0, Answer: [{ name: 'example.com.', type: 15, TTL: 60, data: '10 mx.example.com.' }] },
    { Status: 3, Authority: [{ name: 'com.', type: 6, TTL: 900, data: 'a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400' }] },
  );
  const jsonish = fc.oneof(
    { weight: 4, arbitrary: valid.map((body) => JSON.stringify(body)) },
    fc.json(),
    fc.record({
      Status: fc.oneof(fc.integer({ min: -1, max: 30 }), fc.string()),
      TC: fc.boolean(),
      Answer: fc.array(fc.record({ name: fc.oneof(fc.constant('example.com.'), fc.string()), type: fc.oneof(fc.constantFrom(1, 5, 15, 16, 28), fc.integer()), TTL: fc.oneof(fc.nat(), fc.string()), data: fc.oneof(fc.string(), fc.integer()) })),
      Authority: fc.array(fc.record({ name: fc.string(), type: fc.constant(6), TTL: fc.nat(), data: fc.string() })),
    }).map((body) => JSON.stringify(body)),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const KINDS: readonly DnsErrorKind[] = ['nxdomain', 'nodata', 'servfail', 'timeout', 'unreachable', 'bad-response'];

  it('never throws and always gives a typed result', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 3, arbitrary: fc.constant(200) }, fc.constantFrom(204, 301, 400, 404, 429, 500, 502, 503)),
        fc.constantFrom('application/dns-json', 'application/json', 'text/html', 'text/plain', ''),
        jsonish,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('TXT' as const, 'A' as const, 'MX' as const, 'AAAA' as const),
        async (status, contentType, body, pieces, type) => {
          const size = Math.ceil(body.length / pieces) || 1;
          reply = { status, contentType, chunks: Array.from({ length: pieces }, (_, i) => body.slice(i * size, (i + 1) * size)) };
          const result = await new DohResolver({ endpoints: [url], timeoutMs: 2000, maxRetryAfterMs: 0 }).lookup('example.com', type);
          if (result.ok) {
            answered++;
            expect(status).toBe(200);
            for (const record of result.records) expect(record.type).toBe(type);
            expect(Number.isFinite(result.ttl)).toBe(true);
          } else {
            expect(KINDS).toContain(result.kind);
            expect(result.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
    // both paths were taken: real answers were read, not only refused
    expect(answered).toBeGreaterThan(0);
  });
});

describe('the record parser', () => {
  it('reads records built from valid terms without errors, term for term', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validTerm, modifier), { maxLength: 12 }), fc.constantFrom(' ', '  '), (terms, gap) => {
        // RFC 7208 section 6: redirect and exp may each appear once
        fc.pre(terms.filter((t) => t.startsWith('redirect=')).length <= 1 && terms.filter((t) => t.startsWith('exp=')).length <= 1);
        const text = ['v=spf1', ...terms].join(gap);
        const parsed = parseRecord(text);
        expect(parsed.errors).toEqual([]);
        expect(parsed.terms.map((t) => t.text)).toEqual(terms);
        for (const t of parsed.terms) expect(text.slice(t.start, t.end)).toBe(t.text);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds an error in a valid record with one term broken', () => {
    const broken = fc.constantFrom('ip4:192.0.2.300', 'ip4:192.0.2.0/33', 'ip6:2001:db8::/129', 'include:', 'a:%{z}.example.com', 'redirect=', 'mx:example.com/40', 'all:x');
    fc.assert(
      fc.property(fc.array(validTerm, { maxLength: 6 }), broken, fc.nat(6), (terms, bad, at) => {
        const withBad = [...terms];
        withBad.splice(Math.min(at, withBad.length), 0, bad);
        const parsed = parseRecord(['v=spf1', ...withBad].join(' '));
        expect(parsed.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('lint on random zones', () => {
  it('never throws, and its query count matches what the resolver saw', async () => {
    await fc.assert(
      fc.asyncProperty(zone, async (z) => {
        const resolver = new ZoneResolver(z);
        const report = await lintPolicy('example.com', { resolver });
        expect(Number.isInteger(report.worstCaseLookups)).toBe(true);
        for (const finding of report.findings) expect(typeof finding.message).toBe('string');
        // at most 60 records, each with a TXT lookup and a void check of up to two types per term
        expect(resolver.log.length).toBeLessThanOrEqual(60 * (1 + 2 * 30));
      }),
      { numRuns: 300 },
    );
  });
});
