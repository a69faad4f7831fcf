import type { DnsRecord, DnsResult, Resolver } from '../dns/types';
import { isTemporary } from '../dns/types';
import { QueryBook } from './book';
import type { Query } from './book';
import { LOOKUP_LIMIT, VOID_LIMIT, domainProblem } from './evaluate';
import { expandTokens, parseMacroString, queryName } from './macro';
import { DNS_TERMS, MECHANISMS, isDnsTerm, isSpfRecord, parseRecord } from './parse';
import type { ParsedRecord, Span } from './types';

export type Severity = 'error' | 'warning' | 'info';

export interface LintFinding {
  /** stable id: 'no-record', 'multiple-records', 'syntax-error', 'too-many-lookups', 'void-lookup', ... */
  id: string;
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

/**
 * The findings a record has on its own, without DNS: syntax with positions, deprecated or risky terms,
 * typos and sizes. `strings` are the record's character-strings when it came from DNS.
 */
export function lintRecordText(text: string, domain: string, strings?: string[]): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (f: Omit<LintFinding, 'domain' | 'record'>): void => {
    findings.push({ ...f, domain, record: text });
  };
  const parsed = parseRecord(text);
  for (const error of parsed.errors) {
    const id = error.code === 'ip4-hostname' ? 'ip4-hostname' : error.code === 'unknown-mechanism' ? 'unknown-mechanism' : error.code === 'not-spf' ? 'not-spf' : 'syntax-error';
    add({ id, severity: 'error', message: error.message, position: { start: error.start, end: error.end }, rfc: '4.6' });
  }
  for (const s of strings ?? []) {
    // RFC 1035 section 3.3 / RFC 7208 section 3.3: one character-string holds at most 255 characters
    if (s.length > 255) add({ id: 'long-string', severity: 'error', message: `a character-string of ${s.length} characters: at most 255 fit in one; split the record into several strings (RFC 7208 section 3.3)`, rfc: '3.3' });
  }
  if (!strings && text.length > 255) {
    add({ id: 'long-string', severity: 'info', message: `the record is ${text.length} characters long: publish it as several strings of at most 255 characters (RFC 7208 section 3.3)`, rfc: '3.3' });
  }
  const bytes = new TextEncoder().encode(text).length;
  // RFC 7208 section 3.4: keep the record small enough for a 512-byte DNS answer
  if (bytes > 512) add({ id: 'long-record', severity: 'warning', message: `the record is ${bytes} bytes: over 512 bytes it may not fit a UDP DNS answer (RFC 7208 section 3.4)`, rfc: '3.4' });

  let allSeen: { text: string } | null = null;
  for (const term of parsed.terms) {
    const position = { start: term.start, end: term.end };
    if (allSeen && term.kind === 'mechanism') {
      add({ id: 'after-all', severity: 'warning', message: `"${term.text}" comes after "${allSeen.text}" and is never evaluated (RFC 7208 section 5.1)`, position, rfc: '5.1' });
    }
    if (term.kind === 'mechanism') {
      if (term.name === 'ptr') add({ id: 'ptr', severity: 'warning', message: '"ptr" is slow and unreliable and SHOULD NOT be used (RFC 7208 section 5.5)', position, rfc: '5.5' });
      if (term.name === 'all') {
        if (term.qualifier === '+') add({ id: 'pass-all', severity: 'error', message: `"${term.text}" lets every server on the Internet send as ${domain} (RFC 7208 section 5.1)`, position, rfc: '5.1' });
        if (term.qualifier === '?') add({ id: 'neutral-all', severity: 'warning', message: '"?all" says nothing about other servers: receivers treat it like no policy (RFC 7208 section 8.2)', position, rfc: '8.2' });
        allSeen ??= term;
      }
      if (term.name === 'ip4' && term.cidr4 !== null && term.cidr4 < 8) add({ id: 'wide-network', severity: 'warning', message: `"${term.text}" covers a huge part of the Internet`, position });
    }
    if (term.kind === 'modifier') {
      if (MECHANISM_AS_MODIFIER.has(term.name)) {
        add({ id: 'include-typo', severity: 'error', message: `"${term.text}" is read as an unknown modifier and ignored: write "${term.name}:${term.value}" (RFC 7208 section 4.6.1)`, position, rfc: '4.6.1' });
      } else if (term.name !== 'redirect' && term.name !== 'exp') {
        add({ id: 'unknown-modifier', severity: 'info', message: `"${term.name}=" is not a modifier of RFC 7208; receivers ignore it (RFC 7208 section 6)`, position, rfc: '6' });
      }
    }
  }
  if (parsed.redirect && parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all')) {
    add({ id: 'redirect-with-all', severity: 'warning', message: '"redirect=" is ignored because the record has an "all" mechanism (RFC 7208 section 6.1)', position: { start: parsed.redirect.start, end: parsed.redirect.end }, rfc: '6.1' });
  }
  if (parsed.errors.length === 0 && !parsed.redirect && !parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all')) {
    add({ id: 'no-all', severity: 'info', message: 'the record ends without "all" or "redirect=": unmatched servers get neutral (RFC 7208 section 4.7)', rfc: '4.7' });
  }
  return findings;
}

