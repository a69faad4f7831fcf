import type { DnsRecord, DnsResult, Resolver } from '../dns/types';
import { isTemporary } from '../dns/types';
import { normaliseName } from '../dns/name';
import { QueryBook } from './book';
import type { Query } from './book';
import { domainProblem } from './evaluate';
import { LOOKUP_LIMIT, VOID_LIMIT } from './limits';
import { expandTokens, parseMacroString, queryName } from './macro';
import { DNS_TERMS, MECHANISMS, isDnsTerm, isSpfRecord, parseRecord } from './parse';
import type { ParsedRecord, Span, Term } from './types';

export type Severity = 'error' | 'warning' | 'info';

/** The stable ids of the findings: front ends and the diagnosis key tables on them. */
export type LintId =
  // the record on its own (lintRecordText)
  | 'syntax-error'
  | 'ip4-hostname'
  | 'unknown-mechanism'
  | 'not-spf'
  | 'long-string'
  | 'long-record'
  | 'after-all'
  | 'ptr'
  | 'pass-all'
  | 'neutral-all'
  | 'wide-network'
  | 'include-typo'
  | 'unknown-modifier'
  | 'redirect-with-all'
  | 'no-all'
  // the policy over DNS (lintPolicy)
  | 'bad-domain'
  | 'aborted'
  | 'dns-error'
  | 'no-record'
  | 'multiple-records'
  | 'include-loop'
  | 'include-without-spf'
  | 'void-lookup'
  | 'too-many-lookups'
  | 'near-lookup-limit'
  | 'too-many-void-lookups'
  | 'spf-rr-type';

export interface LintFinding {
  id: LintId;
  severity: Severity;
  message: string;
  /** the domain whose record the finding is about */
  domain: string;
  /** the record text the position refers to */
  record?: string;
  position?: Span;
  /** the RFC 7208 section behind it */
  rfc?: string;
}

export interface LintTerm extends Span {
  text: string;
  name: string;
  /** 1 for a DNS-querying term (RFC 7208 section 4.6.4) */
  lookups: number;
  /** lookups + the worst case of the subtree below */
  cost: number;
  target?: string;
  /** the term's lookup found nothing (RFC 7208 section 4.6.4 void lookup) */
  void?: boolean;
  child?: LintNode;
}

export interface LintNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  record: string | null;
  ttl: number | null;
  terms: LintTerm[];
  /** worst-case DNS-querying terms of this record and everything below it */
  cost: number;
  /** why there is no usable record */
  problem?: string;
}

export interface LintReport {
  domain: string;
  /** the SPF record used, or null */
  record: string | null;
  /** worst case over the whole include / redirect tree, whatever the client IP (RFC 7208 section 4.6.4) */
  worstCaseLookups: number;
  voidLookups: number;
  findings: LintFinding[];
  tree: LintNode | null;
  queries: number;
}

const MAX_RECORDS = 60;
const MAX_DEPTH = 12;

/** Modifier names that are really mechanisms written with "=" instead of ":" (e.g. "include="). */
const MECHANISM_AS_MODIFIER = new Set<string>(MECHANISMS);

/** A finding of one record before it is given the record's domain and text. */
type Draft = Omit<LintFinding, 'domain' | 'record'>;

/** Parse error codes with a finding of their own; every other code is a 'syntax-error'. */
const SYNTAX_IDS: Readonly<Partial<Record<string, LintId>>> = { 'ip4-hostname': 'ip4-hostname', 'unknown-mechanism': 'unknown-mechanism', 'not-spf': 'not-spf' };

/** RFC 7208 section 4.6: each syntax error, with its span. */
function syntaxFindings(parsed: ParsedRecord): Draft[] {
  return parsed.errors.map((error) => ({ id: SYNTAX_IDS[error.code] ?? 'syntax-error', severity: 'error', message: error.message, position: { start: error.start, end: error.end }, rfc: '4.6' }));
}

