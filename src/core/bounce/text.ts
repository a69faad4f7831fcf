import { gatherEvidence } from './evidence';
import { feedbackNoticeFacts, feedbackReportFacts } from './feedback-report';
import { findIps, parseIp } from './ip';
import { normalise } from './normalise';
import { quoteEvidence } from './quotes';
import type { QuoteSource } from './quotes';
import type { AuthMechanism, BounceFacts, EvidenceSource, RefusedRecipient } from './types';
import { AUTH_WORDINGS, OTHER_REASON, RECEIVERS, REFUSAL_WORDING } from './wordings';
import type { AuthWording } from './wordings';

/** Only the first megabyte is read: a bounce is a few kilobytes, the rest is the returned message. */
export const MAX_INPUT_CHARS = 1_000_000;

/** A bounce cut into what each fact is read from. */
export interface BounceParts {
  /** the report's own header block ('' for pasted text without one) */
  headers: string;
  /** what a person reads: the notice, with the SMTP transcript; for pasted text also any DSN fields */
  notice: string;
  /** the `message/delivery-status` part, decoded ('' when there is none) */
  deliveryStatus: string;
  /** the headers of the returned original ('' when not found) */
  returned: string;
  /** the `message/feedback-report` part of an RFC 6591 authentication failure report (absent or '' when none) */
  feedbackReport?: string;
  /** the texts the parts were cut from, normalised, with their originals: where quotes.ts finds the words of each fact */
  quoteSources?: QuoteSource[];
}

