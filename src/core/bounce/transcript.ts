/**
 * The SMTP dialogue as a report or a log shows it: the commands the sending MTA gave (RFC 5321 section 4.1.1:
 * `MAIL FROM:<reverse-path>`, `RCPT TO:<forward-path>`) and, in Postfix's logs (postconf(5), the
 * `postfix/smtp` delivery lines and the `postfix/smtpd` reject lines), the queue ID, `to=<>`, `from=<>`,
 * `dsn=` and the client `name[address]`; in Exim's, the rejection lines (`H=`, `F=<>`, `rejected RCPT <>: ...`).
 * Read by one search per kind over the notice; every pattern is bounded.
 */
import { parseIp } from './ip';
import { lineEnd } from './line';

const ADDRESS = '[^\\s<>()@",;:]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}';
const ADDRESS_ONLY = /^[^\s@<>()",;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z0-9-]{1,63}$/;

function address(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.endsWith('.') ? value.slice(0, -1) : value;
  // RFC 5321 section 4.5.5: a report's own envelope sender is empty or MAILER-DAEMON, never the original's
  return ADDRESS_ONLY.test(trimmed) && !/^mailer-daemon@/i.test(trimmed) ? trimmed : null;
}

// sendmail ">>> MAIL From:<a@example.org> SIZE=123", Exim "SMTP error from remote mail server after
// MAIL FROM:<a@example.org> SIZE=1543:" (both name the command the reply answered)
const MAIL_FROM = new RegExp(`MAIL FROM: ?<(${ADDRESS})>`, 'i');

/** The reverse-path of the `MAIL FROM` command the transcript shows, or null. */
export function transcriptMailFrom(notice: string): string | null {
  return address(MAIL_FROM.exec(notice)?.[1]);
}

export interface MtaLogFacts {
  /** the envelope sender: `from=<...>` of the refused message's queue ID, or of the smtpd reject line */
  sender: string | null;
  /** `to=<...>` of the bounced or deferred delivery, or of the smtpd reject line */
  recipient: string | null;
  /** `dsn=5.7.26` of the delivery line (the status Postfix put in the report) */
  dsn: string | null;
  /** the client the receiving smtpd (or cleanup, for a milter) refused: `reject: RCPT from name[address]:` */
  clientIp: string | null;
}

// "postfix/smtp[1322]: A4978C12E6: to=<a@example.org>, relay=..., dsn=5.7.26, status=bounced (...)"; a
// pasted entry may be broken over lines, up to the next log entry
const DELIVERY_LINE = /postfix[\w./-]{0,40}\/(?:smtp|lmtp|local|virtual|pipe)\[[0-9]{1,10}\]: ([0-9A-Za-z]{5,20}): to=<([^<>\n]{0,320})>(?:(?!postfix)[^]){0,2000}?\bstatus=(?:bounced|deferred|undeliverable)/;
// "postfix/smtpd[698622]: NOQUEUE: reject: RCPT from name[2001:db8::1]: 550 ...; from=<a@x> to=<b@y> proto=ESMTP",
// and a milter's refusal after the message was read, which Postfix's cleanup logs in the same form (cleanup_milter.c:
// "62B3E583B1: milter-reject: END-OF-MESSAGE from name[192.0.2.1]: 5.7.1 ...; from=<a@x> to=<b@y> proto=ESMTP")
// The log line's own head ("postfix/smtpd[698622]: ") is not needed: a paste may break the line after it or leave it out,
// and "QUEUEID: reject: STAGE from name[address]: " is Postfix's form alone. The pattern ends at the client address:
// the rest of the line is cut with indexOf (a closing [^\n]{0,4000} re-read up to 4000 characters from every place
// the pattern matched)
// the client's address, or what a paste put in its place ("unknown[redacted]"): the line is read, the address is not
const REJECT_LINE = /(?:^|[\s:\]])(?:NOQUEUE|[0-9A-Za-z]{5,20}): (?:milter-)?reject: [A-Z-]{2,20} from ([^\s[\]]{0,255})\[([^\s[\]]{1,45})\](?::[0-9]{1,5})?: /;
/** The most of a reject line read after the client address (RFC 5321 section 4.5.3.1.5: a reply line is 512 octets). */
const REJECT_LINE_REST = 4000;

