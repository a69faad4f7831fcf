/**
 * The diagnosis in words: the causes ranked and worded (causes.ts), today's verdict in one line, the steps
 * with the fix's question first, and the evidence card to paste into a ticket.
 */
import type { BounceFacts } from '../bounce/types';
import type { Evaluation, LintReport } from '../spf';
import { authenticationEvidence, rankForDmarc } from './authentication-causes';
import { PROPOSED_RECORD } from './authorize';
import { CAUSES, CAUSE_ORDER, humanDuration } from './causes';
import { dmarcLine } from './dmarc-line';
import type { CauseFinding, Diagnosis, Fix, FixOutcome, Found, Subject, Today } from './types';

/** "SPF fail: 203.0.113.5 is not allowed by example.com's record" */
function verdictLine(evaluation: Evaluation | null, domain: string, lint: LintReport): string {
  if (evaluation === null) {
    if (lint.record === null) return `No SPF record for ${domain}`;
    return `SPF policy of ${domain}: ${lint.worstCaseLookups} DNS lookups at most, ${lint.findings.filter((f) => f.severity === 'error').length} errors`;
  }
  const { result, ip } = evaluation;
  switch (result) {
    case 'pass':
      return `SPF pass: ${ip} is allowed by ${domain}'s record`;
    case 'fail':
    case 'softfail':
      return `SPF ${result}: ${ip} is not allowed by ${domain}'s record`;
    case 'neutral':
      return `SPF neutral: ${domain}'s record says nothing about ${ip}`;
    case 'none':
      return `SPF none: ${domain} has no SPF record`;
    case 'temperror':
      return `SPF temperror: the check for ${ip} could not finish (DNS trouble)`;
    case 'permerror':
      return `SPF permerror: ${domain}'s record is broken (${evaluation.reason})`;
  }
}

/** The parts of a bounce a fact can be read from (BounceFacts.evidence), in words. */
const EVIDENCE_WORDS: Record<string, string> = {
  rejection: "the receiver's reply",
  dsn: 'the delivery-status report',
  transcript: 'the SMTP transcript or mail log',
  'authentication-results': "the receiver's Authentication-Results",
  'received-spf': "the receiver's Received-SPF",
  received: "the receiver's Received header",
  'return-path': 'the returned Return-Path',
  from: 'the returned From',
  notice: "the sending provider's notice",
  'feedback-report': 'the authentication failure report',
};

/** What the bounce itself said, and where each fact was read. */
function bounceLines(facts: BounceFacts): string[] {
  const lines: string[] = [];
  for (const line of facts.rejection.slice(0, 3)) lines.push(`Bounce: ${line}`);
  if (facts.status !== null) lines.push(`Status: ${facts.status}`);
  if (facts.receiver !== null) lines.push(`Receiver: ${facts.receiver}`);
  // where each fact was read, and where the bounce's parts disagree (the receiver's own words were kept)
  const read = Object.entries(facts.evidence ?? {}).map(([field, source]) => `${field === 'receiverDkim' ? 'DKIM results' : field} from ${EVIDENCE_WORDS[source] ?? source}`);
  if (read.length > 0) lines.push(`Read: ${read.join('; ')}`);
  // the words each fact was read from as the user sees them (folds, quote marks as written), each text once
  const quoted = new Map<string, string[]>();
  for (const [field, words] of Object.entries(facts.quotes ?? {})) if (words) quoted.set(words, [...(quoted.get(words) ?? []), field]);
  for (const [words, fields] of quoted) lines.push(`Words (${fields.join(', ')}): ${words.replace(/\s*\n\s*/g, ' ⏎ ')}`);
  for (const c of facts.evidenceConflicts ?? []) {
    lines.push(`Disagreement: ${c.field} ${c.value} (${EVIDENCE_WORDS[c.source] ?? c.source}) kept over ${c.other} (${EVIDENCE_WORDS[c.otherSource] ?? c.otherSource})`);
  }
  if (facts.headerFrom != null) lines.push(`Header From: ${facts.headerFrom}`);
  for (const s of facts.dkim ?? []) lines.push(`DKIM signature: d=${s.domain} s=${s.selector}${s.algorithm === null ? '' : ` a=${s.algorithm}`}`);
  // what the receiver's own Authentication-Results said (RFC 8601 section 2.7.1), as it wrote it
  for (const r of facts.receiverDkim ?? []) {
    lines.push(`Receiver DKIM result: dkim=${r.result}${r.reason === null ? '' : ` (${r.reason})`}${r.domain === null ? '' : ` d=${r.domain}`}${r.selector === null ? '' : ` s=${r.selector}`}`);
  }
  return lines;
}

