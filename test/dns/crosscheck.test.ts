import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crossCheck } from '../../src/core/dns/crosscheck';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

const zone: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 include:_spf.new.example -all' }, { SOA: ['ns.example.com', 300] }],
  'fresh.example.com': [{ TXT: 'v=spf1 -all' }],
};
const oldView: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 include:_spf.old.example -all', ttl: 3600 }],
};

let server: DohServer;
let endpoints: [string, string];

beforeAll(async () => {
  server = await startDohServer({ zone });
  endpoints = [server.cloudflareUrl, server.googleUrl];
});
afterAll(() => server.close());
beforeEach(() => {
  server.setZone(zone);
  server.setFaults([]);
  server.setAd({});
});

describe('crossCheck', () => {
  it('agrees when both give the same records', async () => {
    const check = await crossCheck('example.com', 'TXT', endpoints, { timeoutMs: 10_000 });
    expect(check).toMatchObject({ verdict: 'agree', differences: [], onlyFirst: [], onlySecond: [], ttls: [300, 300] });
    expect(check.summary).toContain('agree on TXT example.com (1 record)');
  });

  it('disagrees on records and names what each has', async () => {
    server.setZone(oldView, 'google');
    const check = await crossCheck('example.com', 'TXT', endpoints, { timeoutMs: 10_000 });
    expect(check.verdict).toBe('disagree');
    expect(check.differences).toEqual(['records', 'ttl']);
    expect(check.onlyFirst).toEqual(['v=spf1 include:_spf.new.example -all']);
    expect(check.onlySecond).toEqual(['v=spf1 include:_spf.old.example -all']);
    expect(check.ttls).toEqual([300, 3600]);
    expect(check.summary).toContain('propagating');
  });

  it('disagrees on existence when only one has the name', async () => {
    server.setZone(oldView, 'google');
    const check = await crossCheck('fresh.example.com', 'TXT', endpoints, { timeoutMs: 10_000 });
    expect(check).toMatchObject({ verdict: 'disagree', differences: ['existence'] });
    expect(check.results[1]).toMatchObject({ ok: false, kind: 'nxdomain' });
  });

  it('agrees on a shared NXDOMAIN', async () => {
    const check = await crossCheck('nope.example.com', 'TXT', endpoints, { timeoutMs: 10_000 });
    expect(check).toMatchObject({ verdict: 'agree', differences: [] });
  });

  it('notes a differing DNSSEC AD flag without calling it disagreement', async () => {
    server.setAd({ cloudflare: true, google: false });
    const check = await crossCheck('example.com', 'TXT', endpoints, { timeoutMs: 10_000 });
    expect(check).toMatchObject({ verdict: 'agree', differences: ['ad'], ad: [true, false] });
    expect(check.summary).toContain('DNSSEC-authenticated');
  });

  it('is inconclusive when one endpoint fails', async () => {
    server.setFaults([{ kind: 'hang', path: 'google' }]);
    const check = await crossCheck('example.com', 'TXT', endpoints, { timeoutMs: 300 });
    expect(check.verdict).toBe('inconclusive');
    expect(check.summary).toContain('timeout after 300 ms');
  });
});
