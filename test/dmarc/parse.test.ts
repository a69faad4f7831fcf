import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicablePolicy, isDmarcRecord, parseDmarcRecord, parseDmarcUri } from '../../src/core/dmarc';
import type { DmarcFindingId } from '../../src/core/dmarc';

const ids = (text: string): DmarcFindingId[] => parseDmarcRecord(text).findings.map((f) => f.id);

describe('isDmarcRecord (RFC 9989 section 4.7, tag v)', () => {
  it.each([
    ['v=DMARC1; p=none', true],
    ['v=DMARC1', true],
    ['v = DMARC1 ;p=reject', true],
    ['V=DMARC1; p=reject', true],
    ['v=dmarc1; p=reject', false],
    ['p=reject; v=DMARC1', false],
    [' v=DMARC1; p=reject', false],
    ['v=DMARC10; p=reject', false],
    ['v=spf1 -all', false],
    ['', false],
  ])('%j -> %s', (text, expected) => {
    expect(isDmarcRecord(text)).toBe(expected);
  });
});

describe('parseDmarcRecord', () => {
  it('reads every tag of RFC 9989 section 4.7 and applies the defaults', () => {
    const r = parseDmarcRecord('v=DMARC1; p=quarantine; sp=reject; np=reject; adkim=s; aspf=s; t=y; psd=n; fo=1:d; rua=mailto:a@example.com, mailto:b@example.net; ruf=mailto:f@example.com');
    expect(r).toMatchObject({ isDmarc: true, p: 'quarantine', sp: 'reject', np: 'reject', adkim: 's', aspf: 's', testing: true, psd: 'n', fo: ['1', 'd'], applies: 'as-written' });
    expect(r.rua.map((u) => u.host)).toEqual(['example.com', 'example.net']);
    expect(r.ruf.map((u) => u.uri)).toEqual(['mailto:f@example.com']);
    const d = parseDmarcRecord('v=DMARC1; p=reject');
    expect(d).toMatchObject({ adkim: 'r', aspf: 'r', testing: false, psd: 'u', fo: ['0'], sp: null, np: null, pct: null });
  });

  it('policy values are case-insensitive (RFC 5234 quoted strings)', () => {
    expect(parseDmarcRecord('v=DMARC1; p=Reject').p).toBe('reject');
  });

  it('an invalid p with a valid rua is read as p=none; without rua the record is ignored (RFC 9989 section 4.10.1)', () => {
    const withRua = parseDmarcRecord('v=DMARC1; p=rejected; rua=mailto:d@example.com');
    expect(withRua.applies).toBe('as-none');
    expect(applicablePolicy(withRua, 'same')).toEqual({ tag: 'p', value: 'none' });
    const without = parseDmarcRecord('v=DMARC1; p=rejected');
    expect(without.applies).toBe('ignored');
    expect(applicablePolicy(without, 'same')).toBeNull();
    expect(ids('v=DMARC1; p=rejected')).toEqual(expect.arrayContaining(['invalid-policy', 'record-ignored']));
    const noP = parseDmarcRecord('v=DMARC1; rua=mailto:d@example.com');
    expect(noP.applies).toBe('as-none');
    expect(ids('v=DMARC1; rua=mailto:d@example.com')).toContain('missing-policy');
    expect(parseDmarcRecord('v=DMARC1; p=reject; sp=bogus').applies).toBe('ignored');
  });

  it('sp and np fall back as RFC 9989 section 4.7 says', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; sp=quarantine');
    expect(applicablePolicy(r, 'same')).toEqual({ tag: 'p', value: 'reject' });
    expect(applicablePolicy(r, 'subdomain')).toEqual({ tag: 'sp', value: 'quarantine' });
    expect(applicablePolicy(r, 'non-existent-subdomain')).toEqual({ tag: 'sp', value: 'quarantine' });
    const np = parseDmarcRecord('v=DMARC1; p=none; np=reject');
    expect(applicablePolicy(np, 'subdomain')).toEqual({ tag: 'p', value: 'none' });
    expect(applicablePolicy(np, 'non-existent-subdomain')).toEqual({ tag: 'np', value: 'reject' });
  });

  it('pct, rf and ri are legacy (RFC 7489) and reported as such; pct is kept for RFC 7489 receivers', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; pct=20; rf=afrf; ri=3600');
    expect(r.pct).toBe(20);
    expect(r.findings.filter((f) => f.id === 'legacy-tag')).toHaveLength(3);
    expect(r.findings.find((f) => f.message.includes('pct'))?.message).toMatch(/not part of RFC 9989/);
    expect(parseDmarcRecord('v=DMARC1; p=reject; pct=200').pct).toBeNull();
  });

  it('unknown tags are ignored with an info finding; malformed pieces are skipped', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; foo=bar; junk; ;');
    expect(r.p).toBe('reject');
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual(expect.arrayContaining([['unknown-tag', 'info'], ['malformed-tag', 'warning']]));
    const junk = r.findings.find((f) => f.id === 'malformed-tag');
    expect(r.text.slice(junk?.position?.start, junk?.position?.end)).toBe('junk');
  });

  it('invalid flag values fall back to their defaults', () => {
    const r = parseDmarcRecord('v=DMARC1; p=reject; adkim=x; t=maybe; psd=q; fo=0:1');
    expect(r).toMatchObject({ adkim: 'r', testing: false, psd: 'u', fo: ['0'] });
    expect(r.findings.filter((f) => f.id === 'invalid-value')).toHaveLength(4);
  });

  it('a duplicated tag keeps the first value', () => {
    const r = parseDmarcRecord('v=DMARC1; p=none; p=reject');
    expect(r.p).toBe('none');
    expect(r.findings.map((f) => f.id)).toContain('duplicate-tag');
  });

  it('lints monitoring, testing and missing reports', () => {
    expect(ids('v=DMARC1; p=none')).toEqual(expect.arrayContaining(['monitoring-only', 'no-reports']));
    expect(ids('v=DMARC1; p=reject; t=y; rua=mailto:x@example.com')).toEqual(['testing-mode']);
    expect(ids('v=DMARC1; p=reject; fo=1')).toEqual(expect.arrayContaining(['fo-without-ruf']));
  });

  it('a record that is not DMARC gives only not-dmarc', () => {
    expect(ids('p=reject; v=DMARC1')).toEqual(['not-dmarc']);
    expect(parseDmarcRecord('p=reject; v=DMARC1').isDmarc).toBe(false);
  });
});

