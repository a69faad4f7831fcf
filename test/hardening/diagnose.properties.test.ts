/**
 * The diagnosis on random zones: never an exception, never a hang, always one of the seven SPF results,
 * a bounded number of queries, and a fix only when it holds: the proposed record, published in the zone
 * for real (not through the diagnosis's own overlay), makes the engine give `pass` for the IP within the
 * RFC 7208 section 4.6.4 limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_ORDER, diagnose, SENDING_SERVICES, type DiagnoseOutcome } from '../../src/core/diagnose';
import { checkHost, LOOKUP_LIMIT, parseRecord, SPF_RESULTS, VOID_LIMIT } from '../../src/core/spf';
import { SERVICES_ZONE } from '../diagnose/zones';
import type { ZoneData, ZoneEntry } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const OWN = ['example.com', 'mail.example.com', 'spf.example.com', 'other.example.net', 'gone.example.net'];
const SERVICE_INCLUDES = ['_spf.google.com', 'spf.protection.outlook.com', 'sendgrid.net', 'servers.mcsv.net', 'amazonses.com', 'spf.mandrillapp.com'];
/** a documentation address, addresses inside the modelled services' ranges (two with PTR names), IPv6, mapped IPv4 */
const IPS = ['192.0.2.25', '203.0.113.77', '167.89.0.5', '209.85.128.41', '54.240.3.9', '2001:db8::25', '2a01:111:f400::5', '::ffff:192.0.2.25'];

const own = fc.constantFrom(...OWN);
const qualifier = fc.constantFrom('', '+', '-', '~', '?');
const term = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SERVICE_INCLUDES).map((s) => `include:${s}`) },
  { weight: 2, arbitrary: fc.tuple(qualifier, fc.constantFrom('include:', 'a:', 'mx:', 'exists:'), own).map(([q, m, n]) => `${q}${m}${n}`) },
  { weight: 2, arbitrary: fc.tuple(qualifier, fc.constantFrom('a', 'mx', 'ptr', 'a/24', 'mx/28')).map(([q, m]) => `${q}${m}`) },
  { weight: 2, arbitrary: fc.constantFrom('ip4:192.0.2.0/28', 'ip4:198.51.100.7', 'ip6:2001:db8::/48', 'ip4:192.0.2', 'ip4:mail.example.com') },
  { weight: 1, arbitrary: own.map((n) => `redirect=${n}`) },
  { weight: 1, arbitrary: own.map((n) => `exp=${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('exists:%{i}._spf.example.com', 'a:%{p}', 'include:%{d2}', 'inclde:sendgrid.net', 'x-unknown=%{s}') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const all = fc.constantFrom('-all', '~all', '?all', '+all', '');
const record = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(term, { maxLength: 9 }), all).map(([terms, end]) => ['v=spf1', ...terms, end].filter(Boolean).join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const entry: fc.Arbitrary<ZoneEntry> = fc.oneof(
  { weight: 5, arbitrary: record.map((text) => ({ TXT: text })) },
  { weight: 1, arbitrary: fc.constant({ TXT: 'google-site-verification=abc123' }) },
  { weight: 2, arbitrary: fc.constantFrom('192.0.2.25', '192.0.2.9', '203.0.113.77').map((A) => ({ A })) },
  { weight: 1, arbitrary: fc.constantFrom('2001:db8::25').map((AAAA) => ({ AAAA })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(20), own).map(([p, n]) => ({ MX: [p, n] as [number, string] })) },
  { weight: 1, arbitrary: fc.constant('TIMEOUT' as const) },
);
const zone: fc.Arbitrary<ZoneData> = fc
  .tuple(fc.dictionary(own, fc.array(entry, { maxLength: 4 })), fc.array(own, { maxLength: 2 }))
  .map(([byName, ptrNames]) => ({ ...SERVICES_ZONE, ...byName, '25.2.0.192.in-addr.arpa': ptrNames.map((PTR) => ({ PTR })) }));

const request = fc.record({
  domain: fc.constantFrom('example.com', 'example.com', 'spf.example.com', 'nowhere.example.org'),
  ip: fc.option(fc.constantFrom(...IPS), { nil: null, freq: 5 }),
  sender: fc.option(fc.constantFrom('alice@example.com', 'bounces+123@example.com', ''), { nil: null }),
});

/**
 * Queries one diagnosis may send: check_host runs for the IP, for each sending service's include, for at
 * most two candidate records and one repaired record, each within the engine's bound (see
 * test/spf/properties.test.ts), plus lint (at most 60 records, each with its terms' void checks), the TXT
 * and PTR of the domain, and the flattening of the domain's own a/mx terms.
 */
const CHECK_BOUND = 1 + LOOKUP_LIMIT * 11 + 11 + 1 + 20;
const QUERY_BOUND = (4 + SENDING_SERVICES.length) * CHECK_BOUND + 60 * 30 + 2 + 40;

/** Ends a diagnosis that does not settle: a hang is a failure, not a test timeout. */
function withinOrHang<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: the diagnosis hangs`)), ms);
  });
  return Promise.race([work, hang]).finally(() => clearTimeout(timer));
}