/** RFC 7208 sections 3.3 and 3.4: character-strings of at most 255 characters, a record that fits 512 bytes. */
function sizeFindings(text: string, strings: string[] | undefined): Draft[] {
  const drafts: Draft[] = [];
  for (const s of strings ?? []) {
    // RFC 1035 section 3.3 / RFC 7208 section 3.3: one character-string holds at most 255 characters
    if (s.length > 255) drafts.push({ id: 'long-string', severity: 'error', message: `a character-string of ${s.length} characters: at most 255 fit in one; split the record into several strings (RFC 7208 section 3.3)`, rfc: '3.3' });
  }
  if (!strings && text.length > 255) {
    drafts.push({ id: 'long-string', severity: 'info', message: `the record is ${text.length} characters long: publish it as several strings of at most 255 characters (RFC 7208 section 3.3)`, rfc: '3.3' });
  }
  const bytes = new TextEncoder().encode(text).length;
  // RFC 7208 section 3.4: keep the record small enough for a 512-byte DNS answer
  if (bytes > 512) drafts.push({ id: 'long-record', severity: 'warning', message: `the record is ${bytes} bytes: over 512 bytes it may not fit a UDP DNS answer (RFC 7208 section 3.4)`, rfc: '3.4' });
  return drafts;
}

/** Risky, deprecated or misspelt terms, in record order. */
function termFindings(parsed: ParsedRecord, domain: string): Draft[] {
  const drafts: Draft[] = [];
  let allSeen: { text: string } | null = null;
  for (const term of parsed.terms) {
    const position = { start: term.start, end: term.end };
    if (allSeen && term.kind === 'mechanism') {
      drafts.push({ id: 'after-all', severity: 'warning', message: `"${term.text}" comes after "${allSeen.text}" and is never evaluated (RFC 7208 section 5.1)`, position, rfc: '5.1' });
    }
    if (term.kind === 'mechanism') {
      if (term.name === 'ptr') drafts.push({ id: 'ptr', severity: 'warning', message: '"ptr" is slow and unreliable and SHOULD NOT be used (RFC 7208 section 5.5)', position, rfc: '5.5' });
      if (term.name === 'all') {
        if (term.qualifier === '+') drafts.push({ id: 'pass-all', severity: 'error', message: `"${term.text}" lets every server on the Internet send as ${domain} (RFC 7208 section 5.1)`, position, rfc: '5.1' });
        if (term.qualifier === '?') drafts.push({ id: 'neutral-all', severity: 'warning', message: '"?all" says nothing about other servers: receivers treat it like no policy (RFC 7208 section 8.2)', position, rfc: '8.2' });
        allSeen ??= term;
      }
      if (term.name === 'ip4' && term.cidr4 !== null && term.cidr4 < 8) drafts.push({ id: 'wide-network', severity: 'warning', message: `"${term.text}" covers a huge part of the Internet`, position });
    }
    if (term.kind === 'modifier') {
      if (MECHANISM_AS_MODIFIER.has(term.name)) {
        drafts.push({ id: 'include-typo', severity: 'error', message: `"${term.text}" is read as an unknown modifier and ignored: write "${term.name}:${term.value}" (RFC 7208 section 4.6.1)`, position, rfc: '4.6.1' });
      } else if (term.name !== 'redirect' && term.name !== 'exp') {
        drafts.push({ id: 'unknown-modifier', severity: 'info', message: `"${term.name}=" is not a modifier of RFC 7208; receivers ignore it (RFC 7208 section 6)`, position, rfc: '6' });
      }
    }
  }
  return drafts;
}

/** How the record ends for a server no mechanism matched: redirect= next to all, or neither (RFC 7208 sections 4.7, 6.1). */
function endingFindings(parsed: ParsedRecord): Draft[] {
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  const drafts: Draft[] = [];
  if (parsed.redirect && hasAll) {
    drafts.push({ id: 'redirect-with-all', severity: 'warning', message: '"redirect=" is ignored because the record has an "all" mechanism (RFC 7208 section 6.1)', position: { start: parsed.redirect.start, end: parsed.redirect.end }, rfc: '6.1' });
  }
  if (parsed.errors.length === 0 && !parsed.redirect && !hasAll) {
    drafts.push({ id: 'no-all', severity: 'info', message: 'the record ends without "all" or "redirect=": unmatched servers get neutral (RFC 7208 section 4.7)', rfc: '4.7' });
  }
  return drafts;
}

/**
 * The findings a record has on its own, without DNS: syntax with positions, deprecated or risky terms,
 * typos and sizes. `strings` are the record's character-strings when it came from DNS.
 */
