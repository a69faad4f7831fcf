/**
 * SPF evaluation speed over the local DoH server with a fixed delay on every answer, on the trees of
 * bench/spf-zones.ts. For each client: round trips (elapsed / one measured round trip) against the floor
 * (the longest chain of queries that each need an earlier answer, taken from the sequential trace),
 * queries sent, and the time of a re-check answered from the cache.
 * Run: npx tsx bench/spf.bench.ts   (writes bench/results/spf.json)
 */
import { CachingResolver, DohResolver } from '../src/core/dns';
import { checkHost } from '../src/core/spf';
import type { RRType } from '../src/core/dns';
import type { RecordTrace } from '../src/core/spf/types';
import { startDohProcess } from './doh-process';
import { median, printTable, round, writeResult } from './lib';
import { BENCH_CASES } from './spf-zones';

const LATENCY_MS = 50;
const PARALLEL_RUNS = 9;
const CACHED_RUNS = 21;
const TARGET_RATIO = 1.1;
const TARGET_CACHED_MS = 5;

/**
 * Each query of the sequential trace with its depth: a record's TXT query sits one below the record that
 * named it, an MX term's address queries one below its MX query, and a PTR query at depth 1 (its name comes
 * from the client address alone). The floor is the deepest: no resolver can answer in fewer round trips.
 * Names built from %{p} are counted one level short, which only lowers the floor (a harder target).
 */
export function queryDepths(trace: RecordTrace, depth = 1): { name: string; type: RRType; depth: number }[] {
  const found = trace.queries.map((q) => ({ name: q.name, type: q.type, depth }));
  for (const term of trace.terms) {
    // the depth of the last answer that named hosts (MX or PTR) in this term
    let namingDepth = 0;
    for (const query of term.queries) {
      let at: number;
      if (query.type === 'PTR') at = 1;
      else if ((query.type === 'A' || query.type === 'AAAA') && namingDepth > 0) at = namingDepth + 1;
      else at = depth + 1;
      if (query.type === 'MX' || query.type === 'PTR') namingDepth = at;
      found.push({ name: query.name, type: query.type, depth: at });
    }
    if (term.child) found.push(...queryDepths(term.child, depth + 1));
  }
  return found;
}

export function floorOf(trace: RecordTrace): number {
  return Math.max(0, ...queryDepths(trace).map((q) => q.depth));
}

interface Row {
  tree: string;
  sequentialMs: number;
  /** median time of `floor` lone lookups in a row */
  floorMs: number;
  /** median time of the oracle: the sequential trace's queries sent wave by wave, all of a depth at once */
  oracleMs: number;
  oracleRatio: number;
  /** parallel over oracle, run by run: what the engine itself adds */
  engineRatio: number;
  domain: string;
  client: string;
  ip: string;
  result: string;
  floor: number;
  sequentialRoundTrips: number;
  sequentialQueries: number;
  parallelMs: number;
  parallelRoundTrips: number;
  parallelQueries: number;
  ratio: number;
  lookups: number;
  cachedFirstMs: number;
  cachedMedianMs: number;
}

