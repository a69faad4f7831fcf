/**
 * Forward-confirmed reverse DNS over zone data: a PTR name is evidence only when its own A/AAAA gives the IP
 * back, and "your own server" only when that name lies under the domain itself.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { isOwnServer, reverseDns } from '../../src/core/diagnose';
import { reverseName } from '../../src/core/spf/evaluate';
import type { ZoneData, ZoneEntry } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const IP = '203.0.113.77';
const PTR = '77.113.0.203.in-addr.arpa';

async function rdns(zone: ZoneData, ip = IP, domain = 'example.com') {
  const resolver = new ZoneResolver(zone);
  return { result: await reverseDns(ip, domain, resolver), log: resolver.log };
}

describe('reverseDns: forward-confirmed or not', () => {
  it('a PTR under the domain whose A gives the IP back: confirmed, under the domain, own server', async () => {
    const { result, log } = await rdns({ [PTR]: [{ PTR: 'mail.example.com' }], 'mail.example.com': [{ A: IP }] });
    expect(result).toEqual({ name: 'mail.example.com', confirmed: true, underDomain: true });
    expect(isOwnServer(result)).toBe(true);
    expect(log).toEqual([`PTR ${PTR}`, 'A mail.example.com']);
  });

  it('a PTR without an A record: not confirmed, never the own server', async () => {
    const { result } = await rdns({ [PTR]: [{ PTR: 'mail.example.com' }] });
    expect(result).toEqual({ name: 'mail.example.com', confirmed: false, underDomain: true });
    expect(isOwnServer(result)).toBe(false);
  });

  it('a PTR name whose A points elsewhere: not confirmed', async () => {
    const { result } = await rdns({ [PTR]: [{ PTR: 'mail.example.com' }], 'mail.example.com': [{ A: '192.0.2.1' }, { A: '203.0.113.78' }] });
    expect(result.confirmed).toBe(false);
    expect(isOwnServer(result)).toBe(false);
  });

  it('a name under a sibling .co.uk domain is not under the domain, confirmed or not', async () => {
    const { result } = await rdns({ [PTR]: [{ PTR: 'mail.attacker.co.uk' }], 'mail.attacker.co.uk': [{ A: IP }] }, IP, 'victim.co.uk');
    expect(result).toEqual({ name: 'mail.attacker.co.uk', confirmed: true, underDomain: false });
    expect(isOwnServer(result)).toBe(false);
  });

  it('a name that merely ends with the domain text is not under it', async () => {
    const { result } = await rdns({ [PTR]: [{ PTR: 'mail.notexample.com' }], 'mail.notexample.com': [{ A: IP }] });
    expect(result.underDomain).toBe(false);
    expect(isOwnServer(result)).toBe(false);
  });

  it('a temporary failure of the forward lookup leaves the name unconfirmed', async () => {
    const { result } = await rdns({ [PTR]: [{ PTR: 'mail.example.com' }], 'mail.example.com': ['TIMEOUT'] });
    expect(result.confirmed).toBe(false);
  });

  it('no PTR: no name, nothing else asked', async () => {
    const { result, log } = await rdns({});
    expect(result).toEqual({ name: null, confirmed: false, underDomain: false });
    expect(log).toEqual([`PTR ${PTR}`]);
  });

  it('IPv6: the AAAA must give the address back, whatever its spelling', async () => {
    const ip = '2001:db8::25';
    const name = reverseName(ipaddr.parse(ip));
    const confirmed = await rdns({ [name]: [{ PTR: 'mx.example.com' }], 'mx.example.com': [{ AAAA: '2001:0db8:0000::0025' }] }, ip);
    expect(confirmed.result.confirmed).toBe(true);
    expect(confirmed.log).toEqual([`PTR ${name}`, 'AAAA mx.example.com']);
    // an A record of the name says nothing about an IPv6 client
    const v4only = await rdns({ [name]: [{ PTR: 'mx.example.com' }], 'mx.example.com': [{ A: '192.0.2.25' }] }, ip);
    expect(v4only.result.confirmed).toBe(false);
  });

  it('of several PTR names, the one under the domain is the one checked; the others are not looked up', async () => {
    const { result, log } = await rdns({
      [PTR]: [{ PTR: 'u-8f3a1c.track.attacker.example' }, { PTR: 'smtp.example.com' }],
      'smtp.example.com': [{ A: IP }],
    });
    expect(result).toEqual({ name: 'smtp.example.com', confirmed: true, underDomain: true });
    expect(log).not.toContain('A u-8f3a1c.track.attacker.example');
  });

  it('a PTR target that is not a host name is not looked up', async () => {
    const { result, log } = await rdns({ [PTR]: [{ PTR: 'evil host.example.com' }] });
    expect(result.name).toBeNull();
    expect(log).toEqual([`PTR ${PTR}`]);
  });
});

/** The model: what forward-confirmed reverse DNS says, written from the zone directly. */
function modelConfirms(zone: ZoneData, name: string, ip: string): boolean {
  return (zone[name] ?? []).some((e) => e !== 'TIMEOUT' && 'A' in e && e.A === ip);
}

