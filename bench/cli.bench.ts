/**
 * The CLI on hostile input (issue 12 section 5). Run: npx tsx bench/cli.bench.ts
 * Each input runs the CLI as a user does (dist/cli.js when built, else src/cli/bin.ts through tsx) in bash,
 * three times; the figures are the median wall time and the peak resident set size of the CLI process
 * (getrusage, written at exit by test/cli/rss-probe.mjs). Inputs: endless standard input (`yes |`),
 * /dev/zero, a 1.5 GB sparse file, a 1 MiB file of `y` lines (read whole), a bounce with a 1 MB rejection
 * line (`--json` output size), a `check --jsonl` line of 200 MB, and `| head -1` (EPIPE). Then the parse of a
 * 1 MiB `yes`-like input in process (no start-up), the time the CLI adds to the reader.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main';
import type { CliIO } from '../src/cli/io';
import { median, printTable, round, writeResult } from './lib';

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = fileURLToPath(new URL('../test/cli/rss-probe.mjs', import.meta.url));
const lab = fileURLToPath(new URL('../test/fixtures/bounce-corpus/full/lab__ooknosi-tools_lab_2__spf_fail.eml', import.meta.url));
const built = existsSync(`${root}dist/cli.js`);
const cli = built ? [process.execPath, '--import', probe, `${root}dist/cli.js`] : [process.execPath, '--import', 'tsx', '--import', probe, `${root}src/cli/bin.ts`];
/** Peak memory a hostile input may cost the CLI process. */
const RSS_BOUND_MB = 200;
const ROUNDS = 3;

const scratch = mkdtempSync(join(tmpdir(), 'bounce-explainer-bench-'));
let runs = 0;

interface Run {
  code: number | null;
  ms: number;
  rssMB: number;
  stdoutBytes: number;
  stderr: string;
}

/** Runs `script` in bash with "$@" the CLI and `args`; kills the process group after 60 s (an unbounded reader). */
function shell(script: string, args: string[]): Promise<Run> {
  const rssFile = join(scratch, `rss-${++runs}`);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('bash', ['-c', script, 'bash', ...cli, ...args], { cwd: root, detached: true, env: { ...process.env, RSS_PROBE_FILE: rssFile } });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      const rssMB = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : Number.NaN;
      resolve({ code, ms, rssMB, stdoutBytes, stderr });
    });
  });
}

const sparse = join(scratch, 'sparse.eml');
const fd = openSync(sparse, 'w');
ftruncateSync(fd, 1500 * 1024 * 1024);
closeSync(fd);
const yesFile = join(scratch, 'yes-1mib.txt');
writeFileSync(yesFile, 'y\n'.repeat(512 * 1024));
const longLine = join(scratch, 'long-rejection.txt');
writeFileSync(longLine, `550 5.7.23 <a@example.com>: SPF fail ${'x'.repeat(1_000_000)}\n`);

const CASES: { name: string; script: string; args: string[] }[] = [
  { name: 'baseline: parse the lab bounce', script: '"$@"', args: ['parse', lab] },
  { name: 'yes | parse (endless stdin)', script: 'yes | "$@"', args: ['parse'] },
  { name: 'parse /dev/zero', script: '"$@"', args: ['parse', '/dev/zero'] },
  { name: 'parse a 1.5 GB sparse file', script: '"$@"', args: ['parse', sparse] },
  { name: 'parse 1 MiB of "y" lines (a file, read whole)', script: '"$@"', args: ['parse', yesFile] },
  { name: 'parse --json, 1 MB rejection line', script: '"$@"', args: ['parse', longLine, '--json'] },
  { name: 'check --jsonl, one 200 MB line', script: '{ head -c 200000000 /dev/zero; echo; } | "$@"', args: ['check', '--jsonl', '--doh', 'http://127.0.0.1:9/dns-query'] },
  { name: 'parse x400 --json | head -1 (EPIPE)', script: '"$@" | head -1 > /dev/null; exit "${PIPESTATUS[0]}"', args: ['parse', ...Array<string>(400).fill(lab), '--json'] },
];

