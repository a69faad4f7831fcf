import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { lintPolicy, lintRecordText } from '../../src/core/spf';
import type { LintReport } from '../../src/core/spf';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

let server: DohServer;
beforeAll(async () => {
  server = await startDohServer({});
});
afterAll(async () => {
  await server?.close();
});

async function lint(zone: ZoneData, domain = 'example.com'): Promise<LintReport> {
  server.setZone(zone);
  return lintPolicy(domain, { resolver: new DohResolver({ endpoints: [server.cloudflareUrl] }) });
}

const ids = (report: LintReport | ReturnType<typeof lintRecordText>): string[] => ('findings' in report ? report.findings : report).map((f) => f.id);

describe('lintPolicy', () => {
  it('finds no record, and several records', async () => {
    expect(ids(await lint({ 'example.com': [{ TXT: 'google-site-verification=x' }] }))).toContain('no-record');
    expect(ids(await lint({ 'example.com': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 mx -all' }] }))).toContain('multiple-records');
  });

  it('counts the worst case over the whole tree, with each node’s cost', async () => {
    const zone: ZoneData = {
      'example.com': [{ TXT: 'v=spf1 mx include:a.example.net include:b.example.net -all' }, { MX: [10, 'mx.example.com'] }],
      'a.example.net': [{ TXT: 'v=spf1 a:x.example.net include:c.example.net ~all' }],
      'b.example.net': [{ TXT: 'v=spf1 exists:%{i}.bl.example.net ptr redirect=c.example.net' }],
      'c.example.net': [{ TXT: 'v=spf1 a:y.example.net a:z.example.net a:w.example.net -all' }],
      'x.example.net': [{ A: '192.0.2.1' }],
      'y.example.net': [{ A: '192.0.2.2' }],
      'z.example.net': [{ A: '192.0.2.3' }],
      'w.example.net': [{ A: '192.0.2.4' }],
    };
    const report = await lint(zone);
    // mx 1 + include a (1 + a 1 + include c 4) + include b (1 + exists 1 + ptr 1 + redirect 4) = 14
    expect(report.worstCaseLookups).toBe(14);
    expect(report.tree?.terms.map((t) => t.cost)).toEqual([1, 6, 7, 0]);
    expect(report.tree?.terms[2]?.child?.terms[2]?.child?.domain).toBe('c.example.net');
    const found = ids(report);
    expect(found).toContain('too-many-lookups');
    expect(found).toContain('ptr');
    const ptr = report.findings.find((f) => f.id === 'ptr');
    expect(ptr?.record?.slice(ptr.position?.start, ptr.position?.end)).toBe('ptr');
  });

  it('finds void lookups, include targets without SPF, loops and the old SPF type', async () => {
    const report = await lint({
      'example.com': [{ TXT: 'v=spf1 a:gone.example.com include:nospf.example.net include:loop.example.net -all' }, { SPF: 'v=spf1 -all' }],
      'nospf.example.net': [{ A: '192.0.2.1' }],
      'loop.example.net': [{ TXT: 'v=spf1 include:example.com' }],
    });
    expect(ids(report)).toEqual(expect.arrayContaining(['void-lookup', 'include-without-spf', 'include-loop', 'too-many-lookups', 'spf-rr-type']));
    expect(report.voidLookups).toBe(1);
  });
});

describe('lintRecordText', () => {
  it('+all, ?all, redirect beside all, typos, unknown mechanisms, ip4 with a host name', () => {
    expect(ids(lintRecordText('v=spf1 +all', 'example.com'))).toContain('pass-all');
    expect(ids(lintRecordText('v=spf1 mx ?all', 'example.com'))).toContain('neutral-all');
    expect(ids(lintRecordText('v=spf1 mx -all redirect=x.example.com', 'example.com'))).toContain('redirect-with-all');
    const typo = lintRecordText('v=spf1 include=_spf.google.com -all', 'example.com');
    expect(typo[0]).toMatchObject({ id: 'include-typo', severity: 'error', position: { start: 7, end: 30 } });
    expect(typo[0]?.message).toMatch(/write "include:_spf.google.com"/);
    expect(ids(lintRecordText('v=spf1 ipv4:192.0.2.1 -all', 'example.com'))).toContain('unknown-mechanism');
    const host = lintRecordText('v=spf1 ip4:mail.example.com -all', 'example.com');
    expect(host[0]).toMatchObject({ id: 'ip4-hostname', position: { start: 7, end: 27 } });
    expect(ids(lintRecordText('v=spf1 -all mx', 'example.com'))).toContain('after-all');
  });

  it('syntax errors carry their position', () => {
    const [finding] = lintRecordText('v=spf1 a/33 -all', 'example.com');
    expect(finding).toMatchObject({ id: 'syntax-error', severity: 'error', position: { start: 7, end: 11 } });
  });

  it('strings over 255 characters and records over 512 bytes', () => {
    const long = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.${i}.0/24`).join(' ')} -all`;
    expect(long.length).toBeGreaterThan(512);
    expect(ids(lintRecordText(long, 'example.com', [long]))).toEqual(expect.arrayContaining(['long-string', 'long-record']));
    const split = long.match(/.{1,255}/g) ?? [];
    expect(ids(lintRecordText(long, 'example.com', split))).not.toContain('long-string');
  });
});