export function lintRecordText(text: string, domain: string, strings?: string[]): LintFinding[] {
  const parsed = parseRecord(text);
  const drafts = [...syntaxFindings(parsed), ...sizeFindings(text, strings), ...termFindings(parsed, domain), ...endingFindings(parsed)];
  return drafts.map((f) => ({ ...f, domain, record: text }));
}

function txtRecords(answer: DnsResult): (DnsRecord & { type: 'TXT' })[] {
  return answer.ok ? answer.records.filter((r): r is DnsRecord & { type: 'TXT' } => r.type === 'TXT') : [];
}

function failedTemporarily(answer: DnsResult): answer is Extract<DnsResult, { ok: false }> {
  return !answer.ok && isTemporary(answer.kind);
}

/** Macro letters whose value depends on the client (RFC 7208 section 7.3): a name using one is not looked up. */
const CLIENT_LETTERS = 'ipvc';

/**
 * One walk of the include / redirect tree of a policy: the records fetched, the findings made on the way. Each
 * record is fetched once per place in the tree it is reached, at most MAX_RECORDS in all and MAX_DEPTH deep.
 */
class PolicyWalk {
  private records = 0;
  /** the macro context of a name that does not depend on the client (RFC 7208 section 7.3) */
  private readonly context: { sender: string; ip: string; helo: string };

  constructor(
    private readonly report: LintReport,
    private readonly book: QueryBook,
  ) {
    this.context = { sender: `postmaster@${report.domain}`, ip: '192.0.2.1', helo: report.domain };
  }

  private get findings(): LintFinding[] {
    return this.report.findings;
  }

  private ask(query: Query): Promise<DnsResult> {
    return this.book.request(query);
  }

  /** RFC 7208 section 2.6.6: a DNS failure is a temperror for whoever reaches it. */
  private dnsProblem(answer: DnsResult, domain: string): void {
    if (failedTemporarily(answer)) this.findings.push({ id: 'dns-error', severity: 'error', message: `${answer.type} ${answer.name}: ${answer.message}`, domain, rfc: '2.6.6' });
  }

  /** A record of the tree: its one SPF record, its terms and what each costs. */
  async visit(domain: string, via: LintNode['via'], ancestors: string[]): Promise<LintNode> {
    const node: LintNode = { domain, via, record: null, ttl: null, terms: [], cost: 0 };
    this.records++;
    const answer = await this.ask({ name: domain, type: 'TXT' });
    this.dnsProblem(answer, domain);
    const chosen = this.selectRecord(node, answer);
    if (chosen === null) return node;
    node.record = chosen.text;
    node.ttl = chosen.ttl;
    this.findings.push(...lintRecordText(chosen.text, domain, chosen.strings));
    const parsed: ParsedRecord = parseRecord(chosen.text);
    const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
    const pending: Promise<void>[] = [];
    for (const term of parsed.terms) {
      const lintTerm: LintTerm = { text: term.text, start: term.start, end: term.end, name: term.kind === 'invalid' ? term.text : term.name, lookups: 0, cost: 0 };
      node.terms.push(lintTerm);
      const work = this.lintDnsTerm(term, lintTerm, domain, hasAll, ancestors);
      if (work !== null) pending.push(work);
    }
    await Promise.all(pending);
    for (const t of node.terms) t.cost = Math.max(t.cost, t.lookups + (t.child?.cost ?? 0));
    node.cost = node.terms.reduce((sum, t) => sum + t.cost, 0);
    return node;
  }

  /** RFC 7208 section 4.5: exactly one record starting with "v=spf1"; none or several is a finding. */
  private selectRecord(node: LintNode, answer: DnsResult): (DnsRecord & { type: 'TXT' }) | null {
    const domain = node.domain;
    const spf = txtRecords(answer).filter((r) => isSpfRecord(r.text));
    if (spf.length === 0) {
      node.problem = failedTemporarily(answer) ? answer.message : `${domain} has no SPF record`;
      if (node.via === 'root' && !failedTemporarily(answer)) {
        this.findings.push({ id: 'no-record', severity: 'error', message: `${domain} has no SPF record (RFC 7208 section 4.5)`, domain, rfc: '4.5' });
      }
      return null;
    }
    if (spf.length > 1) {
      node.problem = `${domain} has ${spf.length} SPF records`;
      this.findings.push({ id: 'multiple-records', severity: 'error', message: `${domain} publishes ${spf.length} SPF records; exactly one is allowed, so every check is a permerror (RFC 7208 section 4.5)`, domain, rfc: '4.5' });
      return null;
    }
    return spf[0] as DnsRecord & { type: 'TXT' };
  }