interface DsnRecipient {
  finalRecipient: string | null;
  otherRecipients: string[];
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

interface Dsn {
  reportingMta: string | null;
  postfixSender: string | null;
  recipients: DsnRecipient[];
}

interface Reply {
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

interface AuthMatch {
  row: AuthWording;
  rank: number;
  groups: RegExpExecArray;
}

const MAX_REPLIES = 200;
const MAX_REPLY_LINES = 60;
const MAX_REPLY_CHARS = 8000;

export function emptyFacts(): BounceFacts {
  return {
    authFailure: false,
    mechanism: null,
    ip: null,
    domain: null,
    sender: null,
    recipient: null,
    status: null,
    receiver: null,
    reportingMta: null,
    rejection: [],
    recipients: [],
    dsnStatus: null,
    remoteMta: null,
    domainRole: null,
    returnedSubject: null,
    returnedDate: null,
    evidence: {},
    quotes: {},
    evidenceConflicts: [],
    headerFrom: null,
    dkim: [],
  };
}

/** CRLF, CR and the CR CR LF that some gateways write all end one line. */
export function normalizeNewlines(text: string): string {
  // most text has no CR: replacing every LF by itself would rebuild the whole string, one match per line
  if (text.indexOf('\r') === -1) return text;
  // one match per run of CRs, so a run is read once (a pattern like CR* LF would re-read it from each CR)
  return text.replace(/\r+\n?/g, (run) => (run.endsWith('\n') ? '\n' : '\n'.repeat(run.length)));
}

const HEADER_LINE = /^(?:From |[A-Za-z][A-Za-z0-9-]{0,76}:)/;
// RFC 5322 section 2.2.3: a line starting with white space continues the field above
const CONTINUATION = /^[ \t]/;
const RETURNED_MARKER =
  /^[ \t]{0,12}[-=_*]{0,20}[ \t]{0,4}(?:(?:below|enclosed|attached)\b[^\n]{0,40}?\bcopy of\b|(?:this is )?a copy of the (?:original )?message|(?:original|returned|unsent|undelivered|rejected) message\b|message headers? follows?|original message headers|content-type:[ \t]{0,4}(?:message\/rfc822|text\/rfc822-headers))/i;

const MESSAGE_HEADER = /^(?:from|date|received|subject|message-id|return-path|mime-version|delivered-to|to|x-[a-z0-9-]{1,40})[ \t]*:/im;
const REPORT_FIELD = /^(?:final-recipient|diagnostic-code|reporting-mta|remote-mta|action|status)[ \t]*:/im;

// a line of a header block that is neither a field nor folded: one pass over the block instead of a test per line
const NOT_HEADER_LINE = /\n(?!From |[A-Za-z][A-Za-z0-9-]{0,76}:|[ \t])/;

/** A message's header block (RFC 5322 section 2.2), not pasted report fields: only fields and folded lines. */
function isHeaderBlock(block: string): boolean {
  if (!MESSAGE_HEADER.test(block) || REPORT_FIELD.test(block)) return false;
  return (HEADER_LINE.test(block) || CONTINUATION.test(block)) && !NOT_HEADER_LINE.test(block);
}

/** Pasted text or a raw message read as text: the header block, the notice, the returned original. */
export function splitPlainText(input: string): BounceParts {
  const text = normalizeNewlines(input.length > MAX_INPUT_CHARS ? input.slice(0, MAX_INPUT_CHARS) : input);
  let body = text;
  let headers = '';
  const firstLineEnd = text.indexOf('\n');
  const firstLine = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  if (HEADER_LINE.test(firstLine)) {
    const blank = text.indexOf('\n\n');
    const block = blank === -1 ? text : text.slice(0, blank);
    if (isHeaderBlock(block)) {
      headers = block;
      body = blank === -1 ? '' : text.slice(blank + 2);
    }
  }
  const { notice, returned } = splitAtReturned(body);
  // a raw message read as text: the delivery-status part may follow a "copy follows" line of the notice
  const dsnAt = /^(?:Final-Recipient|Reporting-MTA)[ \t]*:/im.test(notice) ? -1 : returned.search(/^content-type:[ \t]{0,4}message\/(?:global-)?delivery-status/im);
  if (dsnAt === -1) return { headers, notice, deliveryStatus: '', returned };
  const after = returned.slice(dsnAt);
  const originalAt = after.search(/^content-type:[ \t]{0,4}(?:message\/rfc822|text\/rfc822-headers|message\/global)/im);
  return {
    headers,
    notice,
    deliveryStatus: originalAt === -1 ? after : after.slice(0, originalAt),
    returned: originalAt === -1 ? returned.slice(0, dsnAt) : after.slice(originalAt),
  };
}

// the marker as the start of any line: one search over the body instead of a test per line (no 'm' flag,
// whose ^ also starts a line after U+2028)
const RETURNED_MARKER_LINE = new RegExp(`(?:^|\\n)(?:${RETURNED_MARKER.source.slice(1)})`, RETURNED_MARKER.flags);

/** The notice, and from the first "copy of the message follows" line on, the returned original. */
export function splitAtReturned(body: string): { notice: string; returned: string } {
  const match = RETURNED_MARKER_LINE.exec(body);
  if (match === null) return { notice: body, returned: '' };
  const offset = match[0].startsWith('\n') ? match.index + 1 : match.index;
  return { notice: body.slice(0, offset), returned: body.slice(offset) };
}

/** Reads plain text (what a webmail page shows, or a raw message read as text). Never throws. */
export function readBounceText(text: string): BounceFacts {
  try {
    if (typeof text !== 'string') return emptyFacts();
    // read the normalised text (normalise.ts): unfolded replies, no quote prefixes, markdown or entities
    const original = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
    const normalised = normalise(original);
    return readParts({ ...splitPlainText(normalised.text), quoteSources: [{ normalised, original }] });
  } catch {
    return emptyFacts();
  }
}

// ---------------------------------------------------------------------------------------------
// Delivery-status fields (RFC 3464 section 2.2 and 2.3), found in the DSN part or in pasted text

const DSN_FIELD = /^([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*)$/;
const DSN_FIELDS = new Set([
  'reporting-mta',
  'x-postfix-sender',
  'final-recipient',
  'original-recipient',
  'x-actual-recipient',
  'status',
  'remote-mta',
  'diagnostic-code',
]);

/** `rfc822; user@example.com` -> `user@example.com` (RFC 3464 section 2.3.2: address-type ";" address). */
// RFC 3464 section 2.2 and 2.3: a line that starts one of the fields above (continuation lines start with blanks)
const DSN_FIELD_LINE = new RegExp(`(?:^|\\n)(?:${[...DSN_FIELDS].join('|')})[ \\t]*:`, 'gi');

/** Where the line that starts at `start` ends: the index of its newline, or the text's length. */
function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

function stripType(value: string): string {
  const semi = value.indexOf(';');
  if (semi !== -1 && semi <= 24 && !/\s/.test(value.slice(0, semi).trim())) return value.slice(semi + 1).trim();
  return value.trim();
}

function parseDsn(text: string): Dsn {
  const dsn: Dsn = { reportingMta: null, postfixSender: null, recipients: [] };
  let current: DsnRecipient | null = null;
  // RFC 3464 section 2.3 does not order the per-recipient fields: some reports (Mimecast) write Status and
  // Diagnostic-Code before Final-Recipient; they wait here for the recipient they belong to
  const pending: DsnRecipient = { finalRecipient: null, otherRecipients: [], status: null, diagnostic: null, remoteMta: null };
  const target = (): DsnRecipient => current ?? pending;
  // only the lines that start with a field of the table are read, found by one search through the text
  const fieldLine = new RegExp(DSN_FIELD_LINE.source, DSN_FIELD_LINE.flags);
  for (let found = fieldLine.exec(text); found !== null; found = fieldLine.exec(text)) {
    const start = found[0].startsWith('\n') ? found.index + 1 : found.index;
    let end = lineEnd(text, start);
    const match = DSN_FIELD.exec(text.slice(start, end));
    if (match === null) continue;
    const name = (match[1] as string).toLowerCase();
    if (!DSN_FIELDS.has(name)) continue;
    let value = (match[2] as string).trim();
    while (end < text.length) {
      const nextEnd = lineEnd(text, end + 1);
      const next = text.slice(end + 1, nextEnd);
      if (!CONTINUATION.test(next) || next.trim() === '') break;
      value += ' ' + next.trim();
      end = nextEnd;
    }
    fieldLine.lastIndex = end;
    switch (name) {
      case 'reporting-mta':
        // a second report further down is a bounce quoted inside this one
        if (dsn.reportingMta !== null) return dsn;
        dsn.reportingMta = stripType(value) || null;
        break;
      case 'x-postfix-sender':
        if (dsn.postfixSender === null) dsn.postfixSender = addressOrNull(stripType(value));
        break;
      case 'final-recipient':
        if (dsn.recipients.length >= 100) return dsn;
        current = { ...pending, finalRecipient: addressOrNull(stripType(value)), otherRecipients: [] };
        dsn.recipients.push(current);
        pending.status = pending.diagnostic = pending.remoteMta = null;
        break;
      case 'original-recipient':
      case 'x-actual-recipient': {
        const address = addressOrNull(stripType(value));
        if (current !== null && address !== null) current.otherRecipients.push(address);
        break;
      }
      case 'status':
        if (/^[245]\.[0-9]{1,3}\.[0-9]{1,3}/.test(value)) target().status = value.split(/\s/)[0] as string;
        break;
      case 'remote-mta':
        target().remoteMta = stripType(value) || null;
        break;
      case 'diagnostic-code':
        target().diagnostic = stripType(value) || null;
        break;
    }
  }
  return dsn;
}

// ---------------------------------------------------------------------------------------------
// SMTP replies in the notice

const REPLY_CODE = /[ \t]*([45][0-9][0-9])(?=[ \t-]|$)/y;
const CODE_WITH_ENHANCED = /(?:^|[\s:;'(])([45][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9])/;
const OPENSMTPD_PREFIX = /^[ \t]{0,12}[^\s<>@]{1,64}@[^\s<>:]{1,255}: /;
const ANY_REPLY_CODE = /[45][0-9][0-9]/;
// "reason: 550 : SPF: ..." (cPanel Exim, bobcares.com), "cudaops.com #550 permanent failure" (Barracuda ESS)
const REPLY_MARKERS = ['said:', 'refused to talk to me:', "returned '", ']:', '>:', 'smtp;', 'SMTP;', 'data:', ' was:', 'reason:', ' #'];

/** Where an SMTP reply begins in `line` (index of its code), or -1. */
function replyStart(line: string): number {
  // no reply code anywhere: most lines of a notice, answered without trying each place a reply may begin
  if (!ANY_REPLY_CODE.test(line)) return -1;
  let lead = 0;
  while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) lead++;
  if (line.startsWith('<<<', lead)) lead += 3;
  else if (line.startsWith('(reason:', lead)) lead += 8;
  else if (line[lead] === "'") lead += 1;
  // the places are tried in order and the first that holds a code wins
  let start = codeAt(line, lead);
  for (let m = 0; start === -1 && m < REPLY_MARKERS.length; m++) {
    const marker = REPLY_MARKERS[m] as string;
    const at = line.indexOf(marker);
    if (at !== -1) start = codeAt(line, at + marker.length);
  }
  if (start !== -1) return start;
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

const ADDRESS = '[^\\s<>()@",;:]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}';
const RECIPIENT_LINES: RegExp[] = [
  // Postfix "<user@example.org>: host ...", qmail "<user@example.org>:", sendmail "<user@example.org>"
  new RegExp(`^[ \\t]{0,12}<(${ADDRESS})>`),
  // Exim "  user@example.org", sendmail, OpenSMTPD "user@example.org: 550 ...", Outlook "user@example.org (user@...)"
  new RegExp(`^[ \\t]{0,12}(${ADDRESS})[ \\t]*(?:\\(|:|$)`),
  // DragonFly "There was an error delivering your mail to <user@example.org>."
  new RegExp(`delivering your mail to <(${ADDRESS})>`, 'i'),
  // sendmail transcript ">>> RCPT To:<user@example.org>"
  new RegExp(`^>>> RCPT TO: ?<(${ADDRESS})>`, 'i'),
];

function recipientOn(line: string): string | null {
  if (line.indexOf('@') === -1) return null;
  for (const pattern of RECIPIENT_LINES) {
    const match = pattern.exec(line);
    if (match !== null) return trimDot(match[1] as string);
  }
  return null;
}

// lines MTAs write after a reply (qmail, sendmail, Exchange), which never continue it
const AFTER_REPLY =
  /^(?:Giving up on|I'm not going to try again|Message could not be delivered|Message will be deleted|Will keep trying|Diagnostic information|Generating server|Remote (?:Server|host)|The (?:original )?message was received)/i;
const LINE_STARTS_REPLY = /^(?:<<<[ \t]?|\(reason:[ \t]*)?[45][0-9][0-9](?:[ \t-]|$)/;
const NEW_ITEM = /^[ \t]*(?:<<<|>>>|-{2,}|={2,}|\*{2,}|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+:[ \t])/;

/**
 * "<user@example.org>: Recipient address rejected: ..." is Postfix smtpd's reject text inside a reply
 * (postconf(5) smtpd_recipient_restrictions), not the next recipient of the notice; wrapped text may
 * break the line right after the address.
 */
function quotesSmtpdReject(line: string, following: string | undefined): boolean {
  const match = /^<[^<>\s]{1,320}>:[ \t]*/.exec(line);
  if (match === null) return false;
  const rest = line.slice(match[0].length) || (following ?? '').trim();
  return /^(?:Recipient|Sender|Relay|Helo|Client|Data)\b/i.test(rest);
}

function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && (line[n] === ' ' || line[n] === '\t')) n++;
  return n;
}

// a line can only start a reply with a code in it, or name a recipient with an "@"
const REPLY_OR_RECIPIENT = /[45][0-9][0-9]|@/g;

function noticeReplies(notice: string): Reply[] {
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
    const parts = [line.slice(start)];
    const code = line.slice(start, start + 3);
    let multiline = line[start + 3] === '-';
    const baseIndent = Math.max(1, indentOf(line));
    let size = parts[0]!.length;
    // lineStart is now the line after; lines read as part of the reply move it on
    for (; lineStart <= notice.length && parts.length < MAX_REPLY_LINES && size < MAX_REPLY_CHARS && !reason; ) {
      const nextEnd = lineEnd(notice, lineStart);
      const next = notice.slice(lineStart, nextEnd);
      if (next.trim() === '') break;
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
      if (
        indentOf(line) === 0 &&
        indentOf(next) === 0 &&
        !LINE_STARTS_REPLY.test(next) &&
        !NEW_ITEM.test(next) &&
        !AFTER_REPLY.test(next) &&
        (recipientOn(next) === null || quotesSmtpdReject(next, nextEnd < notice.length ? notice.slice(nextEnd + 1, lineEnd(notice, nextEnd + 1)) : undefined)) &&
        !RETURNED_MARKER.test(next)
      ) {
        parts.push(next.trim());
        size += next.length;
        lineStart = nextEnd + 1;
        continue;
      }
      break;
    }
    let written = parts.map((part) => part.trim()).join(' ');
    if (reason) written = written.replace(/\)\s*$/, '');
    if (/^'|returned '/.test(before.trim() === '' ? line.slice(0, start) : before)) written = written.replace(/>?'\s*$/, '');
    // sendmail writes its verdict for each recipient after the reply it got ("<<< 501 ..." then "554 <rcpt>...
    // Remote protocol error", sendmail 5; "<rcpt>... Deferred: 450 ..." sendmail 8): that recipient is the reply's
    const verdict = quoted ? SENDMAIL_VERDICT.exec(notice.slice(lineStart, lineEnd(notice, lineStart))) : null;
    replies.push(makeReply(written, verdict !== null ? trimDot(verdict[1] as string) : recipient, false, quoted ? 'transcript' : 'rejection'));
  }
  return replies;
}

/** The end of a Postfix recipient line whose next line is the address it was expanded from. */
const EXPANDED_FROM_END = /\(expanded from[ \t]*$/i;
/** A field label alone on its line, its value on the next (a log's "Sender:" with the address below it). */
const SENDER_LABEL = /^[ \t]{0,12}(?:Sender|From|Envelope sender|Return-Path)[ \t]*:[ \t]*$/i;

/** The address on the line at `at` is the value of the line before it: an alias, or a labelled sender. */
function namesOtherThanRecipient(notice: string, at: number): boolean {
  if (at < 2) return false;
  const previous = notice.slice(Math.max(notice.lastIndexOf('\n', at - 2) + 1, at - 1 - 200), at - 1);
  return EXPANDED_FROM_END.test(previous) || SENDER_LABEL.test(previous);
}
/** sendmail's verdict line for a recipient: "554 <user@example.org>... text" or "<user@example.org>... text". */
const SENDMAIL_VERDICT = new RegExp(`^[ \\t]{0,12}(?:[45][0-9][0-9] )?<(${ADDRESS})>\\.\\.\\. `);

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

function makeReply(text: string, recipient: string | null, fromDsn: boolean, origin: EvidenceSource = fromDsn ? 'dsn' : 'rejection'): Reply {
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

const STATUS = /^([45][0-9][0-9])(?:[ -]+([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.]))?/;

/** "550-5.7.26 ..." -> "550 5.7.26": the reply code and the enhanced status code that follows it (RFC 3463). */
function statusOf(reply: string): string | null {
  const match = STATUS.exec(reply);
  if (match === null) return null;
  return match[2] === undefined ? (match[1] as string) : `${match[1]} ${match[2]}`;
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
  for (const repeat of repeats) rest = rest.split(repeat).join(' ');
  return collapseSpaces(`${match[0]} ${rest}`);
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
/** At most this many wording matches are tried, each on its own line. */
const MAX_CODELESS = 20;

/**
 * Refusals that a receiver's own wording (wordings.ts SPECIFIC_WORDINGS, never a generic row) names where no
 * reply with a code says so: a paste that kept the text and lost the code, or a log that writes the code its own
 * way. The reply is the line of the wording, from the last code before the wording on it (if any).
 */
function codelessReplies(notice: string): Reply[] {
  const replies: Reply[] = [];
  const finder = new RegExp(REFUSAL_WORDING.source, 'gi');
  let searchFrom = 0;
  while (replies.length < MAX_CODELESS && searchFrom < notice.length) {
    finder.lastIndex = searchFrom;
    const match = finder.exec(notice);
    if (match === null) break;
    const start = notice.lastIndexOf('\n', match.index) + 1;
    const end = lineEnd(notice, match.index);
    searchFrom = end + 1;
    const line = notice.slice(start, Math.min(end, start + MAX_REPLY_CHARS));
    const wordingAt = match.index - start;
    let replyAt = 0;
    const codes = new RegExp(LOOSE_CODE.source, LOOSE_CODE.flags);
    for (let code = codes.exec(line); code !== null && code.index < wordingAt; code = codes.exec(line)) {
      replyAt = code.index + (/^[\s#:(]/.test(code[0]) ? 1 : 0);
    }
    const reply = makeReply(line.slice(replyAt), null, false, 'rejection');
    if (reply.status === null) reply.status = BARE_ENHANCED.exec(reply.written)?.[1] ?? null;
    replies.push(reply);
  }
  return replies;
}

// ---------------------------------------------------------------------------------------------
// Facts

function findAuth(reply: Reply, specificOnly = false): AuthMatch | null {
  for (let rank = 0; rank < AUTH_WORDINGS.length; rank++) {
    const row = AUTH_WORDINGS[rank] as AuthWording;
    if (specificOnly && row.generic === true) continue;
    const groups = row.pattern.exec(reply.normalized);
    if (groups === null) continue;
    if (row.generic === true && OTHER_REASON.test(reply.normalized)) continue;
    return { row, rank, groups };
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

function trimDot(value: string): string {
  return value.endsWith('.') ? value.slice(0, -1) : value;
}

const ADDRESS_ONLY = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}$/;
const DOMAIN_ONLY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z0-9-]{1,63}$/;

function addressOrNull(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const address = trimDot(value.trim().replace(/^<|>$/g, ''));
  return ADDRESS_ONLY.test(address) ? address : null;
}

function domainOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const domain = trimDot(value.trim());
  return DOMAIN_ONLY.test(domain) && /[A-Za-z]/.test(domain) ? domain : null;
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

/** The client IP a refusal names; never the refusing host's own (`mx.example.com [192.0.2.1]`). */
function ipInReply(text: string): string | null {
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
    return mention.ip;
  }
  return null;
}

const HOST_NAME = '([A-Za-z0-9][A-Za-z0-9.-]{0,252})';
const REMOTE_HOST: RegExp[] = [
  new RegExp(`\\bhost ${HOST_NAME} ?\\[`),
  new RegExp(`while talking to ${HOST_NAME}\\.?:`),
  new RegExp(`^${HOST_NAME} \\[[0-9A-Fa-f.:]{2,45}\\] did not like`, 'm'),
];
const REPORTING_HOST: RegExp[] = [
  new RegExp(`mail system at host ${HOST_NAME}`),
  new RegExp(`Postfix program at host ${HOST_NAME}`),
  new RegExp(`qmail-send program at ${HOST_NAME}`),
  new RegExp(`Mail Agent[^\\n]{0,40}? at ${HOST_NAME}`),
  new RegExp(`Generating server: ${HOST_NAME}`),
];

function firstCapture(patterns: RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return trimDot(match[1] as string);
  }
  return null;
}

function receiverOf(remoteMta: string | null, wordingReceiver: string | null, rejection: string): string | null {
  if (remoteMta !== null) {
    const host = remoteMta.toLowerCase();
    for (const row of RECEIVERS) {
      if (row.hosts.some((suffix) => host === suffix || host.endsWith('.' + suffix))) return row.id;
    }
  }
  if (wordingReceiver !== null) return wordingReceiver;
  const lower = rejection.toLowerCase();
  for (const row of RECEIVERS) {
    if (row.markers.some((marker) => lower.indexOf(marker) !== -1)) return row.id;
  }
  return null;
}

function sameAddress(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toLowerCase() === b.toLowerCase();
}

/** Reads the facts from a bounce cut into parts. */
export function readParts(parts: BounceParts): BounceFacts {
  const facts = emptyFacts();
  const dsn = parseDsn(parts.deliveryStatus !== '' ? parts.deliveryStatus : parts.notice);
  const dsnReplies: Reply[] = [];
  for (const entry of dsn.recipients) {
    if (entry.diagnostic !== null) dsnReplies.push(makeReply(entry.diagnostic, entry.finalRecipient, true));
  }
  const replies = [...dsnReplies, ...noticeReplies(parts.notice)].filter((reply) => reply.status !== null);

  let main: Reply | null = null;
  let auth: AuthMatch | null = null;
  const authReplies: Reply[] = [];
  for (const reply of replies) {
    const match = findAuth(reply);
    if (match === null) continue;
    authReplies.push(reply);
    if (auth === null || match.rank < auth.rank || (match.rank === auth.rank && main !== null && reply.normalized.length > main.normalized.length)) {
      auth = match;
      main = reply;
    }
  }
  if (auth === null) {
    // no reply with a code names an authentication refusal: a receiver's own wording without one may
    for (const reply of codelessReplies(parts.notice)) {
      const match = findAuth(reply, true);
      if (match === null || (auth !== null && match.rank >= auth.rank)) continue;
      if (!authReplies.includes(reply)) authReplies.push(reply);
      auth = match;
      main = reply;
    }
  }
  if (main === null) main = dsnReplies.find((reply) => reply.status !== null) ?? replies[0] ?? null;

  // which delivery-status entry the main refusal belongs to
  let entry: DsnRecipient | null = null;
  if (main !== null) {
    entry =
      dsn.recipients.find((candidate) => sameAddress(candidate.finalRecipient, main!.recipient) || candidate.otherRecipients.some((other) => sameAddress(other, main!.recipient))) ??
      null;
  }
  if (entry === null && dsn.recipients.length === 1) entry = dsn.recipients[0] as DsnRecipient;

  if (main !== null) {
    facts.status = main.status;
    facts.rejection = [main.written];
    for (const reply of authReplies) {
      if (!facts.rejection.includes(reply.written) && !authReplies.some((other) => other !== reply && other.normalized.length > reply.normalized.length && other.normalized.indexOf(reply.normalized) !== -1)) {
        if (reply !== main && main.normalized.indexOf(reply.normalized) === -1) facts.rejection.push(reply.written);
      }
    }
  }
  facts.recipient = entry?.finalRecipient ?? main?.recipient ?? addressOrNull(/^X-Failed-Recipients:[ \t]*([^\s,]{1,320})/im.exec(parts.headers)?.[1]) ?? null;
  facts.dsnStatus = entry?.status ?? null;
  facts.reportingMta = dsn.reportingMta !== null ? trimDot(dsn.reportingMta) : firstCapture(REPORTING_HOST, parts.notice);
  facts.remoteMta = entry?.remoteMta ?? firstCapture(REMOTE_HOST, parts.notice);

  let identity: string | null = null;
  if (main !== null) {
    const text = main.normalized;
    if (auth !== null) {
      facts.authFailure = true;
      facts.mechanism = mechanismOf(auth, text);
      const { row, groups } = auth;
      if (row.domain !== undefined) facts.domain = domainOrNull(groups[row.domain]);
      let helo = false;
      if (row.identity !== undefined && groups[row.identity] !== undefined) {
        facts.domain = identityDomain(groups[row.identity] as string);
        // policyd-spf "s=helo" names the HELO identity (RFC 7208 section 2.3), "s=mfrom" the envelope sender
        helo = row.helo === true || /\bs=helo\b/i.test(text);
        if (!helo) identity = identityAddress(groups[row.identity] as string);
      }
      // DMARC checks the header From domain (RFC 7489 section 3.1), SPF the MAIL FROM or HELO domain (RFC 7208 section 2.4)
      if (facts.domain === null) facts.domainRole = null;
      else if (row.headerFrom === true || facts.mechanism === 'dmarc') facts.domainRole = 'header-from';
      else if (facts.mechanism === 'spf') facts.domainRole = helo || row.helo === true ? 'helo' : 'mail-from';
      if (row.ip !== undefined && groups[row.ip] !== undefined) facts.ip = parseIp(groups[row.ip] as string);
    }
    if (facts.ip === null) facts.ip = ipInReply(text);
  }
  // an authentication failure report (RFC 6591): its part, or its fields in a text read whole
  const feedback =
    feedbackReportFacts(parts.feedbackReport ?? '') ?? feedbackReportFacts(parts.notice) ?? feedbackReportFacts(parts.returned) ?? feedbackNoticeFacts(parts.notice);
  // every other part: the transcript, the receiver's own header fields, the returned headers (evidence.ts)
  const gathered = gatherEvidence({
    feedback,
    notice: parts.notice,
    returned: parts.returned,
    reply: main === null ? null : { source: main.origin, ip: facts.ip, domain: facts.domain, domainRole: facts.domainRole ?? null, sender: identity },
    authFailure: facts.authFailure,
    mechanism: facts.mechanism,
    remoteMta: facts.remoteMta ?? null,
    dsnSender: dsn.postfixSender,
  });
  facts.ip = gathered.ip;
  facts.domain = gathered.domain;
  facts.domainRole = gathered.domainRole;
  facts.sender = gathered.sender;
  facts.evidence = gathered.evidence;
  facts.quotes = parts.quoteSources === undefined ? {} : quoteEvidence(facts, parts.quoteSources);
  facts.evidenceConflicts = gathered.evidenceConflicts;
  facts.headerFrom = gathered.headerFrom;
  facts.dkim = gathered.dkim;
  facts.returnedSubject = gathered.returnedSubject;
  facts.returnedDate = gathered.returnedDate;
  if (facts.recipient === null) facts.recipient = gathered.logRecipient;
  if (facts.dsnStatus === null) facts.dsnStatus = gathered.logDsn;
  facts.receiver = receiverOf(facts.remoteMta ?? null, auth?.row.receiver ?? null, main?.normalized ?? '');

  if (dsn.recipients.length > 0) {
    facts.recipients = dsn.recipients.map((candidate): RefusedRecipient => {
      const reply = candidate.diagnostic === null ? null : makeReply(candidate.diagnostic, candidate.finalRecipient, true);
      return { recipient: candidate.finalRecipient, status: reply?.status ?? null, diagnostic: reply?.written ?? null, dsnStatus: candidate.status };
    });
  } else {
    const byRecipient = new Map<string, RefusedRecipient>();
    // a refusal read without a reply code (codelessReplies) is one of them too
    for (const reply of main !== null && !replies.includes(main) ? [...replies, main] : replies) {
      const key = (reply.recipient ?? '').toLowerCase();
      if (!byRecipient.has(key)) byRecipient.set(key, { recipient: reply.recipient, status: reply.status, diagnostic: reply.written, dsnStatus: null });
    }
    facts.recipients = [...byRecipient.values()];
  }
  return facts;
}

/** The patterns this module builds at load time, for the per-pattern linear-time check (test/bounce/regex-linear.test.ts). */
export const BUILT_PATTERNS: readonly RegExp[] = [RETURNED_MARKER_LINE, DSN_FIELD_LINE, ...RECIPIENT_LINES, ...REMOTE_HOST, ...REPORTING_HOST];
