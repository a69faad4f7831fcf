/**
 * The fix: a record built from the current one (every term kept, cli-contract.md), shown only once the same
 * engine, over today's answers with the record in place, gave `pass` within the limits.
 */
import ipaddr from 'ipaddr.js';
import { isSubdomainOf, normaliseName } from '../dns/name';
import type { Resolver } from '../dns/types';
import { isTemporary } from '../dns/types';
import { checkHost, LOOKUP_LIMIT, VOID_LIMIT } from '../spf';
import type { LintId, LintReport } from '../spf';
import { parseRecord } from '../spf/parse';
import type { MechanismTerm } from '../spf/types';
import { fixThroughDmarc } from './authentication';
import { ipAuthorization, refusalAdvice, serviceAuthorization, type Authorization } from './authorize';
import type { CauseId } from './causes';
import { OverlayResolver } from './overlay-resolver';
import { addTerms, mergeRecords, quoteForZone, replaceTerms, tidyRecord, toCharacterStrings } from './record-edit';
import type { AuthenticationStart, DiagnoseOptions, Fix, FixOutcome, Found, Subject, Today } from './types';

/**
 * Mechanical corrections of a term of the domain's own record, by lint finding: the corrected term, or null
 * to drop it. Adding a correction is adding a row; every corrected record is still verified before it is shown.
 */
const CORRECTIONS: Partial<Record<LintId, { when?: CauseId; correct(term: string): string | null; says: string }>> = {
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
  return { record: tidyRecord(corrected), changes: changes.reverse() };
}

/**
 * The record the fix starts from: several records merged into one (RFC 7208 section 3.2), or the one record
 * with the mechanical corrections applied; null when neither changes anything.
 */
export function repairRecord(current: string[], domain: string, findings: LintReport['findings'], causes: Set<CauseId>): { record: string | null; changes: string[] } {
  if (current.length > 1) return { record: mergeRecords(current), changes: [] };
  if (current.length === 0) return { record: null, changes: [] };
  const corrected = correctRecord(current[0] as string, domain, findings, causes);
  return { record: corrected.changes.length > 0 ? corrected.record : null, changes: corrected.changes };
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
  for (const term of parseRecord(record).terms) {
    if (term.kind !== 'mechanism' || (term.name !== 'a' && term.name !== 'mx') || term.qualifier !== '+') continue;
    // no macros (RFC 7208 section 7): what they expand to depends on the sender
    if (term.domainSpec?.includes('%')) continue;
    const target = normaliseName(term.domainSpec ?? domain);
    // only the domain's own names: its apex or names under it
    if (!isSubdomainOf(target, domain)) continue;
    let hosts = [target];
    if (term.name === 'mx') {
      const mx = await resolver.lookup(target, 'MX');
      if (!mx.ok && isTemporary(mx.kind)) return null;
      hosts = mx.ok ? mx.records.flatMap((r) => (r.type === 'MX' ? [r.exchange] : [])) : [];
    }
    const terms: string[] = [];
    for (const host of hosts) {
      const found = await addressTerms(host, resolver, term.cidr4, term.cidr6);
      if (found === null) return null;
      terms.push(...found.filter((t) => !terms.includes(t)));
    }
    replacements.set(term.text, terms);
  }
  return replacements.size === 0 ? null : replaceTerms(record, replacements);
}

interface Verified {
  fix: Fix | null;
  /** why it failed verification */
  failure: string | null;
}

type VerifyContext = Pick<Subject, 'domain' | 'envelope' | 'helo'> & { ip: string } & Pick<Fix, 'replaces' | 'ttl' | 'staleTerms' | 'authorizes'>;

/** Evaluates `record` in place of today's for `ip`; a fix only when it passes within the limits. */
async function verify(record: string, ctx: VerifyContext, opts: DiagnoseOptions): Promise<Verified> {
  const overlay = new OverlayResolver(opts.resolver, ctx.domain, record);
  const evaluation = await checkHost({ ip: ctx.ip, domain: ctx.domain, sender: ctx.envelope, helo: ctx.helo }, { resolver: overlay, budgetMs: opts.budgetMs, signal: opts.signal });
  // RFC 7208 section 4.6.4: at most 10 DNS-querying terms and 2 void lookups
  if (evaluation.result !== 'pass') return { fix: null, failure: `with the proposed record the result would be ${evaluation.result} (${evaluation.reason})` };
  if (evaluation.lookups.count > LOOKUP_LIMIT) return { fix: null, failure: `the proposed record would need ${evaluation.lookups.count} DNS lookups, over the limit of ${LOOKUP_LIMIT}` };
  if (evaluation.lookups.void > VOID_LIMIT) return { fix: null, failure: `the proposed record would cause ${evaluation.lookups.void} void lookups, over the limit of ${VOID_LIMIT}` };
  const { domain: name, replaces, ttl, staleTerms, authorizes } = ctx;
  const check = { result: evaluation.result, lookups: evaluation.lookups };
  return { fix: { name, type: 'TXT', record, verified: true, strings: toCharacterStrings(record), zoneText: quoteForZone(record), replaces, check, ttl, staleTerms, authorizes }, failure: null };
}