async function main(): Promise<void> {
  // the server runs in its own process: its timers must not wait for the client's work, nor the other way round
  const server = await startDohProcess('bench/spf-zones.ts#BENCH_ZONE', LATENCY_MS);
  const rows: Row[] = [];
  try {
    // one round trip as the client sees it (server delay + HTTP on loopback): median of single lookups
    const probe = new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 5000 });
    const samples: number[] = [];
    // the first lookups open the connection and compile the client's code paths: not a round trip
    for (let i = 0; i < 5; i++) await probe.lookup(`warm${i}.example.com`, 'A');
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      await probe.lookup(`probe${i}.example.com`, 'A');
      samples.push(performance.now() - started);
    }
    const probeMs = median(samples);
    // warm the engine's code paths once, so the first row is not the one that pays for compilation
    for (const parallel of [true, false]) {
      await checkHost({ ip: '203.0.113.77', domain: 'example.com', sender: 'a@example.com', helo: 'mail.example.com' }, { resolver: probe, parallel });
    }

    for (const bench of BENCH_CASES) {
      const input = { ip: bench.ip, domain: bench.domain, sender: `billing@${bench.domain}`, helo: `mail.${bench.domain}` };
      const fresh = (): DohResolver => new DohResolver({ endpoints: [server.cloudflareUrl], timeoutMs: 5000 });

      let started = performance.now();
      const sequential = await checkHost(input, { resolver: fresh(), parallel: false });
      const sequentialMs = performance.now() - started;
      const floor = floorOf(sequential.trace);
      const depths = queryDepths(sequential.trace);
      const waves = Array.from({ length: floor }, (_, d) => depths.filter((q) => q.depth === d + 1));

      // Each parallel check is paired with its floor run: `floor` lone lookups one after another, the best any
      // client could do. Interleaving them keeps the comparison fair when the machine's load drifts.
      const parallelTimes: number[] = [];
      const floorTimes: number[] = [];
      const oracleTimes: number[] = [];
      let parallelQueries = 0;
      let parallelResult = '';
      for (let i = 0; i < PARALLEL_RUNS; i++) {
        started = performance.now();
        const evaluation = await checkHost(input, { resolver: fresh() });
        parallelTimes.push(performance.now() - started);
        parallelQueries = Math.max(parallelQueries, evaluation.queries);
        parallelResult = evaluation.result;
        const chain = fresh();
        started = performance.now();
        for (let step = 0; step < floor; step++) await chain.lookup(bench.domain, 'TXT');
        floorTimes.push(performance.now() - started);
        // the oracle knows every query the check needs and its depth: the best a client could do with them
        const oracle = fresh();
        started = performance.now();
        for (const wave of waves) await Promise.all(wave.map((q) => oracle.lookup(q.name, q.type)));
        oracleTimes.push(performance.now() - started);
      }
      if (parallelResult !== sequential.result) throw new Error(`${bench.domain} ${bench.ip}: parallel ${parallelResult}, sequential ${sequential.result}`);

      const cache = new CachingResolver(fresh());
      await checkHost(input, { resolver: cache });
      const cachedTimes: number[] = [];
      for (let i = 0; i < CACHED_RUNS; i++) {
        started = performance.now();
        const again = await checkHost(input, { resolver: cache });
        cachedTimes.push(performance.now() - started);
        if (again.result !== sequential.result) throw new Error(`${bench.domain} ${bench.ip}: cached re-check gave ${again.result}`);
      }

      const parallelMs = median(parallelTimes);
      const floorMs = median(floorTimes);
      rows.push({
        tree: bench.tree,
        sequentialMs: round(sequentialMs, 1),
        domain: bench.domain,
        client: bench.client,
        ip: bench.ip,
        result: sequential.result,
        floor,
        sequentialRoundTrips: 0,
        sequentialQueries: sequential.queries,
        parallelMs: round(parallelMs, 1),
        floorMs: round(floorMs, 1),
        oracleMs: round(median(oracleTimes), 1),
        oracleRatio: round(median(oracleTimes.map((ms, i) => ms / (floorTimes[i] as number)))),
        engineRatio: round(median(parallelTimes.map((ms, i) => ms / (oracleTimes[i] as number)))),
        parallelRoundTrips: 0,
        parallelQueries,
        // the median of each run's own ratio: a load spike hits a pair, not the whole row
        ratio: round(median(parallelTimes.map((ms, i) => ms / (floorTimes[i] as number)))),
        lookups: sequential.lookups.count,
        cachedFirstMs: round(cachedTimes[0] as number),
        cachedMedianMs: round(median(cachedTimes)),
      });
    }

    // sequential round trips against the same row's lone-lookup time (one run, for comparison only)
    for (const r of rows) {
      r.sequentialRoundTrips = round((r.sequentialMs / r.floorMs) * r.floor);
      r.parallelRoundTrips = round(r.ratio * r.floor);
    }

    const header = ['tree', 'client', 'result', 'floor', 'RT seq', 'RT par', 'par/floor', 'oracle/floor', 'par/oracle', 'queries seq/par', 'lookups', 'cached 1st ms', 'cached median ms'];
    const cells = rows.map((r) => [
        r.tree,
        r.client,
        r.result,
        String(r.floor),
        r.sequentialRoundTrips.toFixed(2),
        r.parallelRoundTrips.toFixed(2),
        `${r.ratio.toFixed(2)}x`,
        `${r.oracleRatio.toFixed(2)}x`,
        `${r.engineRatio.toFixed(2)}x`,
        `${r.sequentialQueries}/${r.parallelQueries}`,
        String(r.lookups),
        r.cachedFirstMs.toFixed(2),
        r.cachedMedianMs.toFixed(2),
      ]);
    printTable(header, cells);
    console.log(
      `\nserver delay ${LATENCY_MS} ms per answer (a lone lookup: ${probeMs.toFixed(1)} ms); RT = time / (time of floor lone lookups in a row / floor); par = median of ${PARALLEL_RUNS} runs, each paired with a floor run and an oracle run (the needed queries, all of one depth at once); cached = ${CACHED_RUNS} re-checks through a CachingResolver`,
    );

    const worstRatio = Math.max(...rows.map((r) => r.ratio));
    const medianRatio = median(rows.map((r) => r.ratio));
    const worstCachedMedian = Math.max(...rows.map((r) => r.cachedMedianMs));
    const worstCachedFirst = Math.max(...rows.map((r) => r.cachedFirstMs));
    const extraQueries = rows.reduce((sum, r) => sum + r.parallelQueries, 0) / rows.reduce((sum, r) => sum + r.sequentialQueries, 0);
    writeResult({
      bench: 'spf',
      summary: [
        {
          metric: 'SPF over DoH: round trips / floor (worst case)',
          value: `${worstRatio.toFixed(2)}x (median ${medianRatio.toFixed(2)}x)`,
          target: `<= ${TARGET_RATIO}x`,
          met: worstRatio <= TARGET_RATIO,
          note: `${rows.length} clients on 7 trees, ${LATENCY_MS} ms per answer, floors ${Math.min(...rows.map((r) => r.floor))}-${Math.max(...rows.map((r) => r.floor))}; rows over ${TARGET_RATIO}x: ${rows.filter((r) => r.ratio > TARGET_RATIO).map((r) => `${r.domain} ${r.client} ${r.ratio.toFixed(2)}x`).join(', ') || 'none'}`,
        },
        {
          metric: 'SPF over DoH: time over an oracle client that sends the needed queries wave by wave (worst case)',
          value: `${Math.max(...rows.map((r) => r.engineRatio)).toFixed(2)}x (median ${median(rows.map((r) => r.engineRatio)).toFixed(2)}x)`,
          note: `what the engine adds; the oracle itself takes up to ${Math.max(...rows.map((r) => r.oracleRatio)).toFixed(2)}x the floor (concurrent requests cost more than lone ones)`,
        },
        {
          metric: 'SPF over DoH: queries sent, parallel / sequential',
          value: `${extraQueries.toFixed(2)}x`,
          note: 'prefetching asks for what the sequential algorithm might need; the result is the same',
        },
        {
          metric: 'SPF cached re-check (median, worst tree)',
          value: `${worstCachedMedian.toFixed(2)} ms`,
          target: `<= ${TARGET_CACHED_MS} ms`,
          met: worstCachedMedian <= TARGET_CACHED_MS,
          note: `first re-check after the filling check: at most ${worstCachedFirst.toFixed(2)} ms`,
        },
      ],
      tables: [{ title: `SPF over DoH, ${LATENCY_MS} ms per answer: round trips (RT) against the floor, per tree and client`, header, rows: cells }],
      details: { latencyMs: LATENCY_MS, loneLookupMs: round(probeMs, 1), parallelRuns: PARALLEL_RUNS, cachedRuns: CACHED_RUNS, rows },
    });
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
