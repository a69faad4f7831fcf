import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DmarcDns, checkAlignment, checkReportDestination, discoverPolicy, evaluateDmarc, lintDmarcDomain, parseDmarcUri, treeWalkNames, DMARC_RESULTS } from '../../src/core/dmarc';
import type { DmarcUri } from '../../src/core/dmarc';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const dmarc = (text: string): { TXT: string } => ({ TXT: text });
const txtQueries = (r: ZoneResolver): string[] => r.log.filter((l) => l.startsWith('TXT ')).map((l) => l.slice(4));

describe('treeWalkNames (RFC 9989 section 4.10)', () => {
  it('walks every parent of a short name', () => {
    expect(treeWalkNames('a.mail.example.com')).toEqual(['a.mail.example.com', 'mail.example.com', 'example.com', 'com']);
    expect(treeWalkNames('com')).toEqual(['com']);
    expect(treeWalkNames('Example.COM.')).toEqual(['example.com', 'com']);
  });

  it('cuts long names to seven labels: the RFC example takes eight queries', () => {
    expect(treeWalkNames('a.b.c.d.e.f.g.h.i.j.mail.example.com')).toEqual([
      'a.b.c.d.e.f.g.h.i.j.mail.example.com',
      'g.h.i.j.mail.example.com',
      'h.i.j.mail.example.com',
      'i.j.mail.example.com',
      'j.mail.example.com',
      'mail.example.com',
      'example.com',
      'com',
    ]);
  });

  it('never takes more than eight queries and always ends at the top label', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'mail', 'x1', 'example'), { minLength: 1, maxLength: 40 }), (labels) => {
        const names = treeWalkNames(labels.join('.'));
        expect(names.length).toBe(Math.min(labels.length, 8));
        expect(names[0]).toBe(labels.join('.'));
        expect(names[names.length - 1]).toBe(labels[labels.length - 1]);
      }),
    );
  });
});

describe('Organizational Domain (RFC 9989 section 4.10.2)', () => {
  const org = async (zone: ZoneData, domain: string): Promise<string> => (await new DmarcDns({ resolver: new ZoneResolver(zone) }).orgDomain(domain)).orgDomain;

  it('the record with the fewest labels (RFC example)', async () => {
    const zone = { '_dmarc.mail.example.com': [dmarc('v=DMARC1; p=none')], '_dmarc.example.com': [dmarc('v=DMARC1; p=reject')] };
    expect(await org(zone, 'a.mail.example.com')).toBe('example.com');
  });

  it('psd=n makes the name the Organizational Domain (RFC example)', async () => {
    const zone = { '_dmarc.mail.example.com': [dmarc('v=DMARC1; p=none; psd=n')], '_dmarc.example.com': [dmarc('v=DMARC1; p=reject')] };
    expect(await org(zone, 'a.mail.example.com')).toBe('mail.example.com');
  });

  it('psd=y at the top makes the name below it the Organizational Domain (RFC example)', async () => {
    expect(await org({ '_dmarc.com': [dmarc('v=DMARC1; p=reject; psd=y')] }, 'a.mail.example.com')).toBe('example.com');
  });

  it('psd=y at the start itself is not "one below": the start is the Organizational Domain', async () => {
    expect(await org({ '_dmarc.bank.example': [dmarc('v=DMARC1; p=reject; psd=y')] }, 'bank.example')).toBe('bank.example');
  });

  it('with no record anywhere the name is its own Organizational Domain, never "the last two labels"', async () => {
    expect(await org({}, 'mail.brand.co.uk')).toBe('mail.brand.co.uk');
  });

  it('the RFC PSD example: giant.bank.example and mail.giant.bank.example share giant.bank.example; mail.mega.bank.example does not', async () => {
    const zone = { '_dmarc.bank.example': [dmarc('v=DMARC1; p=reject; psd=y')], '_dmarc.giant.bank.example': [dmarc('v=DMARC1; p=reject')] };
    expect(await org(zone, 'giant.bank.example')).toBe('giant.bank.example');
    expect(await org(zone, 'mail.giant.bank.example')).toBe('giant.bank.example');
    expect(await org(zone, 'mail.mega.bank.example')).toBe('mega.bank.example');
  });

  it('the walk stops at psd= (sequentially it asks no further)', async () => {
    const resolver = new ZoneResolver({ '_dmarc.example.com': [dmarc('v=DMARC1; p=reject; psd=n')] });
    await new DmarcDns({ resolver, parallel: false }).orgDomain('a.mail.example.com');
    expect(txtQueries(resolver)).toEqual(['_dmarc.a.mail.example.com', '_dmarc.mail.example.com', '_dmarc.example.com']);
  });

  it('several DMARC records at a name are all discarded (RFC 9989 section 4.10 step 2)', async () => {
    const zone = { '_dmarc.example.com': [dmarc('v=DMARC1; p=reject'), dmarc('v=DMARC1; p=none')], '_dmarc.mail.example.com': [dmarc('v=DMARC1; p=none')] };
    expect(await org(zone, 'a.mail.example.com')).toBe('mail.example.com');
  });

  it('a TIMEOUT leaves the answer uncertain', async () => {
    const result = await new DmarcDns({ resolver: new ZoneResolver({ '_dmarc.example.com': ['TIMEOUT'] }) }).orgDomain('mail.example.com');
    expect(result.uncertain).toBe(true);
    expect(result.walk?.stop).toBe('error');
  });
});

