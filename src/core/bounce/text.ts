/**
 * Plain text cut into the parts each fact is read from: the report's header block, the notice a person reads,
 * a delivery-status part, the returned original. A raw message is cut by mime.ts; pasted text, or a message
 * read as text, here.
 */
import type { QuoteSource } from './quotes';

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
  /** the whole returned original as octets, when a MIME part carries it with its body (for DKIM verification) */
  returnedMessage?: string | null;
  /** the `message/feedback-report` part of an RFC 6591 authentication failure report (absent or '' when none) */
  feedbackReport?: string;
  /** the texts the parts were cut from, normalised, with their originals: where quotes.ts finds the words of each fact */
  quoteSources?: QuoteSource[];
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
export const CONTINUATION = /^[ \t]/;
// (Microsoft 365's NDR sums the message up under "Original Message Details" (created date, sender, recipient, subject)
// and quotes the refusal under "Error Details" after it: the copy of the message starts at "Original Message Headers";
// Microsoft Learn "Email non-delivery reports and SMTP errors in Exchange Online", What's included in an NDR)
export const RETURNED_MARKER =
  /^[ \t]{0,12}[-=_*]{0,20}[ \t]{0,4}(?:(?:below|enclosed|attached)\b[^\n]{0,40}?\bcopy of\b|(?:this is )?a copy of the (?:original )?message|(?:original|returned|unsent|undelivered|rejected) message\b(?![ \t]{1,4}details\b)|message headers? follows?|original message headers|content-type:[ \t]{0,4}(?:message\/rfc822|text\/rfc822-headers))/i;

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
export const RETURNED_MARKER_LINE = new RegExp(`(?:^|\\n)(?:${RETURNED_MARKER.source.slice(1)})`, RETURNED_MARKER.flags);

/** The notice, and from the first "copy of the message follows" line on, the returned original. */
export function splitAtReturned(body: string): { notice: string; returned: string } {
  const match = RETURNED_MARKER_LINE.exec(body);
  if (match === null) return { notice: body, returned: '' };
  const offset = match[0].startsWith('\n') ? match.index + 1 : match.index;
  return { notice: body.slice(0, offset), returned: body.slice(offset) };
}