function evidenceCard(d: Omit<Diagnosis, 'evidence'>, facts: BounceFacts | null, currentRecords: string[]): string {
  const lines = ['SPF evidence (Bounce Explainer)'];
  if (facts !== null) lines.push(...bounceLines(facts));
  lines.push(`Domain: ${d.domain}`);
  if (d.ip !== null) lines.push(`Sending IP: ${d.ip}${d.ptrName === null ? '' : ` (reverse DNS ${d.ptrName}, ${d.ptrConfirmed ? 'forward-confirmed' : 'not confirmed'})`}`);
  if (currentRecords.length === 0) lines.push('Current SPF record: none');
  for (const r of currentRecords) lines.push(`Current SPF record: ${r}`);
  lines.push(...authenticationEvidence(d.dmarc, d.dkim));
  lines.push(`Verdict now: ${d.verdict}`);
  if (d.cause !== null) lines.push(`Cause: ${d.title}`);
  if (d.fix !== null) {
    // the question before the record, as everywhere (fix.authorizes)
    if (d.fix.authorizes !== null) lines.push(`Publish only if the answer is yes: ${d.fix.authorizes.question}`);
    lines.push(`${PROPOSED_RECORD} (TXT at ${d.fix.name}, verified to pass for ${d.ip}): ${d.fix.record}`);
  } else if (d.noFix !== null) lines.push(`No safe record change: ${d.noFix}`);
  return lines.join('\n');
}

/** The main cause's steps, then the fix's: its question first, where to publish, how long the old record lives. */
function fixSteps(main: CauseFinding | null, fix: Fix | null, corrections: string[]): string[] {
  const steps = main === null ? [] : [...main.steps];
  if (fix === null) return steps;
  if (fix.authorizes !== null) steps.push(`Answer first: ${fix.authorizes.question} Publish the record below only if the answer is yes.`);
  steps.push(
    `Publish one TXT record at ${fix.name} with the value below${fix.replaces.length > 0 ? `, replacing the current SPF record${fix.replaces.length > 1 ? 's (delete all of them: one SPF record only)' : ''}` : ''}.`,
    fix.ttl === null ? 'Receivers see the change once their cached answer expires.' : `Receivers may use the old record for up to ${humanDuration(fix.ttl)} (its TTL, ${fix.ttl} seconds) after the change.`,
  );
  if (corrections.length > 0) steps.push(`Changed in the record: ${corrections.join('; ')}.`);
  if (fix.staleTerms.length > 0) steps.push(`These entries no longer match your domain's servers: ${fix.staleTerms.join(', ')}. If those servers are gone, remove them too.`);
  return steps;
}

/** The causes found, ranked and worded: a bounce that passes now says so first, the rest are what else is wrong. */
function rankedFindings(subject: Subject, found: Found, beyondSpf: boolean): CauseFinding[] {
  const { causes, details, context, auth } = found;
  const ordered = rankForDmarc(
    CAUSE_ORDER.filter((c) => causes.has(c)).sort((a, b) => Number(b === 'passes-now') - Number(a === 'passes-now')),
    auth === null || !beyondSpf || auth.dmarc.spf?.aligned !== false,
  );
  return ordered.map((id) => {
    const words = CAUSES[id];
    const c = { ...context, detail: details.get(id) ?? null, ...(id === 'dmarc-policy' ? { domain: auth?.dmarc.fromDomain ?? subject.fromDomain ?? subject.domain } : {}) };
    return { id, title: words.title(c), summary: words.summary(c), steps: words.steps(c), rfc: words.rfc };
  });
}

/** The Diagnosis a front end shows: causes in words, the verdict, the steps, the fix and the evidence card. */
export function describe(subject: Subject, today: Today, found: Found, outcome: FixOutcome, beyondSpf: boolean): Diagnosis {
  const { domain, ip } = subject;
  const { evaluation, lint, current, cross } = today;
  const { service, rdns, auth } = found;
  const findings = rankedFindings(subject, found, beyondSpf);
  const main = findings[0] ?? null;
  const verdict = verdictLine(evaluation, domain, lint);
  const partial: Omit<Diagnosis, 'evidence'> = {
    cause: main?.id ?? null,
    causes: findings.map((f) => f.id),
    title: main?.title ?? (evaluation?.result === 'pass' ? `${ip} passes SPF for ${domain}` : `No SPF problem found for ${domain}`),
    summary: main?.summary ?? verdict,
    steps: fixSteps(main, outcome.fix, found.corrections),
    verdict,
    result: evaluation?.result ?? null,
    domain,
    ip,
    findings,
    fix: outcome.fix,
    noFix: outcome.noFix,
    proposal: outcome.proposal,
    service: service === null ? null : { id: service.id, name: service.name, include: service.include },
    ptrName: rdns?.name ?? null,
    ptrConfirmed: rdns?.confirmed ?? false,
    records: current,
    crossCheck: cross === null ? null : { verdict: cross.verdict, summary: cross.summary },
    dmarc: auth?.dmarc ?? null,
    dkim: auth?.dkim ?? [],
    dmarcLine: null,
    rfc: [...new Set(findings.flatMap((f) => f.rfc))],
  };
  partial.dmarcLine = dmarcLine(partial);
  return { ...partial, evidence: evidenceCard(partial, subject.facts, current) };
}