/** The most of a delivery line's reason read after its status (RFC 5321 section 4.5.3.1.5: a reply line is 512 octets). */
const DELIVERY_REASON_CHARS = 2000;

/** A Postfix delivery line that bounced or deferred a message: its queue ID, recipient, `dsn=` and the reason after it. */
export interface PostfixDelivery {
  queueId: string;
  recipient: string | null;
  dsn: string | null;
  /** what the line says after `status=...` in brackets ("(host ... said: 550 ...)"), or null */
  reason: string | null;
}

/** The first Postfix delivery line of the text that bounced or deferred a message, or null. */
export function postfixDelivery(text: string): PostfixDelivery | null {
  if (text.indexOf('postfix') === -1) return null;
  const delivery = DELIVERY_LINE.exec(text);
  if (delivery === null) return null;
  const after = delivery.index + delivery[0].length;
  const rest = text.slice(after, after + DELIVERY_REASON_CHARS);
  return {
    queueId: delivery[1] as string,
    recipient: address(delivery[2]),
    dsn: /\bdsn=([245]\.[0-9]{1,3}\.[0-9]{1,3})\b/.exec(delivery[0])?.[1] ?? null,
    reason: /^ \(([^\n]*?)\)?[ \t]*(?:\n|$)/.exec(rest)?.[1] ?? null,
  };
}

/**
 * Exim's log of a refusal it gave (Exim specification, chapter "Log files", "Rejection log": "H=<name> [<address>] ...
 * F=<sender> rejected RCPT <recipient>: <message>", and "rejected MAIL <sender>", "rejected after DATA", "temporarily
 * rejected ..."): the host it refused by its address, the envelope sender, and the message its ACL answered, logged
 * without the reply code.
 */
export interface EximRejection {
  clientIp: string | null;
  sender: string | null;
  recipient: string | null;
  message: string;
}

/** The fields of Exim's log line before " rejected ": "H=name (helo) [address]:port", then "F=<sender>" (bounded). */
const EXIM_HOST = /\bH=(?:[^\s[\]]{1,255} )?(?:\([^()\n]{0,255}\) )?\[([0-9A-Fa-f:.]{2,45})\](?::[0-9]{1,5})?[^\n]{0,400}? F=<([^<>\s]{0,320})>$/;
const EXIM_REJECTED = /^ (?:temporarily )?rejected (?:RCPT <([^<>\s]{0,320})>|MAIL <[^<>\s]{0,320}>|after DATA|(?:EHLO|HELO) \S{0,255}): /;
/** The most of a rejection's message read (RFC 5321 section 4.5.3.1.5: a reply line is 512 octets). */
const EXIM_MESSAGE_CHARS = 1000;
/** At most this many places " rejected " stands are read (each reads one line's fields, a bounded window). */
const MAX_EXIM_REJECTIONS = 50;

