import type { Resolver } from '../core/dns';
import { checkHost, lintPolicy, resolveIdentity } from '../core/spf';
import type { Evaluation, LintReport, SpfIdentity, TermTrace } from '../core/spf';
import { treeFromLint, treeFromTrace } from '../core/spf/tree';
import type { TreeNode, TreeTerm } from '../core/spf/tree';
import { lastValue, parseArgs } from './args';
import { resolverFromArgs } from './resolver';
import { clientAddress, heloError } from './identity';
import { JSONL_LINE_LIMIT_BYTES, UsageError } from './io';
import type { CliIO, Command, ExitCode } from './io';
import { escapeControls, escapeDeep, jsonText } from './safe-text';

/** One check to run: the identity rules of cli-contract.md already applied. */
interface CheckRequest extends SpfIdentity {
  ip: string | null;
}

/**
 * The request of one check: the identity rules of RFC 7208 section 2.4 and cli-contract.md (core/spf/identity.ts),
 * after the client is found a unicast address and a given HELO name a domain name (identity.ts); otherwise the
 * message of why not.
 */
export function checkRequest(given: { ip?: string | null; domain?: string; sender?: string; helo?: string }): CheckRequest | string {
  let ip: string | null = null;
  if (given.ip !== undefined && given.ip !== null) {
    const client = clientAddress(given.ip);
    if ('error' in client) return client.error;
    ip = client.ip;
  }
  if (given.helo !== undefined) {
    const error = heloError(given.helo);
    if (error !== null) return error;
  }
  const identity = resolveIdentity(given);
  if (identity === null) return 'give a DOMAIN, a --sender address or a --helo name';
  return { ip, ...identity };
}

const COLOURS = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Paint = (colour: keyof typeof COLOURS, text: string) => string;

function painter(tty: boolean): Paint {
  return (colour, text) => (tty ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text);
}

const RESULT_COLOUR: Record<string, keyof typeof COLOURS> = {
  pass: 'green',
  fail: 'red',
  softfail: 'yellow',
  neutral: 'yellow',
  none: 'yellow',
  temperror: 'red',
  permerror: 'red',
};

const OUTCOME_MARK: Record<TermTrace['outcome'], string> = {
  match: '✔',
  'no-match': '·',
  error: '✖',
  ignored: '-',
  'not-evaluated': ' ',
  'beyond-limit': '⚠',
};

/** The record line of a tree node: an evaluation's shows the result and whether it lies beyond the limit. */
function recordLine(node: TreeNode, paint: Paint): string {
  if (node.result === undefined) {
    const text = node.record === null ? paint('dim', `(${node.problem ?? 'no record'})`) : `"${node.record}"`;
    return `${paint('bold', node.domain)} ${text}  ${paint(node.cost > 10 ? 'red' : 'dim', `cost ${node.cost}`)}`;
  }
  // without a record, the problem is the trace's message (treeFromTrace)
  const text = node.record === null ? paint('dim', `(${node.problem ?? ''})`) : `"${node.record}"`;
  const ttl = node.ttl === null ? '' : paint('dim', ` TTL ${node.ttl}`);
  const beyond = node.beyondLimit ? paint('yellow', ' [beyond the limit]') : '';
  return `${paint('bold', node.domain)} ${text}${ttl}  ${paint(RESULT_COLOUR[node.result] ?? 'dim', node.result)}, cost ${node.cost}${beyond}`;
}

/** The term line after its branch: an evaluation's has its outcome mark (▶ on the matched path) and why. */
function termLine(term: TreeTerm, paint: Paint): string {
  if (term.outcome === undefined) {
    const cost = term.cost > 0 ? paint('dim', ` [${term.cost}]`) : '';
    const flag = term.voidLookups > 0 ? paint('yellow', ' (void lookup)') : '';
    return `${term.text}${cost}${flag}`;
  }
  const mark = term.matched ? paint('bold', '▶') : OUTCOME_MARK[term.outcome];
  const cost = term.cost > 0 ? paint('dim', ` [${term.cost} lookup${term.cost === 1 ? '' : 's'}${term.voidLookups ? `, ${term.voidLookups} void` : ''}]`) : '';
  const colour = term.outcome === 'match' ? 'green' : term.outcome === 'error' ? 'red' : term.outcome === 'beyond-limit' ? 'yellow' : 'dim';
  const name = term.matched ? paint('bold', term.text) : term.text;
  return `${mark} ${name}  ${paint(colour, term.why ?? '')}${cost}`;
}

