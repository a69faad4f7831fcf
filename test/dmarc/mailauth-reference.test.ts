/**
 * DMARC against a reference (issue 14: "DMARC results agree with RFC 9989 on the tree-walk cases; mailauth 6+
 * implements it: a reference to compare with"). The same zones, drawn at random around a public suffix with and
 * without psd= records, evaluated by core/dmarc and by mailauth's evaluateDmarc (a dev dependency, never shipped):
 * the result, the record that applied, the policy it applied and which identifiers aligned must agree.
 *
 * Two differences are by design, and mapped before comparing: a record with no valid p= and no valid rua= gets
 * "no DMARC processing" (RFC 9989 section 4.10.1), which core/dmarc calls `permerror` and mailauth `none`; and a
 * DNS error on the walk above the From domain's own record, which need not leave alignment unknown (see below).
 */
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { evaluateDmarc } from '../../src/core/dmarc';
import type { DnsResult } from '../../src/core/dns';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

interface MailauthDmarc {
  response:
    | false
    | { status: { result: string }; policyDomain?: string; policy?: string; testMode?: boolean; alignment?: { spf: { result?: string }; dkim: { result?: string } } };
  dkimAligned?: Set<string>;
}
const { evaluateDmarc: mailauthDmarc } = createRequire(import.meta.url)('mailauth/lib/dmarc') as {
  evaluateDmarc(opts: { headerFrom: string; spfDomains: string[]; dkimDomains: { domain: string }[]; resolver: (name: string, type: string) => Promise<unknown> }): Promise<MailauthDmarc>;
};

/** The zone as node:dns.resolve would answer it, as mailauth asks (errors carry the resolver's codes). */
function nodeStyle(resolver: ZoneResolver): (name: string, type: string) => Promise<unknown> {
  return async (name, type) => {
    const answer: DnsResult = await resolver.lookup(name, type as 'TXT' | 'A');
    if (!answer.ok) throw Object.assign(new Error(answer.message), { code: answer.kind === 'nxdomain' ? 'ENOTFOUND' : answer.kind === 'nodata' ? 'ENODATA' : 'ESERVFAIL' });
    return answer.records.map((r) => (r.type === 'TXT' ? r.strings : r.type === 'A' ? r.address : null));
  };
}

// a small tree around a two-label public suffix (co.example), where "the last two labels" would go wrong
const NAMES = ['co.example', 'brand.co.example', 'mail.brand.co.example', 'news.brand.co.example', 'a.news.brand.co.example', 'other.co.example', 'mail.other.co.example', 'example'];
const RECORDS = [
  'v=DMARC1; p=reject',
  'v=DMARC1; p=none',
  'v=DMARC1; p=quarantine; sp=none',
  'v=DMARC1; p=reject; np=quarantine',
  'v=DMARC1; p=none; psd=y',
  'v=DMARC1; p=reject; psd=y',
  'v=DMARC1; p=quarantine; psd=n',
  'v=DMARC1; p=reject; t=y',
  'v=DMARC1; p=reject; adkim=s; aspf=s',
  'v=DMARC1; p=bogus; rua=mailto:d@brand.co.example',
  'v=DMARC1; p=bogus',
  'v=spf1 -all',
];

const zoneArbitrary = fc
  .record({
    records: fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...RECORDS)), { maxLength: 6 }),
    existing: fc.subarray(NAMES),
    // a name whose DMARC query times out (a DNS error on the walk: temperror, RFC 9989 section 4.10)
    hanging: fc.option(fc.constantFrom(...NAMES), { nil: null, freq: 4 }),
  })
  .map(({ records, existing, hanging }) => {
    const zone: ZoneData = {};
    for (const name of existing) zone[name] = [{ A: '192.0.2.1' }];
    for (const [name, text] of records) zone[`_dmarc.${name}`] = [...(zone[`_dmarc.${name}`] ?? []), { TXT: text }];
    if (hanging !== null) zone[`_dmarc.${hanging}`] = ['TIMEOUT'];
    return zone;
  });

const IDENTITIES = [...NAMES.filter((n) => n !== 'example' && n !== 'co.example'), 'missing.brand.co.example', 'sub.mail.other.co.example'];

describe('DMARC agrees with mailauth (RFC 9989) on random tree-walk zones', () => {
  it('result, policy domain, applied policy and aligned identifiers', async () => {
    await fc.assert(
      fc.asyncProperty(
        zoneArbitrary,
        fc.constantFrom(...IDENTITIES),
        fc.option(fc.record({ domain: fc.constantFrom(...IDENTITIES), pass: fc.boolean() }), { nil: null }),
        fc.array(fc.record({ domain: fc.constantFrom(...IDENTITIES), pass: fc.boolean() }), { maxLength: 3 }),
        async (zone, from, spf, dkim) => {
          const ours = await evaluateDmarc(
            { fromDomain: from, spf: spf === null ? null : { result: spf.pass ? 'pass' : 'fail', domain: spf.domain }, dkim: dkim.map((d) => ({ result: d.pass ? 'pass' : 'fail', domain: d.domain })) },
            { resolver: new ZoneResolver(zone) },
          );
          const theirs = await mailauthDmarc({
            headerFrom: `ann@${from}`,
            spfDomains: spf !== null && spf.pass ? [spf.domain] : [],
            dkimDomains: dkim.filter((d) => d.pass).map((d) => ({ domain: d.domain })),
            resolver: nodeStyle(new ZoneResolver(zone)),
          });
          const response = theirs.response;
          if (response === false) throw new Error('mailauth found no Author Domain');
          const context = JSON.stringify({ zone, from, spf, dkim, ours: { result: ours.result, policyDomain: ours.policyDomain, policy: ours.policy, reason: ours.reason }, theirs: response });
          const result = ours.result === 'permerror' ? 'none' : ours.result;
          if (response.status.result === 'temperror' && result === 'pass') {
            // the second difference: a DNS error on the walk above the From domain's own record. mailauth gives
            // temperror; core/dmarc passes when the identifier that passed walks through the same records up to
            // the same failing name: whatever lies above it, their Organizational Domains are the same one
            expect(ours.discovery?.walk.stop, context).toBe('error');
            expect(ours.policyDomain, context).toBe(from);
            return;
          }
          expect(result, context).toBe(response.status.result);
          if (result === 'pass' || result === 'fail') {
            expect(ours.policyDomain, context).toBe(response.policyDomain);
            // mailauth gives the policy after t=y (RFC 9989 section 5.3.6); ours keeps both
            const applied = ours.testing ? { reject: 'quarantine', quarantine: 'none', none: 'none' }[ours.policy?.value ?? 'none'] : ours.policy?.value;
            expect(applied, context).toBe(response.policy);
            // the DKIM identifiers that passed and aligned
            const aligned = [...new Set(ours.alignment.dkim.filter((a) => a.passes).map((a) => a.domain))].sort();
            const theirsAligned = [...(theirs.dkimAligned ?? new Set<string>())].sort();
            if (ours.discovery?.walk.stop === 'error') {
              // after a DNS error mailauth aligns no identifier that needs a walk; core/dmarc aligns the ones whose
              // walk shares the From domain's records up to the failing name (the difference above): theirs ⊆ ours
              expect(aligned, context).toEqual(expect.arrayContaining(theirsAligned));
            } else {
              expect(aligned, context).toEqual(theirsAligned);
              expect(ours.alignment.spf?.passes === true, context).toBe(response.alignment?.spf.result !== undefined);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
