import { describe, expect, it } from 'vitest';
import { expandMacro, parseMacroString, queryName } from '../../src/core/spf';
import type { MacroContext } from '../../src/core/spf';

// RFC 7208 section 7.4, verbatim: sender strong-bad@email.example.com, IPv4 192.0.2.3, IPv6 2001:db8::cb01.
const v4: MacroContext = { sender: 'strong-bad@email.example.com', domain: 'email.example.com', ip: '192.0.2.3', helo: 'mx.example.org', validatedName: 'mx.example.org' };
const v6: MacroContext = { ...v4, ip: '2001:db8::cb01' };

function expand(text: string, ctx: MacroContext = v4, explanation = false): string {
  const result = expandMacro(text, ctx, { explanation });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('RFC 7208 section 7.4 examples', () => {
  const single: [string, string][] = [
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
  ];
  for (const [macro, expansion] of single) it(`${macro} -> ${expansion}`, () => expect(expand(macro)).toBe(expansion));

  it('macro-strings with the IPv4 address', () => {
    expect(expand('%{ir}.%{v}._spf.%{d2}')).toBe('3.2.0.192.in-addr._spf.example.com');
    expect(expand('%{lr-}.lp._spf.%{d2}')).toBe('bad.strong.lp._spf.example.com');
    expect(expand('%{lr-}.lp.%{ir}.%{v}._spf.%{d2}')).toBe('bad.strong.lp.3.2.0.192.in-addr._spf.example.com');
    expect(expand('%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}')).toBe('3.2.0.192.in-addr.strong.lp._spf.example.com');
    expect(expand('%{d2}.trusted-domains.example.net')).toBe('example.com.trusted-domains.example.net');
  });

  it('the IPv6 example', () => {
    expect(expand('%{ir}.%{v}._spf.%{d2}', v6)).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com');
  });
});

describe('macro letters, transformers and delimiters', () => {
  it('expands every letter', () => {
    const ctx: MacroContext = { ...v4, receiver: 'mx.receiver.example', timestamp: 1700000000 };
    expect(expand('%{h}|%{p}|%{v}|%{i}', ctx)).toBe('mx.example.org|mx.example.org|in-addr|192.0.2.3');
    expect(expand('%{c} %{r} %{t}', ctx, true)).toBe('192.0.2.3 mx.receiver.example 1700000000');
    expect(expand('%{c}', { ...v6, ip: '2001:DB8:0:0:0:0:0:CB01' }, true)).toBe('2001:db8::cb01');
  });
  it('treats an IPv4-mapped IPv6 client as IPv4 (RFC 7208 section 5)', () => {
    expect(expand('%{i}/%{v}', { ...v4, ip: '::ffff:192.0.2.3' })).toBe('192.0.2.3/in-addr');
  });
  it('splits on several delimiters and joins with dots', () => {
    expect(expand('%{l+-}', { ...v4, sender: 'foo-bar+zip+quux@example.com' })).toBe('foo.bar.zip.quux');
    // reversed: quux.zip.bar.foo; the two right-hand parts of that
    expect(expand('%{l2r+-}', { ...v4, sender: 'foo-bar+zip+quux@example.com' })).toBe('bar.foo');
    expect(expand('%{s=/,}', { ...v4, sender: 'a=b/c,d@x.example' })).toBe('a.b.c.d@x.example');
  });
  it('URL-escapes upper-case macros (RFC 7208 section 7.3)', () => {
    expect(expand('%{L}', { ...v4, sender: '~jack&jill=up-a_b3.c@example.com' })).toBe('~jack%26jill%3Dup-a_b3.c');
    expect(expand('%{S}', { ...v4, sender: 'a b@example.com' })).toBe('a%20b%40example.com');
  });
  it('expands the escapes %%, %_ and %-', () => {
    expect(expand('a%%b%_c%-d')).toBe('a%b c%20d');
  });
  it('uses postmaster for a missing local-part (RFC 7208 section 4.3)', () => {
    expect(expand('%{l}', { ...v4, sender: '@example.net' })).toBe('postmaster');
  });
  it('keeps all parts when the digit is larger than their number', () => {
    expect(expand('%{d99}')).toBe('email.example.com');
  });
});

describe('macro syntax errors', () => {
  const bad: [string, RegExp][] = [
    ['%{x}', /not a valid macro/],
    ['%{d0}', /nonzero/],
    ['%a', /must be followed/],
    ['foo%', /must be followed/],
    ['%{d', /not closed/],
    ['%{c}.example.com', /only in explanation/],
    ['%{r}', /only in explanation/],
    ['a\u0001b', /not allowed/],
  ];
  for (const [text, message] of bad) {
    it(JSON.stringify(text), () => {
      const parsed = parseMacroString(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(message);
      expect(expandMacro(text, v4).ok).toBe(false);
    });
  }
  it('allows spaces and c, r, t only in explanation text', () => {
    expect(parseMacroString('a b').ok).toBe(false);
    expect(parseMacroString('a b %{c}', { explanation: true }).ok).toBe(true);
  });
});

describe('query names (RFC 7208 section 7.3)', () => {
  it('drops the trailing dot and truncates long names from the left at label boundaries', () => {
    expect(queryName('example.com.')).toBe('example.com');
    const long = `${'abcdefghij.'.repeat(30)}example.com`;
    const name = queryName(long);
    expect(name && name.length).toBeLessThanOrEqual(253);
    expect(name?.endsWith('abcdefghij.example.com')).toBe(true);
    expect(long.endsWith(name ?? '-')).toBe(true);
  });
  it('refuses names no query can be made for', () => {
    expect(queryName('mail.example...com')).toBeNull();
    expect(queryName(`${'a'.repeat(64)}.example.com`)).toBeNull();
    expect(queryName('')).toBeNull();
  });
});