/** The policy tree (core/spf/tree.ts, the popup draws the same) as indented lines. */
function renderTree(node: TreeNode, indent: string, paint: Paint, lines: string[]): void {
  lines.push(`${indent}${recordLine(node, paint)}`);
  node.terms.forEach((term, i) => {
    const last = i === node.terms.length - 1;
    lines.push(`${indent}${last ? '└─ ' : '├─ '}${termLine(term, paint)}`);
    if (term.child) renderTree(term.child, indent + (last ? '   ' : '│  '), paint, lines);
  });
}

/** The evaluation as text: every string from DNS or the user escaped first (safe-text.ts). */
export function renderEvaluation(raw: Evaluation, tty: boolean): string {
  const evaluation = escapeDeep(raw);
  const paint = painter(tty);
  const lines = [
    `SPF ${paint('bold', evaluation.domain)} for ${evaluation.ip}: ${paint(RESULT_COLOUR[evaluation.result] ?? 'dim', paint('bold', evaluation.result))}`,
    `  ${evaluation.reason}`,
  ];
  if (evaluation.explanation !== null) lines.push(`  explanation: ${evaluation.explanation}`);
  lines.push(`  lookups ${evaluation.lookups.count} of 10, void ${evaluation.lookups.void} of 2, ${evaluation.queries} DNS queries`);
  for (const error of evaluation.dnsErrors) lines.push(paint('red', `  DNS error: ${error}`));
  const path = evaluation.matchedPath.map((step) => (step.term ? `${step.domain}: ${step.term}` : step.domain)).join(' → ');
  lines.push(`  path: ${path}`, '');
  renderTree(treeFromTrace(evaluation.trace, evaluation.matchedPath), '', paint, lines);
  return lines.join('\n') + '\n';
}

/** The policy report as text: every string from DNS or the user escaped first (safe-text.ts). */
export function renderLint(raw: LintReport, tty: boolean): string {
  const report = escapeDeep(raw);
  const paint = painter(tty);
  const lines = [
    `SPF policy of ${paint('bold', report.domain)}`,
    `  record: ${report.record === null ? paint('red', 'none') : `"${report.record}"`}`,
    `  worst-case DNS lookups: ${paint(report.worstCaseLookups > 10 ? 'red' : 'green', `${report.worstCaseLookups} of 10`)}, void lookups: ${report.voidLookups} of 2`,
    '',
  ];
  if (report.tree) renderTree(treeFromLint(report.tree), '', paint, lines);
  lines.push('');
  if (report.findings.length === 0) lines.push(paint('green', 'no problems found'));
  report.findings.forEach((finding, index) => {
    const colour = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'cyan';
    const where = finding.position && finding.record ? ` at ${finding.domain} characters ${finding.position.start + 1}-${finding.position.end}` : ` (${finding.domain})`;
    lines.push(`${paint(colour, finding.severity)} ${finding.id}${where}: ${finding.message}`);
    const record = raw.findings[index]?.record;
    if (finding.position && finding.record && record && finding.record.length < 600) {
      // the caret counts the characters shown: an escaped control takes several
      const start = escapeControls(record.slice(0, finding.position.start)).length;
      const width = escapeControls(record.slice(finding.position.start, finding.position.end)).length;
      lines.push(`    ${finding.record}`, `    ${' '.repeat(start)}${paint(colour, '^'.repeat(Math.max(1, width)))}`);
    }
  });
  return lines.join('\n') + '\n';
}

/** The contract's fields first, in its order, then the extra ones. */
export function evaluationJson(evaluation: Evaluation, request: CheckRequest): Record<string, unknown> {
  const { result, explanation, domain, ip, lookups, dnsErrors, ...extra } = evaluation;
  return { result, explanation, domain, ip, lookups, dnsErrors, sender: request.sender, helo: request.helo, ...extra };
}

export function lintJson(report: LintReport): Record<string, unknown> {
  const dnsErrors = report.findings.filter((f) => f.id === 'dns-error').map((f) => f.message);
  return {
    explanation: null,
    domain: report.domain,
    ip: null,
    lookups: { count: report.worstCaseLookups, void: report.voidLookups },
    dnsErrors,
    record: report.record,
    worstCaseLookups: report.worstCaseLookups,
    findings: report.findings,
    tree: report.tree,
    queries: report.queries,
  };
}

