/**
 * What the benchmarks share: the machine they ran on, medians, a plain text table, and the results file.
 * Each bench writes bench/results/<name>.json with a `summary` (the headline figures against their targets)
 * that scripts/bench.mjs gathers into one table and bench/RESULTS.md.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export interface Machine {
  cpu: string;
  nproc: number;
  node: string;
  platform: string;
  /** the 1-minute load average when the bench finished: other work on the machine shows in the figures */
  load: number;
}

/** One headline figure. `met` is absent when the figure has no target. */
export interface SummaryRow {
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
  note?: string;
}

/** A detail table for bench/RESULTS.md. */
export interface ResultTable {
  title: string;
  header: string[];
  rows: string[][];
}

export interface BenchResult {
  bench: string;
  date: string;
  machine: Machine;
  summary: SummaryRow[];
  tables?: ResultTable[];
  /** the bench's own detail rows and settings */
  details: unknown;
}

export function machine(): Machine {
  let cpu = 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.replace(/^model name\s*:\s*/, '').trim();
  } catch {
    // not Linux: the CPU model stays unknown
  }
  return { cpu, nproc: availableParallelism(), node: process.version, platform: `${process.platform} ${process.arch}`, load: Math.round((loadavg()[0] ?? 0) * 100) / 100 };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Columns padded to their widest cell; numbers are expected as already formatted strings. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  for (const line of table) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

export function writeResult(result: Omit<BenchResult, 'date' | 'machine'>): void {
  const full: BenchResult = { ...result, date: new Date().toISOString(), machine: machine() };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${result.bench}.json`, import.meta.url), `${JSON.stringify(full, null, 2)}\n`);
  console.log(`\nwrote bench/results/${result.bench}.json`);
}
