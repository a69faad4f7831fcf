import ipaddr from 'ipaddr.js';
import type { BounceFacts } from '../bounce/types';
import { clientIpProblem, evaluatedIp } from '../dns/address';
import type { CrossCheck } from '../dns/crosscheck';
import type { DnsResult, Resolver, RRType } from '../dns/types';
import { isTemporary } from '../dns/types';
import { checkHost, lintPolicy, LOOKUP_LIMIT, VOID_LIMIT } from '../spf';
import type { Evaluation, LintReport, RecordTrace, SpfResult } from '../spf';
import { CAUSES, CAUSE_ORDER, humanDuration, type CauseContext, type CauseId } from './causes';
import { OverlayResolver, isSpfText } from './overlay-resolver';
import { SENDING_SERVICES, FORWARDERS, isUnder, serviceByBounceDomain, servicesByPtr, type SendingService } from './providers';
import { addTerms, mergeRecords, quoteForZone, replaceTerms, splitTerms, toCharacterStrings } from './record-edit';
import { authenticationCauses, authenticationEvidence, authenticationRequest, dmarcDetail, fixThroughDmarc, rankForDmarc, startAuthentication } from './authentication';
import type { DkimSignatureCheck, DmarcSummary } from './authentication';
import { dmarcLine } from './dmarc-line';
import { ipAuthorization, PROPOSED_RECORD, refusalAdvice, serviceAuthorization, type Authorization } from './authorize';
import { isOwnServer, reverseDns, type ReverseDns } from './reverse-dns';

/** What to diagnose: a bounce's facts, or a domain and IP given by hand (the facts win where both are given). */
export interface DiagnoseRequest {
  facts?: BounceFacts | null;
  domain?: string | null;
  ip?: string | null;
  sender?: string | null;
  helo?: string | null;
}

export interface DiagnoseOptions {
  resolver: Resolver;
  /** compares two public resolvers' answers (crossCheck of core/dns bound to the configured endpoints) */
  crossCheck?: (name: string, type: RRType) => Promise<CrossCheck>;
  budgetMs?: number;
  signal?: AbortSignal;
}

/** A record change, verified: the engine gave `pass` for the IP over today's answers with it in place. */
export interface Fix {
  /** the DNS name whose TXT record changes */
  name: string;
  type: 'TXT';
  /** the full proposed record text */
  record: string;
  verified: true;
  /** for a DMARC refusal: DMARC evaluated again with this record's SPF pass (RFC 9989 section 5.3); absent otherwise */
  dmarc?: { result: string; reason: string };
  /** the record as character-strings of at most 255 characters (RFC 7208 section 3.3) */
  strings: string[];
  /** the value as a zone file or a DNS panel that wants quotes takes it */
  zoneText: string;
  /** the SPF record(s) it replaces (delete all of them: one record only) */
  replaces: string[];
  /** what the verification gave */
  check: { result: SpfResult; lookups: { count: number; void: number } };
  /** TTL of the current record: how long receivers may keep the old one after the change */
  ttl: number | null;
  /** terms that look stale and may be removed (not removed from `record`: the user decides) */
  staleTerms: string[];
  /**
   * who the record lets pass that does not pass today (a new IP, or a service's include), with the question
   * the user must answer yes to before publishing; null when it authorises nobody new (merged records,
   * corrected syntax, the domain's own a/mx flattened). cli-contract.md: diagnosis.fix.authorizes
   */
  authorizes: Authorization | null;
}

export interface CauseFinding {
  id: CauseId;
  title: string;
  summary: string;
  steps: string[];
  rfc: string[];
}