async function runOne(request: CheckRequest, resolver: Resolver): Promise<{ evaluation?: Evaluation; lint?: LintReport }> {
  if (request.ip === null) return { lint: await lintPolicy(request.domain, { resolver }) };
  return { evaluation: await checkHost({ ip: request.ip, domain: request.domain, sender: request.sender, helo: request.helo }, { resolver }) };
}

/** One `--jsonl` input line: its request, or the message of an error object line. */
function parseJsonlLine(line: string): CheckRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not a JSON object';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const given = value as Record<string, unknown>;
  for (const key of ['ip', 'sender', 'helo', 'domain']) {
    if (given[key] !== undefined && given[key] !== null && typeof given[key] !== 'string') return `"${key}" must be a string`;
  }
  if (typeof given.ip !== 'string') return '"ip" is missing';
  const str = (key: string): string | undefined => (typeof given[key] === 'string' ? (given[key] as string) : undefined);
  return checkRequest({ ip: given.ip, domain: str('domain'), sender: str('sender'), helo: str('helo') });
}

/** At most this many checks of a --jsonl stream run at once; results still come out in input order. */
const JSONL_CONCURRENCY = 8;

/** Runs the checks of a --jsonl stream; returns how many lines were refused for their length. */
async function runJsonl(io: CliIO, resolver: Resolver): Promise<number> {
  const pending: Promise<string>[] = [];
  let lineNumber = 0;
  let refused = 0;
  const flushReady = async (keep: number): Promise<void> => {
    while (pending.length > keep) io.out(`${await (pending.shift() as Promise<string>)}\n`);
  };
  for await (const raw of io.stdinLines(JSONL_LINE_LIMIT_BYTES)) {
    lineNumber++;
    const number = lineNumber;
    // a line over the limit is refused (its bytes were skipped as they came), the next lines go on
    if (typeof raw !== 'string' || raw.length > JSONL_LINE_LIMIT_BYTES) {
      refused++;
      io.err(`bounce-explainer check: line ${number} of standard input is longer than ${JSONL_LINE_LIMIT_BYTES} bytes: refused (exit status 1)\n`);
      pending.push(Promise.resolve(jsonText({ error: `line longer than ${JSONL_LINE_LIMIT_BYTES} bytes`, line: number })));
      await flushReady(JSONL_CONCURRENCY - 1);
      continue;
    }
    const line = raw.trim();
    if (line === '') continue;
    const request = parseJsonlLine(line);
    pending.push(
      (async () => {
        if (typeof request === 'string') return jsonText({ error: request, line: number });
        try {
          const { evaluation } = await runOne(request, resolver);
          return jsonText(evaluation ? evaluationJson(evaluation, request) : { error: 'no result', line: number });
        } catch (error) {
          return jsonText({ error: error instanceof Error ? error.message : String(error), line: number });
        }
      })(),
    );
    await flushReady(JSONL_CONCURRENCY - 1);
  }
  await flushReady(0);
  return refused;
}

/** `bounce-explainer check [DOMAIN] [--ip IP] [--sender ADDR] [--helo NAME] [--doh URL]... [--json | --jsonl]` */
export const checkCommand: Command = async (argv, io): Promise<ExitCode> => {
  const args = parseArgs(argv, { valued: ['ip', 'sender', 'helo', 'doh'], flags: ['json', 'jsonl'] });
  const { resolver } = resolverFromArgs(args);

  if (args.flags.has('jsonl')) {
    if (args.positionals.length > 0 || args.values.has('ip') || args.values.has('sender') || args.values.has('helo') || args.flags.has('json')) {
      throw new UsageError('--jsonl reads its checks from standard input: give no DOMAIN, --ip, --sender, --helo or --json with it');
    }
    return (await runJsonl(io, resolver)) > 0 ? 1 : 0;
  }
  if (args.positionals.length > 1) throw new UsageError(`one DOMAIN at most, got ${args.positionals.length}`);
  const request = checkRequest({
    ip: lastValue(args, 'ip') ?? null,
    domain: args.positionals[0],
    sender: lastValue(args, 'sender'),
    helo: lastValue(args, 'helo'),
  });
  if (typeof request === 'string') throw new UsageError(request);
  const { evaluation, lint } = await runOne(request, resolver);
  const json = args.flags.has('json');
  if (evaluation) io.out(json ? `${jsonText(evaluationJson(evaluation, request))}\n` : renderEvaluation(evaluation, io.isTTY));
  if (lint) io.out(json ? `${jsonText(lintJson(lint))}\n` : renderLint(lint, io.isTTY));
  return 0;
};
