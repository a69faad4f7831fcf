import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import { lookupZone } from '../helpers/zone';
import type { ZoneData } from '../helpers/zone';

const zone: ZoneData = {
  'Example.COM': [{ TXT: 'v=spf1 -all' }, { MX: [10, 'mx.example.com'] }, { A: '192.0.2.1' }, { SOA: ['ns.example.com', 120], ttl: 3600 }],
  'multi.example.com': [{ TXT: ['v=spf1 ', 'ip4:192.0.2.0/24 -all'], ttl: 60 }],
  'quote.example.com': [{ TXT: 'say "hi" \\ bye\u0007é' }],
  'alias.example.com': [{ CNAME: 'example.com' }],
  'slow.example.com': [{ A: '192.0.2.2' }, 'TIMEOUT'],
  'loop1.example.com': [{ CNAME: 'loop2.example.com' }],
  'loop2.example.com': [{ CNAME: 'loop1.example.com.' }],
};

async function ask(url: string, name: string, type: string | number, accept = 'application/dns-json'): Promise<Response> {
  return fetch(`${url}?name=${encodeURIComponent(name)}&type=${type}`, { headers: { accept } });
}

describe('lookupZone (suite driver semantics)', () => {
  it('answers, NODATA, NXDOMAIN with the parent SOA', () => {
    expect(lookupZone(zone, 'example.com.', 'txt')).toEqual({
      status: 'ok',
      answers: [{ name: 'example.com.', type: 16, TTL: 300, data: '"v=spf1 -all"', strings: ['v=spf1 -all'] }],
    });
    const nodata = lookupZone(zone, 'multi.example.com', 'A');
    expect(nodata.status).toBe('nodata');
    const nx = lookupZone(zone, 'nope.example.com', 'TXT');
    expect(nx).toMatchObject({ status: 'nxdomain', authority: [{ name: 'example.com.', type: 6, TTL: 120 }] });
    expect(lookupZone(zone, 'nope.other', 'TXT')).toEqual({ status: 'nxdomain' });
  });

  it('TIMEOUT marker only for types without a record before it', () => {
    expect(lookupZone(zone, 'slow.example.com', 'A').status).toBe('ok');
    expect(lookupZone(zone, 'slow.example.com', 'TXT').status).toBe('timeout');
  });

  it('follows CNAMEs and stops at a loop', () => {
    const viaAlias = lookupZone(zone, 'alias.example.com', 'TXT');
    expect(viaAlias.status === 'ok' && viaAlias.answers.map((a) => a.type)).toEqual([5, 16]);
    const loop = lookupZone(zone, 'loop1.example.com', 'TXT');
    expect(loop.status === 'ok' && loop.answers.map((a) => a.data)).toEqual(['loop2.example.com.', 'loop1.example.com.']);
  });
});

describe('local DoH server', () => {
  let server: DohServer;
  beforeAll(async () => {
    server = await startDohServer({ zone });
  });
  afterAll(() => server.close());

  it('answers Cloudflare style with quoted strings and escapes', async () => {
    const res = await ask(server.cloudflareUrl, 'quote.example.com', 'TXT');
    expect(res.headers.get('content-type')).toBe('application/dns-json');
    const body = await res.json();
    expect(body).toMatchObject({ Status: 0, RD: true, RA: true, Question: [{ name: 'quote.example.com.', type: 16 }] });
    expect(body.Answer[0].data).toBe('"say \\"hi\\" \\\\ bye\\007\\195\\169"');
    const multi = await (await ask(server.cloudflareUrl, 'multi.example.com', 16)).json();
    expect(multi.Answer).toEqual([{ name: 'multi.example.com.', type: 16, TTL: 60, data: '"v=spf1 " "ip4:192.0.2.0/24 -all"' }]);
  });

  it('answers Google style with single plain strings joined, and no Accept needed', async () => {
    const res = await ask(server.googleUrl, 'example.com', 'TXT', '*/*');
    const body = await res.json();
    expect(body.Answer[0].data).toBe('v=spf1 -all');
    const mx = await (await ask(server.googleUrl, 'example.com', 'MX', '*/*')).json();
    expect(mx.Answer[0]).toMatchObject({ type: 15, data: '10 mx.example.com.' });
  });

  it('refuses a Cloudflare query without the DNS JSON Accept header', async () => {
    const res = await ask(server.cloudflareUrl, 'example.com', 'TXT', 'application/json');
    expect(res.status).toBe(415);
  });

  it('logs queries and applies faults the given number of times', async () => {
    server.resetLog();
    server.setFaults([{ kind: 'http-500', match: 'EXAMPLE.com', path: 'cloudflare', times: 1 }]);
    expect((await ask(server.cloudflareUrl, 'example.com', 'A')).status).toBe(500);
    expect((await ask(server.cloudflareUrl, 'example.com', 'A')).status).toBe(200);
    server.setFaults([{ kind: 'http-429', retryAfter: 2 }]);
    const limited = await ask(server.googleUrl, 'example.com', 'A');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    server.setFaults([]);
    expect(server.queries.map((q) => [q.path, q.name, q.type])).toEqual([
      ['/dns-query', 'example.com', 'A'],
      ['/dns-query', 'example.com', 'A'],
      ['/resolve', 'example.com', 'A'],
    ]);
  });

  it('serves a different view on the Google path', async () => {
    server.setZone({ 'example.com': [{ TXT: 'v=spf1 ~all' }] }, 'google');
    const google = await (await ask(server.googleUrl, 'example.com', 'TXT')).json();
    const cloudflare = await (await ask(server.cloudflareUrl, 'example.com', 'TXT')).json();
    expect([google.Answer[0].data, cloudflare.Answer[0].data]).toEqual(['v=spf1 ~all', '"v=spf1 -all"']);
    server.setZone(zone);
  });

  it('drips a complete body and sends a 64 KB TXT for big', async () => {
    server.setFaults([{ kind: 'drip', delayMs: 1 }]);
    const dripped = await (await ask(server.cloudflareUrl, 'example.com', 'TXT')).json();
    expect(dripped.Answer[0].data).toBe('"v=spf1 -all"');
    server.setFaults([{ kind: 'big' }]);
    const big = await (await ask(server.cloudflareUrl, 'example.com', 'TXT')).text();
    expect(big.length).toBeGreaterThan(65_000);
    server.setFaults([]);
  });

  it('close() releases hung requests', async () => {
    const other = await startDohServer({ zone });
    other.setFaults([{ kind: 'hang' }]);
    const pending = ask(other.cloudflareUrl, 'example.com', 'TXT').then(
      () => 'answered',
      () => 'released',
    );
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    expect(await pending).toBe('released');
  });
});
