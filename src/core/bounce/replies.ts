/**
 * SMTP replies in the notice: where a reply begins on a line (its code, after the markers MTAs write before it),
 * the lines that continue it, the recipient it belongs to; and refusals a receiver's wording names without a code.
 */
import { trimDot } from './addresses';
import { namesOtherThanRecipient, quotesSmtpdReject, recipientOn, SENDMAIL_VERDICT } from './recipients';
import { makeReply } from './reply';
import type { Reply } from './reply';
import { lineEnd, RETURNED_MARKER } from './text';
import { AUTH_STATUS_TEXT, REFUSAL_WORDING } from './wordings';

const MAX_REPLIES = 200;
const MAX_REPLY_LINES = 60;
const MAX_REPLY_CHARS = 8000;

const REPLY_CODE = /[ \t]*([45][0-9][0-9])(?=[ \t-]|$)/y;
const OPENING_QUOTES = ['\'', '"', '\u2018', '\u201c'];
const CODE_WITH_ENHANCED = /(?:^|[\s:;'"\u2018\u201c(])([45][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9])/;
const OPENSMTPD_PREFIX = /^[ \t]{0,12}[^\s<>@]{1,64}@[^\s<>:]{1,255}: /;
const ANY_REPLY_CODE = /[45][0-9][0-9]/;
// "reason: 550 : SPF: ..." (cPanel Exim, bobcares.com), "cudaops.com #550 permanent failure" (Barracuda ESS); an SMTP
// client library's error around the reply it got: nodemailer's "Message failed: 554 ...", "Mail command failed: 550
// ...", "Recipient command failed: ...", "Can't send mail - all recipients were rejected: 550 ..." (nodemailer
// lib/smtp-connection); Aliyun Mail's notice names the receiver and its reply, "the mta server of qq.com --
// mx3.qq.com(157.255.4.241) reply:550 ..." (youqiyi.net article 278)
const REPLY_MARKERS = ['said:', 'refused to talk to me:', "returned '", ']:', '>:', 'smtp;', 'SMTP;', 'data:', ' was:', 'reason:', ' #', 'Message failed:', 'command failed:', 'recipients were rejected:', ') reply:'];
/**
 * Python's smtplib raises its SMTP errors with the reply's code and text as a tuple, and a log shows them so:
 * "(554, 'DT:SPM 163 smtp12,...')", "(550, b'5.7.1 ...')" (Python docs, smtplib.SMTPResponseException: smtp_code,
 * smtp_error); the reply starts at the code.
 */
const PYTHON_SMTP_ERROR = /\(([45][0-9][0-9]), b?['"]/;

/** Where an SMTP reply begins in `line` (index of its code), or -1. */
function replyStart(line: string): number {
  // no reply code anywhere: most lines of a notice, answered without trying each place a reply may begin
  if (!ANY_REPLY_CODE.test(line)) return -1;
  let lead = 0;
  while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) lead++;
  if (line.startsWith('<<<', lead)) lead += 3;
  else if (line.startsWith('(reason:', lead)) lead += 8;
  // a reply quoted where it is shown: 'Remote server returned '550 ...' (Exchange), "521 5.2.1 : (DMARC) ..." (AOL's
  // refusal as SendGrid's documentation quotes it), and with typographic quotes
  else if (OPENING_QUOTES.includes(line[lead] ?? '')) lead += 1;
  // the places are tried in order and the first that holds a code wins
  let start = codeAt(line, lead);
  for (let m = 0; start === -1 && m < REPLY_MARKERS.length; m++) {
    const marker = REPLY_MARKERS[m] as string;
    const at = line.indexOf(marker);
    if (at !== -1) start = codeAt(line, at + marker.length);
  }
  if (start !== -1) return start;
  const python = PYTHON_SMTP_ERROR.exec(line);
  if (python !== null) return python.index + 1;
  const opensmtpd = OPENSMTPD_PREFIX.exec(line);
  if (opensmtpd !== null) start = codeAt(line, opensmtpd[0].length);
  if (start !== -1) return start;
  // text run together (a pasted paragraph): a reply code with its enhanced status anywhere
  const enhanced = CODE_WITH_ENHANCED.exec(line);
  return enhanced === null ? -1 : codeAt(line, enhanced.index + enhanced[0].length - enhanced[1]!.length);
}

/** The index of the reply code at `offset` (after blanks), or -1. */
function codeAt(line: string, offset: number): number {
  REPLY_CODE.lastIndex = offset;
  const match = REPLY_CODE.exec(line);
  return match === null ? -1 : match.index + match[0].length - 3;
}

// lines MTAs write after a reply (qmail, sendmail, Exchange), which never continue it
const AFTER_REPLY =
  /^(?:Giving up on|I'm not going to try again|Message could not be delivered|Message will be deleted|Will keep trying|Diagnostic information|Generating server|Remote (?:Server|host)|The (?:original )?message was received)/i;
const LINE_STARTS_REPLY = /^(?:<<<[ \t]?|\(reason:[ \t]*)?[45][0-9][0-9](?:[ \t-]|$)/;
const NEW_ITEM = /^[ \t]*(?:<<<|>>>|-{2,}|={2,}|\*{2,}|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+:[ \t])/;

function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && (line[n] === ' ' || line[n] === '\t')) n++;
  return n;
}

/** A line that a paste wrapped without indentation, continuing the reply on `line`: until something new begins. */
function continuesPaste(notice: string, line: string, next: string, nextEnd: number): boolean {
  return (
    indentOf(line) === 0 &&
    indentOf(next) === 0 &&
    !LINE_STARTS_REPLY.test(next) &&
    !NEW_ITEM.test(next) &&
    !AFTER_REPLY.test(next) &&
    (recipientOn(next) === null || quotesSmtpdReject(next, nextEnd < notice.length ? notice.slice(nextEnd + 1, lineEnd(notice, nextEnd + 1)) : undefined)) &&
    !RETURNED_MARKER.test(next)
  );
}

/**
 * The lines of the reply that begins at `start` on `line` (a `<<<` transcript line when `quoted`, a line
 * "(reason: ...)" when `reason`), read from the line at `lineStart` on; with the offset of the line after them.
 */
function replyLines(notice: string, line: string, start: number, lineStart: number, quoted: boolean, reason: boolean): { parts: string[]; lineStart: number } {
  const parts = [line.slice(start)];
  const code = line.slice(start, start + 3);
  let multiline = line[start + 3] === '-';
  const baseIndent = Math.max(1, indentOf(line));
  let size = parts[0]!.length;
  for (; lineStart <= notice.length && parts.length < MAX_REPLY_LINES && size < MAX_REPLY_CHARS && !reason; ) {
    let nextEnd = lineEnd(notice, lineStart);
    let next = notice.slice(lineStart, nextEnd);
    if (next.trim() === '') {
      // a paste that put a blank line after every line (a markdown renderer, a forum): inside a multiline reply
      // whose last line is still to come (RFC 5321 section 4.2.1), an indented line after one blank line goes on
      const after = nextEnd + 1 <= notice.length ? notice.slice(nextEnd + 1, lineEnd(notice, nextEnd + 1)) : '';
      if (!multiline || quoted || indentOf(after) < baseIndent || after.trim() === '' || replyStart(after) === indentOf(after)) break;
      lineStart = nextEnd + 1;
      nextEnd = lineEnd(notice, lineStart);
      next = after;
    }
    const bare = quoted ? next.replace(/^[ \t]*<<<[ \t]?/, '') : next.trim();
    // RFC 5321 section 4.2.1: "550-" lines continue a reply, "550 " ends it
    if (multiline && (bare.startsWith(code + '-') || bare.startsWith(code + ' '))) {
      parts.push(bare);
      size += bare.length;
      multiline = bare[3] === '-';
      lineStart = nextEnd + 1;
      continue;
    }
    if (quoted || (parts.length > 1 && !multiline && /^[45][0-9][0-9] /.test(parts[parts.length - 1]!))) break;
    if (indentOf(next) >= baseIndent && replyStart(next) !== indentOf(next)) {
      parts.push(next.trim());
      size += next.length;
      lineStart = nextEnd + 1;
      continue;
    }
    // pasted text: lines wrapped without indentation continue until something new begins
    if (continuesPaste(notice, line, next, nextEnd)) {
      parts.push(next.trim());
      size += next.length;
      lineStart = nextEnd + 1;
      continue;
    }
    break;
  }
  return { parts, lineStart };
}

const STRING_END = /"(?=[ \t]*(?:[,}\]]|$))/;

/**
 * A reply inside a string of a JSON record (an ESP's event or a bounce notification: "diagnosticCode": "smtp; 550
 * ...", ECMA-404 section 9) ends where the string does: at the quote that closes it before a "," "}" or "]". The
 * string is open when `before` (the line up to the reply) holds an odd number of quotes not escaped by a backslash.
 */
function withinString(before: string, reply: string): string {
  let open = false;
  for (let i = 0; i < before.length; i++) if (before[i] === '"' && before[i - 1] !== '\\') open = !open;
  return open ? reply.slice(0, STRING_END.exec(reply)?.index ?? reply.length) : reply;
}

// a line can only start a reply with a code in it, or name a recipient with an "@"
const REPLY_OR_RECIPIENT = /[45][0-9][0-9]|@/g;

/** The SMTP replies of a notice, each with the recipient named above it or in the verdict below it. */
export function noticeReplies(notice: string): Reply[] {
  const replies: Reply[] = [];
  let recipient: string | null = null;
  const candidate = new RegExp(REPLY_OR_RECIPIENT.source, REPLY_OR_RECIPIENT.flags);
  // lines are read by their offsets: one search jumps over the lines that can say nothing
  let lineStart = 0;
  while (lineStart <= notice.length && replies.length < MAX_REPLIES) {
    candidate.lastIndex = lineStart;
    const hit = candidate.exec(notice);
    if (hit === null) break;
    lineStart = notice.lastIndexOf('\n', hit.index) + 1;
    const end = lineEnd(notice, lineStart);
    const line = notice.slice(lineStart, end);
    lineStart = end + 1;
    if (line.length < 3) continue;
    const seen = recipientOn(line);
    // Postfix bounce(8): "<final@example.org> (expanded from\n    <alias@example.org>): host ..." names the
    // alias the recipient was expanded from on the next line, and a log's labelled field ("Sender:" and the
    // address on the line below, Google Admin's Email Log Search) names no recipient either
    if (seen !== null && !namesOtherThanRecipient(notice, lineStart - 1 - line.length)) recipient = seen;
    const start = replyStart(line);
    if (start === -1) continue;
    const before = line.slice(0, start);
    const quoted = /^[ \t]*<<</.test(line);
    const reason = /^[ \t]*\(reason:/.test(line);
    // lineStart is now the line after; lines read as part of the reply move it on
    const read = replyLines(notice, line, start, lineStart, quoted, reason);
    lineStart = read.lineStart;
    let written = read.parts.map((part) => part.trim()).join(' ');
    if (reason) written = written.replace(/\)\s*$/, '');
    if (/^'|returned '/.test(before.trim() === '' ? line.slice(0, start) : before)) written = written.replace(/>?'\s*$/, '');
    written = withinString(before, written).trimEnd();
    // sendmail writes its verdict for each recipient after the reply it got ("<<< 501 ..." then "554 <rcpt>...
    // Remote protocol error", sendmail 5; "<rcpt>... Deferred: 450 ..." sendmail 8): that recipient is the reply's
    const verdict = quoted ? SENDMAIL_VERDICT.exec(notice.slice(lineStart, lineEnd(notice, lineStart))) : null;
    replies.push(makeReply(written, verdict !== null ? trimDot(verdict[1] as string) : recipient, false, quoted ? 'transcript' : 'rejection'));
  }
  return replies;
}

// ---------------------------------------------------------------------------------------------
// Replies a receiver's log records as fields

/**
 * maddy logs the reply it sent to a refused command as the fields of its error, in one JSON object after the
 * event's name: `smtp: DATA error\t{"check":"check.spf",...,"smtp_code":550,"smtp_enchcode":"5.7.23","smtp_msg":"SPF
 * authentication failed"}` (events "MAIL FROM error", "RCPT error", "DATA error" of an endpoint such as `smtp` or
 * `submission`; the fields of exterrors.SMTPError, from which internal/endpoint/smtp builds the reply). The reply
 * is the three fields in the order of RFC 5321 section 4.2 (code, enhanced status, text); a message cut short in a
 * paste is read as far as it goes.
 */
const LOGGED_ERROR_EVENT = /: (?:MAIL FROM|MAIL|RCPT|DATA) error[ \t]{1,8}(\{[^\n]*)/g;
/** The most of an event's fields read (the reply is 512 octets at most: RFC 5321 section 4.5.3.1.5). */
const MAX_EVENT_CHARS = 4000;
const LOGGED_CODE = /"smtp_code":([45][0-9][0-9])(?![0-9])/;
const LOGGED_ENHANCED = /"smtp_enchcode":"([245]\.[0-9]{1,3}\.[0-9]{1,3})"/;
const LOGGED_TEXT = /"smtp_msg":"((?:[^"\\\n]|\\.){0,1000})/;

export function loggedReplies(notice: string): Reply[] {
  const replies: Reply[] = [];
  if (notice.indexOf(' error') === -1) return replies;
  const events = new RegExp(LOGGED_ERROR_EVENT.source, LOGGED_ERROR_EVENT.flags);
  for (let event = events.exec(notice); event !== null && replies.length < MAX_REPLIES; event = events.exec(notice)) {
    const fields = (event[1] as string).slice(0, MAX_EVENT_CHARS);
    const code = LOGGED_CODE.exec(fields)?.[1];
    if (code === undefined) continue;
    const enhanced = LOGGED_ENHANCED.exec(fields)?.[1];
    const text = LOGGED_TEXT.exec(fields)?.[1] ?? '';
    replies.push(makeReply([code, enhanced, text].filter((part) => part !== undefined && part !== '').join(' '), null, false, 'transcript'));
  }
  return replies;
}

// ---------------------------------------------------------------------------------------------
// Refusals without a classic reply code

/**
 * A reply code where a pasted or rewritten refusal shows one: "550", "550:" (knowledge.3essentials.com "Delivery
 * Failure : 550: Remote host said ..."), "#550" (Barracuda), or an enhanced status alone ("milter-reject ... 5.7.1
 * rejected by DMARC policy", RFC 3463 section 2). The last one before the wording on its line starts the reply.
 */
const LOOSE_CODE = /(?:^|[\s#:(])(?:[45][0-9][0-9](?=[\s:-]|$)|[245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9.]))/g;
const BARE_ENHANCED = /^([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/;
const FOLD = /\n[ \t]{2,}(?=\S)/g;
/**
 * Log events that record a failed check which refused nothing: maddy logs a check's failure as "no check action"
 * when the check's action is `ignore` ("Check failures are still logged but they have no effect on message
 * delivery", maddy docs, Check actions; foxcpp/maddy internal/msgpipeline/check_runner.go).
 */
const NOT_A_REFUSAL = /\bsmtp\/pipeline: no check action\b/;
/** At most this many wording matches are tried, each on its own line. */
const MAX_CODELESS = 20;

/**
 * Refusals that a receiver's own wording (wordings.ts SPECIFIC_WORDINGS, never a generic row) names where no
 * reply with a code says so: a paste that kept the text and lost the code, or a log that writes the code its own
 * way. The reply is the line of the wording, from the last code before the wording on it (if any).
 */
export function codelessReplies(text: string): Reply[] {
  const replies: Reply[] = [];
  // a line that starts with blanks continues the one above (Postfix's and Exim's indented wrapping of a reply, RFC
  // 5322 section 2.2.3 folding): a wording the wrap broke ("does not pass DMARC\n    verification") is read whole
  const notice = text.replace(FOLD, ' ');
  const finder = new RegExp(`${REFUSAL_WORDING.source}|${AUTH_STATUS_TEXT.source}`, 'gi');
  let searchFrom = 0;
  while (replies.length < MAX_CODELESS && searchFrom < notice.length) {
    finder.lastIndex = searchFrom;
    const match = finder.exec(notice);
    if (match === null) break;
    const start = notice.lastIndexOf('\n', match.index) + 1;
    const end = lineEnd(notice, match.index);
    searchFrom = end + 1;
    const line = notice.slice(start, Math.min(end, start + MAX_REPLY_CHARS));
    if (NOT_A_REFUSAL.test(line)) continue;
    const wordingAt = match.index - start;
    let replyAt = 0;
    const codes = new RegExp(LOOSE_CODE.source, LOOSE_CODE.flags);
    for (let code = codes.exec(line); code !== null && code.index < wordingAt; code = codes.exec(line)) {
      replyAt = code.index + (/^[\s#:(]/.test(code[0]) ? 1 : 0);
    }
    const reply = makeReply(withinString(line.slice(0, replyAt), line.slice(replyAt)), null, false, 'rejection');
    if (reply.status === null) reply.status = BARE_ENHANCED.exec(reply.written)?.[1] ?? null;
    replies.push(reply);
  }
  return replies;
}
