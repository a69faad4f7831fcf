import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { checkHost } from '../../src/core/spf';
import type { RecordTrace, TermTrace } from '../../src/core/spf';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

let server: DohServer;
beforeAll(async () => {
  server = await startDohServer({ timeoutBehaviour: 'hang' });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.setLatency(0);
  server.resetLog();
});

async function check(zone: ZoneData, ip: string, domain = 'example.com', opts: { budgetMs?: number; parallel?: boolean } = {}) {
  server.setZone(zone);
  server.resetLog();
  const resolver = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 2000 });
  const evaluation = await checkHost({ ip, domain, sender: `someone@${domain}`, helo: 'mail.example.org' }, { resolver, ...opts });
  return { evaluation, resolver };
}

function term(trace: RecordTrace, text: string): TermTrace {
  const found = trace.terms.find((t) => t.text === text);
  if (!found) throw new Error(`no term ${text} in ${trace.domain}`);
  return found;
}

describe('trace and matched path', () => {
  const zone: ZoneData = {
    'example.com': [{ TXT: 'v=spf1 a:mx.example.com include:_spf.provider.net -all' }],
    'mx.example.com': [{ A: '192.0.2.10' }],
    '_spf.provider.net': [{ TXT: 'v=spf1 include:_nets.provider.net ~all' }],
    '_nets.provider.net': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:1::/48 -all' }],
  };

  it('follows includes to the term that decided', async () => {
    const { evaluation } = await check(zone, '198.51.100.7');
    expect(evaluation.result).toBe('pass');
    expect(evaluation.matchedPath.map((s) => `${s.domain}|${s.term}`)).toEqual([
      'example.com|include:_spf.provider.net',
      '_spf.provider.net|include:_nets.provider.net',
      '_nets.provider.net|ip4:198.51.100.0/24',
    ]);
    expect(evaluation.reason).toBe('198.51.100.7 matched ip4:198.51.100.0/24 in _nets.provider.net');
    expect(evaluation.lookups).toEqual({ count: 3, void: 0 });
    const root = evaluation.trace;
    expect(root.record).toBe('v=spf1 a:mx.example.com include:_spf.provider.net -all');
    expect(root.ttl).toBe(300);
    expect(term(root, 'a:mx.example.com')).toMatchObject({ outcome: 'no-match', lookups: 1, cost: 1 });
    expect(term(root, 'a:mx.example.com').queries).toEqual([{ name: 'mx.example.com', type: 'A', outcome: 'answer', records: ['192.0.2.10'], ttl: 300 }]);
    const include = term(root, 'include:_spf.provider.net');
    expect(include).toMatchObject({ outcome: 'match', lookups: 1, cost: 2 });
    expect(include.child?.domain).toBe('_spf.provider.net');
    expect(term(include.child as RecordTrace, 'include:_nets.provider.net').child?.result).toBe('pass');
    expect(term(root, '-all').outcome).toBe('not-evaluated');
    expect(root.cost).toBe(3);
    expect(evaluation.dnsErrors).toEqual([]);
  });

  it('reports a fail by -all with the default explanation', async () => {
    const { evaluation } = await check(zone, '203.0.113.9');
    expect(evaluation.result).toBe('fail');
    expect(evaluation.explanation).toBeNull();
    expect(evaluation.defaultExplanation).toBe('example.com does not designate 203.0.113.9 as a permitted sender');
    const record = 'v=spf1 a:mx.example.com include:_spf.provider.net -all';
    expect(evaluation.matchedPath).toEqual([{ domain: 'example.com', via: 'root', term: '-all', start: record.indexOf('-all'), end: record.length }]);
    expect(term(evaluation.trace, 'include:_spf.provider.net').why).toMatch(/gave softfail/);
  });

  it('names each failing endpoint in dnsErrors and gives temperror', async () => {
    server.setFaults([{ match: 'mx.example.com', kind: 'http-500' }]);
    try {
      const { evaluation } = await check(zone, '203.0.113.9');
      expect(evaluation.result).toBe('temperror');
      expect(evaluation.dnsErrors).toHaveLength(1);
      expect(evaluation.dnsErrors[0]).toMatch(/HTTP 500/);
      expect(term(evaluation.trace, 'a:mx.example.com')).toMatchObject({ outcome: 'error', error: 'temperror' });
    } finally {
      server.setFaults([]);
    }
  });
});