  /**
   * A DNS-querying term (RFC 7208 section 4.6.4) of `owner`'s record: charged one lookup, then followed
   * (include, redirect) or looked up for a void answer (a, mx, exists). Null when there is nothing to wait for.
   */
  private lintDnsTerm(term: Term, lintTerm: LintTerm, owner: string, hasAll: boolean, ancestors: string[]): Promise<void> | null {
    if (!isDnsTerm(term) || term.kind === 'invalid') return null;
    // RFC 7208 section 6.1: with an "all" present, redirect never runs and costs nothing
    if (term.kind === 'modifier' && term.name === 'redirect' && hasAll) return null;
    lintTerm.lookups = 1;
    const name = this.targetName(term.kind === 'modifier' ? term.value : term.domainSpec, owner, lintTerm);
    if (!name) return null;
    lintTerm.target = name;
    const termName = term.name;
    if (termName === 'include' || termName === 'redirect') return this.follow(term, lintTerm, name, termName, owner, ancestors);
    if (DNS_TERMS.has(termName) && termName !== 'ptr') return this.voidCheck(lintTerm, name, termName, owner);
    return null;
  }

  /** The name a domain-spec names (RFC 7208 section 4.8): null when it depends on the client or does not expand. */
  private targetName(spec: string | null, owner: string, lintTerm: LintTerm): string | null {
    if (spec === null) return owner;
    const tokens = parseMacroString(spec);
    if (!tokens.ok) return null;
    if (tokens.tokens.some((t) => t.kind === 'macro' && CLIENT_LETTERS.includes(t.letter))) {
      lintTerm.target = spec;
      return null;
    }
    return queryName(expandTokens(tokens.tokens, { ...this.context, domain: owner }) ?? '');
  }

  /** include / redirect: the record below, or the loop that always ends in permerror (RFC 7208 section 4.6.4). */
  private follow(term: Term, lintTerm: LintTerm, name: string, termName: 'include' | 'redirect', owner: string, ancestors: string[]): Promise<void> | null {
    const position = { start: term.start, end: term.end };
    if (ancestors.includes(name) || name === owner) {
      lintTerm.cost = LOOKUP_LIMIT + 1;
      this.findings.push({ id: 'include-loop', severity: 'error', message: `"${term.text}" leads back to ${name}: a loop that always ends in permerror (RFC 7208 section 4.6.4)`, domain: owner, position, rfc: '4.6.4' });
      return null;
    }
    if (this.records >= MAX_RECORDS || ancestors.length >= MAX_DEPTH) return null;
    return this.visit(name, termName, [...ancestors, owner]).then((child) => {
      lintTerm.child = child;
      if (child.record !== null || !child.problem || /SPF records$/.test(child.problem)) return;
      const temporary = child.problem !== `${name} has no SPF record`;
      // RFC 7208 sections 5.2 and 6.1: a target without an SPF record is a permerror wherever it is reached
      const rfc = termName === 'include' ? '5.2' : '6.1';
      this.findings.push({
        id: temporary ? 'dns-error' : 'include-without-spf',
        severity: 'error',
        message: temporary ? `"${term.text}": ${child.problem}` : `"${term.text}": ${name} has no SPF record, so this ${termName} is a permerror wherever it is reached (RFC 7208 section ${rfc})`,
        domain: owner,
        position,
        rfc,
      });
    });
  }

