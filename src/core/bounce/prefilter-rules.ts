/**
 * The pre-filter's rules: the one test that tells a bounce (non-delivery report) from any other message before its
 * text leaves the page. The content script sends a message body to the background only when a rule here passes it.
 * Strict enough that ordinary mail (which may well talk about "delivery", "SMTP" or "SPF") is never sent, loose
 * enough that every bounce of test/fixtures/bounce-corpus passes as a webmail shows it (the notice alone, without
 * headers). readBounceText decides what the bounce says; this only decides whether to ask it.
 *
 * The receivers' wordings (wordings.ts) come in as a parameter: they are most of the content script's size, so the
 * content script asks the background for them on the first text that holds a keyword of them (README, "Speed and
 * size"); prefilter.ts gives them from the table. Nothing here imports the table.
 * One row per telltale; adding a wording is adding a row.
 */
import { framesRefusal } from './frames';
import { lineEnd } from './line';
import { holdsStatus } from './unfold';

export interface BounceMarker {
  name: string;
  pattern: RegExp;
}

/** The format rows: what a bounce's form says, without the receivers' wordings (prefilter.ts adds their row). */
export const FORMAT_MARKERS: readonly BounceMarker[] = [
  // RFC 3463 section 2: an SMTP reply code followed by an enhanced status code, as quoted in reports
  // (wrapped reports break the line between the two: "said: 550\n    5.7.1"). The blanks are bounded: written
  // [ \t]*(?:-|\r?\n)?[ \t]*, the two runs share every blank and one "550" before 20k blanks tried each split
  // of them (478 ms per change of a page)
  // qmail-send's log writes the blank between them as "_" ("Remote_host_said:_550_5.7.1_...", qmail-send.c)
  { name: 'smtp-status', pattern: /\b[45]\d\d(?:-|_|[ \t]{1,8}|[ \t]{0,8}\r?\n[ \t]{0,40})[45]\.\d{1,3}\.\d{1,3}(?![0-9])/i },
  // qmail's reply: the enhanced status code at its end, "451 SPF lookup failure (#4.3.0)", "553 sorry, ... (#5.7.1)"
  // (qmail-smtpd.c): found from the rare "(#", the reply code before it on its line looked back for
  { name: 'qmail-status', pattern: /\(#[45]\.\d{1,3}\.\d{1,3}\)(?<=\b[45]\d\d[ -][^\n]{0,300}\(#[45]\.\d{1,3}\.\d{1,3}\))/i },
  // Postfix's delivery log line with the status it reported (postconf(5): "...: to=<a@example.org>, relay=..., dsn=5.7.26,
  // status=bounced"), where that status is one RFC 7372 registers for a failed authentication check: a line cut before
  // the reply, or logged without one, says no more (replies.ts postfixDeliveryReply)
  { name: 'postfix-auth-dsn', pattern: /\bdsn=[45]\.7\.2[0-46], status=(?:bounced|deferred|undeliverable)\b/ },
  // Exim's log of a refusal it gave: "H=name [192.0.2.1] F=<sender> rejected RCPT <recipient>: message" (Exim
  // specification, "Log files"; transcript.ts eximRejections)
  { name: 'exim-rejection', pattern: / F=<[^<>\s]{0,320}> (?:temporarily )?rejected (?:RCPT <|MAIL <|after DATA\b)/ },
  // RFC 3464 section 2.3.6: the delivery-status field that quotes the receiver's answer, at the start of a line.
  // Written as /^[ \t]*Diagnostic-Code:/im reads, but name first and the line start looked back for: a pattern
  // that begins with a line-start test is tried at every position, the name only where it stands; and without
  // the m flag every row shares the flags of one combined pass (the line start makes the word boundary true: it is
  // there so the row shares its opening letter with the others, combineMarkers)
  { name: 'diagnostic-code', pattern: /\bDiagnostic-Code:(?<=(?:^|[\n\r\u2028\u2029])[ \t]*Diagnostic-Code:)/i },
  // Gmail's and Google Workspace's bounce subject and sender
  { name: 'delivery-status-notification', pattern: /\bDelivery Status Notification\b/i },
  { name: 'mail-delivery-subsystem', pattern: /\bMail Delivery (?:Subsystem|System)\b/i },
  // Microsoft 365 / Exchange subject and notice
  { name: 'undeliverable', pattern: /\bUndeliverable:/i },
  { name: 'delivery-has-failed', pattern: /\bDelivery has failed to these recipients\b/i },
  // Microsoft 365 / Outlook.com NDR: "Your message to someone@example.org couldn't be delivered." (Microsoft Learn
  // "Email non-delivery reports and SMTP errors in Exchange Online", the NDR's first line)
  { name: 'microsoft-365-ndr', pattern: /\bYour message to [^\s<>]{1,320} couldn.t be delivered\b/i },
  // Gmail ("wasn't delivered"), Outlook ("couldn't be delivered"), Postfix ("could not\nbe delivered",
  // once even "could not be\nbe delivered": corpus lhost-postfix-44)
  // Oracle Communications Messaging Server (iCloud): "Your message cannot be delivered to the following recipients"
  // (corpus lhost-messagingserver-12)
  // (and quoted, the quote marks of the next line between its words: "could not \n> be delivered")
  { name: 'message-not-delivered', pattern: /\bmessage[\s>]+(?:wasn't|was[\s>]+not|could[\s>]+not|couldn't|cannot)[\s>]+(?:be[\s>]+)*delivered\b/i },
  // Gmail's older notice: "Delivery to the following recipient failed permanently:" (corpus lhost-gmail-07)
  { name: 'delivery-failed-permanently', pattern: /\bDelivery to the following recipients? failed permanently\b/i },
  // amavisd-new's notice to the sender of a stopped message: "Delivery of the email was stopped!" (corpus
  // lhost-amavis-03; sisimai's Lhost::Amavis)
  { name: 'amavis-notice', pattern: /\bDelivery of the email was stopped\b/i },
  // Mimecast's notice: "This is a delivery failure notification message indicating that an email you addressed to
  // email address :" (corpus lhost-mimecast-02; sisimai's Lhost::Mimecast reads the same first line)
  { name: 'delivery-failure-notification', pattern: /\bdelivery failure notification\b/i },
  // sendmail's notice: "   ----- Transcript of session follows -----" (sendmail savemail.c; corpus lhost-v5sendmail-07,
  // lhost-sendmail-10)
  { name: 'sendmail-transcript', pattern: /--- ?Transcript of session follows\b/i },
  // Exim's notice (corpus lhost-exim-29, lhost-exim-54)
  { name: 'exim-notice', pattern: /\bcreated automatically by mail delivery software\b|\bSMTP error from remote mail server\b/i },
  // Postfix's transcript line: "host mx.example[192.0.2.1] said: 550" (corpus bounceparser relaying-denied).
  // As /\bhost \S+\[[0-9a-f.:]+\] (?:said|refused to talk to me):\s+[45]\d\d\b/i reads, but from the rarer
  // "] said:" with "host ...[address" looked back for, so ordinary text about a host costs nothing
  { name: 'postfix-said', pattern: /\] (?:said|refused to talk to me):(?<=\bhost \S+\[[0-9a-f.:]+\] (?:said|refused to talk to me):)\s+[45]\d\d\b/i },
  // RFC 6591 authentication failure reports (ARF, RFC 5965): the report part's "Feedback-Type: auth-failure" at the
  // start of a line, and the human-readable part RFC 6591 Appendix B shows ("This is an authentication failure
  // report for an email message received from IP ...")
  { name: 'auth-failure-report', pattern: /\bauthentication failure report\b|Feedback-Type:(?<=(?:^|[\n\r])Feedback-Type:)[ \t]{0,8}auth-failure\b/i },
];

/**
 * How much of a text the pre-filter reads: a bounce says what it is near its top (in every corpus notice a
 * row matches within the first 600 characters); the rest of a long body is the returned message.
 */
export const HEAD_CHARS = 20_000;

/** The top-level alternatives of a pattern's source: its "|"s outside a group, a character class and an escape. */
export function alternativesOf(source: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      alternatives.push(source.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(source.slice(start));
  return alternatives;
}

/**
 * One alternation of `alternatives` in which those that open with the same letter (after a word boundary or not)
 * share it: "\bDelivery Status|\bDiagnostic-Code:" as "\bd(?:elivery Status|iagnostic-Code:)". V8 tries every
 * alternative at every place of a text, so a letter shared is tried once there (the content script's scan of ordinary
 * mail: README, "Speed and size"). The same language: a letter under a quantifier is not shared, and `ignoreCase` says
 * whether "D" and "d" are the same letter.
 */
export function sharedOpenings(alternatives: readonly string[], ignoreCase: boolean, atStart = true): string {
  const byOpening = new Map<string, string[]>();
  const others: string[] = [];
  for (const alternative of alternatives) {
    // a word boundary only at the start: inside, "\b" after a shared letter is no opening to share
    const opening = (atStart ? /^((?:\\b)?)([A-Za-z])(?![?*+{])/ : /^()([A-Za-z])(?![?*+{])/).exec(alternative);
    if (opening === null) {
      others.push(alternative);
      continue;
    }
    const key = `${opening[1] ?? ''}${ignoreCase ? (opening[2] as string).toLowerCase() : (opening[2] as string)}`;
    byOpening.set(key, [...(byOpening.get(key) ?? []), alternative.slice(opening[0].length)]);
  }
  // the tails under one letter share theirs in turn ("\bd(?:elivery Status|elivery has)": "\bde(?:livery ...")
  const shared = [...byOpening].map(([key, tails]) => (tails.length === 1 ? `${key}${tails[0]}` : `${key}(?:${sharedOpenings(tails, ignoreCase, false)})`));
  return [...shared, ...others].join('|');
}

/**
 * The rows as one alternation per flag set (one, as the table stands), so a text is read once instead of once
 * per row, their openings shared. Exact: test() only asks whether some row matches, and no row has a back-reference
 * that joining would renumber.
 */
export function combineMarkers(markers: readonly BounceMarker[]): RegExp[] {
  const byFlags = new Map<string, string[]>();
  for (const { pattern } of markers) {
    // a global or sticky row would make test() remember where it stopped
    const flags = pattern.flags.replace(/[gy]/g, '');
    byFlags.set(flags, [...(byFlags.get(flags) ?? []), ...alternativesOf(pattern.source)]);
  }
  return [...byFlags].map(([flags, alternatives]) => new RegExp(sharedOpenings(alternatives, flags.includes('i')), flags));
}

/**
 * The receivers' wordings as the pre-filter reads them (wordings.ts: REFUSAL_WORDING_PARTS, GENERIC_REFUSAL,
 * OTHER_REASON, AUTH_STATUS_TEXT).
 */
export interface RefusalWording {
  /** the specific rows, in alternations short enough for V8 to optimise */
  parts: readonly RegExp[];
  /** the generic rows ("SPF check failed"), which count only in a reply with a code and no other reason */
  generic: RegExp;
  /** a reason that is not authentication (a blocklist, reverse DNS, ...) */
  other: RegExp;
  /** an RFC 7372 authentication status with SPF, DKIM or DMARC after it */
  authStatus: RegExp;
}

/** A RefusalWording as data that a message can carry: each pattern's source and flags. */
export interface RefusalWordingData {
  parts: readonly PatternData[];
  generic: PatternData;
  other: PatternData;
  authStatus: PatternData;
}

export interface PatternData {
  source: string;
  flags: string;
}

export function refusalWordingData(wording: RefusalWording): RefusalWordingData {
  const data = ({ source, flags }: RegExp): PatternData => ({ source, flags });
  return { parts: wording.parts.map(data), generic: data(wording.generic), other: data(wording.other), authStatus: data(wording.authStatus) };
}

/** The patterns again from their data (refusalWordingData, through a message); null for anything else. Never throws. */
export function refusalWordingFrom(data: unknown): RefusalWording | null {
  const pattern = (value: unknown): RegExp | null => {
    if (typeof value !== 'object' || value === null) return null;
    const { source, flags } = value as Record<string, unknown>;
    // a global or sticky pattern would make test() remember where it stopped
    if (typeof source !== 'string' || typeof flags !== 'string' || /[gy]/.test(flags)) return null;
    try {
      return new RegExp(source, flags);
    } catch {
      return null;
    }
  };
  if (typeof data !== 'object' || data === null) return null;
  const { parts, generic, other, authStatus } = data as Record<string, unknown>;
  if (!Array.isArray(parts)) return null;
  const wording = { parts: parts.map(pattern), generic: pattern(generic), other: pattern(other), authStatus: pattern(authStatus) };
  if (wording.parts.includes(null) || wording.generic === null || wording.other === null || wording.authStatus === null) return null;
  return wording as RefusalWording;
}

/**
 * A word every specific wording row holds (wordings.ts; test/extension/content-prefilter.test.ts checks each row's
 * verbatim samples): the wording row, an alternation of some fifty rows, is tried only on the lines that hold one,
 * so ordinary text costs one search for these words. No row matches across a line end.
 */
export const WORDING_KEYWORDS =
  /SPF|DMARC|DKIM|authenticat|Sender\s{1,40}(?:Policy|ID|Authori[sz]ation)|trusted\s{1,40}location|policy\s{1,40}reasons|owner\s{1,40}policy|allowed\s{1,40}to\s{1,40}send|Why\?s=|discourages\s{1,40}use|neither\s{1,40}permitted|error\s{1,40}in\s{1,40}processing|XGEMAIL_000[123]|Forged\s{1,40}sender|导致对方拒收/gi;
// (a keyword of two words may be broken over two lines, as Postfix's notice wraps a reply: "is not allowed to" over
// "   send mail from"; the line it starts on is read with the line under it)

/** A line that opens with two blanks or more: the fold of the line above (what follows the line end). */
const FOLDED = /^[ \t]{2}/;

// a reply code at the line start, after the diagnostic type "smtp;" (RFC 3464 section 2.3.6) where a notice quotes a
// Diagnostic-Code's value without its name ("#5.0.0 smtp; 550 ...", Exchange), or after Postfix's "said:" ("<rcpt>: host
// mx.example[192.0.2.1] said: 550 ...", bounce(8)'s notice; replies.ts REPLY_MARKERS)
const REPLY_AT_LINE_START = /^[ \t>]{0,12}[45][0-9][0-9][ :-]|\b(?:smtp;|said:) ?[45][0-9][0-9][ :-]/i;

/** The bounds of the line of `text` that holds position `at` (a line break at `at` ends that line). */
function lineAround(text: string, at: number): { start: number; end: number } {
  return { start: text.lastIndexOf('\n', at - 1) + 1, end: lineEnd(text, at) };
}

/** A refusal wording on this text as the reader takes one (auth-refusal.ts findAuth). */
function refusalIn(reply: string, wording: RefusalWording): boolean {
  // part by part: each part is short enough for V8 to optimise, the whole alternation is not (wordings.ts)
  if (wording.parts.some((part) => part.test(reply))) return true;
  // a reply whose code opens the line (or its quoted Diagnostic-Code value), or whose only code is an RFC 7372
  // authentication status ("4.7.23 ... SPF ..."), or that a refusal's frame holds (frames.ts), and whose words are a
  // generic authentication refusal with no other reason ("550 DMARC Sender Invalid"): what the reader takes from a reply
  // with a code
  return (REPLY_AT_LINE_START.test(reply) || wording.authStatus.test(reply) || framesRefusal(reply)) && wording.generic.test(reply) && !wording.other.test(reply);
}

/** WORDING_KEYWORDS with their openings shared, for the searches below (one object: prefilter says why) */
const KEYWORDS = new RegExp(sharedOpenings(alternativesOf(WORDING_KEYWORDS.source), true), 'gi');

function holdsRefusalWording(head: string, wording: RefusalWording, from: number): boolean {
  const keywords = KEYWORDS;
  keywords.lastIndex = from;
  // the start of the line last read with the reply line above it (each pair is read once)
  let readWithAbove = -1;
  for (let hit = keywords.exec(head); hit !== null; hit = keywords.exec(head)) {
    const { start, end } = lineAround(head, hit.index);
    const line = head.slice(start, end);
    if (refusalIn(line, wording)) return true;
    // a reply that a page or a paste wrapped without a continuation marker ("...ANTISPAM_BAT[...]: spf" over "check
    // failed CONTINUE"): the reader reads a reply on to the lines under its code, so the line under a reply's first
    // line is read with it (and a keyword line with the reply line above it)
    // and so is the line under any keyword line when it is folded under it (RFC 5322 section 2.2.3; Postfix and Exim
    // indent a wrapped reply: "does not pass DMARC" over "    verification"), as the reader reads it (replies.ts FOLD)
    if (end < head.length && (REPLY_AT_LINE_START.test(line) || FOLDED.test(head.slice(end + 1, end + 3)))) {
      const next = lineAround(head, end + 1);
      const under = head.slice(next.start, next.end);
      readWithAbove = next.start;
      if (under.trim() !== '' && !REPLY_AT_LINE_START.test(under) && refusalIn(`${line} ${under.trim()}`, wording)) return true;
    } else if (start > 0 && start !== readWithAbove) {
      const above = head.slice(lineAround(head, start - 1).start, start - 1);
      if (REPLY_AT_LINE_START.test(above) && refusalIn(`${above} ${line.trim()}`, wording)) return true;
    }
    // the next keyword after this line
    keywords.lastIndex = end;
  }
  return false;
}

/**
 * A multiline reply that kept only its enhanced status code at each line start (RFC 3463, written on each line by
 * RFC 2034 section 4; CRM and ESP dashboards drop the basic code: "description:5.7.26 Unauthenticated email ..."
 * then "5.7.26 DMARC policy. ..."): a line that starts with a class 4 or 5 status the line before holds as a whole
 * code. A row cannot say "the same code" without a back-reference, which joining the rows would renumber.
 */
const STATUS_AT_LINE_START = '\\n[ \\t]{0,8}(?<status>[45]\\.[0-9]{1,3}\\.[0-9]{1,3})[ \\t]{1,8}\\S';

/** The format rows that tell case apart (Exim's and Postfix's log fields), in a pass of their own. */
const CASE_SENSITIVE_ROWS = combineMarkers(FORMAT_MARKERS.filter((row) => row.pattern.flags !== 'i'));

/**
 * Every other sign the pre-filter looks for, in one pass: a case-insensitive format row, a status at a line start, a
 * keyword of the wordings. Tried in that order at each place, so a keyword or a status found at a place means no
 * format row matches there.
 */
export const SIGNS = new RegExp(
  `${sharedOpenings(FORMAT_MARKERS.filter((row) => row.pattern.flags === 'i').flatMap((row) => alternativesOf(row.pattern.source)), true)}|${STATUS_AT_LINE_START}|(?<keyword>${KEYWORDS.source})`,
  'gi',
);

/**
 * Could this text be a bounce? Cheap: two passes over the first 20 kB for the signs above, then the wordings on the
 * lines that hold a keyword of them. Without the wordings (`wording` undefined) the answer is undefined when only they
 * can tell. Never throws.
 */
export function prefilter(text: string, wording: RefusalWording | undefined): boolean | undefined {
  if (typeof text !== 'string' || text.length < 20) return false;
  const head = text.length > HEAD_CHARS ? text.slice(0, HEAD_CHARS) : text;
  if (CASE_SENSITIVE_ROWS.some((pattern) => pattern.test(head))) return true;
  // the one RegExp object, its lastIndex reset: V8 keeps an object's compiled code across garbage collections, but
  // empties its cache of sources on each, so a new RegExp of the same source would be compiled again (about 1 ms for
  // this one, after every collection of a page that runs for hours)
  const signs = SIGNS;
  signs.lastIndex = 0;
  let keyword = -1;
  for (let hit = signs.exec(head); hit !== null; hit = signs.exec(head)) {
    const { status, keyword: word } = hit.groups ?? {};
    if (word !== undefined) {
      if (keyword === -1) keyword = hit.index;
    } else if (status === undefined) {
      return true;
    } else if (holdsStatus(head.slice(head.lastIndexOf('\n', hit.index - 1) + 1, hit.index), status)) {
      // the line before holds the same status as a whole code
      return true;
    }
    // on from the next place: a format row may start inside what matched
    signs.lastIndex = hit.index + 1;
  }
  if (keyword === -1) return false;
  return wording === undefined ? undefined : holdsRefusalWording(head, wording, keyword);
}