describe('reverseDns: properties over random zones', () => {
  const domains = ['example.com', 'victim.co.uk', 'shop.example.org'];
  /** names under the domain, siblings under the same public suffix, look-alikes, strangers */
  const nameFor = (domain: string) =>
    fc.constantFrom(
      `mail.${domain}`,
      domain,
      `a.b.${domain}`,
      `mail.attacker.${domain.split('.').slice(1).join('.')}`,
      `mail.not${domain}`,
      `${domain}.attacker.example`,
      'mail-sor-f41.google.com',
    );
  const ips = fc.constantFrom('203.0.113.77', '203.0.113.78', '192.0.2.1');

  it('confirmed exactly when the chosen name has an A record with the IP; own server only when also under the domain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...domains).chain((domain) =>
          fc.record({
            domain: fc.constant(domain),
            ptrs: fc.array(nameFor(domain), { maxLength: 3 }),
            addresses: fc.dictionary(nameFor(domain), fc.array(fc.oneof(ips.map((A): ZoneEntry => ({ A })), fc.constant<ZoneEntry>('TIMEOUT')), { maxLength: 3 })),
          }),
        ),
        async ({ domain, ptrs, addresses }) => {
          const zone: ZoneData = { ...addresses, ...(ptrs.length > 0 ? { [PTR]: ptrs.map((p) => ({ PTR: p })) } : {}) };
          // a TIMEOUT marker hides the records after it (zone.ts): the model sees what the resolver serves
          const served: ZoneData = Object.fromEntries(Object.entries(addresses).map(([n, entries]) => [n, entries.slice(0, entries.indexOf('TIMEOUT') === -1 ? undefined : entries.indexOf('TIMEOUT'))]));
          const { result, log } = await rdns(zone, IP, domain);
          const underDomain = (n: string) => n === domain || n.endsWith(`.${domain}`);
          const expectedName = ptrs.find(underDomain) ?? ptrs[0] ?? null;
          expect(result.name).toBe(expectedName);
          expect(result.confirmed).toBe(expectedName !== null && modelConfirms(served, expectedName, IP));
          expect(result.underDomain).toBe(expectedName !== null && underDomain(expectedName));
          expect(isOwnServer(result)).toBe(result.confirmed && expectedName !== null && underDomain(expectedName));
          // never a name under a sibling of the domain, never a look-alike
          if (isOwnServer(result)) expect(result.name === domain || result.name?.endsWith(`.${domain}`)).toBe(true);
          // one PTR query and at most one forward query, for the chosen name only
          expect(log.length).toBeLessThanOrEqual(2);
          for (const entry of log.slice(1)) expect(entry).toBe(`A ${expectedName}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
