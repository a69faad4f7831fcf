import { describe, expect, it } from 'vitest';
import { checkHost, checkedSender, resolveIdentity } from '../../src/core/spf';
import { ZoneResolver } from '../helpers/zone-resolver';

describe('resolveIdentity (RFC 7208 section 2.4)', () => {
  it('takes the domain of the MAIL FROM address', () => {
    expect(resolveIdentity({ sender: 'alice@Mail.Example.com', helo: 'h.example' })).toEqual({ domain: 'Mail.Example.com', sender: 'alice@Mail.Example.com', helo: 'h.example' });
    // the last "@" separates the domain (a quoted local-part may hold one)
    expect(resolveIdentity({ sender: '"a@b"@c.example' })?.domain).toBe('c.example');
  });

  it('checks the HELO identity for the null sender, and keeps the null sender as given', () => {
    expect(resolveIdentity({ sender: '', helo: 'mx.example.org' })).toEqual({ domain: 'mx.example.org', sender: '', helo: 'mx.example.org' });
  });

  it('lets a given domain win, with postmaster@DOMAIN and HELO DOMAIN for what is not given', () => {
    expect(resolveIdentity({ domain: 'example.com' })).toEqual({ domain: 'example.com', sender: 'postmaster@example.com', helo: 'example.com' });
    expect(resolveIdentity({ domain: 'example.com', sender: 'a@other.example', helo: 'h.example' })).toEqual({ domain: 'example.com', sender: 'a@other.example', helo: 'h.example' });
    expect(resolveIdentity({ domain: null, sender: null, helo: 'h.example' })?.domain).toBe('h.example');
  });

  it('has no identity without a domain, a sender or a HELO name', () => {
    expect(resolveIdentity({})).toBeNull();
    expect(resolveIdentity({ sender: '' })).toBeNull();
    expect(resolveIdentity({ domain: '', helo: '' })).toBeNull();
  });

  it('gives check_host() postmaster@HELO as the <sender> of the null reverse-path', () => {
    expect(checkedSender({ sender: '', helo: 'mx.example.org' })).toBe('postmaster@mx.example.org');
    expect(checkedSender({ sender: 'a@b.example', helo: 'mx.example.org' })).toBe('a@b.example');
  });

  it('is what the engine expands %{s} and %{l} with for the null sender', async () => {
    const resolver = new ZoneResolver({
      'example.org': [{ TXT: 'v=spf1 exists:%{l}.%{o}.allow.example.org -all' }],
      'postmaster.mx.example.org.allow.example.org': [{ A: '127.0.0.2' }],
    });
    const evaluation = await checkHost({ ip: '192.0.2.1', domain: 'example.org', sender: '', helo: 'mx.example.org' }, { resolver });
    expect(evaluation.result).toBe('pass');
  });
});
