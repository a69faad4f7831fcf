import { readBounceWithMessage } from '../core/bounce/index';
import type { BounceFacts } from '../core/bounce/index';
import { diagnose, identityFromFacts, keyLookupText, receiverVerdictText, verificationText } from '../core/diagnose';
import type { DiagnoseOutcome, Diagnosis } from '../core/diagnose';
import { lastValue, parseArgs } from './args';
import { evaluationJson, lintJson, renderEvaluation, renderLint, checkRequest } from './check';
import { UsageError, cutMessage, inputName, readInput } from './io';
import type { CliIO, Command, ExitCode } from './io';
import { resolverFromArgs } from './resolver';
import { escapeControls, escapeDeep, jsonText, shortenStrings } from './safe-text';

/** A rejection line longer than this is shown cut in human output. */
const SHOWN_REJECTION_CHARS = 400;

/** The contract's `diagnosis` fields first (cause, causes, title, summary, fix), then the rest. */
function diagnosisJson(d: Diagnosis): Record<string, unknown> {
  const { cause, causes, title, summary, fix, ...extra } = d;
  return { cause, causes, title, summary, fix, ...extra };
}

/** SPF, each DKIM signature and DMARC, one line each, with what the DNS says today (already escaped). */
function renderAuthentication(d: Diagnosis): string[] {
  if (d.dmarc === null && d.dkim.length === 0) return [];
  const aligned = (a: boolean | null): string => (a === true ? 'aligned' : a === false ? 'not aligned' : 'alignment unknown');
  const lines = ['', `Authentication for ${d.dmarc?.fromDomain ?? d.domain}:`];
  if (d.dmarc?.spf) lines.push(`  SPF    ${d.dmarc.spf.result} for ${d.dmarc.spf.domain} (${aligned(d.dmarc.spf.aligned)}, ${d.dmarc.spf.mode})`);
  for (const s of d.dkim) {
    lines.push(`  DKIM   d=${s.domain} s=${s.selector}: key ${s.keyState} at ${keyLookupText(s)}, ${aligned(s.aligned)}${s.service === null ? '' : ` [${s.service.name}]`}`);
    const verdict = receiverVerdictText(s);
    if (verdict !== null) lines.push(`         ${verdict}`);
    if (s.verification !== null) lines.push(`         ${verificationText(s.verification)}`);
  }
  if (d.dmarc !== null) {
    lines.push(`  DMARC  ${d.dmarc.result}: ${d.dmarc.record === null ? 'no record applies' : `${d.dmarc.policyTag ?? 'p'}=${d.dmarc.policy ?? 'none'} at ${d.dmarc.name}`}${d.dmarc.fromSource === 'sender' ? ' (From domain assumed from the envelope sender)' : ''}`);
  }
  if (d.dmarc?.receiverConflict != null) lines.push(`  ${d.dmarc.receiverConflict}.`);
  if (d.fix?.dmarc !== undefined) lines.push(`  With the record above, DMARC gives ${d.fix.dmarc.result}.`);
  return lines;
}

/**
 * The explanation as text. Every string of the bounce, the DNS answers and the diagnosis is escaped first
 * (safe-text.ts): a TXT record cannot repaint the line of the record to publish.
 */
function render(rawOutcome: DiagnoseOutcome, rawFacts: BounceFacts | null, tty: boolean): string {
  const d = escapeDeep(rawOutcome.diagnosis);
  const bold = (t: string): string => (tty ? `\x1b[1m${t}\x1b[0m` : t);
  const lines: string[] = [];
  if (rawFacts !== null) {
    const facts = escapeDeep(rawFacts);
    lines.push(`Bounce: ${facts.status ?? 'no status'}${facts.receiver === null ? '' : ` from ${facts.receiver}`}`);
    for (const line of rawFacts.rejection.slice(0, 2)) lines.push(`  "${escapeControls(shortenStrings(line, SHOWN_REJECTION_CHARS).value)}"`);
    lines.push('');
  }
  lines.push(bold(d.title), d.verdict, '', d.summary);
  if (d.steps.length > 0) lines.push('', 'What to do:', ...d.steps.map((s, i) => `  ${i + 1}. ${s}`));
  if (d.fix !== null) {
    // a record that lets a new IP or service pass: the question comes before the record (fix.authorizes)
    if (d.fix.authorizes !== null) {
      lines.push('', bold(`Publish only if the answer is yes: ${d.fix.authorizes.question}`), `  If not: ${d.fix.authorizes.ifNot}`);
    }
    lines.push('', bold(`The record to publish (TXT at ${d.fix.name}, verified: ${d.fix.check.result} with ${d.fix.check.lookups.count} lookups):`), `  ${d.fix.record}`);
    if (d.fix.strings.length > 1) lines.push(`  as strings: ${d.fix.zoneText}`);
  } else if (d.noFix !== null) {
    lines.push('', `No safe one-line fix: ${d.noFix}`);
  } else if (d.proposal !== null) {
    lines.push('', `Proposed record (TXT at ${d.proposal.name}): ${d.proposal.record}`, `  ${d.proposal.note}`);
  }
  for (const f of d.findings.slice(1)) lines.push('', `Also: ${f.title}`, `  ${f.summary}`);
  if (d.crossCheck !== null) lines.push('', `Resolvers: ${d.crossCheck.summary}`);
  lines.push(...renderAuthentication(d));
  lines.push('', 'Details:', '');
  lines.push(rawOutcome.evaluation !== null ? renderEvaluation(rawOutcome.evaluation, tty) : renderLint(rawOutcome.lint, tty));
  if (d.rfc.length > 0) lines.push(`RFC: ${d.rfc.join('; ')}`);
  return lines.join('\n') + '\n';
}