describe('limits: the verdict is permerror, the tree is still reported', () => {
  // 4 includes of 3 lookups each: the 11th DNS-querying term crosses the limit inside the fourth include
  const zone: ZoneData = {
    'example.com': [{ TXT: 'v=spf1 include:one.example.net include:two.example.net include:three.example.net include:four.example.net include:five.example.net -all' }],
    ...Object.fromEntries(
      ['one', 'two', 'three', 'four', 'five'].map((n) => [`${n}.example.net`, [{ TXT: `v=spf1 a:h1.${n}.example.net a:h2.${n}.example.net ~all` }]]),
    ),
    ...Object.fromEntries(['one', 'two', 'three', 'four', 'five'].flatMap((n) => [[`h1.${n}.example.net`, [{ A: '192.0.2.1' }]], [`h2.${n}.example.net`, [{ A: '192.0.2.2' }]]])),
  };

  it('stops at lookup 11 and marks the rest beyond the limit, with their cost', async () => {
    const { evaluation } = await check(zone, '203.0.113.9');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.reason).toBe('11 DNS lookups: over the limit of 10 (RFC 7208 section 4.6.4)');
    expect(evaluation.lookups.count).toBe(11);
    const four = term(evaluation.trace, 'include:four.example.net');
    expect(four.outcome).toBe('error');
    // include:four is lookup 10, its first a: the 11th
    expect(term(four.child as RecordTrace, 'a:h1.four.example.net')).toMatchObject({ outcome: 'beyond-limit', lookups: 1 });
    expect(term(four.child as RecordTrace, 'a:h2.four.example.net').outcome).toBe('beyond-limit');
    expect(term(evaluation.trace, 'include:three.example.net').child?.result).toBe('softfail');
    // the fifth include was not evaluated, but its record was fetched to show what it costs
    const five = term(evaluation.trace, 'include:five.example.net');
    expect(five.outcome).toBe('beyond-limit');
    expect(five.child?.beyondLimit).toBe(true);
    expect(five.child?.record).toBe('v=spf1 a:h1.five.example.net a:h2.five.example.net ~all');
    expect(five.cost).toBe(3);
    expect(evaluation.trace.cost).toBe(15);
    expect(evaluation.matchedPath.map((s) => s.term)).toEqual(['include:four.example.net', 'a:h1.four.example.net']);
    // no address lookup was made beyond the limit
    const names = server.queries.map((q) => `${q.type} ${q.name}`);
    expect(names).not.toContain('A h1.four.example.net');
    expect(names).not.toContain('A h2.four.example.net');
    expect(names).not.toContain('A h1.five.example.net');
  });

  it('counts void lookups and stops at the third', async () => {
    const { evaluation } = await check({ 'example.com': [{ TXT: 'v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com ip4:203.0.113.9 -all' }] }, '203.0.113.9');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.lookups).toEqual({ count: 3, void: 3 });
    expect(evaluation.reason).toBe('3 void lookups: over the limit of 2 (RFC 7208 section 4.6.4)');
    expect(term(evaluation.trace, 'exists:n3.example.com')).toMatchObject({ outcome: 'error', voidLookups: 1 });
    expect(term(evaluation.trace, 'ip4:203.0.113.9').outcome).toBe('beyond-limit');
  });
});

