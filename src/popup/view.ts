/**
 * The popup's view logic, pure so it is tested without a browser: the include tree from check_host()'s
 * trace or from the lint report (one shape for both), the record TTLs in it, the underlined spans of a
 * record, the words for the check form's problems and the fix's text.
 */
import { clientIpProblem } from '../core/dns/address';
import type { BounceFacts } from '../core/bounce/types';
import type { Fix } from '../core/diagnose/diagnose';
import { refusalWithoutIp } from '../core/diagnose/no-ip';
import type { LintFinding, Severity } from '../core/spf/lint';
import { flattenTree, type TreeNode } from '../core/spf/tree';

/** The policy tree's model lives in core (core/spf/tree.ts): the popup and the CLI draw the same tree. */
export { flattenTree, treeFromLint, treeFromTrace } from '../core/spf/tree';
export type { TreeNode, TreeTerm } from '../core/spf/tree';

/** Each record's TTL, once per domain: how long receivers may keep today's answer after a change. */
export function recordTtls(root: TreeNode): { domain: string; ttl: number }[] {
  const seen = new Map<string, number>();
  for (const { node } of flattenTree(root)) {
    if (node.ttl !== null && !seen.has(node.domain)) seen.set(node.domain, node.ttl);
  }
  return [...seen].map(([domain, ttl]) => ({ domain, ttl }));
}

/** A piece of a record's text; `marked` pieces are underlined (the span a finding is about). */
export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Cuts `record` into plain and marked pieces for the given spans (end exclusive). Spans are clamped to the
 * text, overlapping ones merged, empty ones dropped, so any positions give a well-formed result.
 */
export function underlineSegments(record: string, spans: readonly { start: number; end: number }[]): Segment[] {
  const clamp = (n: number): number => Math.max(0, Math.min(record.length, Number.isFinite(n) ? Math.trunc(n) : 0));
  const ranges = spans
    .map((s) => ({ start: clamp(s.start), end: clamp(s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const range of merged) {
    if (range.start > at) segments.push({ text: record.slice(at, range.start), marked: false });
    segments.push({ text: record.slice(range.start, range.end), marked: true });
    at = range.end;
  }
  if (at < record.length || segments.length === 0) segments.push({ text: record.slice(at), marked: false });
  return segments;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings worst first, keeping the engine's order within a severity. */
export function sortFindings(findings: readonly LintFinding[]): LintFinding[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
}

/** "1 lookup", "3 lookups". */
export function lookupWords(count: number): string {
  return `${count} lookup${count === 1 ? '' : 's'}`;
}

/** A TTL in words a DNS admin reads: seconds, with minutes/hours/days when round. */
export function ttlWords(ttl: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of units) {
    if (ttl >= size && ttl % size === 0) {
      const n = ttl / size;
      return `${ttl} seconds (${n} ${unit}${n === 1 ? '' : 's'})`;
    }
  }
  return `${ttl} second${ttl === 1 ? '' : 's'}`;
}

/**
 * The fix's value as a DNS panel takes it, for the Copy button: the record text, or when it is longer than
 * one character-string (RFC 7208 section 3.3) the quoted strings a zone file or panel wants.
 */
export function fixCopyText(fix: Fix): string {
  return fix.strings.length > 1 ? fix.zoneText : fix.record;
}

/** The check form as typed. */
export interface CheckFields {
  domain: string;
  ip: string;
  sender: string;
  helo: string;
  /** a DKIM selector, for its key at <selector>._domainkey.<domain> */
  selector: string;
}

/**
 * The check form's fields filled in from a bounce that is an authentication refusal but names no IP (issue 11
 * section 3): the domain and sender it does name, the IP left for the user. Null for any other bounce.
 */
export function checkPrefill(facts: Pick<BounceFacts, 'authFailure' | 'ip' | 'domain' | 'sender'> | null | undefined): CheckFields | null {
  if (!refusalWithoutIp(facts)) return null;
  const sender = facts?.sender ?? '';
  // no domain of its own: the sender's, as check_host() takes it from the sender (RFC 7208 section 4.1)
  const domain = facts?.domain ?? (sender.includes('@') ? sender.slice(sender.lastIndexOf('@') + 1) : '');
  return { domain, ip: '', sender, helo: '', selector: '' };
}

export type FieldProblems = Partial<Record<keyof CheckFields, string>>;

/** A domain name's problem in words, or null (the same rules the background applies, RFC 1035 section 2.3.4). */
function domainNameProblem(name: string, what: string): string | null {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (/\s/.test(bare)) return `The ${what} cannot contain spaces.`;
  if (bare.includes('@')) return `The ${what} is a domain name, not an e-mail address: give the part after the @.`;
  if (bare.includes('/') || bare.includes(':')) return `The ${what} is a domain name such as example.com, not a web address.`;
  if (bare.length > 253) return `The ${what} is longer than 253 characters.`;
  const labels = bare.split('.');
  if (labels.length < 2) return `The ${what} needs at least one dot, such as example.com.`;
  if (labels.some((l) => l === '')) return `The ${what} has two dots in a row or starts with a dot.`;
  if (labels.some((l) => l.length > 63)) return `A part of the ${what} between dots is longer than 63 characters.`;
  return null;
}

/** What is wrong with each field, in words; an empty object when the check can be sent. */
export function checkFieldProblems(fields: CheckFields): FieldProblems {
  const problems: FieldProblems = {};
  const domain = fields.domain.trim();
  if (domain === '') problems.domain = 'Enter the domain to check, such as example.com.';
  else {
    const problem = domainNameProblem(domain, 'domain');
    if (problem !== null) problems.domain = problem;
  }
  const ip = fields.ip.trim();
  const ipProblem = ip === '' ? null : clientIpProblem(ip);
  if (ipProblem !== null) problems.ip = `${ipProblem}, such as 192.0.2.10 or 2001:db8::1.`;
  const sender = fields.sender.trim();
  if (sender !== '') {
    const at = sender.lastIndexOf('@');
    // RFC 7208 section 4.3: the sender is an address; a bare domain stands for postmaster@domain
    const senderDomain = at === -1 ? sender : sender.slice(at + 1);
    if (/\s/.test(sender)) problems.sender = 'The sender cannot contain spaces.';
    else if (sender.length > 256) problems.sender = 'The sender is longer than 256 characters.';
    else if (domainNameProblem(senderDomain, 'sender domain') !== null) {
      problems.sender = 'The sender is an address such as alice@example.com (or a domain alone).';
    }
  }
  const selector = fields.selector.trim();
  // RFC 6376 section 3.1: a selector is one or more labels (s=google, s=selector1, s=2024-01._mail)
  if (selector !== '' && !/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*$/.test(selector)) {
    problems.selector = 'A DKIM selector is the s= of a signature: letters, digits, "-" and "_", such as google or selector1.';
  }
  const helo = fields.helo.trim();
  if (helo !== '') {
    const problem = domainNameProblem(helo, 'HELO name');
    if (problem !== null) problems.helo = problem;
  }
  return problems;
}

/** The tab named by `?tab=<id>`, when the popup was opened in a window for that tab. */
export function tabFromQuery(search: string): number | undefined {
  const value = new URLSearchParams(search).get('tab');
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