/** Exim's rejection log lines in the text, in order. */
export function eximRejections(text: string): EximRejection[] {
  const rejections: EximRejection[] = [];
  let tried = 0;
  for (let at = text.indexOf(' rejected '); at !== -1 && tried++ < MAX_EXIM_REJECTIONS; at = text.indexOf(' rejected ', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    // "temporarily rejected": the fields end before the word
    const fieldsEnd = text.slice(Math.max(lineStart, at - 12), at) === ' temporarily' ? at - 12 : at;
    const host = EXIM_HOST.exec(text.slice(Math.max(lineStart, fieldsEnd - 1200), fieldsEnd));
    if (host === null) continue;
    const rest = EXIM_REJECTED.exec(text.slice(fieldsEnd, fieldsEnd + 400));
    if (rest === null) continue;
    const from = fieldsEnd + rest[0].length;
    const message = text.slice(from, Math.min(lineEnd(text, from), from + EXIM_MESSAGE_CHARS)).trim();
    if (message === '') continue;
    rejections.push({ clientIp: parseIp(host[1] as string), sender: address(host[2]), recipient: address(rest[1]), message });
  }
  return rejections;
}

/**
 * sendmail's log of a refusal by one of its check rulesets ("sm-mta[18136]: ruleset=check_relay, arg1=[192.0.2.4],
 * arg2=192.0.2.4, relay=[192.0.2.4], reject=421 4.3.2 Connection rate limit exceeded."; "ruleset=check_mail,
 * arg1=<a@example.org>, relay=name [192.0.2.4], reject=550 5.7.1 ..."): the relay of a check_* ruleset is the SMTP client
 * it refused (in a delivery line, "to=..., relay=", it is the host sendmail delivered to, and is not read), and the
 * check_mail argument is the envelope sender.
 */
const SENDMAIL_REJECT = /\bruleset=check_([a-z]{1,20}), arg1=([^\s,]{1,330})[^\n]{0,400}?, relay=(?:[^\s[\],]{1,255} )?\[([0-9A-Fa-f:.]{2,45})\](?: \(may be forged\))?, reject=[45]/;

/** The log lines the reader takes replies from too (replies.ts), read once per bounce and shared with mtaLogFacts. */
export interface MtaLogLines {
  delivery: PostfixDelivery | null;
  exim: EximRejection[];
}

export function mtaLogLines(text: string): MtaLogLines {
  return { delivery: postfixDelivery(text), exim: eximRejections(text) };
}

/**
 * What the MTA log lines in a pasted text say about the refused message: Postfix's delivery line (with the qmgr line of
 * its queue ID) or smtpd reject line, else sendmail's ruleset reject line, else Exim's first rejection line; every field
 * null when there are none.
 */
export function mtaLogFacts(text: string, lines: MtaLogLines): MtaLogFacts {
  const facts: MtaLogFacts = { sender: null, recipient: null, dsn: null, clientIp: null };
  const { delivery } = lines;
  if (delivery !== null) {
    facts.recipient = delivery.recipient;
    facts.dsn = delivery.dsn;
    // the qmgr line of the same queue ID: "A4978C12E6: from=<a@example.org>, size=..."
    const from = new RegExp(`\\b${delivery.queueId}: from=<(${ADDRESS})?>`).exec(text);
    facts.sender = address(from?.[1]);
    return facts;
  }
  const reject = text.indexOf('reject: ') === -1 ? null : REJECT_LINE.exec(text);
  if (reject !== null) {
    facts.clientIp = parseIp(reject[2] as string);
    const from = reject.index + reject[0].length;
    const line = reject[0] + text.slice(from, Math.min(lineEnd(text, from), from + REJECT_LINE_REST));
    // Postfix writes "from=<a@example.org>"; a page that rendered the line as HTML took the brackets for a tag
    const sender = /; from=(?:<([^<>\s]{0,320})>|([^<>\s;]{1,320}))/.exec(line);
    const recipient = / to=(?:<([^<>\s]{0,320})>|([^<>\s;]{1,320}))/.exec(line);
    facts.sender = address(sender?.[1] ?? sender?.[2]);
    facts.recipient = address(recipient?.[1] ?? recipient?.[2]);
    return facts;
  }
  const ruleset = text.indexOf('ruleset=check_') === -1 ? null : SENDMAIL_REJECT.exec(text);
  if (ruleset !== null) {
    facts.clientIp = parseIp(ruleset[3] as string);
    if (ruleset[1] === 'mail') facts.sender = address((ruleset[2] as string).replace(/^<|>$/g, ''));
    return facts;
  }
  const exim = lines.exim[0];
  if (exim !== undefined) {
    facts.clientIp = exim.clientIp;
    facts.sender = exim.sender;
    facts.recipient = exim.recipient;
  }
  return facts;
}

/**
 * A receiving system's log shown as a page, with labelled fields (one row per layout, found by its marker): the
 * client address the receiver saw and the envelope sender. The receiver wrote these, like a reject log line.
 */
interface LogLayout {
  name: string;
  marker: string;
  clientIp?: RegExp;
  /** the sender address as group 1: after a label that must start its line, or anywhere (`label` null) */
  sender?: { label: string | null; pattern: RegExp };
}

const LOG_LAYOUTS: LogLayout[] = [
  // Google Workspace Admin console, Email Log Search, message details (support.google.com/a/answer/2618876: the
  // message's "Sender", and its delivery history steps, "Received from an SMTP server with IP address: ...
  // (TLS enabled)"); the label stands on its own line with the address below it (gayt.blogspot.com 2021/09
  // "DMARC policy 550 5.7.26", a log copied with its HTML; corpus excerpt)
  {
    name: 'google-admin-email-log-search',
    marker: 'Received from an SMTP server with IP address:',
    clientIp: /Received from an SMTP server with IP address:[ \t]{0,8}([0-9A-Fa-f:.]{2,45})/,
    sender: { label: 'Sender:', pattern: new RegExp(`^Sender:[ \\t]{0,8}\\n[ \\t]{0,12}<?(${ADDRESS})>?[ \\t]*(?:\\n|$)`) },
  },
  // maddy's log, one JSON object per event after its name (foxcpp/maddy framework/log: "smtp: incoming message\t{...}"):
  // the connection's "src_ip" ("192.0.2.1:57053", "[2001:db8::1]:25") and the MAIL FROM "sender" of the message that a
  // check refused in a later "smtp: DATA error" event (foxcpp/maddy#485, #487, #627)
  {
    name: 'maddy-log',
    marker: 'smtp: incoming message',
    clientIp: /"src_ip":"\[?([0-9A-Fa-f:.]{2,45}?)\]?(?::[0-9]{1,5})?"/,
    sender: { label: null, pattern: new RegExp(`"sender":"(${ADDRESS})"`) },
  },
  // Mailgun's event record (Events API and webhooks, a "failed" event with its "delivery-status"): its "envelope" names
  // the MAIL FROM it sent and the address it sent from, {"transport": "smtp", "sender": "...", "sending-ip": "...",
  // "targets": "..."} (documentation.mailgun.com, Events; the Envelope type of Mailgun's API clients)
  {
    name: 'mailgun-event',
    marker: '"sending-ip"',
    clientIp: /"sending-ip":[ \t]{0,8}"([0-9A-Fa-f:.]{2,45})"/,
    sender: { label: null, pattern: new RegExp(`"envelope":[ \\t\\n]{0,40}\\{[^{}]{0,400}?"sender":[ \\t]{0,8}"(${ADDRESS})"`) },
  },
];

/** What a receiver's or a sending service's log layout in the text says (every field null when the text has none). */
export function logLayoutFacts(text: string): { sender: string | null; clientIp: string | null } {
  for (const layout of LOG_LAYOUTS) {
    if (text.indexOf(layout.marker) === -1) continue;
    const ip = layout.clientIp?.exec(text)?.[1];
    let sender: string | null = null;
    if (layout.sender?.label === null) sender = address(layout.sender.pattern.exec(text)?.[1]);
    else if (layout.sender !== undefined) {
      // the label at the start of a line, each place it stands tried once
      for (let at = text.indexOf(layout.sender.label); at !== -1 && sender === null; at = text.indexOf(layout.sender.label, at + 1)) {
        if (at > 0 && text[at - 1] !== '\n') continue;
        sender = address(layout.sender.pattern.exec(text.slice(at, at + 400))?.[1]);
      }
    }
    return { sender, clientIp: ip === undefined ? null : parseIp(ip) };
  }
  return { sender: null, clientIp: null };
}
