#!/usr/bin/env node
// `npm run bench`: runs each bench/*.bench.ts (TypeScript through tsx) one after another; each writes its
// numbers to bench/results/<name>.json. Then one table of the headline figures against their targets, and
// bench/RESULTS.md written from all results (with the machine they came from).
// `npm run bench -- spf` runs the benchmarks whose file name contains "spf" (RESULTS.md keeps the others' last run,
// and is written only when every benchmark has a result in bench/results/).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const allBenchFiles = readdirSync(`${root}bench`)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const benches = allBenchFiles.filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (benches.length === 0) {
  console.error(`no benchmark in bench/ matches ${filters.join(', ') || '*.bench.ts'}`);
  process.exit(2);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${run.status ?? run.signal})`);
  }
}

/** @typedef {{ metric: string, value: string, target?: string, met?: boolean, note?: string }} SummaryRow */
/** @typedef {{ title: string, header: string[], rows: string[][] }} ResultTable */
/** @typedef {{ bench: string, date: string, machine: { cpu: string, nproc: number, node: string, platform: string, load?: number }, summary: SummaryRow[], tables?: ResultTable[], details?: { chromium?: string | null } }} BenchResult */

const resultsDir = `${root}bench/results`;
/** @type {BenchResult[]} */
const results = existsSync(resultsDir)
  ? readdirSync(resultsDir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => JSON.parse(readFileSync(`${resultsDir}/${file}`, 'utf8')))
      .filter((result) => Array.isArray(result.summary))
  : [];

/** @param {SummaryRow} row */
function verdict(row) {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'MISSED';
}

/** @param {string[]} header @param {string[][]} rows */
function printTable(header, rows) {
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  for (const line of table) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

/** @param {string} cell */
const md = (cell) => cell.replace(/\|/g, '\\|');
/** @param {string[]} header @param {string[][]} rows */
function markdownTable(header, rows) {
  return [`| ${header.map(md).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map(md).join(' | ')} |`)].join('\n');
}

// RESULTS.md is written only from a result of every benchmark: on a clone that ran one (bench/results/ is not in
// the repository) it would otherwise lose the others' figures
const missing = allBenchFiles.map((file) => file.slice(0, -'.bench.ts'.length)).filter((name) => !results.some((result) => result.bench === name));

if (results.length > 0) {
  const header = ['figure', 'value', 'target', '', 'bench'];
  const rows = results.flatMap((result) => result.summary.map((row) => [row.metric, row.value, row.target ?? '', verdict(row), result.bench]));
  console.log('\n== Summary (bench/results/*.json)');
  printTable(header, rows);

  const first = results[0];
  const chromium = results.map((r) => r.details?.chromium).find((v) => typeof v === 'string');
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (scripts/bench.mjs) from bench/results/*.json; do not edit by hand.',
    'Benchmarks are not tests: nothing here fails a build. Each figure says how it was measured in the bench',
    'file named in its row; the raw numbers are in bench/results/<bench>.json.',
    '',
    '## Machine',
    '',
    `- CPU: ${first.machine.cpu} (\`nproc\`: ${first.machine.nproc})`,
    `- Node: ${first.machine.node} (${first.machine.platform})`,
    ...(chromium ? [`- Chromium: ${chromium}`] : []),
    `- Runs: ${results.map((r) => `${r.bench} ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.machine.load === undefined ? '' : ` (load average ${r.machine.load})`}`).join('; ')}`,
    '',
    'Timings move with other work on the machine (the load average says how much there was); the SPF',
    'ratios pair each run with its own floor run so that drifting load hits both alike.',
    '',
    '## Headline figures',
    '',
    markdownTable(
      ['Figure', 'Value', 'Target', 'Met', 'Note', 'Bench'],
      results.flatMap((result) => result.summary.map((row) => [row.metric, row.value, row.target ?? '', verdict(row), row.note ?? '', `bench/${result.bench}.bench.ts`])),
    ),
    '',
  ];
  for (const result of results) {
    for (const table of result.tables ?? []) lines.push(`## ${table.title}`, '', markdownTable(table.header, table.rows), '');
  }
  if (missing.length > 0) console.log(`\nbench/RESULTS.md left as it was: no result here yet of ${missing.join(', ')} (\`npm run bench\` runs them all)`);
  else {
    writeFileSync(`${root}bench/RESULTS.md`, lines.join('\n'));
    console.log('\nwrote bench/RESULTS.md');
  }
}
process.exitCode = failed === 0 ? 0 : 1;