describe('policy discovery (RFC 9989 section 4.10.1)', () => {
  it('a long Author Domain costs at most eight queries, sequential or parallel', async () => {
    const long = 'a.b.c.d.e.f.g.h.i.j.k.example.com';
    for (const parallel of [false, true]) {
      const resolver = new ZoneResolver({ '_dmarc.example.com': [dmarc('v=DMARC1; p=reject')] });
      const found = await discoverPolicy(long, new DmarcDns({ resolver, parallel }));
      expect(found).toMatchObject({ policyDomain: 'example.com', source: 'organizational-domain', orgDomain: 'example.com' });
      // the RFC's B.4.2 example: the full name, then seven labels and up
      expect(txtQueries(resolver)).toEqual(['_dmarc.a.b.c.d.e.f.g.h.i.j.k.example.com', '_dmarc.g.h.i.j.k.example.com', '_dmarc.h.i.j.k.example.com', '_dmarc.i.j.k.example.com', '_dmarc.j.k.example.com', '_dmarc.k.example.com', '_dmarc.example.com', '_dmarc.com']);
    }
  });

  it("the PSD's record applies only when the Organizational Domain has none", async () => {
    const zone = { '_dmarc.example': [dmarc('v=DMARC1; p=quarantine; psd=y')] };
    expect(await discoverPolicy('mail.brand.example', new DmarcDns({ resolver: new ZoneResolver(zone) }))).toMatchObject({ policyDomain: 'example', source: 'public-suffix-domain', orgDomain: 'brand.example' });
    const withOrg = { ...zone, '_dmarc.brand.example': [dmarc('v=DMARC1; p=none')] };
    expect(await discoverPolicy('mail.brand.example', new DmarcDns({ resolver: new ZoneResolver(withOrg) }))).toMatchObject({ policyDomain: 'brand.example', source: 'organizational-domain' });
  });

  it('without its own record, a DNS error above the record found leaves the applicable record unknown: temperror', async () => {
    // a record at example (fewest labels) would make example the Organizational Domain, and its record the one to apply
    const zone = { '_dmarc.co.example': [dmarc('v=DMARC1; p=reject')], '_dmarc.example': ['TIMEOUT' as const] };
    const found = await discoverPolicy('brand.co.example', new DmarcDns({ resolver: new ZoneResolver(zone) }));
    expect(found.policyDomain).toBeNull();
    expect(found.error).toContain('the record that applies, is not known');
    expect((await evaluateDmarc({ fromDomain: 'brand.co.example' }, { resolver: new ZoneResolver(zone) })).result).toBe('temperror');
    // with its own record, the error above does not matter to which record applies
    const own = { ...zone, '_dmarc.brand.co.example': [dmarc('v=DMARC1; p=none')] };
    expect(await discoverPolicy('brand.co.example', new DmarcDns({ resolver: new ZoneResolver(own) }))).toMatchObject({ policyDomain: 'brand.co.example', source: 'author-domain', error: null });
  });

  it('the Author Domain record wins', async () => {
    const zone = { '_dmarc.example.com': [dmarc('v=DMARC1; p=reject')], '_dmarc.news.example.com': [dmarc('v=DMARC1; p=none')] };
    expect(await discoverPolicy('news.example.com', new DmarcDns({ resolver: new ZoneResolver(zone) }))).toMatchObject({ policyDomain: 'news.example.com', source: 'author-domain', orgDomain: 'example.com' });
  });
});

