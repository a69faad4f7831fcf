/**
 * An authentication failure report (RFC 6591, in the Abuse Reporting Format of RFC 5965): not a refusal, but the
 * receiver's account of a message that failed its checks. Its `message/feedback-report` part (RFC 5965 section 3)
 * is a block of fields:
 *
 * - `Feedback-Type: auth-failure` (RFC 6591 section 3, the report type this reads; other types are not about
 *   authentication),
 * - `Source-IP` (RFC 5965 section 3.2: the IP address of the client the message came from),
 * - `Original-Mail-From` (section 3.2: the envelope sender, the MAIL FROM of the message),
 * - `Reported-Domain` (section 3.2: a domain the report is about),
 * - `Auth-Failure` (RFC 6591 section 3.1: which check failed: `spf`, `dmarc`, or a DKIM failure such as
 *   `signature`, `bodyhash`, `revoked`),
 * - `Authentication-Results` (RFC 6591 section 3.1: the receiver's own results, RFC 8601; a DMARC result names the
 *   header From domain as `header.from`, RFC 7489 section 11.2; an SPF one the MAIL FROM as `smtp.mailfrom`).
 *
 * Linear in the text: the fields are found by one search each, and only the block after `Feedback-Type:` is read.
 */
import { parseAuthenticationResults } from './auth-results';
import { parseIp } from './ip';
import { addrSpec } from './returned-headers';
import type { DomainRole } from './types';

export interface FeedbackReportFacts {
  /** the check that failed, as `Auth-Failure` writes it (lowercase) */
  authFailure: string;
  ip: string | null;
  sender: string | null;
  /** the domain the failed check was about: the header From domain (dmarc) or the MAIL FROM domain (spf) */
  domain: string | null;
  domainRole: DomainRole | null;
}

/** A `Feedback-Type:` field at the start of a line (looked back for, so the search starts at the name). */
const FEEDBACK_TYPE = /Feedback-Type:(?<=(?:^|\n)Feedback-Type:)[ \t]{0,8}([A-Za-z0-9-]{1,40})/i;
/** The most of a report block read: a feedback-report part is a few hundred characters. */
const MAX_BLOCK = 8000;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z0-9-]{1,63}$/;

/** The fields of the block from `start` to its first empty line, unfolded (RFC 5322 section 2.2.3), names lowercase. */
function fieldsOf(block: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: string[] | null = null;
  for (const line of block.split('\n')) {
    if (line.trim() === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && last !== null) {
      last[last.length - 1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 1 || colon > 76) {
      last = null;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    last = fields.get(name) ?? [];
    last.push(line.slice(colon + 1).trim());
    fields.set(name, last);
  }
  return fields;
}

function domainOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const at = value.lastIndexOf('@');
  const domain = (at === -1 ? value : value.slice(at + 1)).replace(/^<|>$/g, '').replace(/\.$/, '');
  return DOMAIN.test(domain) && /[A-Za-z]/.test(domain) ? domain : null;
}

/** What an RFC 6591 authentication failure report in `text` says; null when the text holds none. */
export function feedbackReportFacts(text: string): FeedbackReportFacts | null {
  const type = FEEDBACK_TYPE.exec(text);
  if (type === null || (type[1] as string).toLowerCase() !== 'auth-failure') return null;
  const start = type.index;
  const blank = text.indexOf('\n\n', start);
  const fields = fieldsOf(text.slice(start, Math.min(blank === -1 ? text.length : blank, start + MAX_BLOCK)));
  const first = (name: string): string | undefined => fields.get(name)?.[0];
  const authFailure = (first('auth-failure') ?? '').split(/[\s;(]/)[0]!.toLowerCase();
  const sourceIp = first('source-ip');
  const mailFrom = first('original-mail-from');
  let domain: string | null = null;
  let domainRole: DomainRole | null = null;
  if (authFailure === 'dmarc' || authFailure === 'spf') {
    const method = authFailure;
    const property = method === 'dmarc' ? 'header.from' : 'smtp.mailfrom';
    for (const value of fields.get('authentication-results') ?? []) {
      for (const result of parseAuthenticationResults(value).results) {
        if (result.method === method && result.result !== 'pass' && domain === null) domain = domainOf(result.properties.get(property));
      }
    }
    // Reported-Domain stands in for the DMARC domain, which the report is about (RFC 7489 section 7.3), and an SPF
    // report's domain is the MAIL FROM one
    if (domain === null) domain = method === 'dmarc' ? domainOf(first('reported-domain')) : domainOf(mailFrom);
    if (domain !== null) domainRole = method === 'dmarc' ? 'header-from' : 'mail-from';
  }
  return {
    authFailure,
    ip: sourceIp === undefined ? null : parseIp(sourceIp),
    sender: mailFrom === undefined ? null : addrSpec(mailFrom),
    domain,
    domainRole,
  };
}

// OpenDMARC's human-readable part, as RFC 6591 Appendix B shows it: "This is an authentication failure report for
// an email message received from IP 192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT." (opendmarc/opendmarc.c)
const REPORT_SENTENCE = /authentication failure report for an email message received from IP\s{1,8}([0-9A-Fa-f:.]{2,45}?)(?=\s|\.?$)/i;

/**
 * Exim's DMARC forensic report, a text without a report part: "A message claiming to be from you has failed the
 * published DMARC\npolicy for your domain." then "  Sender Domain: <the header From domain>", "  Sender IP Address:
 * <the client>", "  Received Date: ...", "  SPF Alignment: no", "  DKIM Alignment: no", "  DMARC Results: ..."
 * (Exim src/dmarc.c dmarc_send_forensic_report, each field "  %s: %s").
 */
const EXIM_FORENSIC = /A message claiming to be from you has failed the published DMARC\s{1,8}policy for your domain\./;
const EXIM_DOMAIN = /^[ \t]{0,8}Sender Domain:[ \t]{0,8}(\S{1,253})[ \t]*$/m;
const EXIM_IP = /^[ \t]{0,8}Sender IP Address:[ \t]{0,8}([0-9A-Fa-f:.]{2,45})[ \t]*$/m;
/** How far after its sentence Exim's fields are read: six short lines. */
const EXIM_FIELDS_CHARS = 1000;

/**
 * The report as a mail program shows it without its report part: the sentence of the human-readable part names the
 * source IP (and nothing else); Exim's report names the IP and the header From domain. Null when the text is no such
 * report.
 */
export function feedbackNoticeFacts(notice: string): FeedbackReportFacts | null {
  const exim = EXIM_FORENSIC.exec(notice);
  if (exim !== null) {
    const fields = notice.slice(exim.index, exim.index + EXIM_FIELDS_CHARS);
    const ipText = EXIM_IP.exec(fields)?.[1];
    const domain = domainOf(EXIM_DOMAIN.exec(fields)?.[1]);
    return { authFailure: 'dmarc', ip: ipText === undefined ? null : parseIp(ipText), sender: null, domain, domainRole: domain === null ? null : 'header-from' };
  }
  const sentence = REPORT_SENTENCE.exec(notice);
  if (sentence === null) return null;
  const ip = parseIp(sentence[1] as string);
  return ip === null ? null : { authFailure: '', ip, sender: null, domain: null, domainRole: null };
}
