import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bareIp, clientIpProblem, evaluatedIp } from '../../src/core/dns/address';
import { checkHost } from '../../src/core/spf';
import { ZoneResolver } from '../helpers/zone-resolver';

describe('client addresses: one home for every front end and the engine', () => {
  it('reads bare addresses and RFC 5321 address literals', () => {
    expect(bareIp('192.0.2.1')).toBe('192.0.2.1');
    expect(bareIp('[192.0.2.1]')).toBe('192.0.2.1');
    expect(bareIp('[IPv6:2001:DB8::1]')).toBe('2001:DB8::1');
    expect(bareIp(' 2001:db8::1 ')).toBe('2001:db8::1');
  });

  it('refuses what is not an address: other IPv4 spellings, zone indexes, bad tails', () => {
    for (const text of ['127.1', '0x7f.0.0.1', '3232235777', 'fe80::1%eth0', '::1.2.3', 'example.com', '', '[]', '1.2.3.4.5']) {
      expect(bareIp(text), text).toBeNull();
      expect(clientIpProblem(text), text).toMatch(/is not an IPv4 or IPv6 address/);
    }
  });

  it('keeps the IPv4-compatible ::a.b.c.d IPv6 and evaluates the IPv4-mapped form as IPv4 (RFC 7208 section 5)', () => {
    expect(evaluatedIp('::192.0.2.1')?.kind()).toBe('ipv6');
    expect(evaluatedIp('[::192.0.2.1]')?.toString()).toBe('::c000:201');
    expect(evaluatedIp('::ffff:192.0.2.1')?.toString()).toBe('192.0.2.1');
  });

  it('refuses addresses that never open a connection: broadcast, multicast, unspecified', () => {
    expect(clientIpProblem('255.255.255.255')).toMatch(/broadcast/);
    expect(clientIpProblem('224.0.0.1')).toMatch(/multicast/);
    expect(clientIpProblem('ff02::1')).toMatch(/multicast/);
    expect(clientIpProblem('0.0.0.0')).toMatch(/unspecified/);
    expect(clientIpProblem('::')).toMatch(/unspecified/);
    expect(clientIpProblem('::ffff:224.0.0.1')).toMatch(/multicast/);
    expect(clientIpProblem('192.0.2.1')).toBeNull();
    expect(clientIpProblem('2001:db8::25')).toBeNull();
  });

  it('any IPv4 address written as a literal or mapped evaluates to itself', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(evaluatedIp(ip)?.toString()).toBe(ip.split('.').map(Number).join('.'));
        expect(evaluatedIp(`[${ip}]`)?.toString()).toBe(evaluatedIp(ip)?.toString());
        expect(evaluatedIp(`::ffff:${ip}`)?.toString()).toBe(evaluatedIp(ip)?.toString());
      }),
    );
  });

  it('the engine does not match ::192.0.2.1 against ip4:192.0.2.1', async () => {
    const resolver = new ZoneResolver({ 'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.1 -all' }] });
    const v6 = await checkHost({ ip: '::192.0.2.1', domain: 'example.com', sender: 'a@example.com', helo: 'mail.example.com' }, { resolver });
    expect(v6.result).toBe('fail');
    const mapped = await checkHost({ ip: '::ffff:192.0.2.1', domain: 'example.com', sender: 'a@example.com', helo: 'mail.example.com' }, { resolver });
    expect(mapped.result).toBe('pass');
  });
});