describe('alignment on co.uk-style names', () => {
  const cases: [string, ZoneData][] = [
    ['no record anywhere', {}],
    ['both have records, co.uk none', { '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject')], '_dmarc.evil.co.uk': [dmarc('v=DMARC1; p=none')] }],
    ['co.uk publishes psd=y', { '_dmarc.co.uk': [dmarc('v=DMARC1; p=none; psd=y')], '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject')] }],
    ['uk publishes psd=y', { '_dmarc.uk': [dmarc('v=DMARC1; p=none; psd=y')], '_dmarc.co.uk': [dmarc('v=DMARC1; p=none; psd=y')] }],
  ];
  it.each(cases)('brand.co.uk and evil.co.uk do not align (%s)', async (_label, zone) => {
    const check = await checkAlignment('brand.co.uk', 'evil.co.uk', 'r', new DmarcDns({ resolver: new ZoneResolver(zone) }));
    expect(check.aligned).toBe(false);
  });

  it('mail.brand.co.uk aligns with brand.co.uk in relaxed mode, not in strict', async () => {
    const zone = { '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject')], '_dmarc.co.uk': [dmarc('v=DMARC1; p=none; psd=y')] };
    const relaxed = await checkAlignment('brand.co.uk', 'bounce.mail.brand.co.uk', 'r', new DmarcDns({ resolver: new ZoneResolver(zone) }));
    expect(relaxed).toMatchObject({ aligned: true, orgDomain: 'brand.co.uk' });
    expect((await checkAlignment('brand.co.uk', 'mail.brand.co.uk', 's', new DmarcDns({ resolver: new ZoneResolver(zone) }))).aligned).toBe(false);
    expect((await checkAlignment('Brand.CO.uk', 'brand.co.uk.', 's', new DmarcDns({ resolver: new ZoneResolver(zone) }))).aligned).toBe(true);
  });

  it("an identifier outside the From domain's Organizational Domain is not aligned, and its own walk is not sent", async () => {
    const zone = { '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject')], '_dmarc.co.uk': [dmarc('v=DMARC1; p=none; psd=y')] };
    const resolver = new ZoneResolver(zone);
    const check = await checkAlignment('news.brand.co.uk', 'u-8f3a1c.track.evil.co.uk', 'r', new DmarcDns({ resolver }));
    expect(check).toMatchObject({ aligned: false, authorOrgDomain: 'brand.co.uk' });
    expect(resolver.log.some((q) => q.includes('evil'))).toBe(false);
  });

  it("a sibling under the From domain's Organizational Domain is walked, and aligns", async () => {
    const zone = { '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject')], '_dmarc.co.uk': [dmarc('v=DMARC1; p=none; psd=y')] };
    const resolver = new ZoneResolver(zone);
    expect(await checkAlignment('news.brand.co.uk', 'bounce.brand.co.uk', 'r', new DmarcDns({ resolver }))).toMatchObject({ aligned: true, orgDomain: 'brand.co.uk' });
    expect(resolver.log).toContain('TXT _dmarc.bounce.brand.co.uk');
  });

  it('names under different top labels are not aligned without a query', async () => {
    const resolver = new ZoneResolver({});
    expect((await checkAlignment('example.com', 'example.net', 'r', new DmarcDns({ resolver }))).aligned).toBe(false);
    expect(resolver.log).toEqual([]);
  });
});

const FROM_ZONE: ZoneData = {
  '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject; rua=mailto:d@brand.co.uk')],
  'brand.co.uk': [{ A: '192.0.2.1' }],
  'news.brand.co.uk': [{ A: '192.0.2.2' }],
};

