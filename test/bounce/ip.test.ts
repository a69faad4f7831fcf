import { describe, expect, it } from 'vitest';
import { findIps, parseIp } from '../../src/core/bounce/ip';
import { readBounceText } from '../../src/core/bounce/index';

describe('IP forms (ip.ts)', () => {
  it('IPv4-mapped ::ffff:a.b.c.d is the IPv4 client (RFC 4291 section 2.5.5.2)', () => {
    expect(parseIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(parseIp('::FFFF:c000:0201')).toBe('192.0.2.1');
  });

  it('IPv4-compatible ::a.b.c.d stays IPv6 (RFC 4291 section 2.5.5.1; ipaddr.js alone reads it as mapped)', () => {
    expect(parseIp('::192.0.2.1')).toBe('::c000:201');
    expect(findIps('ip: [::192.0.2.1]').map((m) => m.ip)).toEqual(['::c000:201']);
    expect(parseIp('2001:db8::192.0.2.1')).toBe('2001:db8::c000:201');
  });

  it('compressed, full, upper-case and bracketed IPv6 give one canonical form (RFC 5952)', () => {
    expect(parseIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(findIps('host [2001:db8::25]:25 said').map((m) => m.ip)).toEqual(['2001:db8::25']);
  });

  it('the RFC 5321 address literal tag IPv6: (section 4.1.3)', () => {
    expect(findIps('from mail.example.org ([IPv6:2001:db8::7])')).toEqual([{ ip: '2001:db8::7', start: 24, end: 40 }]);
    expect(parseIp('[IPv6:2001:db8::7]')).toBe('2001:db8::7');
    expect(parseIp('ipv6:::ffff:192.0.2.9')).toBe('192.0.2.9');
  });

  it('only unicast addresses are a client: no multicast, broadcast, loopback, unspecified', () => {
    for (const address of ['224.0.0.1', '239.1.2.3', '255.255.255.255', 'ff02::1', '127.0.0.1', '::1', '0.0.0.0', '::']) expect(parseIp(address), address).toBeNull();
  });

  it('a colon after an IPv6 address ends it', () => {
    expect(findIps('from 2001:db8::1: 550 refused').map((m) => m.ip)).toEqual(['2001:db8::1']);
  });

  it('the reader keeps [::192.0.2.1] IPv6 in a refusal', () => {
    const facts = readBounceText('550 5.7.26 SPF check for [example.org] did not pass with ip: [::192.0.2.1]');
    expect(facts).toMatchObject({ authFailure: true, ip: '::c000:201', domain: 'example.org' });
  });
});

describe('an address in a link', () => {
  it('is the client only where the link names it so', () => {
    // Spamhaus's open-resolver page names the resolver that asked, not the client (which the poster masked)
    const resolver = '554 5.7.1 Service unavailable; Client host [37.x.y.z] blocked using zen.spamhaus.org; Error: open resolver; https://www.spamhaus.org/returnc/pub/198.51.100.0';
    expect(readBounceText(resolver).ip).toBeNull();
    const barracuda = '554 Service unavailable; Client host [server1.example.com] blocked using Barracuda Reputation; http://bbl.barracudacentral.com/q.cgi?ip=192.0.2.61';
    expect(readBounceText(barracuda).ip).toBe('192.0.2.61');
    expect(readBounceText('554 5.7.1 blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.62').ip).toBe('192.0.2.62');
    const gmx = '554-IP address is block listed.\n554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=192.0.2.63&r=1MNcgj';
    expect(readBounceText(gmx).ip).toBe('192.0.2.63');
  });
});