function txtRecords(answer: DnsResult): (DnsRecord & { type: 'TXT' })[] {
  return answer.ok ? answer.records.filter((r): r is DnsRecord & { type: 'TXT' } => r.type === 'TXT') : [];
}

/**
 * Inspects a domain's SPF policy independently of any client IP: the record, the include / redirect
 * tree with each node's worst-case lookup cost, and the problems found. Never throws.
 */
export async function lintPolicy(domain: string, opts: { resolver: Resolver; signal?: AbortSignal }): Promise<LintReport> {
  const root = (typeof domain === 'string' ? domain.trim() : '').replace(/\.$/, '').toLowerCase();
  const findings: LintFinding[] = [];
  const report: LintReport = { domain: root, record: null, worstCaseLookups: 0, voidLookups: 0, findings, tree: null, queries: 0 };
  const problem = domainProblem(root);
  if (problem) {
    findings.push({ id: 'bad-domain', severity: 'error', message: `${problem} (RFC 7208 section 4.3)`, domain: root, rfc: '4.3' });
    return report;
  }
  // RFC 7208 section 3.1: the obsolete SPF RR type (99), asked with the first TXT query (it depends on nothing)
  const oldType = opts.resolver.lookup(root, 'SPF').catch(() => null);
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const book = new QueryBook(opts.resolver, controller.signal);
  const ask = (query: Query): Promise<DnsResult> => book.request(query);
  let records = 0;

  const dnsProblem = (answer: DnsResult, d: string): void => {
    if (!answer.ok && isTemporary(answer.kind)) findings.push({ id: 'dns-error', severity: 'error', message: `${answer.type} ${answer.name}: ${answer.message}`, domain: d, rfc: '2.6.6' });
  };

  /** RFC 7208 section 4.6.4: does the term's lookup come back empty? Only for names without client-dependent macros. */
  const voidCheck = async (term: LintTerm, name: string, mechanism: string, owner: string): Promise<void> => {
    const types = mechanism === 'mx' ? (['MX'] as const) : mechanism === 'a' ? (['A', 'AAAA'] as const) : (['A'] as const);
    const answers = await Promise.all(types.map((type) => ask({ name, type })));
    answers.forEach((a) => dnsProblem(a, owner));
    if (answers.every((a) => !a.ok && !isTemporary(a.kind)) || answers.every((a) => a.ok && a.records.length === 0)) {
      term.void = true;
      report.voidLookups++;
      findings.push({ id: 'void-lookup', severity: 'warning', message: `"${term.text}": ${name} has no ${types.join(' or ')} records; each such lookup counts against the limit of ${VOID_LIMIT} void lookups (RFC 7208 section 4.6.4)`, domain: owner, position: { start: term.start, end: term.end }, rfc: '4.6.4' });
    }
  };

  const visit = async (d: string, via: LintNode['via'], ancestors: string[]): Promise<LintNode> => {
    const node: LintNode = { domain: d, via, record: null, ttl: null, terms: [], cost: 0 };
    records++;
    const answer = await ask({ name: d, type: 'TXT' });
    dnsProblem(answer, d);
    const spf = txtRecords(answer).filter((r) => isSpfRecord(r.text));
    if (spf.length === 0) {
      node.problem = !answer.ok && isTemporary(answer.kind) ? answer.message : `${d} has no SPF record`;
      if (via === 'root' && !(!answer.ok && isTemporary(answer.kind))) {
        findings.push({ id: 'no-record', severity: 'error', message: `${d} has no SPF record (RFC 7208 section 4.5)`, domain: d, rfc: '4.5' });
      }
      return node;
    }
    if (spf.length > 1) {
      node.problem = `${d} has ${spf.length} SPF records`;
      findings.push({ id: 'multiple-records', severity: 'error', message: `${d} publishes ${spf.length} SPF records; exactly one is allowed, so every check is a permerror (RFC 7208 section 4.5)`, domain: d, rfc: '4.5' });
      return node;
    }
    const chosen = spf[0] as DnsRecord & { type: 'TXT' };
    node.record = chosen.text;
    node.ttl = chosen.ttl;
    findings.push(...lintRecordText(chosen.text, d, chosen.strings));
    const parsed: ParsedRecord = parseRecord(chosen.text);
    const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
    const context = { sender: `postmaster@${root}`, domain: d, ip: '192.0.2.1', helo: root };
    const pending: Promise<void>[] = [];
    for (const term of parsed.terms) {
      const lintTerm: LintTerm = { text: term.text, start: term.start, end: term.end, name: term.kind === 'invalid' ? term.text : term.name, lookups: 0, cost: 0 };
      node.terms.push(lintTerm);
      if (!isDnsTerm(term) || term.kind === 'invalid') continue;
      // RFC 7208 section 6.1: with an "all" present, redirect never runs and costs nothing
      if (term.kind === 'modifier' && term.name === 'redirect' && hasAll) continue;
      lintTerm.lookups = 1;
      const spec = term.kind === 'modifier' ? term.value : term.domainSpec;
      let name: string | null = d;
      if (spec !== null) {
        const tokens = parseMacroString(spec);
        if (!tokens.ok) continue;
        if (tokens.tokens.some((t) => t.kind === 'macro' && 'ipvc'.includes(t.letter))) {
          lintTerm.target = spec;
          continue;
        }
        name = queryName(expandTokens(tokens.tokens, context) ?? '');
      }
      if (!name) continue;
      lintTerm.target = name;
      const termName = term.name;
      if (termName === 'include' || termName === 'redirect') {
        if (ancestors.includes(name) || name === d) {
          lintTerm.cost = LOOKUP_LIMIT + 1;
          findings.push({ id: 'include-loop', severity: 'error', message: `"${term.text}" leads back to ${name}: a loop that always ends in permerror (RFC 7208 section 4.6.4)`, domain: d, position: { start: term.start, end: term.end }, rfc: '4.6.4' });
          continue;
        }
        if (records >= MAX_RECORDS || ancestors.length >= MAX_DEPTH) continue;
        pending.push(
          visit(name, termName === 'include' ? 'include' : 'redirect', [...ancestors, d]).then((child) => {
            lintTerm.child = child;
            if (child.record === null && child.problem && !/SPF records$/.test(child.problem)) {
              const temporary = child.problem !== `${name} has no SPF record`;
              findings.push({
                id: temporary ? 'dns-error' : 'include-without-spf',
                severity: 'error',
                message: temporary ? `"${term.text}": ${child.problem}` : `"${term.text}": ${name} has no SPF record, so this ${termName} is a permerror wherever it is reached (RFC 7208 section ${termName === 'include' ? '5.2' : '6.1'})`,
                domain: d,
                position: { start: term.start, end: term.end },
                rfc: termName === 'include' ? '5.2' : '6.1',
              });
            }
          }),
        );
      } else if (DNS_TERMS.has(termName) && termName !== 'ptr') {
        pending.push(voidCheck(lintTerm, name, termName, d));
      }
    }
    await Promise.all(pending);
    for (const t of node.terms) t.cost = Math.max(t.cost, t.lookups + (t.child?.cost ?? 0));
    node.cost = node.terms.reduce((sum, t) => sum + t.cost, 0);
    return node;
  };

  try {
    report.tree = await visit(root, 'root', []);
  } catch {
    findings.push({ id: 'aborted', severity: 'error', message: 'the inspection was cancelled', domain: root });
  } finally {
    book.cancelAll();
  }
  report.queries = book.sent;
  report.record = report.tree?.record ?? null;
  report.worstCaseLookups = report.tree?.cost ?? 0;
  if (report.worstCaseLookups > LOOKUP_LIMIT) {
    findings.push({ id: 'too-many-lookups', severity: 'error', message: `up to ${report.worstCaseLookups} DNS lookups in the worst case: over the limit of ${LOOKUP_LIMIT}, so some checks end in permerror (RFC 7208 section 4.6.4)`, domain: root, rfc: '4.6.4' });
  } else if (report.worstCaseLookups >= LOOKUP_LIMIT - 1) {
    findings.push({ id: 'near-lookup-limit', severity: 'warning', message: `${report.worstCaseLookups} DNS lookups in the worst case: one more include and checks fail with permerror (RFC 7208 section 4.6.4)`, domain: root, rfc: '4.6.4' });
  }
  if (report.voidLookups > VOID_LIMIT) {
    findings.push({ id: 'too-many-void-lookups', severity: 'error', message: `${report.voidLookups} terms look up names that do not exist: over ${VOID_LIMIT}, checks that reach them end in permerror (RFC 7208 section 4.6.4)`, domain: root, rfc: '4.6.4' });
  }
  // RFC 7208 section 3.1: the SPF RR type (99) is obsolete; only TXT is used
  const old = await oldType;
  report.queries++;
  if (old?.ok && old.records.some((r) => r.type === 'SPF')) {
    findings.push({ id: 'spf-rr-type', severity: 'warning', message: `${root} still publishes a record of the obsolete SPF type (99); receivers only read TXT, so keep them equal or remove it (RFC 7208 section 3.1)`, domain: root, rfc: '3.1' });
  }
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return report;
}
