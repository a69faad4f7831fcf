/**
 * SPF evaluation speed over a DoH server that delays every answer: round trips (elapsed / latency)
 * against the floor (the longest chain of dependent queries), queries sent, and a cached re-check.
 * Run: npx tsx bench/spf.bench.ts   (writes bench/results/spf.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { CachingResolver, DohResolver } from '../src/core/dns';
import { checkHost } from '../src/core/spf';
import { startDohServer } from '../test/helpers/doh-server';
import { COMPANY_CLIENTS, COMPANY_ZONE } from '../test/spf/provider-zones';

const LATENCY_MS = 50;
// root TXT -> include TXT (_spf.google.com) -> _netblocks TXT; and root TXT -> MX -> A: three dependent steps
const FLOOR_ROUND_TRIPS = 3;

interface Row {
  client: string;
  ip: string;
  mode: string;
  result: string;
  elapsedMs: number;
  roundTrips: number;
  floor: number;
  queries: number;
  lookups: number;
}

async function main(): Promise<void> {
  const server = await startDohServer({ zone: COMPANY_ZONE, latencyMs: LATENCY_MS });
  const rows: Row[] = [];
  // one round trip as the client sees it (server delay + HTTP on loopback), median of a few single lookups
  const probe = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 5000 });
  const samples: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    await probe.lookup(`probe${i}.example.com`, 'A');
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const roundTripMs = samples[Math.floor(samples.length / 2)] as number;
  await checkHost({ ip: COMPANY_CLIENTS.unlisted, domain: 'example.com', sender: 'a@example.com', helo: 'mail.example.com' }, { resolver: probe });
  try {
    for (const [client, ip] of Object.entries(COMPANY_CLIENTS)) {
      for (const mode of ['sequential', 'parallel', 'cached re-check'] as const) {
        const doh = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 5000 });
        const resolver = mode === 'cached re-check' ? new CachingResolver(doh) : doh;
        const input = { ip, domain: 'example.com', sender: 'billing@example.com', helo: 'mail.example.com' };
        if (mode === 'cached re-check') await checkHost(input, { resolver });
        const started = performance.now();
        const evaluation = await checkHost(input, { resolver, parallel: mode !== 'sequential' });
        const elapsedMs = performance.now() - started;
        rows.push({
          client,
          ip,
          mode,
          result: evaluation.result,
          elapsedMs: Math.round(elapsedMs * 10) / 10,
          roundTrips: Math.round((elapsedMs / roundTripMs) * 100) / 100,
          floor: mode === 'cached re-check' ? 0 : FLOOR_ROUND_TRIPS,
          queries: evaluation.queries,
          lookups: evaluation.lookups.count,
        });
      }
    }
  } finally {
    await server.close();
  }
  const header = ['client', 'ip', 'mode', 'result', 'elapsed ms', 'round trips', 'floor', 'queries', 'lookups'];
  const table = [header, ...rows.map((r) => [r.client, r.ip, r.mode, r.result, r.elapsedMs.toFixed(1), r.roundTrips.toFixed(2), String(r.floor), String(r.queries), String(r.lookups)])];
  const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  for (const line of table) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const out = { latencyMs: LATENCY_MS, roundTripMs: Math.round(roundTripMs * 10) / 10, floorRoundTrips: FLOOR_ROUND_TRIPS, node: process.version, date: new Date().toISOString(), rows };
  writeFileSync(new URL('./results/spf.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote bench/results/spf.json (server delay ${LATENCY_MS} ms per answer; one round trip measured at ${roundTripMs.toFixed(1)} ms)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
