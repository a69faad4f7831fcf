/** One SMTP reply as the reader keeps it: as written, normalised for matching, with its codes (RFC 5321, RFC 3463). */
import type { EvidenceSource } from './types';

export interface Reply {
  /** as written, lines joined by one space */
  written: string;
  /** for matching: whitespace collapsed, the repeated reply codes of continuation lines removed */
  normalized: string;
  recipient: string | null;
  fromDsn: boolean;
  /** where the reply was read: a `Diagnostic-Code` field (dsn), a `<<<` transcript line, or the notice */
  origin: EvidenceSource;
  /** reply code and enhanced status, e.g. "550 5.7.23" */
  status: string | null;
}

const IN_REPLY_TO_TAIL = /^\(in reply to [^()]{1,60}\)\s*$/i;

/**
 * The reply without the "(in reply to RCPT TO command)" that Postfix appends to it (bounce(8) notices). Found
 * from the last "(in reply to " and tested there once: a pattern /\s*\(in reply to .../ tried from every
 * blank of a long run of blanks re-reads the rest of the run each time (79 s on 256k blanks).
 */
function withoutInReplyTo(text: string): string {
  const at = text.toLowerCase().lastIndexOf('(in reply to ');
  if (at === -1 || !IN_REPLY_TO_TAIL.test(text.slice(at))) return text;
  return text.slice(0, at).trimEnd();
}

export function makeReply(text: string, recipient: string | null, fromDsn: boolean, origin: EvidenceSource = fromDsn ? 'dsn' : 'rejection'): Reply {
  let written = text.trim();
  // Postfix wraps the remote reply: "host mx.example.com[192.0.2.1] said: 550 ..."
  const said = written.indexOf(' said: ');
  if (fromDsn && said !== -1 && said < 300 && /^host /i.test(written)) written = written.slice(said + 7);
  written = collapseSpaces(withoutInReplyTo(written));
  return { written, normalized: normalizeReply(written), recipient, fromDsn, origin, status: statusOf(written) };
}

// every run of white space is one space; a lone space is already that, so only other runs are replaced
// (a long reply is not rebuilt match by match for each of its spaces)
const OTHER_SPACE_RUN = /\s{2,}|[^\S ]/g;

function collapseSpaces(text: string): string {
  return text.replace(OTHER_SPACE_RUN, ' ').trim();
}

// the enhanced status after the code (RFC 3463 section 2); a period after it that ends a sentence is not part of it
// ("550-5.7.1. Neem contact op", a page's translation of Gmail's reply), a digit after one is another number
const STATUS = /^([45][0-9][0-9])(?:[ -]+([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9]))?/;

// qmail writes the enhanced status code at the end of its reply, in brackets after "#": "451 SPF lookup failure
// (#4.3.0)", "553 sorry, ... (#5.7.1)", once with words after it, "(#5.0.0 denied by policy)" (qmail-smtpd.c; the
// qmail-spf patch's err_spf, "550 <explanation> (#5.7.1)"). Tested from the last "(#", once.
const QMAIL_STATUS = /^\(#([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])[^()]{0,40}\)[\s.]{0,3}$/;

/** "550-5.7.26 ..." -> "550 5.7.26": the reply code and the enhanced status code after it (RFC 3463), or qmail's at the end. */
function statusOf(reply: string): string | null {
  const match = STATUS.exec(reply);
  if (match === null) return null;
  if (match[2] !== undefined) return `${match[1]} ${match[2]}`;
  const at = reply.lastIndexOf('(#');
  const qmail = at === -1 ? null : QMAIL_STATUS.exec(reply.slice(at));
  return qmail === null ? (match[1] as string) : `${match[1]} ${qmail[1]}`;
}

/** Removes the code prefixes that a multiline reply repeats on every line, so wrapped wordings read as one. */
function normalizeReply(written: string): string {
  const match = STATUS.exec(written);
  if (match === null) return written;
  const code = match[1] as string;
  const enhanced = match[2];
  let rest = written.slice(match[0].length);
  // a multiline reply without enhanced codes repeats "553-" and ends with "553 "
  const repeats = enhanced === undefined ? [`${code}-`, ...(written.indexOf(`${code}-`) === -1 ? [] : [` ${code} `])] : [`${code}-${enhanced} `, `${code} ${enhanced} `, `${code}-${enhanced}`, `${code} ${enhanced}`];
  // a marker folded in right after an opening bracket ("[\n550 5.7.26 example.org]", issue 11) leaves no space there
  for (const repeat of repeats) rest = rest.split(`[ ${repeat.trimEnd()} `).join('[').split(repeat).join(' ');
  return collapseSpaces(`${match[0]} ${rest}`);
}