/** Tries `record`, then the same with the domain's own a/mx flattened when the first is over the lookup limit. */
async function verifyWithFlattening(record: string, ctx: VerifyContext, opts: DiagnoseOptions): Promise<Verified> {
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
  const single = parseRecord(record).terms.filter(
    (t): t is MechanismTerm => t.kind === 'mechanism' && (t.name === 'ip4' || t.name === 'ip6') && t.qualifier === '+' && t.cidr4 === null && t.cidr6 === null,
  );
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
  return single.filter((t) => !current.has(`${t.name}:${t.network ?? ''}`.toLowerCase())).map((t) => t.text);
}

/** The causes a record change answers, and those that block any change until they are solved. */
const WANTS_RECORD_CHANGE: readonly CauseId[] = ['multiple-records', 'provider-not-included', 'ip-not-listed', 'no-record', 'too-many-lookups', 'syntax-error', 'include-without-spf', 'void-lookups'];
const BLOCKS_RECORD_CHANGE: readonly CauseId[] = ['domain-not-found', 'dns-error', 'return-path-domain'];

/**
 * The term the fix adds, and who it lets pass: a term that lets a new sender pass is a question first
 * (fix.authorizes); merges, corrections and flattening of the domain's own a/mx authorise nobody new.
 */
function addition(subject: Subject, found: Found): { terms: string[]; authorizes: Authorization | null } {
  const { causes, service, rdns } = found;
  const { ip } = subject;
  // what the answer "no" means, with the domain's DMARC record when it is known (authorize.ts)
  const ifNot = (): string => refusalAdvice(subject.domain, found.auth?.dmarc ?? null);
  if (causes.has('provider-not-included') && service !== null) return { terms: [`include:${service.include}`], authorizes: serviceAuthorization(service.name, ifNot()) };
  if ((causes.has('ip-not-listed') || causes.has('no-record')) && ip !== null) return { terms: [ipTerm(ip)], authorizes: ipAuthorization(ip, rdns, ifNot()) };
  return { terms: [], authorizes: null };
}

/** The record change, verified for the IP; without an IP, a proposal that parses and stays within the limits. */
async function recordChange(subject: Subject, today: Today, found: Found, opts: DiagnoseOptions): Promise<FixOutcome> {
  const { domain, ip, envelope, helo } = subject;
  const { causes } = found;
  const { current } = today;
  const add = addition(subject, found);
  const base = found.repaired ?? current[0] ?? `v=spf1 ${ip === null ? 'mx ' : ''}~all`;
  const record = addTerms(base, add.terms);
  const authorizes = record === addTerms(base, []) ? null : add.authorizes;
  const staleTerms = causes.has('ip-not-listed') ? await staleAddressTerms(base, domain, opts.resolver) : [];
  if (ip !== null) {
    const outcome = await verifyWithFlattening(record, { domain, ip, envelope, helo, replaces: current, ttl: today.ttl, staleTerms, authorizes }, opts);
    return { fix: outcome.fix, noFix: outcome.fix === null ? `${outcome.failure}. Change the record by hand as the steps say, then check again.` : null, proposal: null };
  }
  if (current.length > 1 || causes.has('too-many-lookups') || found.corrections.length > 0) {
    const flat = causes.has('too-many-lookups') ? await flattenOwnTerms(record, domain, opts.resolver) : null;
    return { fix: null, noFix: null, proposal: { name: domain, record: flat ?? record, note: 'Not verified for a sending IP (none was given): check it with an IP before publishing.' } };
  }
  return { fix: null, noFix: null, proposal: null };
}

/**
 * The fix, built from the current record and verified before it is shown. For a DMARC refusal the SPF fix
 * must end it through DMARC too: evaluated again with the record's SPF pass.
 */
export async function buildFix(subject: Subject, today: Today, found: Found, auth: AuthenticationStart, opts: DiagnoseOptions): Promise<FixOutcome> {
  const wanted = WANTS_RECORD_CHANGE.some((c) => found.causes.has(c)) && !BLOCKS_RECORD_CHANGE.some((c) => found.causes.has(c));
  if (!wanted) return { fix: null, noFix: null, proposal: null };
  const outcome = await recordChange(subject, today, found, opts);
  if (outcome.fix === null || auth.run === null || auth.request?.beyondSpf !== true) return outcome;
  const through = await fixThroughDmarc(auth.run, outcome.fix.check.result);
  return through.ends ? { ...outcome, fix: { ...outcome.fix, dmarc: through.dmarc } } : { ...outcome, fix: null, noFix: through.why };
}