console.log(`CLI on hostile input (${built ? 'dist/cli.js' : 'src/cli/bin.ts through tsx: dist/cli.js not built'}), median of ${ROUNDS} runs`);
const rows: { name: string; exit: number | null; ms: number; rssMB: number; stdoutBytes: number; stderrLines: number }[] = [];
for (const c of CASES) {
  const results: Run[] = [];
  for (let i = 0; i < ROUNDS; i++) results.push(await shell(c.script, c.args));
  const last = results[results.length - 1] as Run;
  rows.push({
    name: c.name,
    exit: last.code,
    ms: round(median(results.map((r) => r.ms)), 0),
    rssMB: round(Math.max(...results.map((r) => r.rssMB)), 1),
    stdoutBytes: last.stdoutBytes,
    stderrLines: last.stderr.split('\n').filter((l) => l !== '').length,
  });
}
const header = ['input', 'exit', 'wall ms', 'peak RSS MB', 'stdout bytes', 'stderr lines'];
const cells = rows.map((r) => [r.name, String(r.exit), String(r.ms), r.rssMB.toFixed(1), String(r.stdoutBytes), String(r.stderrLines)]);
printTable(header, cells);

// the parse of a 1 MiB `yes`-like input in process: what the CLI's reading, cutting and output cost on top of start-up
const yesBytes = new TextEncoder().encode('y\n'.repeat(512 * 1024 + 1));
const memoryIO: CliIO = {
  out: () => {},
  err: () => {},
  readFile: () => Promise.reject(new Error('no files')),
  readStdin: async (max) => yesBytes.subarray(0, max),
  stdinLines: async function* () {},
  isTTY: false,
};
let inProcessMs = Infinity;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  await runCli(['parse'], memoryIO, 'bench');
  inProcessMs = Math.min(inProcessMs, performance.now() - start);
}
console.log(`\nparse of a 1 MiB yes-like input (cut at 1 MiB), in process, best of 5: ${inProcessMs.toFixed(1)} ms`);
rmSync(scratch, { recursive: true, force: true });

const hostile = rows.filter((r) => !r.name.startsWith('baseline'));
const worst = hostile.reduce((a, b) => (b.rssMB > a.rssMB ? b : a));
const baseline = rows[0] as (typeof rows)[number];
const slowest = hostile.reduce((a, b) => (b.ms > a.ms ? b : a));
writeResult({
  bench: 'cli',
  summary: [
    {
      metric: 'CLI peak memory on hostile input (endless stdin, /dev/zero, 1.5 GB sparse file, 200 MB --jsonl line, ...): worst',
      value: `${worst.rssMB.toFixed(0)} MB (${worst.name})`,
      target: `< ${RSS_BOUND_MB} MB`,
      met: worst.rssMB < RSS_BOUND_MB,
      note: `baseline (a small bounce) ${baseline.rssMB.toFixed(0)} MB; ${built ? 'dist/cli.js' : 'source through tsx'}`,
    },
    {
      metric: 'CLI on hostile input: slowest wall time (start-up included)',
      value: `${slowest.ms} ms (${slowest.name})`,
      note: `baseline ${baseline.ms} ms`,
    },
    { metric: 'CLI parse of a 1 MiB yes-like input, in process', value: `${inProcessMs.toFixed(0)} ms` },
  ],
  tables: [{ title: `CLI on hostile input, median of ${ROUNDS} runs (${built ? 'dist/cli.js' : 'src/cli/bin.ts through tsx'})`, header, rows: cells }],
  details: { runner: built ? 'dist/cli.js' : 'tsx src/cli/bin.ts', rounds: ROUNDS, rows, inProcessMs: round(inProcessMs, 1) },
});
