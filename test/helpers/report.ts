/**
 * A bounce as a multipart/report (RFC 6522 section 3, RFC 3464): the notice a person reads, an optional
 * message/delivery-status part, and the returned message (whole, `message/rfc822`) or its header
 * (`text/rfc822-headers`). CRLF line ends, as mail is written. One builder for the tests that need a raw report.
 */
export interface ReportParts {
  /** the report's own From (default a Postfix MAILER-DAEMON) */
  from?: string;
  to?: string;
  subject?: string;
  notice: string[];
  /** the delivery-status fields, per-message then per-recipient (a blank line between), or none */
  deliveryStatus?: string[];
  /** what the bounce returns: a header block or a whole message, and its part's type */
  returned?: { type: 'text/rfc822-headers' | 'message/rfc822'; content: string };
}

export function multipartReport(parts: ReportParts): string {
  const lines = [
    `From: ${parts.from ?? 'MAILER-DAEMON@mail.shop.example (Mail Delivery System)'}`,
    ...(parts.to === undefined ? [] : [`To: ${parts.to}`]),
    `Subject: ${parts.subject ?? 'Undelivered Mail Returned to Sender'}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    ...parts.notice,
    '',
  ];
  if (parts.deliveryStatus !== undefined) lines.push('--B', 'Content-Type: message/delivery-status', '', ...parts.deliveryStatus, '');
  if (parts.returned !== undefined) lines.push('--B', `Content-Type: ${parts.returned.type}`, '', parts.returned.content, '');
  lines.push('--B--', '');
  return lines.join('\r\n');
}

/**
 * A Postfix notice (as a webmail shows it, LF line ends) for Gmail's DMARC refusal of a message from shop.example
 * relayed to mx.google.com, with the returned message's `returned` lines below the copy line.
 */
export function postfixGmailDmarcNotice(returned: string[]): string {
  return [
    'This is the mail system at host mail.shop.example.',
    '',
    "<bob@receiver.example>: host mx.google.com[192.0.2.25] said: 550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy. 550 5.7.26 a1si - gsmtp (in reply to end of DATA command)",
    '',
    '--- Below this line is a copy of the message.',
    '',
    ...returned,
  ].join('\n');
}

/** A receiver's notice with the refusal (`reply`), and the returned message's header (`returned`), as plain text. */
export function authNotice(reply: string[], returned: string[]): string {
  return [
    'From: Mail Delivery Subsystem <mailer-daemon@bounces.example>',
    'To: ann@shop.example',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '',
    'The response from the remote server was:',
    ...reply,
    '',
    '----- Original message -----',
    '',
    ...returned,
    '',
    'Hello',
    '',
  ].join('\n');
}

/** A folded DKIM-Signature field of `d` and `s` (its b= and bh= are placeholders). */
export function dkimSignature(d: string, s: string): string[] {
  return [`DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${d}; s=${s};`, ' h=from:to:subject:date; bh=YmFk; b=YmFk'];
}

/** The returned message's header: Return-Path, the signatures, From, To, Subject, Date. */
export function returnedHeader(from: string, returnPath: string, dkim: string[][]): string[] {
  return [`Return-Path: <${returnPath}>`, ...dkim.flat(), `From: Ann <${from}>`, 'To: bob@receiver.example', 'Subject: Order 1234', 'Date: Mon, 2 Jun 2025 10:00:00 +0000'];
}