export interface Diagnosis {
  /** the main cause (= causes[0]) or null when nothing is wrong */
  cause: CauseId | null;
  causes: CauseId[];
  title: string;
  summary: string;
  steps: string[];
  /** today's verdict in one line, e.g. "SPF fail: 203.0.113.5 is not allowed by example.com's record" */
  verdict: string;
  result: SpfResult | null;
  domain: string;
  ip: string | null;
  findings: CauseFinding[];
  fix: Fix | null;
  /** a record change is called for but no safe one could be verified: why, and what to do instead */
  noFix: string | null;
  /** without an IP: a corrected record that parses and stays within the limits, not verified for any IP */
  proposal: { name: string; record: string; note: string } | null;
  /** the sending service the IP belongs to, when one of the table was found */
  service: { id: string; name: string; include: string } | null;
  /** the IP's reverse-DNS name (looked up only when the record does not cover the IP) */
  ptrName: string | null;
  /** the reverse-DNS name's own A/AAAA gives the IP back: only then is the name evidence */
  ptrConfirmed: boolean;
  /** the SPF records the domain publishes today */
  records: string[];
  crossCheck: { verdict: CrossCheck['verdict']; summary: string } | null;
  /** DMARC for the From domain (RFC 9989): name, record and policy, the result, the alignment of SPF and each DKIM d= */
  dmarc: DmarcSummary | null;
  /** each DKIM signature of the returned message, its key today and its alignment */
  dkim: DkimSignatureCheck[];
  /** "DMARC: neither SPF nor DKIM passed for example.com. Shortest path: …" (dmarc-line.ts), or null */
  dmarcLine: string | null;
  /** RFC sections behind the causes */
  rfc: string[];
  /** text to paste into a ticket for a DNS admin or a mail provider */
  evidence: string;
}

export interface DiagnoseOutcome {
  evaluation: Evaluation | null;
  lint: LintReport;
  diagnosis: Diagnosis;
}

/** Lint findings that are causes of their own; the rest stay in the lint report. */
const LINT_CAUSES: Record<string, CauseId> = {
  'no-record': 'no-record',
  'multiple-records': 'multiple-records',
  'syntax-error': 'syntax-error',
  'ip4-hostname': 'syntax-error',
  'unknown-mechanism': 'syntax-error',
  'include-typo': 'syntax-error',
  'too-many-lookups': 'too-many-lookups',
  'too-many-void-lookups': 'void-lookups',
  'include-without-spf': 'include-without-spf',
  'include-loop': 'too-many-lookups',
  'pass-all': 'permissive-all',
  'neutral-all': 'permissive-all',
  'dns-error': 'dns-error',
};

/**
 * Mechanical corrections of a term of the domain's own record, by lint finding: the corrected term, or null
 * to drop it. Adding a correction is adding a row; every corrected record is still verified before it is shown.
 */
const CORRECTIONS: Record<string, { when?: CauseId; correct(term: string): string | null; says: string }> = {
  // RFC 7208 section 4.6.1: "include=x" is an unknown modifier, silently ignored; the mechanism is "include:x"
  'include-typo': { correct: (t) => t.replace(/^([+\-~?]?[a-z0-9]+)=/i, '$1:'), says: 'written with ":" instead of "="' },
  // RFC 7208 section 5.6: ip4 takes an address; a host name is what "a:" is for
  'ip4-hostname': { correct: (t) => t.replace(/^([+\-~?]?)ip4:/i, '$1a:'), says: 'a host name moved from ip4: to a:' },
  // RFC 7208 section 5.2: an include of a name without SPF is a permerror wherever it is reached
  'include-without-spf': { correct: () => null, says: 'removed: it points at a name without an SPF record' },
  // RFC 7208 section 4.6.4: past two void lookups the check is a permerror
  'void-lookup': { when: 'void-lookups', correct: () => null, says: 'removed: it looks up a name that does not exist' },
};

/** Applies CORRECTIONS to the domain's own record; the edited record and what was changed. */
function correctRecord(record: string, domain: string, findings: LintReport['findings'], causes: Set<CauseId>): { record: string; changes: string[] } {
  const edits = findings
    .flatMap((f) => {
      const row = CORRECTIONS[f.id];
      if (row === undefined || f.domain !== domain || f.position === undefined || (row.when !== undefined && !causes.has(row.when))) return [];
      if (f.record !== undefined && f.record !== record) return [];
      return [{ ...f.position, row }];
    })
    .sort((a, b) => b.start - a.start);
  let corrected = record;
  const changes: string[] = [];
  for (const edit of edits) {
    const term = corrected.slice(edit.start, edit.end);
    const replacement = edit.row.correct(term);
    corrected = corrected.slice(0, edit.start) + (replacement ?? '') + corrected.slice(edit.end);
    changes.push(replacement === null ? `"${term}" ${edit.row.says}` : `"${term}" → "${replacement}" (${edit.row.says})`);
  }
  return { record: splitTerms(corrected).join(' '), changes: changes.reverse() };
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at === -1 ? address : address.slice(at + 1)).toLowerCase().replace(/\.$/, '');
}

function validIp(ip: string | null | undefined): ip is string {
  return typeof ip === 'string' && clientIpProblem(ip) === null;
}

