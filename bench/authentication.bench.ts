/**
 * Round trips of the whole diagnosis (`explain`) beside the SPF check alone on the same facts, for DMARC and
 * DKIM refusals. Two measures: the dependency depth (waves of queries, test/helpers/wave-resolver.ts, no
 * clock) and the time over the local DoH server with 100 ms per answer, divided by 100 ms. Both behind the
 * cache explain uses. Target (issue 14): at most 3 round trips more than the SPF check alone; the DKIM keys and
 * the DMARC walks add none (they go out with the SPF check's first wave).
 * Run: npx tsx bench/authentication.bench.ts   (writes bench/results/authentication.json)
 */
import { readBounce } from '../src/core/bounce';
import type { BounceFacts } from '../src/core/bounce';
import { diagnose, identityFromFacts } from '../src/core/diagnose';
import { CachingResolver, DohResolver } from '../src/core/dns';
import type { Resolver } from '../src/core/dns';
import { checkHost } from '../src/core/spf';
import { WaveResolver } from '../test/helpers/wave-resolver';
import { ZoneResolver } from '../test/helpers/zone-resolver';
import { AUTH_ZONE } from './authentication-zones';
import { startDohProcess } from './doh-process';
import { median, printTable, round, writeResult } from './lib';
import { authNotice, dkimSignature, returnedHeader } from '../test/helpers/report';

const LATENCY_MS = 100;
const RUNS = 5;
const TARGET_EXTRA = 3;

/** The refusal and the returned header (the unit tests' builders, test/helpers/report.ts). */
function bounce(reply: string[], from: string, returnPath: string, signatures: [string, string][]): string {
  return authNotice(reply, returnedHeader(from, returnPath, signatures.map(([d, s]) => dkimSignature(d, s))));
}

const CASES: { name: string; text: string }[] = [
  {
    name: 'Gmail 5.7.26 unauthenticated (SendGrid IP, two signatures)',
    text: bounce(
      ['550-5.7.26 This mail is unauthenticated. For this message, DKIM checks did not pass and SPF check for [shop.example] did not pass with ip: [167.89.0.5]. - gsmtp'],
      'ann@shop.example',
      'ann@shop.example',
      [
        ['shop.example', 's1'],
        ['shop.example', 'google'],
      ],
    ),
  },
  {
    name: 'Gmail 5.7.26 unauthenticated (own server IP, one signature)',
    text: bounce(['550-5.7.26 This mail is unauthenticated. For this message, DKIM checks did not pass and SPF check for [shop.example] did not pass with ip: [203.0.113.77]. - gsmtp'], 'ann@shop.example', 'ann@shop.example', [['shop.example', 'google']]),
  },
  {
    name: 'Microsoft 5.7.509 on co.uk (no IP)',
    text: bounce(['550 5.7.509 Access denied, sending domain [BRAND.CO.UK] does not pass DMARC verification and has a DMARC policy of reject.'], 'news@brand.co.uk', 'bounce@mail.brand.co.uk', [['other.co.uk', 's2048']]),
  },
  {
    name: 'Microsoft 5.7.515, no DMARC record (no IP)',
    text: bounce(["550 5.7.515 Access denied, sending domain nodmarc.example doesn't meet the required authentication level."], 'ann@nodmarc.example', 'ann@nodmarc.example', [['nodmarc.example', 'selector1']]),
  },
];

async function spfAlone(facts: BounceFacts, resolver: Resolver): Promise<void> {
  const id = identityFromFacts(facts);
  if (id.ip === null || id.domain === null) {
    // without an IP the SPF side of explain is the policy lint: the check alone is reading the record
    await resolver.lookup(id.domain ?? '', 'TXT');
    return;
  }
  await checkHost({ ip: id.ip, domain: id.domain, sender: id.sender ?? `postmaster@${id.domain}`, helo: id.domain }, { resolver });
}

/** The facts without the returned header: the diagnosis without its DKIM and DMARC half. */
function spfOnly(facts: BounceFacts): BounceFacts {
  return { ...facts, headerFrom: null, dkim: [], mechanism: 'spf', rejection: [`550 5.7.1 SPF check for [${facts.domain ?? ''}] did not pass`] };
}

async function waves(work: (r: Resolver) => Promise<unknown>): Promise<number> {
  const counter = new WaveResolver(new ZoneResolver(AUTH_ZONE));
  await work(new CachingResolver(counter));
  return counter.waves;
}

async function timed(url: string, work: (r: Resolver) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const resolver = new CachingResolver(new DohResolver({ endpoints: [url], timeoutMs: 10_000 }));
    const start = performance.now();
    await work(resolver);
    times.push(performance.now() - start);
  }
  return median(times) / LATENCY_MS;
}

async function main(): Promise<void> {
  const server = await startDohProcess('bench/authentication-zones.ts#AUTH_ZONE', LATENCY_MS);
  const rows: { name: string; spfWaves: number; explainWaves: number; withoutAuthWaves: number; spfTrips: number; explainTrips: number }[] = [];
  try {
    for (const c of CASES) {
      const facts = await readBounce(c.text);
      const explain = (r: Resolver): Promise<unknown> => diagnose({ facts }, { resolver: r });
      rows.push({
        name: c.name,
        spfWaves: await waves((r) => spfAlone(facts, r)),
        explainWaves: await waves(explain),
        withoutAuthWaves: await waves((r) => diagnose({ facts: spfOnly(facts) }, { resolver: r })),
        spfTrips: round(await timed(server.cloudflareUrl, (r) => spfAlone(facts, r)), 1),
        explainTrips: round(await timed(server.cloudflareUrl, explain), 1),
      });
    }
  } finally {
    await server.close();
  }
  const header = ['case', 'SPF alone: waves', 'explain: waves', 'explain without DKIM/DMARC: waves', `SPF alone at ${LATENCY_MS} ms: round trips`, `explain at ${LATENCY_MS} ms: round trips`];
  const cells = rows.map((r) => [r.name, String(r.spfWaves), String(r.explainWaves), String(r.withoutAuthWaves), String(r.spfTrips), String(r.explainTrips)]);
  printTable(header, cells);
  const extraWaves = Math.max(...rows.map((r) => r.explainWaves - r.spfWaves));
  const extraTrips = Math.max(...rows.map((r) => r.explainTrips - r.spfTrips));
  const authWaves = Math.max(...rows.map((r) => r.explainWaves - r.withoutAuthWaves));
  writeResult({
    bench: 'authentication',
    summary: [
      { metric: 'explain on a DMARC/DKIM bounce: sequential round trips more than the SPF check alone (dependency depth)', value: String(extraWaves), target: `≤ ${TARGET_EXTRA}`, met: extraWaves <= TARGET_EXTRA },
      { metric: `the same at ${LATENCY_MS} ms per answer (elapsed / ${LATENCY_MS} ms)`, value: String(round(extraTrips, 1)), target: `≤ ${TARGET_EXTRA}`, met: extraTrips <= TARGET_EXTRA + 0.5 },
      { metric: 'round trips the DKIM keys and DMARC walks add to explain', value: String(authWaves), target: '0', met: authWaves === 0 },
    ],
    tables: [{ title: 'Round trips: explain beside the SPF check alone', header, rows: cells }],
    details: { latencyMs: LATENCY_MS, runs: RUNS, rows },
  });
}

await main();
