/**
 * What says that a line is a receiver's refusal where no reply code opens it, so that a generic wording counts on it
 * as in a reply with a code (wordings.ts: a generic row alone, "failed SPF", is no refusal). Shared by the reader
 * (replies.ts codelessReplies, facts.ts) and the pre-filter (prefilter-rules.ts), which must not take the table.
 */

/**
 * Postfix smtpd's reject text, "<reply code> <status> <name>: <class> rejected: <reason>" (smtpd_check.c), whose class
 * names are fixed (smtpd_check_int.h SMTPD_NAME_CLIENT "Client host", SMTPD_NAME_HELO "Helo command",
 * SMTPD_NAME_SENDER "Sender address", SMTPD_NAME_RECIPIENT "Recipient address", SMTPD_NAME_DATA "Data command",
 * SMTPD_NAME_EOD "End-of-data"; "Unverified Client host" for reject_unverified_client_hostname): the reason after it
 * is the receiver's, where a paste cut the code before it ("Recipient address rejected: Failed SPF check").
 */
export const POSTFIX_REJECT_TEXT = /\b(?:Client host|Helo command|Sender address|Recipient address|Data command|End-of-data) rejected: /i;

/**
 * An enhanced status code that opens a line, followed by its text: RFC 3463 section 2 codes are the first thing of an
 * SMTP reply's text (RFC 2034 section 4, on each of its lines), and a notice, a log or a dashboard that drops the basic
 * code keeps the reply from there ("4.5.1 Temporary DNS error while checking SPF record", "5.7.1 rejected by DMARC
 * policy"). Only classes 4 and 5 refuse. Quote marks may stand before it where the text is not normalised (the
 * pre-filter reads the page's text as it is).
 */
export const STATUS_OPENS_LINE = /^[ \t>]{0,12}[45]\.[0-9]{1,3}\.[0-9]{1,3}[ \t:]/;

/** Either of the above on a line. */
export function framesRefusal(line: string): boolean {
  return STATUS_OPENS_LINE.test(line) || POSTFIX_REJECT_TEXT.test(line);
}