/** The SPF record texts of a TXT answer (RFC 7208 section 4.5). */
function spfRecords(answer: DnsResult): string[] {
  return answer.ok ? answer.records.flatMap((r) => (r.type === 'TXT' && isSpfText(r.text) ? [r.text] : [])) : [];
}

/** One TXT answer's TTL for the SPF record, if any. */
function spfTtl(answer: DnsResult): number | null {
  if (!answer.ok) return null;
  const rec = answer.records.find((r) => r.type === 'TXT' && isSpfText(r.text));
  return rec === undefined ? null : rec.ttl;
}

/**
 * The service whose published include covers `ip`: those named by the PTR first (an unconfirmed PTR name only
 * orders the table: coverage is what counts), then the whole table at once. Called only once the record is
 * known not to cover the IP: the includes are not asked for mail the record already allows.
 */
async function findService(ip: string, ptr: string | null, opts: DiagnoseOptions): Promise<SendingService | null> {
  const covers = async (service: SendingService): Promise<boolean> => {
    const evaluation = await checkHost(
      { ip, domain: service.include, sender: `postmaster@${service.include}`, helo: service.include },
      { resolver: opts.resolver, budgetMs: opts.budgetMs, signal: opts.signal },
    );
    return evaluation.result === 'pass';
  };
  const byPtr = ptr === null ? [] : servicesByPtr(ptr);
  for (const service of byPtr) if (await covers(service)) return service;
  const rest = SENDING_SERVICES.filter((s) => !byPtr.includes(s));
  const covered = await Promise.all(rest.map(covers));
  return rest.find((_, i) => covered[i]) ?? null;
}

/** The A/AAAA addresses of `name` today, as ip4:/ip6: terms with the term's prefix lengths. */
async function addressTerms(name: string, resolver: Resolver, cidr4: number | null, cidr6: number | null): Promise<string[] | null> {
  const [a, aaaa] = await Promise.all([resolver.lookup(name, 'A'), resolver.lookup(name, 'AAAA')]);
  if ((!a.ok && isTemporary(a.kind)) || (!aaaa.ok && isTemporary(aaaa.kind))) return null;
  const terms: string[] = [];
  if (a.ok) for (const r of a.records) if (r.type === 'A') terms.push(`ip4:${r.address}${cidr4 === null || cidr4 === 32 ? '' : `/${cidr4}`}`);
  if (aaaa.ok) for (const r of aaaa.records) if (r.type === 'AAAA') terms.push(`ip6:${r.address}${cidr6 === null || cidr6 === 128 ? '' : `/${cidr6}`}`);
  return terms;
}

/**
 * To get under the lookup limit, the domain's own `a` and `mx` terms (no macros) may be replaced by the
 * addresses they give today; a sending service's include never is (cli-contract.md). Returns the record
 * with the replacements, or null when there is nothing to replace or DNS fails.
 */
async function flattenOwnTerms(record: string, domain: string, resolver: Resolver): Promise<string | null> {
  const replacements = new Map<string, string[]>();
  for (const term of splitTerms(record)) {
    const m = /^\+?(a|mx)(?::([^/%]+))?(?:\/(\d+))?(?:\/\/(\d+))?$/i.exec(term);
    if (m === null) continue;
    const target = (m[2] ?? domain).toLowerCase().replace(/\.$/, '');
    // only the domain's own names: its apex or names under it
    if (!isUnder(target, domain)) continue;
    const cidr4 = m[3] === undefined ? null : Number(m[3]);
    const cidr6 = m[4] === undefined ? null : Number(m[4]);
    let hosts = [target];
    if ((m[1] as string).toLowerCase() === 'mx') {
      const mx = await resolver.lookup(target, 'MX');
      if (!mx.ok && isTemporary(mx.kind)) return null;
      hosts = mx.ok ? mx.records.flatMap((r) => (r.type === 'MX' ? [r.exchange] : [])) : [];
    }
    const terms: string[] = [];
    for (const host of hosts) {
      const found = await addressTerms(host, resolver, cidr4, cidr6);
      if (found === null) return null;
      terms.push(...found.filter((t) => !terms.includes(t)));
    }
    replacements.set(term, terms);
  }
  return replacements.size === 0 ? null : replaceTerms(record, replacements);
}

interface Verified {
  fix: Fix | null;
  /** why it failed verification */
  failure: string | null;
}