/**
 * `bounce-explainer explain [FILE|-] [--doh URL]... [--json]` and `explain DOMAIN --ip IP [--sender ADDR]`
 * (cli-contract.md): parse, check, diagnose.
 */
export const explainCommand: Command = async (argv: string[], io: CliIO): Promise<ExitCode> => {
  const args = parseArgs(argv, { valued: ['ip', 'sender', 'helo', 'doh'], flags: ['json'] });
  if (args.positionals.length > 1) throw new UsageError(`one FILE or DOMAIN at most, got ${args.positionals.length}`);
  const byHand = args.values.has('ip') || args.values.has('sender') || args.values.has('helo');
  const dns = resolverFromArgs(args);

  let facts: BounceFacts | null = null;
  let exit: ExitCode = 0;
  let returned: string | null = null;
  let inputTruncated = false;
  let given: { ip?: string | null; domain?: string; sender?: string; helo?: string };
  if (byHand) {
    given = { ip: lastValue(args, 'ip') ?? null, domain: args.positionals[0], sender: lastValue(args, 'sender'), helo: lastValue(args, 'helo') };
  } else {
    const file = args.positionals[0] ?? '-';
    let input: { bytes: Uint8Array; cut: boolean };
    try {
      input = await readInput(file, io);
    } catch (error) {
      io.err(`bounce-explainer explain: cannot read ${inputName(file)}: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`);
      return 1;
    }
    // a cut input: explained from what was read (a bounce's report comes first), and the exit status says so
    if (input.cut) {
      io.err(cutMessage('explain', file));
      exit = 1;
      inputTruncated = true;
    }
    const read = await readBounceWithMessage(input.bytes);
    facts = read.facts;
    // a whole returned message (not one cut short) has its DKIM signatures verified
    returned = input.cut ? null : read.returnedMessage;
    const identity = identityFromFacts(facts);
    given = { ip: identity.ip, domain: identity.domain ?? undefined, sender: identity.sender ?? undefined };
  }
  const request = checkRequest(given);
  if (typeof request === 'string') {
    if (byHand) throw new UsageError(request);
    // A bounce that names no domain: say what was read and what is missing, do not guess.
    const words = facts?.authFailure
      ? 'The bounce names no domain or sender to check: run "bounce-explainer explain DOMAIN --ip IP" with the sending domain.'
      : 'This message does not look like a sender-authentication bounce, and names no domain to check.';
    if (args.flags.has('json')) {
      const short = shortenStrings(facts);
      io.out(`${jsonText({ facts: short.value, check: null, diagnosis: { cause: null, causes: [], title: words, summary: words, fix: null }, truncated: short.truncated, inputTruncated })}\n`);
    } else io.out(`${words}\n`);
    return exit;
  }
  const outcome = await diagnose(
    { facts, domain: request.domain, ip: request.ip, sender: request.sender, helo: request.helo, returnedMessage: returned },
    { resolver: dns.resolver, ...(dns.crossCheck ? { crossCheck: dns.crossCheck } : {}) },
  );
  if (args.flags.has('json')) {
    const check = outcome.evaluation !== null ? evaluationJson(outcome.evaluation, request) : lintJson(outcome.lint);
    // the bounce's strings are cut (a 1 MB rejection line is not echoed); the check and the diagnosis are not
    const short = shortenStrings(facts);
    io.out(`${jsonText({ ...(facts === null ? {} : { facts: short.value }), check, diagnosis: diagnosisJson(outcome.diagnosis), truncated: short.truncated, inputTruncated })}\n`);
  } else {
    io.out(render(outcome, facts, io.isTTY));
  }
  return exit;
};