describe('parseDmarcUri (RFC 9989 sections 4.6, 4.8)', () => {
  it('reads mailto: hosts, the obsolete size suffix and other schemes', () => {
    expect(parseDmarcUri('mailto:rua@Reports.Example.NET')).toEqual({ uri: 'mailto:rua@Reports.Example.NET', scheme: 'mailto', host: 'reports.example.net', sizeLimit: null });
    expect(parseDmarcUri('mailto:rua@example.com!10m')).toMatchObject({ uri: 'mailto:rua@example.com', sizeLimit: '10m' });
    expect(parseDmarcUri('https://reports.example.org/dmarc')).toMatchObject({ scheme: 'https', host: 'reports.example.org' });
    expect(typeof parseDmarcUri('rua@example.com')).toBe('string');
    expect(typeof parseDmarcUri('mailto:nobody')).toBe('string');
    expect(ids('v=DMARC1; p=reject; rua=mailto:a@example.com!10m')).toContain('report-size-suffix');
    expect(ids('v=DMARC1; p=reject; rua=https://r.example.com/x')).toContain('unsupported-uri-scheme');
  });

  it('writes an internationalised mailto: domain in its A-label form, as the DNS compares it (RFC 6068 section 5)', () => {
    expect(parseDmarcUri('mailto:rua@B%C3%BCcher.Example.')).toMatchObject({ scheme: 'mailto', host: 'xn--bcher-kva.example' });
    expect(parseDmarcUri('mailto:rua@xn--bcher-kva.example')).toMatchObject({ host: 'xn--bcher-kva.example' });
  });
});

const policy = fc.constantFrom('none', 'quarantine', 'reject');
const wsp = fc.constantFrom('', ' ', '  ', '\t');
const host = fc.constantFrom('example.com', 'reports.example.net', 'dmarc.co.uk');
const uri = fc.tuple(fc.constantFrom('rua', 'dmarc', 'x.y'), host).map(([l, h]) => `mailto:${l}@${h}`);
const tagArb = fc.oneof(
  policy.map((v) => ['p', v] as const),
  policy.map((v) => ['sp', v] as const),
  policy.map((v) => ['np', v] as const),
  fc.constantFrom('r', 's').map((v) => ['adkim', v] as const),
  fc.constantFrom('r', 's').map((v) => ['aspf', v] as const),
  fc.constantFrom('y', 'n').map((v) => ['t', v] as const),
  fc.constantFrom('y', 'n', 'u').map((v) => ['psd', v] as const),
  fc.constantFrom('0', '1', 'd', 's', '0:d', 'd:s:1').map((v) => ['fo', v] as const),
  fc.array(uri, { minLength: 1, maxLength: 3 }).map((v) => ['rua', v.join(',')] as const),
  fc.array(uri, { minLength: 1, maxLength: 2 }).map((v) => ['ruf', v.join(', ')] as const),
);

describe('properties', () => {
  it('generated valid records parse back to the tags they were built from', () => {
    fc.assert(
      fc.property(fc.uniqueArray(tagArb, { selector: ([name]) => name, maxLength: 10 }), wsp, wsp, fc.boolean(), (tags, before, after, trailing) => {
        const text = ['v=DMARC1', ...tags.map(([n, v]) => `${n}${before}=${after}${v}`)].join(`${before};${after}`) + (trailing ? ';' : '');
        const r = parseDmarcRecord(text);
        expect(r.isDmarc).toBe(true);
        expect(r.findings.filter((f) => f.severity !== 'info' && f.id !== 'missing-policy' && f.id !== 'record-ignored')).toEqual([]);
        expect(r.tags.map((t) => [t.name, t.value])).toEqual([['v', 'DMARC1'], ...tags]);
        for (const tag of r.tags) expect(text.slice(tag.start, tag.end).replace(/\s*=\s*/, '=')).toBe(`${tag.name}=${tag.value}`);
        const byName = new Map<string, string>(tags);
        expect(r.p).toBe(byName.get('p') ?? null);
        expect(r.adkim).toBe(byName.get('adkim') ?? 'r');
        expect(r.testing).toBe(byName.get('t') === 'y');
        expect(r.rua.length).toBe(byName.has('rua') ? (byName.get('rua') as string).split(',').length : 0);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary text never throws and every position lies inside the text', () => {
    const noisy = fc.oneof(fc.string(), fc.string().map((s) => `v=DMARC1;${s}`), fc.array(fc.constantFrom('v=DMARC1', 'p=reject', ';', '=', ' ', 'rua=mailto:', '@', '!', 'x', ','), { maxLength: 20 }).map((a) => a.join('')));
    fc.assert(
      fc.property(noisy, (text) => {
        const r = parseDmarcRecord(text);
        for (const f of r.findings) {
          if (!f.position) continue;
          expect(f.position.start).toBeGreaterThanOrEqual(0);
          expect(f.position.end).toBeLessThanOrEqual(Math.max(text.length, 8));
          expect(f.position.start).toBeLessThan(f.position.end);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
