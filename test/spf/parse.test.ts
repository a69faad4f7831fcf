import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/core/spf';
import type { MechanismTerm } from '../../src/core/spf';

describe('parseRecord', () => {
  it('gives every term with its position in the text', () => {
    const text = 'v=spf1  -a:host.example.com/24//64 ~mx ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net ?exists:%{i}.bl.example.org ptr redirect=_spf.example.com exp=why.%{d} x-note=hi ';
    const parsed = parseRecord(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.version).toEqual({ start: 0, end: 6 });
    for (const term of parsed.terms) expect(text.slice(term.start, term.end)).toBe(term.text);
    expect(parsed.terms.map((t) => t.text)).toEqual([
      '-a:host.example.com/24//64', '~mx', 'ip4:192.0.2.0/24', 'ip6:2001:db8::/32', 'include:_spf.example.net',
      '?exists:%{i}.bl.example.org', 'ptr', 'redirect=_spf.example.com', 'exp=why.%{d}', 'x-note=hi',
    ]);
    const a = parsed.terms[0] as MechanismTerm;
    expect(a).toMatchObject({ kind: 'mechanism', name: 'a', qualifier: '-', qualifierExplicit: true, domainSpec: 'host.example.com', cidr4: 24, cidr6: 64, start: 8 });
    expect(parsed.terms[1]).toMatchObject({ name: 'mx', qualifier: '~', domainSpec: null, cidr4: null, cidr6: null });
    expect(parsed.terms[2]).toMatchObject({ name: 'ip4', network: '192.0.2.0', cidr4: 24, qualifier: '+', qualifierExplicit: false });
    expect(parsed.terms[3]).toMatchObject({ name: 'ip6', network: '2001:db8::', cidr6: 32 });
    expect(parsed.redirect?.value).toBe('_spf.example.com');
    expect(parsed.exp?.value).toBe('why.%{d}');
    expect(parsed.terms[9]).toMatchObject({ kind: 'modifier', name: 'x-note', value: 'hi' });
  });

  it('reads names case-insensitively', () => {
    const parsed = parseRecord('V=SPF1 -ALL Include:a.example.com REDIRECT=b.example.com');
    expect(parsed.errors).toEqual([]);
    expect(parsed.terms.map((t) => (t.kind === 'invalid' ? '?' : t.name))).toEqual(['all', 'include', 'redirect']);
  });

  it('is not an SPF record without "v=spf1" and a space or the end', () => {
    expect(parseRecord('v=spf10 -all').errors[0]?.code).toBe('not-spf');
    expect(parseRecord('v=spf1').errors).toEqual([]);
    expect(parseRecord('spf1 -all').version).toBeNull();
  });

  const bad: [string, string, string][] = [
    // record, the part to underline, error code
    ['v=spf1 ip4:192.0.2.1 -all moo', 'moo', 'unknown-mechanism'],
    ['v=spf1 ip4:mail.example.com -all', 'ip4:mail.example.com', 'ip4-hostname'],
    ['v=spf1 ip4:192.0.2.1/33', 'ip4:192.0.2.1/33', 'bad-cidr'],
    ['v=spf1 ip4:1.2.3.4/032', 'ip4:1.2.3.4/032', 'bad-cidr'],
    ['v=spf1 ip4:1.2.3', 'ip4:1.2.3', 'bad-network'],
    ['v=spf1 ip6::CAFE::BABE', 'ip6::CAFE::BABE', 'bad-network'],
    ['v=spf1 a//129', 'a//129', 'bad-cidr'],
    ['v=spf1 a/24/64', 'a/24/64', 'bad-cidr'],
    ['v=spf1 a:abc.123', 'abc.123', 'bad-domain-spec'],
    ['v=spf1 a:example.com:8080', 'example.com:8080', 'bad-domain-spec'],
    ['v=spf1 include: -all', 'include:', 'empty-domain'],
    ['v=spf1 include -all', 'include', 'missing-domain'],
    ['v=spf1 include:ip5.example.com/24', 'ip5.example.com/24', 'bad-domain-spec'],
    ['v=spf1 exists:%{x}.example.com', '%{x}', 'bad-macro'],
    ['v=spf1 -all.', '-all.', 'unknown-mechanism'],
    ['v=spf1 -all:foo', '-all:foo', 'unexpected-argument'],
    ['v=spf1 ptr/0', 'ptr/0', 'bad-cidr'],
    ['v=spf1 1up=foo', '1up=foo', 'bad-modifier-name'],
    ['v=spf1 =all', '=all', 'bad-modifier-name'],
    ['v=spf1 redirect=-all', '-all', 'bad-domain-spec'],
    ['v=spf1 exp=', 'exp=', 'empty-domain'],
    ['v=spf1 foo=%abc', '%a', 'bad-macro'],
    ['v=spf1 redirect:example.com', 'redirect:example.com', 'unknown-mechanism'],
    ['v=spf1 a:ctrl.example.com\rptr', '\r', 'bad-macro'],
  ];
  for (const [record, underline, code] of bad) {
    it(`${JSON.stringify(record)}: ${code} at ${JSON.stringify(underline)}`, () => {
      const parsed = parseRecord(record);
      const error = parsed.errors[0];
      expect(error?.code).toBe(code);
      expect(record.slice(error?.start, error?.end)).toBe(underline);
      expect(error?.start).toBe(record.indexOf(underline));
      expect(parsed.terms.some((t) => t.kind === 'invalid')).toBe(true);
    });
  }

  it('rejects a duplicate redirect or exp (RFC 7208 section 6)', () => {
    const parsed = parseRecord('v=spf1 exp=a.example.com -all exp=b.example.com');
    expect(parsed.errors.map((e) => e.code)).toEqual(['duplicate-modifier']);
    expect(parsed.errors[0]?.start).toBe(30);
    expect(parsed.exp).toBeNull();
  });

  it('suggests the mechanism a typo meant', () => {
    expect(parseRecord('v=spf1 inclde:_spf.example.com').errors[0]?.message).toMatch(/did you mean "include"/);
    expect(parseRecord('v=spf1 ipv4:192.0.2.1').errors[0]?.message).toMatch(/did you mean "ip4"/);
  });

  it('never throws on odd input', () => {
    expect(parseRecord(undefined as unknown as string).errors[0]?.code).toBe('not-spf');
    expect(parseRecord(`v=spf1 ${'a '.repeat(5000)}`).terms).toHaveLength(5000);
  });
});