/** Evaluates `record` in place of today's for `ip`; a fix only when it passes within the limits. */
async function verify(
  record: string,
  ctx: { domain: string; ip: string; sender: string; helo: string; replaces: string[]; ttl: number | null; staleTerms: string[]; authorizes: Authorization | null },
  opts: DiagnoseOptions,
): Promise<Verified> {
  const overlay = new OverlayResolver(opts.resolver, ctx.domain, record);
  const evaluation = await checkHost(
    { ip: ctx.ip, domain: ctx.domain, sender: ctx.sender, helo: ctx.helo },
    { resolver: overlay, budgetMs: opts.budgetMs, signal: opts.signal },
  );
  // RFC 7208 section 4.6.4: at most 10 DNS-querying terms and 2 void lookups
  if (evaluation.result !== 'pass') return { fix: null, failure: `with the proposed record the result would be ${evaluation.result} (${evaluation.reason})` };
  if (evaluation.lookups.count > LOOKUP_LIMIT) return { fix: null, failure: `the proposed record would need ${evaluation.lookups.count} DNS lookups, over the limit of ${LOOKUP_LIMIT}` };
  if (evaluation.lookups.void > VOID_LIMIT) return { fix: null, failure: `the proposed record would cause ${evaluation.lookups.void} void lookups, over the limit of ${VOID_LIMIT}` };
  return {
    fix: {
      name: ctx.domain,
      type: 'TXT',
      record,
      verified: true,
      strings: toCharacterStrings(record),
      zoneText: quoteForZone(record),
      replaces: ctx.replaces,
      check: { result: evaluation.result, lookups: evaluation.lookups },
      ttl: ctx.ttl,
      staleTerms: ctx.staleTerms,
      authorizes: ctx.authorizes,
    },
    failure: null,
  };
}

/** Tries `record`, then the same with the domain's own a/mx flattened when the first is over the lookup limit. */
async function verifyWithFlattening(
  record: string,
  ctx: Parameters<typeof verify>[1],
  opts: DiagnoseOptions,
): Promise<Verified> {
  const first = await verify(record, ctx, opts);
  if (first.fix !== null || !first.failure?.includes('DNS lookups')) return first;
  const flat = await flattenOwnTerms(record, ctx.domain, opts.resolver);
  if (flat === null) return first;
  const second = await verify(flat, ctx, opts);
  return second.fix !== null ? second : first;
}

/** The ip4:/ip6: term for exactly this client (RFC 7208 section 5.6); IPv4-mapped IPv6 is written as IPv4. */
function ipTerm(ip: string): string {
  const addr = ipaddr.process(ip);
  return addr.kind() === 'ipv4' ? `ip4:${addr.toString()}` : `ip6:${addr.toString()}`;
}

/** ip4/ip6 terms of a single address that the domain's current A/MX hosts no longer have: candidates to drop. */
async function staleAddressTerms(record: string, domain: string, resolver: Resolver): Promise<string[]> {
  const single = splitTerms(record).filter((t) => /^\+?ip[46]:[^/]+$/i.test(t));
  if (single.length === 0) return [];
  const mx = await resolver.lookup(domain, 'MX');
  const hosts = [domain, ...(mx.ok ? mx.records.flatMap((r) => (r.type === 'MX' ? [r.exchange] : [])) : [])];
  const current = new Set<string>();
  for (const host of hosts) {
    const found = await addressTerms(host, resolver, null, null);
    if (found === null) return [];
    for (const t of found) current.add(t.toLowerCase());
  }
  if (current.size === 0) return [];
  return single.filter((t) => !current.has(t.replace(/^\+/, '').toLowerCase()));
}

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

