/**
 * What an authentication refusal names: the wording row it matches (wordings.ts), the mechanism, the domain and
 * its role, the SPF identity, the client IP.
 */
import { addressOrNull, domainOrNull } from './addresses';
import { findIps, parseIp } from './ip';
import type { Reply } from './reply';
import type { AuthMechanism, BounceFacts, DomainRole } from './types';
import { AUTH_WORDINGS, OTHER_REASON } from './wordings';
import type { AuthWording } from './wordings';

export interface AuthMatch {
  row: AuthWording;
  rank: number;
  groups: RegExpExecArray;
  /** the domain another authentication wording of the same reply names, where this row names none, with its role */
  borrowed?: { domain: string; role: DomainRole };
}

/**
 * The reply names the HELO identity as the one checked (RFC 7208 section 2.3): policyd-spf's link and log
 * ("Why?s=helo;...", "s=helo"; "s=mfrom" names the envelope sender) and a Received-SPF-style key ("identity=helo",
 * section 9.1).
 */
export const HELO_CHECKED = /\bs=helo\b|\bidentity=helo\b/i;

/** The domain a row's match names and the role it has there (RFC 7489 section 3.1, RFC 7208 section 2.3), or null. */
function namedDomain(row: AuthWording, groups: RegExpExecArray): { domain: string; role: DomainRole } | null {
  const identity = row.identity === undefined ? undefined : groups[row.identity];
  const domain = identity !== undefined ? identityDomain(identity) : row.domain === undefined ? null : domainOrNull(groups[row.domain]);
  if (domain === null) return null;
  if (row.headerFrom === true || row.mechanism === 'dmarc') return { domain, role: 'header-from' };
  if (row.mechanism === 'spf') return { domain, role: row.helo === true || HELO_CHECKED.test(groups.input) ? 'helo' : 'mail-from' };
  return null;
}

/**
 * The first wording row the reply matches, in table order (its rank); a generic row only when no other reason is named.
 * Where that row names no domain, a later row that matches the same reply may: Exchange writes its 5.7.23 SPF line, then
 * "550 5.7.1 This message failed DMARC evaluation of domain D"; the first row still says what happened, the other the domain.
 */
export function findAuth(reply: Reply, specificOnly = false): AuthMatch | null {
  for (let rank = 0; rank < AUTH_WORDINGS.length; rank++) {
    const row = AUTH_WORDINGS[rank] as AuthWording;
    if (specificOnly && row.generic === true) continue;
    const groups = row.pattern.exec(reply.normalized);
    if (groups === null) continue;
    if (row.generic === true && OTHER_REASON.test(reply.normalized)) continue;
    const match: AuthMatch = { row, rank, groups };
    if ((row.domain === undefined || groups[row.domain] === undefined) && (row.identity === undefined || groups[row.identity] === undefined)) {
      const borrowed = domainOfLaterRow(reply.normalized, rank + 1);
      if (borrowed !== null) match.borrowed = borrowed;
    }
    return match;
  }
  return null;
}

/** The domain the first specific row after `from` that matches `text` names, with its role. */
function domainOfLaterRow(text: string, from: number): { domain: string; role: DomainRole } | null {
  for (let rank = from; rank < AUTH_WORDINGS.length; rank++) {
    const row = AUTH_WORDINGS[rank] as AuthWording;
    if (row.generic === true || (row.domain === undefined && row.identity === undefined)) continue;
    const groups = row.pattern.exec(text);
    const named = groups === null ? null : namedDomain(row, groups);
    if (named !== null) return named;
  }
  return null;
}

function mechanismOf(match: AuthMatch, text: string): AuthMechanism {
  if (match.row.mechanism !== 'results') return match.row.mechanism;
  // Microsoft 5.7.515 ends with "Spf= Fail , Dkim= Pass , DMARC= Pass"
  const verdict = (name: string): boolean => new RegExp(`\\b${name} ?= ?(?:fail|softfail|permerror|none)\\b`, 'i').test(text);
  if (verdict('spf')) return 'spf';
  if (verdict('dkim')) return 'dkim';
  if (verdict('dmarc')) return 'dmarc';
  return 'auth';
}

/** An SPF identity as written, percent-decoded where the reply encoded it; null when the encoding is broken. */
function decodedIdentity(identity: string): string | null {
  if (identity.indexOf('%') === -1) return identity;
  try {
    return decodeURIComponent(identity);
  } catch {
    return null;
  }
}

/** The SPF identity `user@example.org` (MAIL FROM) or `mail.example.org` (HELO): its domain (RFC 7208 section 2.4). */
function identityDomain(identity: string): string | null {
  const value = decodedIdentity(identity);
  if (value === null) return null;
  const at = value.lastIndexOf('@');
  return domainOrNull(at === -1 ? value : value.slice(at + 1));
}

function identityAddress(identity: string): string | null {
  const value = decodedIdentity(identity);
  return value === null ? null : addressOrNull(value);
}

const CLIENT_HOST_REJECTED = /^\]>: Client host rejected\b/i;

// a link that looks an address up names it: "?ip=", "/ip/", GMX's "i=ip&v=", SpamCop's "bl.shtml?192.0.2.1"
const LINK_NAMES_IP = /(?:[?&;]ip=|\/ip\/|[?&;]i=ip&(?:amp;)?v=|\/bl\.shtml\?)$/i;

/**
 * Numbers written like an address that are something else, or an address that is not the client's, by what
 * stands around them (the text before, the text after). Adding one is adding a row.
 */
