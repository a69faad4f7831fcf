import { describe, expect, it } from 'vitest';
import { CachingResolver, CLOUDFLARE, GOOGLE, resolverFor } from '../../src/core/dns';

describe('resolverFor: the one DoH set-up of the background and the CLI', () => {
  it('one endpoint: a cache over it, no cross-check', () => {
    const dns = resolverFor([CLOUDFLARE]);
    expect(dns.endpoints).toEqual([CLOUDFLARE]);
    expect(dns.resolver).toBeInstanceOf(CachingResolver);
    expect(dns.crossCheck).toBeUndefined();
  });
  it('two endpoints: the cross-check compares them; the list is the caller\'s order, copied', () => {
    const given = [CLOUDFLARE, GOOGLE];
    const dns = resolverFor(given);
    given.reverse();
    expect(dns.endpoints).toEqual([CLOUDFLARE, GOOGLE]);
    expect(typeof dns.crossCheck).toBe('function');
  });
});