  /** RFC 7208 section 4.6.4: does the term's lookup come back empty? Only for names without client-dependent macros. */
  private async voidCheck(term: LintTerm, name: string, mechanism: string, owner: string): Promise<void> {
    const types = mechanism === 'mx' ? (['MX'] as const) : mechanism === 'a' ? (['A', 'AAAA'] as const) : (['A'] as const);
    const answers = await Promise.all(types.map((type) => this.ask({ name, type })));
    answers.forEach((a) => this.dnsProblem(a, owner));
    if (answers.every((a) => !a.ok && !isTemporary(a.kind)) || answers.every((a) => a.ok && a.records.length === 0)) {
      term.void = true;
      this.report.voidLookups++;
      this.findings.push({ id: 'void-lookup', severity: 'warning', message: `"${term.text}": ${name} has no ${types.join(' or ')} records; each such lookup counts against the limit of ${VOID_LIMIT} void lookups (RFC 7208 section 4.6.4)`, domain: owner, position: { start: term.start, end: term.end }, rfc: '4.6.4' });
    }
  }
}

/** RFC 7208 section 4.6.4: the worst case over the tree against the limits of 10 lookups and 2 void lookups. */
function limitFindings(report: LintReport): LintFinding[] {
  const { domain, worstCaseLookups, voidLookups } = report;
  const findings: LintFinding[] = [];
  if (worstCaseLookups > LOOKUP_LIMIT) {
    findings.push({ id: 'too-many-lookups', severity: 'error', message: `up to ${worstCaseLookups} DNS lookups in the worst case: over the limit of ${LOOKUP_LIMIT}, so some checks end in permerror (RFC 7208 section 4.6.4)`, domain, rfc: '4.6.4' });
  } else if (worstCaseLookups >= LOOKUP_LIMIT - 1) {
    findings.push({ id: 'near-lookup-limit', severity: 'warning', message: `${worstCaseLookups} DNS lookups in the worst case: one more include and checks fail with permerror (RFC 7208 section 4.6.4)`, domain, rfc: '4.6.4' });
  }
  if (voidLookups > VOID_LIMIT) {
    findings.push({ id: 'too-many-void-lookups', severity: 'error', message: `${voidLookups} terms look up names that do not exist: over ${VOID_LIMIT}, checks that reach them end in permerror (RFC 7208 section 4.6.4)`, domain, rfc: '4.6.4' });
  }
  return findings;
}

/** RFC 7208 section 3.1: the SPF RR type (99) is obsolete; only TXT is used. Counts its query in the report. */
async function obsoleteTypeFinding(report: LintReport, asked: Promise<DnsResult | null>): Promise<LintFinding | null> {
  const old = await asked;
  report.queries++;
  if (!old?.ok || !old.records.some((r) => r.type === 'SPF')) return null;
  return { id: 'spf-rr-type', severity: 'warning', message: `${report.domain} still publishes a record of the obsolete SPF type (99); receivers only read TXT, so keep them equal or remove it (RFC 7208 section 3.1)`, domain: report.domain, rfc: '3.1' };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Inspects a domain's SPF policy independently of any client IP: the record, the include / redirect
 * tree with each node's worst-case lookup cost, and the problems found. Never throws.
 */
export async function lintPolicy(domain: string, opts: { resolver: Resolver; signal?: AbortSignal }): Promise<LintReport> {
  const root = normaliseName(typeof domain === 'string' ? domain : '');
  const report: LintReport = { domain: root, record: null, worstCaseLookups: 0, voidLookups: 0, findings: [], tree: null, queries: 0 };
  const problem = domainProblem(root);
  if (problem) {
    report.findings.push({ id: 'bad-domain', severity: 'error', message: `${problem} (RFC 7208 section 4.3)`, domain: root, rfc: '4.3' });
    return report;
  }
  // RFC 7208 section 3.1: the obsolete SPF RR type (99), asked with the first TXT query (it depends on nothing)
  const oldType = opts.resolver.lookup(root, 'SPF').catch(() => null);
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const book = new QueryBook(opts.resolver, controller.signal);
  try {
    report.tree = await new PolicyWalk(report, book).visit(root, 'root', []);
  } catch {
    report.findings.push({ id: 'aborted', severity: 'error', message: 'the inspection was cancelled', domain: root });
  } finally {
    book.cancelAll();
  }
  report.queries = book.sent;
  report.record = report.tree?.record ?? null;
  report.worstCaseLookups = report.tree?.cost ?? 0;
  report.findings.push(...limitFindings(report));
  const obsolete = await obsoleteTypeFinding(report, oldType);
  if (obsolete !== null) report.findings.push(obsolete);
  report.findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return report;
}