const NOT_AN_ADDRESS: readonly { name: string; before: RegExp; after: RegExp }[] = [
  // a section of an RFC: "Invalid HELO name (See RFC2821 4.1.1.1)", "RFC 5321 section 4.5.3.1"
  { name: 'rfc-section', before: /(?:\bRFC[ -]?[0-9]{3,5}|\bsection|\u00a7)[ \t]{0,2}$/i, after: /^/ },
  // the domain of a mail address, "bounce-34@192.168.1.14" or an address literal "a@[192.0.2.1]" (RFC 5321 section
  // 4.1.3): the address of a mailbox, not of the client
  { name: 'mailbox-domain', before: /@\[?$/, after: /^/ },
  // the name the client gave in HELO/EHLO, an address literal in a Postfix log's "helo=<[192.168.100.5]>" (RFC 5321
  // section 4.1.1.1): what the client claims, often its own private address, not the address it connected from
  { name: 'helo-argument', before: /\bhelo=<?\[?$/i, after: /^/ },
  // Yahoo's own code at the end of its deferrals: "... temporarily deferred due to unexpected volume or user complaints
  // - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes" (help.webserver.com.my kb 175; "4.16.50", "4.16.55":
  // support.mayfirst.org ticket 2154, "this message code is yahoo-specific"), "see" translated where a page shows it so
  // (and a page that wrote "see" without a blank after it: "- 4.16.55.1;見https://help.yahoo.com/...")
  { name: 'yahoo-code', before: / - $/, after: /^; ?(?:[^\s;:/]{1,16} ?)?https?:\/\//i },
  // BT Internet's (Critical Path / Openwave) own code in parentheses after its reason, where its client address is
  // bracketed: "554 Message rejected, policy (3.2.1.1)", "554 Message rejected for policy reasons (3.2.2.1)", "421 Too
  // many messages (1.5.6.1) from 192.0.2.1", but "550 Message rejected due to sender IP reputation ([192.0.2.1])"
  // (wordtothewise.com 2016-08 "BT Internet"; blog.frankleonhardt.com "BT Internet Mail Fail"; btbusiness.custhelp.com 15074)
  { name: 'bt-code', before: /\b(?:policy(?: reasons)?|messages),? \($/i, after: /^\)/ },
];

function notAnAddress(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 24);
  return NOT_AN_ADDRESS.some((row) => row.before.test(before) && row.after.test(after));
}

/** Whether `at` is inside a URL: the run of non-blank characters it stands in holds "://" before it. */
function inLink(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && start > at - 2048 && !/\s/.test(text[start - 1] as string)) start--;
  return text.slice(start, at).indexOf('://') !== -1;
}

/** The client IP a refusal names; never the refusing host's own (`mx.example.com [192.0.2.1]`). */
export function ipInReply(text: string): string | null {
  for (const mention of findIps(text)) {
    let k = mention.start;
    if (k > 0 && (text[k - 1] === '[' || text[k - 1] === '(')) k--;
    if (k > 0 && text[k - 1] === ' ') k--;
    let tokenStart = k;
    while (tokenStart > 0 && /[A-Za-z0-9.-]/.test(text[tokenStart - 1] as string)) tokenStart--;
    const token = text.slice(tokenStart, k);
    // Postfix smtpd's "<name[address]>: Client host rejected" names the client (smtpd_check.c: the reply name of
    // a client restriction is the client's name[address]), the host that was refused, not the one refusing
    const client = tokenStart > 0 && text[tokenStart - 1] === '<' && CLIENT_HOST_REJECTED.test(text.slice(mention.end, mention.end + 30));
    if (k !== mention.start && !client && /\.[A-Za-z][A-Za-z0-9-]*\.?$/.test(token)) continue;
    // inside a link, an address is the client only where the link names it so ("q.cgi?ip=192.0.2.1",
    // "/query/ip/192.0.2.1", GMX's "case?c=r0201&i=ip&v=192.0.2.1"): Spamhaus's "/returnc/pub/192.0.2.9" names the
    // resolver that asked, not the client
    if (inLink(text, mention.start) && !LINK_NAMES_IP.test(text.slice(Math.max(0, mention.start - 16), mention.start))) continue;
    if (notAnAddress(text, mention.start, mention.end)) continue;
    return mention.ip;
  }
  return null;
}

/**
 * Sets on `facts` what the main refusal names (authFailure, mechanism, domain, domainRole, and the IP its wording's own
 * slot holds) and returns the envelope sender its SPF identity names (null for a HELO identity or none). An address
 * elsewhere in the reply is the caller's to take (ipInReply).
 */
export function readRefusal(facts: BounceFacts, main: Reply, auth: AuthMatch | null): string | null {
  let identity: string | null = null;
  const text = main.normalized;
  if (auth !== null) {
    facts.authFailure = true;
    facts.mechanism = mechanismOf(auth, text);
    const { row, groups } = auth;
    if (row.domain !== undefined) facts.domain = domainOrNull(groups[row.domain]);
    let helo = false;
    if (row.identity !== undefined && groups[row.identity] !== undefined) {
      facts.domain = identityDomain(groups[row.identity] as string);
      helo = row.helo === true || HELO_CHECKED.test(text);
      if (!helo) identity = identityAddress(groups[row.identity] as string);
    }
    // DMARC checks the header From domain (RFC 7489 section 3.1), SPF the MAIL FROM or HELO domain (RFC 7208 section 2.4)
    if (facts.domain === null && auth.borrowed !== undefined) {
      facts.domain = auth.borrowed.domain;
      facts.domainRole = auth.borrowed.role;
    } else if (facts.domain === null) facts.domainRole = null;
    else if (row.headerFrom === true || facts.mechanism === 'dmarc') facts.domainRole = 'header-from';
    else if (facts.mechanism === 'spf') facts.domainRole = helo || row.helo === true ? 'helo' : 'mail-from';
    if (row.ip !== undefined && groups[row.ip] !== undefined) facts.ip = parseIp(groups[row.ip] as string);
  }
  return identity;
}