describe('hostile records end in the RFC result with a bounded number of queries', () => {
  it('an include loop', async () => {
    const { evaluation } = await check({ 'example.com': [{ TXT: 'v=spf1 include:loop.example.net -all' }], 'loop.example.net': [{ TXT: 'v=spf1 include:example.com' }] }, '192.0.2.1');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.lookups.count).toBe(11);
    expect(server.queries.length).toBeLessThanOrEqual(12);
  });
  it('a redirect chain', async () => {
    const zone: ZoneData = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`r${i}.example.com`, [{ TXT: `v=spf1 redirect=r${i + 1}.example.com` }]]));
    const { evaluation } = await check(zone, '192.0.2.1', 'r0.example.com');
    expect(evaluation.result).toBe('permerror');
    expect(server.queries.length).toBeLessThanOrEqual(11 + 20);
  });
  it('a 10 000-character record', async () => {
    const terms = Array.from({ length: 600 }, (_, i) => `ip4:10.${i >> 8}.${i & 255}.0/24`).join(' ');
    const text = `v=spf1 ${terms} a:a.example.com mx:m.example.com -all`.slice(0, 10_000);
    expect(text.length).toBeGreaterThan(9000);
    const { evaluation } = await check({ 'example.com': [{ TXT: text.match(/.{1,255}/g) ?? [] }], 'a.example.com': [{ A: '203.0.113.1' }] }, '203.0.113.1');
    expect(['pass', 'permerror']).toContain(evaluation.result);
    expect(server.queries.length).toBeLessThanOrEqual(4);
  });
  it('macro blow-ups', async () => {
    const spec = '%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.%{s}.example.com';
    server.setZone({ 'example.com': [{ TXT: `v=spf1 exists:${spec} -all` }] });
    server.resetLog();
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 2000 });
    const evaluation = await checkHost({ ip: '192.0.2.1', domain: 'example.com', sender: `${'x'.repeat(40)}.${'y'.repeat(40)}@example.com`, helo: 'h.example.org' }, { resolver });
    expect(evaluation.result).toBe('fail');
    expect(server.queries.length).toBe(2);
    const asked = server.queries[1]?.name ?? '';
    expect(asked.replace(/\.$/, '').length).toBeLessThanOrEqual(253);
  });
  it('a wide MX set', async () => {
    const mx = Array.from({ length: 40 }, (_, i) => ({ MX: [i, `mx${i}.example.com`] as [number, string] }));
    const { evaluation } = await check({ 'example.com': [{ TXT: 'v=spf1 mx -all' }, ...mx] }, '192.0.2.1');
    expect(evaluation.result).toBe('permerror');
    expect(evaluation.reason).toMatch(/40 MX records: over the limit of 10/);
    expect(server.queries.length).toBe(2);
  });
});

describe('time budget', () => {
  it('ends in temperror when the budget runs out, never hangs', async () => {
    const { evaluation } = await check({ 'example.com': [{ TXT: 'v=spf1 a:slow.example.com -all' }], 'slow.example.com': ['TIMEOUT'] }, '192.0.2.1', 'example.com', { budgetMs: 300 });
    expect(evaluation.result).toBe('temperror');
    expect(evaluation.reason).toMatch(/time budget of 300 ms/);
    expect(evaluation.trace.record).toBe('v=spf1 a:slow.example.com -all');
  });
  it('the caller can cancel', async () => {
    server.setZone({ 'example.com': ['TIMEOUT'] });
    const controller = new AbortController();
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 5000 });
    const pending = checkHost({ ip: '192.0.2.1', domain: 'example.com', sender: 'a@example.com', helo: 'h.example.org' }, { resolver, signal: controller.signal });
    controller.abort();
    expect((await pending).result).toBe('temperror');
  });
});

describe('bad input never throws', () => {
  it('an invalid IP or domain', async () => {
    const resolver = new DohResolver({ endpoints: [server.cloudflareUrl] });
    expect((await checkHost({ ip: 'nope', domain: 'example.com', sender: '', helo: 'x.example.com' }, { resolver })).result).toBe('permerror');
    expect((await checkHost({ ip: '192.0.2.1', domain: 'localhost', sender: '', helo: 'x' }, { resolver })).result).toBe('none');
    expect((await checkHost({ ip: '192.0.2.1', domain: '[192.0.2.1]', sender: '', helo: 'x' }, { resolver })).queries).toBe(0);
  });
});