describe('evaluateDmarc', () => {
  const run = (input: Parameters<typeof evaluateDmarc>[0], zone: ZoneData = FROM_ZONE, extra: Partial<Parameters<typeof evaluateDmarc>[1]> = {}) => evaluateDmarc(input, { resolver: new ZoneResolver(zone), ...extra });

  it('passes on aligned SPF alone', async () => {
    const e = await run({ fromDomain: 'brand.co.uk', spf: { result: 'pass', domain: 'bounce.brand.co.uk' }, dkim: [] });
    expect(e).toMatchObject({ result: 'pass', policyDomain: 'brand.co.uk', orgDomain: 'brand.co.uk', disposition: 'none' });
    expect(e.alignment.spf).toMatchObject({ aligned: true, passes: true, mode: 'relaxed' });
  });

  it("fails when SPF passes for a service's bounce domain and DKIM is signed by the service (Gmail 5.7.26 story)", async () => {
    const e = await run({ fromDomain: 'brand.co.uk', spf: { result: 'pass', domain: 'bounces.mailer.example' }, dkim: [{ result: 'pass', domain: 'evil.co.uk', selector: 's1' }] });
    expect(e).toMatchObject({ result: 'fail', policy: { tag: 'p', value: 'reject' }, disposition: 'reject' });
    expect(e.alignment.spf).toMatchObject({ aligned: false, passes: false });
    expect(e.alignment.dkim[0]).toMatchObject({ aligned: false, passes: false, selector: 's1' });
    expect(e.reason).toMatch(/not aligned/);
  });

  it('passes on an aligned DKIM signature even when SPF fails', async () => {
    const e = await run({ fromDomain: 'news.brand.co.uk', spf: { result: 'fail', domain: 'news.brand.co.uk' }, dkim: [{ result: 'fail', domain: 'brand.co.uk' }, { result: 'pass', domain: 'brand.co.uk', selector: 'google' }] });
    expect(e.result).toBe('pass');
    expect(e.policy).toEqual({ tag: 'p', value: 'reject' });
  });

  it('uses sp for an existing subdomain and np for a missing one', async () => {
    const zone = { ...FROM_ZONE, '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=none; sp=quarantine; np=reject')] };
    const existing = await run({ fromDomain: 'news.brand.co.uk', spf: { result: 'fail', domain: 'news.brand.co.uk' } }, zone);
    expect(existing).toMatchObject({ result: 'fail', policy: { tag: 'sp', value: 'quarantine' }, disposition: 'quarantine' });
    const missing = await run({ fromDomain: 'nope.brand.co.uk', spf: { result: 'fail', domain: 'nope.brand.co.uk' } }, zone);
    expect(missing).toMatchObject({ result: 'fail', policy: { tag: 'np', value: 'reject' }, disposition: 'reject' });
    const own = await run({ fromDomain: 'brand.co.uk', spf: { result: 'fail', domain: 'brand.co.uk' } }, zone);
    expect(own).toMatchObject({ policy: { tag: 'p', value: 'none' }, disposition: 'none' });
  });

  it('t=y applies the policy one level softer', async () => {
    const zone = { ...FROM_ZONE, '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject; t=y')] };
    expect(await run({ fromDomain: 'brand.co.uk', spf: { result: 'softfail', domain: 'brand.co.uk' } }, zone)).toMatchObject({ result: 'fail', disposition: 'quarantine', testing: true });
  });

  it('none without any record, permerror for an unusable one, temperror on a DNS timeout', async () => {
    expect((await run({ fromDomain: 'brand.co.uk' }, {})).result).toBe('none');
    expect((await run({ fromDomain: 'brand.co.uk' }, { '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=block')] })).result).toBe('permerror');
    expect((await run({ fromDomain: 'brand.co.uk' }, { '_dmarc.brand.co.uk': ['TIMEOUT'] })).result).toBe('temperror');
    const spfTemp = await run({ fromDomain: 'brand.co.uk', spf: { result: 'temperror', domain: 'brand.co.uk' } });
    expect(spfTemp.result).toBe('temperror');
  });

  it('reports legacy pct without applying it', async () => {
    const zone = { ...FROM_ZONE, '_dmarc.brand.co.uk': [dmarc('v=DMARC1; p=reject; pct=0')] };
    expect(await run({ fromDomain: 'brand.co.uk', spf: { result: 'fail', domain: 'brand.co.uk' } }, zone)).toMatchObject({ result: 'fail', disposition: 'reject', legacyPct: 0 });
  });

  it('always gives one of the five results and never more than the walk bound of queries', async () => {
    const names = ['brand.co.uk', 'mail.brand.co.uk', 'co.uk', 'uk', 'evil.co.uk', 'a.b.c.d.e.f.g.h.brand.co.uk'];
    const records = fc.constantFrom('v=DMARC1; p=reject', 'v=DMARC1; p=none; psd=y', 'v=DMARC1; psd=n; p=quarantine', 'v=DMARC1; p=bad', 'v=DMARC1; sp=reject; np=none; p=none; rua=mailto:a@b.example', 'v=spf1 -all');
    const entry = fc.oneof(records.map((TXT) => ({ TXT })), fc.constant('TIMEOUT' as const));
    const zoneArb = fc.dictionary(fc.constantFrom(...names.map((n) => `_dmarc.${n}`)), fc.array(entry, { minLength: 1, maxLength: 2 }));
    const authResult = fc.constantFrom('pass', 'fail', 'temperror', 'none' as const);
    await fc.assert(
      fc.asyncProperty(zoneArb, fc.constantFrom(...names), fc.constantFrom(...names), authResult, fc.array(fc.tuple(authResult, fc.constantFrom(...names)), { maxLength: 3 }), async (zone, from, spfDomain, spfResult, dkim) => {
        const resolver = new ZoneResolver(zone);
        const e = await evaluateDmarc({ fromDomain: from, spf: { result: spfResult === 'none' ? 'none' : spfResult, domain: spfDomain }, dkim: dkim.map(([result, domain]) => ({ result, domain })) }, { resolver });
        expect(DMARC_RESULTS).toContain(e.result);
        if (e.result !== 'fail') expect(e.disposition).toBe('none');
        // one walk per distinct identifier, at most 8 names each, plus one existence query
        const distinct = new Set([from, spfDomain, ...dkim.map(([, d]) => d)]).size;
        expect(e.queries).toBeLessThanOrEqual(distinct * 8 + 1);
        expect(e.queries).toBe(resolver.log.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('external report destinations', () => {
  const uri = (text: string): DmarcUri => parseDmarcUri(text) as DmarcUri;
  const zone: ZoneData = {
    '_dmarc.brand.example': [dmarc('v=DMARC1; p=reject')],
    '_dmarc.vendor.example': [dmarc('v=DMARC1; p=none')],
    'brand.example._report._dmarc.vendor.example': [dmarc('v=DMARC1')],
  };
  it('authorised, unauthorised and internal', async () => {
    const dns = new DmarcDns({ resolver: new ZoneResolver(zone) });
    expect(await checkReportDestination('brand.example', uri('mailto:r@vendor.example'), dns)).toMatchObject({ status: 'authorised', query: 'brand.example._report._dmarc.vendor.example' });
    expect(await checkReportDestination('brand.example', uri('mailto:r@other.example'), dns)).toMatchObject({ status: 'unauthorised', query: 'brand.example._report._dmarc.other.example' });
    expect(await checkReportDestination('brand.example', uri('mailto:dmarc@reports.brand.example'), dns)).toMatchObject({ status: 'internal', query: null });
    expect(await checkReportDestination('brand.example', uri('mailto:r@vendor.example'), new DmarcDns({ resolver: new ZoneResolver({ ...zone, 'brand.example._report._dmarc.vendor.example': ['TIMEOUT'] }) }))).toMatchObject({ status: 'unknown' });
  });
});

describe('lintDmarcDomain', () => {
  it('names the record that applies, its findings and the unauthorised destinations', async () => {
    const zone: ZoneData = {
      '_dmarc.brand.example': [dmarc('v=DMARC1; p=quarantine; pct=50; rua=mailto:d@brand.example,mailto:r@vendor.example,mailto:x@other.example')],
      'brand.example._report._dmarc.vendor.example': [dmarc('v=DMARC1')],
    };
    const report = await lintDmarcDomain('mail.brand.example', { resolver: new ZoneResolver(zone) });
    expect(report).toMatchObject({ policyDomain: 'brand.example', orgDomain: 'brand.example', record: 'v=DMARC1; p=quarantine; pct=50; rua=mailto:d@brand.example,mailto:r@vendor.example,mailto:x@other.example' });
    expect(report.destinations.map((d) => d.status)).toEqual(['internal', 'authorised', 'unauthorised']);
    expect(report.findings.map((f) => f.id)).toEqual(['external-destination-unauthorised', 'legacy-tag']);
  });

  it('no record, TXT that is not DMARC, and DNS errors', async () => {
    expect((await lintDmarcDomain('brand.example', { resolver: new ZoneResolver({}) })).findings.map((f) => f.id)).toEqual(['no-record']);
    expect((await lintDmarcDomain('brand.example', { resolver: new ZoneResolver({ '_dmarc.brand.example': [{ TXT: 'p=reject; v=DMARC1' }] }) })).findings.map((f) => f.id)).toEqual(['not-dmarc', 'no-record']);
    expect((await lintDmarcDomain('brand.example', { resolver: new ZoneResolver({ '_dmarc.brand.example': ['TIMEOUT'] }) })).findings.map((f) => f.id)).toEqual(['dns-error']);
  });
});