/** The zone with `name`'s SPF record(s) replaced by `strings`, as a DNS admin would publish the fix. */
function publish(z: ZoneData, name: string, strings: string[]): ZoneData {
  const kept = (z[name] ?? []).filter((e) => e === 'TIMEOUT' || !('TXT' in e) || !/^v=spf1( |$)/i.test(Array.isArray(e.TXT) ? e.TXT.join('') : e.TXT));
  // first: records after a TIMEOUT marker would not be served (zone.ts)
  return { ...z, [name]: [{ TXT: strings }, ...kept] };
}

describe('diagnose() on random zones', () => {
  it('never throws or hangs, states a result and a known cause, and stays within its query bound', async () => {
    await fc.assert(
      fc.asyncProperty(zone, request, async (z, req) => {
        const resolver = new ZoneResolver(z);
        const outcome: DiagnoseOutcome = await withinOrHang(diagnose(req, { resolver, budgetMs: 5000 }), 15_000);
        const { diagnosis, evaluation } = outcome;
        if (req.ip === null) expect(evaluation).toBeNull();
        else expect(SPF_RESULTS).toContain(evaluation?.result);
        if (diagnosis.result !== null) expect(SPF_RESULTS).toContain(diagnosis.result);
        if (diagnosis.cause !== null) expect(CAUSE_ORDER).toContain(diagnosis.cause);
        for (const cause of diagnosis.causes) expect(CAUSE_ORDER).toContain(cause);
        expect(typeof diagnosis.title).toBe('string');
        expect(typeof diagnosis.verdict).toBe('string');
        expect(resolver.log.length).toBeLessThanOrEqual(QUERY_BOUND);
      }),
      { numRuns: 150 },
    );
  });

  it('a fix, when given, passes when it is really published, within the lookup and void limits', async () => {
    let fixes = 0;
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom(...IPS), fc.constantFrom('example.com', 'spf.example.com'), async (z, ip, domain) => {
        const { diagnosis } = await withinOrHang(diagnose({ domain, ip, sender: `alice@${domain}` }, { resolver: new ZoneResolver(z), budgetMs: 5000 }), 15_000);
        const fix = diagnosis.fix;
        if (fix === null) return;
        fixes++;
        expect(parseRecord(fix.record).errors).toEqual([]);
        expect(fix.strings.join('')).toBe(fix.record);
        for (const s of fix.strings) expect(s.length).toBeLessThanOrEqual(255);
        const published = publish(z, fix.name, fix.strings);
        const recheck = await checkHost({ ip, domain, sender: `alice@${domain}`, helo: domain }, { resolver: new ZoneResolver(published), budgetMs: 5000 });
        expect(recheck.result).toBe('pass');
        expect(recheck.lookups.count).toBeLessThanOrEqual(LOOKUP_LIMIT);
        expect(recheck.lookups.void).toBeLessThanOrEqual(VOID_LIMIT);
      }),
      { numRuns: 200 },
    );
    // the property says something only if fixes were proposed at all
    expect(fixes).toBeGreaterThan(10);
  });
});
