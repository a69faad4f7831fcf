#!/usr/bin/env node
// `npm run bench`: runs each bench/*.bench.ts (TypeScript through tsx) one after another; each writes its
// numbers to bench/results/. `npm run bench -- spf` runs the benchmarks whose file name contains "spf".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(`${root}bench`)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
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
process.exitCode = failed === 0 ? 0 : 1;