function firstTemporaryError(trace: RecordTrace): string | null {
  for (const q of trace.queries) if (q.outcome !== 'answer' && q.outcome !== 'nxdomain' && q.outcome !== 'nodata') return q.message ?? `${q.type} ${q.name}: ${q.outcome}`;
  for (const term of trace.terms) {
    for (const q of term.queries) if (q.outcome !== 'answer' && q.outcome !== 'nxdomain' && q.outcome !== 'nodata') return q.message ?? `${q.type} ${q.name}: ${q.outcome}`;
    if (term.child) {
      const found = firstTemporaryError(term.child);
      if (found !== null) return found;
    }
  }
  return null;
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

function evidenceCard(d: Omit<Diagnosis, 'evidence'>, facts: BounceFacts | null, currentRecords: string[]): string {
  const lines = ['SPF evidence (Bounce Explainer)'];
  if (facts !== null) {
    for (const line of facts.rejection.slice(0, 3)) lines.push(`Bounce: ${line}`);
    if (facts.status !== null) lines.push(`Status: ${facts.status}`);
    if (facts.receiver !== null) lines.push(`Receiver: ${facts.receiver}`);
    // where each fact was read, and where the bounce's parts disagree (the receiver's own words were kept)
    const read = Object.entries(facts.evidence ?? {}).map(([field, source]) => `${field} from ${EVIDENCE_WORDS[source] ?? source}`);
    if (read.length > 0) lines.push(`Read: ${read.join('; ')}`);
    for (const c of facts.evidenceConflicts ?? []) {
      lines.push(`Disagreement: ${c.field} ${c.value} (${EVIDENCE_WORDS[c.source] ?? c.source}) kept over ${c.other} (${EVIDENCE_WORDS[c.otherSource] ?? c.otherSource})`);
    }
    if (facts.headerFrom != null) lines.push(`Header From: ${facts.headerFrom}`);
    for (const s of facts.dkim ?? []) lines.push(`DKIM signature: d=${s.domain} s=${s.selector}${s.algorithm === null ? '' : ` a=${s.algorithm}`}`);
  }
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


/**
 * The SPF identity a bounce gives (RFC 7208 section 2.4): the envelope sender's domain as the bounce names
 * it, or the sender's domain; for a DMARC refusal the envelope sender's domain, not the From domain the
 * bounce names. The IP only when it is a valid address. Null fields where the bounce does not say.
 */
export function identityFromFacts(facts: BounceFacts): { domain: string | null; ip: string | null; sender: string | null } {
  const senderDomain = facts.sender === null ? null : domainOf(facts.sender) || null;
  const domain = facts.mechanism === 'dmarc' ? senderDomain ?? facts.domain : facts.domain ?? senderDomain;
  return { domain: domain === null ? null : domain.toLowerCase().replace(/\.$/, ''), ip: validIp(facts.ip) ? facts.ip : null, sender: facts.sender };
}

/**
 * Names the cause of an authentication bounce (or of a domain's SPF trouble) in plain words, and gives the
 * record to publish only after the same engine, over today's answers with that record in place, gave `pass`.
 * Never throws for DNS trouble: it becomes a cause.
 */
export async function diagnose(request: DiagnoseRequest, opts: DiagnoseOptions): Promise<DiagnoseOutcome> {
  const facts = request.facts ?? null;
  const fromFacts = facts === null ? null : identityFromFacts(facts);
  const sender = request.sender ?? fromFacts?.sender ?? null;
  const isDmarc = facts?.mechanism === 'dmarc';
  // DMARC names the From domain; SPF was checked for the envelope sender's (RFC 7489 section 3.1.2).
  const fromDomain = isDmarc ? facts?.domain?.toLowerCase() ?? null : null;
  const domain = (request.domain ?? fromFacts?.domain ?? (sender ? domainOf(sender) : '')).toLowerCase().replace(/\.$/, '');
  const ipGiven = request.ip ?? fromFacts?.ip ?? null;
  const ip = validIp(ipGiven) ? (evaluatedIp(ipGiven) as ipaddr.IPv4 | ipaddr.IPv6).toString() : null;
  const helo = request.helo ?? domain;
  const envelope = sender !== null && sender !== '' ? sender : `postmaster@${domain}`;
  // DKIM keys and the DMARC tree walks go out now, in the SPF check's first wave (authentication.ts)
  const authRequest = authenticationRequest(facts, domain === '' ? null : domain, sender);
  const authRun = authRequest === null ? null : startAuthentication(authRequest, { resolver: opts.resolver, signal: opts.signal });

  const [lint, evaluation, txt, cross] = await Promise.all([
    lintPolicy(domain, { resolver: opts.resolver, signal: opts.signal }),
    ip === null
      ? Promise.resolve(null)
      : checkHost({ ip, domain, sender: envelope, helo }, { resolver: opts.resolver, budgetMs: opts.budgetMs, signal: opts.signal }),
    opts.resolver.lookup(domain, 'TXT', opts.signal),
    opts.crossCheck ? opts.crossCheck(domain, 'TXT').catch(() => null) : Promise.resolve(null),
  ]);

  const causes = new Set<CauseId>();
  const context: CauseContext = {
    domain,
    ip,
    result: evaluation?.result ?? null,
    service: null,
    serviceInclude: null,
    serviceSetting: null,
    ptrName: null,
    lookups: evaluation?.lookups.count ?? lint.worstCaseLookups,
    detail: null,
    ttl: spfTtl(txt),
  };
  const details = new Map<CauseId, string>();
  const current = spfRecords(txt);

  // DNS first: nothing else can be trusted while DNS fails.
  if (!txt.ok && txt.kind === 'nxdomain') causes.add('domain-not-found');
  if (!txt.ok && isTemporary(txt.kind)) {
    causes.add('dns-error');
    details.set('dns-error', txt.message);
  }
  if (evaluation?.result === 'temperror') {
    causes.add('dns-error');
    if (!details.has('dns-error')) details.set('dns-error', firstTemporaryError(evaluation.trace) ?? evaluation.reason);
  }
  if (cross !== null && cross.verdict === 'disagree') {
    causes.add('resolvers-disagree');
    details.set('resolvers-disagree', cross.summary);
  }
  for (const finding of lint.findings) {
    const cause = LINT_CAUSES[finding.id];
    if (cause === undefined) continue;
    if (cause === 'no-record' && causes.has('domain-not-found')) continue;
    if (cause === 'dns-error' && !causes.has('dns-error')) details.set('dns-error', finding.message);
    causes.add(cause);
    if (!details.has(cause)) details.set(cause, finding.message);
  }
  if (evaluation !== null && evaluation.result === 'permerror' && evaluation.lookups.count > LOOKUP_LIMIT) causes.add('too-many-lookups');
  // RFC 7208 section 4.6.4: say which terms cost most, so the user sees what to cut
  if (causes.has('too-many-lookups') && lint.tree !== null) {
    const costly = lint.tree.terms.filter((t) => t.cost > 0).sort((a, b) => b.cost - a.cost).slice(0, 4);
    details.set('too-many-lookups', `The costliest terms: ${costly.map((t) => `${t.text} (${t.cost})`).join(', ')}.`);
  }
  const syntax = lint.findings.find((f) => LINT_CAUSES[f.id] === 'syntax-error' && f.position !== undefined && f.domain === domain);
  if (syntax?.position !== undefined) {
    const term = (syntax.record ?? current[0] ?? '').slice(syntax.position.start, syntax.position.end);
    details.set('syntax-error', `"${term}" (characters ${syntax.position.start + 1} to ${syntax.position.end}): ${syntax.message}.`);
  }
  if (evaluation !== null && evaluation.result === 'permerror' && evaluation.lookups.void > VOID_LIMIT) causes.add('void-lookups');

  // Who sent: the service's include that covers the IP, its bounce domain, a forwarder.
  let service: SendingService | null = null;
  let rdns: ReverseDns | null = null;
  const bounceService = serviceByBounceDomain(domain);
  // The record the fix starts from: several records merged into one (RFC 7208 section 3.2), mechanical
  // corrections applied. A broken record makes every check a permerror: judge the IP against the repaired
  // one, as the fix will be judged.
  const corrected = current.length === 1 ? correctRecord(current[0] as string, domain, lint.findings, causes) : null;
  const repaired = current.length > 1 ? mergeRecords(current) : corrected !== null && corrected.changes.length > 0 ? corrected.record : null;
  const effective =
    ip !== null && repaired !== null
      ? await checkHost({ ip, domain, sender: envelope, helo }, { resolver: new OverlayResolver(opts.resolver, domain, repaired), budgetMs: opts.budgetMs, signal: opts.signal })
      : evaluation;
  const failing = effective !== null && ['fail', 'softfail', 'neutral', 'none'].includes(effective.result);
  if (bounceService !== undefined && evaluation !== null && evaluation.result !== 'pass') {
    causes.add('return-path-domain');
    service = bounceService;
  } else if (ip !== null && failing) {
    // Only now, with the IP known not to be covered, are its reverse DNS and the services' includes asked.
    rdns = await reverseDns(ip, domain, opts.resolver, opts.signal);
    // a reverse DNS name is said (and believed) only when forward-confirmed
    if (rdns.confirmed) context.ptrName = rdns.name;
    service = await findService(ip, rdns.name, opts);
    const confirmedName = rdns.confirmed ? rdns.name : null;
    const forwarder = confirmedName === null ? undefined : FORWARDERS.find((f) => isUnder(confirmedName, f.ptrSuffix));
    if (forwarder !== undefined) {
      causes.add('forwarding');
      context.service = forwarder.name;
    } else if (service !== null) {
      causes.add('provider-not-included');
      // A forwarding service's server, while the domain's mail is not hosted there: as likely a forward
      // (e.g. a Gmail user forwarding) as a missing include. Both are said; the include stays the fix.
      if (service.forwards === true && !(await mailHostedAt(domain, service, opts.resolver))) causes.add('forwarding');
    } else if (effective.result !== 'none') {
      causes.add('ip-not-listed');
      // "your own server" only on a forward-confirmed name under the domain itself, never on a PTR alone
      if (isOwnServer(rdns) && !details.has('ip-not-listed')) {
        details.set('ip-not-listed', `its forward-confirmed reverse DNS name ${rdns.name} is under ${domain}, so it is very likely your own server`);
      } else if (rdns.name !== null && rdns.underDomain && !details.has('ip-not-listed')) {
        details.set(
          'ip-not-listed',
          `its reverse DNS names ${rdns.name}, but that name does not lead back to ${ip}: whoever holds an address can give it any name, so this is no sign that the server is yours`,
        );
      }
    }
    if (effective.result === 'softfail' || effective.result === 'neutral') causes.add('softfail-policy');
  }
  if (service !== null) {
    context.service = context.service ?? service.name;
    context.serviceInclude = service.include;
    context.serviceSetting = service.returnPathSetting ?? null;
  }

  // DMARC for the From domain with today's SPF result, from the answers of the first wave
  const auth = authRun === null ? null : await authRun.evaluate(evaluation === null ? null : { result: evaluation.result });
  const dmarc = auth?.dmarc ?? null;
  if (auth !== null && authRequest !== null) {
    const found = authenticationCauses(auth, authRequest.beyondSpf, facts?.headerFrom != null || (facts?.dkim ?? []).length > 0);
    for (const cause of found.causes) causes.add(cause);
    for (const [cause, detail] of found.details) details.set(cause, detail);
    context.fromDomain = auth.dmarc.fromDomain;
    context.dkim = found.signature;
    context.dkimService = found.service === null ? null : { name: found.service.name, where: found.service.where, publish: found.service.publish };
    if (context.service === null && found.returnPath !== null) {
      context.service = found.returnPath.name;
      context.serviceSetting = found.returnPath.setting;
    }
  }
  if (isDmarc) {
    causes.add('dmarc-policy');
    details.set('dmarc-policy', dmarcDetail(auth));
  }
  // SPF checked the HELO name (the sending server's own name), not the envelope sender: its record is the one that counts
  if (facts?.domainRole === 'helo') details.set('ip-not-listed', `SPF was checked for the HELO name ${domain}, the sending server's own name, not for your From address`);
  if (evaluation?.result === 'pass' && facts !== null && !isDmarc) causes.add('passes-now');

  // The fix: built from the current record, verified before it is shown.
  let fix: Fix | null = null;
  let noFix: string | null = null;
  const corrections = corrected?.changes ?? [];
  let proposal: Diagnosis['proposal'] = null;
  const wantsRecordChange = ['multiple-records', 'provider-not-included', 'ip-not-listed', 'no-record', 'too-many-lookups', 'syntax-error', 'include-without-spf', 'void-lookups'].some((c) =>
    causes.has(c as CauseId),
  );
  const blocked = ['domain-not-found', 'dns-error', 'return-path-domain'].some((c) => causes.has(c as CauseId));
  if (wantsRecordChange && !blocked) {
    const additions: string[] = [];
    // a term that lets a new sender pass is a question first (fix.authorizes); merges, corrections and
    // flattening of the domain's own a/mx authorise nobody new
    let authorizes: Authorization | null = null;
    if (causes.has('provider-not-included') && service !== null) {
      additions.push(`include:${service.include}`);
      authorizes = serviceAuthorization(service.name, refusalAdvice(domain, dmarc));
    } else if ((causes.has('ip-not-listed') || (causes.has('no-record') && ip !== null)) && ip !== null) {
      additions.push(ipTerm(ip));
      authorizes = ipAuthorization(ip, rdns, refusalAdvice(domain, dmarc));
    }
    const base = repaired ?? current[0] ?? `v=spf1 ${ip === null ? 'mx ' : ''}~all`;
    const record = addTerms(base, additions);
    if (record === addTerms(base, [])) authorizes = null;
    const staleTerms = causes.has('ip-not-listed') ? await staleAddressTerms(base, domain, opts.resolver) : [];
    if (ip !== null) {
      const outcome = await verifyWithFlattening(record, { domain, ip, sender: envelope, helo, replaces: current, ttl: context.ttl, staleTerms, authorizes }, opts);
      fix = outcome.fix;
      if (fix === null) noFix = `${outcome.failure}. Change the record by hand as the steps say, then check again.`;
    } else if (current.length > 1 || causes.has('too-many-lookups') || corrections.length > 0) {
      const flat = causes.has('too-many-lookups') ? await flattenOwnTerms(record, domain, opts.resolver) : null;
      proposal = {
        name: domain,
        record: flat ?? record,
        note: 'Not verified for a sending IP (none was given): check it with an IP before publishing.',
      };
    }
  }

  // For a DMARC refusal the SPF fix must end it through DMARC too: evaluated again with the record's SPF pass
  if (fix !== null && authRun !== null && authRequest?.beyondSpf === true) {
    const through = await fixThroughDmarc(authRun, fix.check.result);
    if (through.ends) fix = { ...fix, dmarc: through.dmarc };
    else {
      noFix = through.why;
      fix = null;
    }
  }
  // A bounce that passes now: first say so, the rest are what else is wrong with the policy.
  const ordered = rankForDmarc(
    CAUSE_ORDER.filter((c) => causes.has(c)).sort((a, b) => Number(b === 'passes-now') - Number(a === 'passes-now')),
    auth === null || authRequest?.beyondSpf !== true || auth.dmarc.spf?.aligned !== false,
  );
  const findings: CauseFinding[] = ordered.map((id) => {
    const words = CAUSES[id];
    const c = { ...context, detail: details.get(id) ?? null, ...(id === 'dmarc-policy' ? { domain: dmarc?.fromDomain ?? fromDomain ?? domain } : {}) };
    return { id, title: words.title(c), summary: words.summary(c), steps: words.steps(c), rfc: words.rfc };
  });
  const main = findings[0] ?? null;
  const verdict = verdictLine(evaluation, domain, lint);
  const steps = main === null ? [] : [...main.steps];
  if (fix !== null) {
    if (fix.authorizes !== null) steps.push(`Answer first: ${fix.authorizes.question} Publish the record below only if the answer is yes.`);
    steps.push(
      `Publish one TXT record at ${fix.name} with the value below${fix.replaces.length > 0 ? `, replacing the current SPF record${fix.replaces.length > 1 ? 's (delete all of them: one SPF record only)' : ''}` : ''}.`,
      fix.ttl === null ? 'Receivers see the change once their cached answer expires.' : `Receivers may use the old record for up to ${humanDuration(fix.ttl)} (its TTL, ${fix.ttl} seconds) after the change.`,
    );
  }
  if (fix !== null && corrections.length > 0) steps.push(`Changed in the record: ${corrections.join('; ')}.`);
  if (fix !== null && fix.staleTerms.length > 0) steps.push(`These entries no longer match your domain's servers: ${fix.staleTerms.join(', ')}. If those servers are gone, remove them too.`);
  const partial: Omit<Diagnosis, 'evidence'> = {
    cause: main?.id ?? null,
    causes: ordered,
    title: main?.title ?? (evaluation?.result === 'pass' ? `${ip} passes SPF for ${domain}` : `No SPF problem found for ${domain}`),
    summary: main?.summary ?? verdict,
    steps,
    verdict,
    result: evaluation?.result ?? null,
    domain,
    ip,
    findings,
    fix,
    noFix,
    proposal,
    service: service === null ? null : { id: service.id, name: service.name, include: service.include },
    ptrName: rdns?.name ?? null,
    ptrConfirmed: rdns?.confirmed ?? false,
    records: current,
    crossCheck: cross === null ? null : { verdict: cross.verdict, summary: cross.summary },
    dmarc,
    dkim: auth?.dkim ?? [],
    dmarcLine: null,
    rfc: [...new Set(findings.flatMap((f) => f.rfc))],
  };
  partial.dmarcLine = dmarcLine(partial);
  return { evaluation, lint, diagnosis: { ...partial, evidence: evidenceCard(partial, facts, current) } };
}

/** The domain's MX hosts are the service's servers (e.g. Google Workspace hosts the domain's mail). */
async function mailHostedAt(domain: string, service: SendingService, resolver: Resolver): Promise<boolean> {
  const mx = await resolver.lookup(domain, 'MX');
  if (!mx.ok) return false;
  return mx.records.some((r) => r.type === 'MX' && (service.mxSuffixes ?? service.ptrSuffixes).some((s) => isUnder(r.exchange, s)));
}

