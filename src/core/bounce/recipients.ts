/** The recipient a notice names on a line of its own, and the lines that name an address that is not one. */
import { ADDRESS, trimDot } from './addresses';

/** The lines that name the recipient the replies below them belong to. */
export const RECIPIENT_LINES: RegExp[] = [
  // Postfix "<user@example.org>: host ...", qmail "<user@example.org>:", sendmail "<user@example.org>"
  new RegExp(`^[ \\t]{0,12}<(${ADDRESS})>`),
  // Exim "  user@example.org", sendmail, OpenSMTPD "user@example.org: 550 ...", Outlook "user@example.org (user@...)"
  new RegExp(`^[ \\t]{0,12}(${ADDRESS})[ \\t]*(?:\\(|:|$)`),
  // DragonFly "There was an error delivering your mail to <user@example.org>."
  new RegExp(`delivering your mail to <(${ADDRESS})>`, 'i'),
  // sendmail transcript ">>> RCPT To:<user@example.org>"
  new RegExp(`^>>> RCPT TO: ?<(${ADDRESS})>`, 'i'),
];

export function recipientOn(line: string): string | null {
  if (line.indexOf('@') === -1) return null;
  for (const pattern of RECIPIENT_LINES) {
    const match = pattern.exec(line);
    if (match !== null) return trimDot(match[1] as string);
  }
  return null;
}

/**
 * "<user@example.org>: Recipient address rejected: ..." is Postfix smtpd's reject text inside a reply
 * (postconf(5) smtpd_recipient_restrictions), not the next recipient of the notice; wrapped text may
 * break the line right after the address.
 */
export function quotesSmtpdReject(line: string, following: string | undefined): boolean {
  const match = /^<[^<>\s]{1,320}>:[ \t]*/.exec(line);
  if (match === null) return false;
  const rest = line.slice(match[0].length) || (following ?? '').trim();
  return /^(?:Recipient|Sender|Relay|Helo|Client|Data)\b/i.test(rest);
}

/** The end of a Postfix recipient line whose next line is the address it was expanded from. */
const EXPANDED_FROM_END = /\(expanded from[ \t]*$/i;
/** A field label alone on its line, its value on the next (a log's "Sender:" with the address below it). */
const SENDER_LABEL = /^[ \t]{0,12}(?:Sender|From|Envelope sender|Return-Path)[ \t]*:[ \t]*$/i;

/** The address on the line at `at` is the value of the line before it: an alias, or a labelled sender. */
export function namesOtherThanRecipient(notice: string, at: number): boolean {
  if (at < 2) return false;
  const previous = notice.slice(Math.max(notice.lastIndexOf('\n', at - 2) + 1, at - 1 - 200), at - 1);
  return EXPANDED_FROM_END.test(previous) || SENDER_LABEL.test(previous);
}

/** sendmail's verdict line for a recipient: "554 <user@example.org>... text" or "<user@example.org>... text". */
export const SENDMAIL_VERDICT = new RegExp(`^[ \\t]{0,12}(?:[45][0-9][0-9] )?<(${ADDRESS})>\\.\\.\\. `);
