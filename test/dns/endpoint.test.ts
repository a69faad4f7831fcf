import { describe, expect, it } from 'vitest';
import { CLOUDFLARE, GOOGLE, endpointLabel, isGoogleStyle, validateEndpoint } from '../../src/core/dns/endpoint';

describe('validateEndpoint', () => {
  it.each([
    [CLOUDFLARE, CLOUDFLARE],
    [GOOGLE, GOOGLE],
    ['  https://doh.example.net/dns-query#frag ', 'https://doh.example.net/dns-query'],
    ['http://127.0.0.1:8053/dns-query', 'http://127.0.0.1:8053/dns-query'],
    ['http://127.9.8.7/resolve', 'http://127.9.8.7/resolve'],
    ['http://[::1]:8053/dns-query', 'http://[::1]:8053/dns-query'],
    ['http://localhost:8053/dns-query', 'http://localhost:8053/dns-query'],
  ])('accepts %s', (input, url) => {
    expect(validateEndpoint(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['http://cloudflare-dns.com/dns-query', 'needs https://'],
    ['http://192.168.1.1/dns-query', 'needs https://'],
    ['http://128.0.0.1/dns-query', 'needs https://'],
    ['http://[::2]/dns-query', 'needs https://'],
    ['http://localhost.example.com/dns-query', 'needs https://'],
    ['ftp://127.0.0.1/dns-query', 'not ftp:'],
    ['https://user:secret@doh.example.net/dns-query', 'user name or password'],
    ['cloudflare-dns.com', 'is not a URL'],
    ['', 'is not a URL'],
  ])('refuses %s', (input, message) => {
    const result = validateEndpoint(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});

describe('endpoint style and labels', () => {
  it('treats dns.google and */resolve as Google style', () => {
    expect([GOOGLE, 'https://dns.google/dns-query', 'http://127.0.0.1:1/resolve', CLOUDFLARE].map(isGoogleStyle)).toEqual([true, true, true, false]);
  });

  it('labels by host, adding the path when hosts repeat', () => {
    expect(endpointLabel(CLOUDFLARE, [CLOUDFLARE, GOOGLE])).toBe('cloudflare-dns.com');
    expect(endpointLabel('http://127.0.0.1:5/resolve', ['http://127.0.0.1:5/dns-query', 'http://127.0.0.1:5/resolve'])).toBe('127.0.0.1:5/resolve');
  });
});
