/**
 * The facts of a bounce, read from its parts in named stages: the delivery-status fields (dsn.ts), the replies
 * (replies.ts), the main refusal and what it names (auth-refusal.ts), the hosts (hosts.ts), the evidence of every
 * other part (evidence.ts), the refused recipients.
 */
import { addressOrNull, sameAddress, trimDot } from './addresses';
import { findAuth, HELO_CHECKED, ipInReply, readRefusal } from './auth-refusal';
import type { AuthMatch } from './auth-refusal';
import { DSN_FIELD_LINE, parseDsn } from './dsn';
import type { Dsn, DsnRecipient } from './dsn';
import { gatherEvidence } from './evidence';
import { feedbackNoticeFacts, feedbackReportFacts } from './feedback-report';
import { framesRefusal } from './frames';
import { firstCapture, receiverOf, REMOTE_HOST, REPORTING_HOST } from './hosts';
import { normalise } from './normalise';
import { quoteEvidence } from './quotes';
import { RECEIVERS } from './receivers';
import { RECIPIENT_LINES, SENDMAIL_VERDICT } from './recipients';
import { codelessReplies, eximReplies, FRAME_PATTERNS, loggedReplies, noticeReplies } from './replies';
import { makeReply } from './reply';
import type { Reply } from './reply';
import { MAX_INPUT_CHARS, RETURNED_MARKER_LINE, splitPlainText } from './text';
import { mtaLogLines } from './transcript';
import type { MtaLogLines } from './transcript';
import type { BounceParts } from './text';
import type { BounceFacts, EvidenceSource, RefusedRecipient } from './types';
import { AUTH_STATUS } from './wordings';

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
    receiverDkim: [],
  };
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

/**
 * The replies with a code: those of the DSN's Diagnostic-Code fields, then those of the notice. An entry without a
 * Diagnostic-Code whose Status is a code RFC 7372 registers for a failed authentication check (X.7.20 to X.7.24, X.7.26)
 * says that much by itself, as a Postfix log's `dsn=` does (replies.ts postfixDeliveryReply).
 */
function repliesOf(dsn: Dsn, notice: string, logs: MtaLogLines): { dsnReplies: Reply[]; replies: Reply[] } {
  const dsnReplies: Reply[] = [];
  for (const entry of dsn.recipients) {
    if (entry.diagnostic !== null) dsnReplies.push(makeReply(entry.diagnostic, entry.finalRecipient, true));
    else if (entry.status !== null && AUTH_STATUS.test(entry.status)) {
      const reply = makeReply(entry.status, entry.finalRecipient, true);
      reply.status = entry.status;
      dsnReplies.push(reply);
    }
  }
  const replies = [...dsnReplies, ...noticeReplies(notice), ...loggedReplies(notice, logs.delivery)].filter((reply) => reply.status !== null);
  return { dsnReplies, replies };
}

interface MainRefusal {
  /** the reply the facts are read from: the authentication refusal, else the first reply */
  main: Reply | null;
  auth: AuthMatch | null;
  /** every reply that names an authentication refusal */
  authReplies: Reply[];
}

/** The authentication refusal of the highest rank (the longest of that rank), else the DSN's or the first reply. */
function mainRefusal(replies: Reply[], dsnReplies: Reply[], codeless: () => Reply[], logs: MtaLogLines): MainRefusal {
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
  if (auth === null || auth.row.generic === true) {
    // no reply with a code names an authentication refusal in a receiver's own words: a wording without a code may
    // (a paste that starts with the reply's words and keeps its code only on the next line), and so may a receiver's log
    // of a refusal it gave, which keeps the message and not the code (Exim's): a refusal for certain, so a generic
    // wording counts there as it does in a reply with a code
    const logged = eximReplies(logs.exim);
    for (const reply of [...codeless(), ...logged]) {
      // a receiver's own wording, or a generic one after an RFC 7372 authentication status (wordings.ts AUTH_STATUS_TEXT)
      // or in a refusal's frame (frames.ts)
      const match = findAuth(reply, !logged.includes(reply) && !AUTH_STATUS.test(reply.status ?? '') && !framesRefusal(reply.normalized));
      if (match === null || (auth !== null && match.rank >= auth.rank)) continue;
      if (!authReplies.includes(reply)) authReplies.push(reply);
      auth = match;
      main = reply;
    }
  }
  if (main === null) main = dsnReplies.find((reply) => reply.status !== null) ?? replies[0] ?? null;
  return { main, auth, authReplies };
}

/** The delivery-status entry the main refusal belongs to: by its recipient, else the only one. */
function dsnEntryOf(dsn: Dsn, main: Reply | null): DsnRecipient | null {
  let entry: DsnRecipient | null = null;
  if (main !== null) {
    entry =
      dsn.recipients.find((candidate) => sameAddress(candidate.finalRecipient, main.recipient) || candidate.otherRecipients.some((other) => sameAddress(other, main.recipient))) ??
      null;
  }
  if (entry === null && dsn.recipients.length === 1) entry = dsn.recipients[0] as DsnRecipient;
  return entry;
}

/** The main refusal as written, then every other authentication refusal that neither it nor a longer one holds. */
function rejectionOf(main: Reply, authReplies: Reply[]): string[] {
  const rejection = [main.written];
  for (const reply of authReplies) {
    if (!rejection.includes(reply.written) && !authReplies.some((other) => other !== reply && other.normalized.length > reply.normalized.length && other.normalized.indexOf(reply.normalized) !== -1)) {
      if (reply !== main && main.normalized.indexOf(reply.normalized) === -1) rejection.push(reply.written);
    }
  }
  return rejection;
}

/** What every other part says: the feedback report, the transcript, the receiver's header fields, the returned headers. */
function addEvidence(facts: BounceFacts, parts: BounceParts, logs: MtaLogLines, main: Reply | null, identity: string | null, dsn: Dsn, ipOrigin?: EvidenceSource): void {
  // an authentication failure report (RFC 6591): its part, or its fields in a text read whole
  const feedback =
    feedbackReportFacts(parts.feedbackReport ?? '') ?? feedbackReportFacts(parts.notice) ?? feedbackReportFacts(parts.returned) ?? feedbackNoticeFacts(parts.notice);
  // every other part: the transcript, the receiver's own header fields, the returned headers (evidence.ts)
  const gathered = gatherEvidence({
    feedback,
    notice: parts.notice,
    logLines: logs,
    returned: parts.returned,
    reply:
      main === null
        ? null
        : { source: main.origin, ip: facts.ip, ipSource: ipOrigin, domain: facts.domain, domainRole: facts.domainRole ?? null, sender: identity, heloChecked: HELO_CHECKED.test(main.normalized) },
    authFailure: facts.authFailure,
    mechanism: facts.mechanism,
    remoteMta: facts.remoteMta ?? null,
    dsnSender: dsn.postfixSender,
    receiver: RECEIVERS.find((row) => row.id === facts.receiver) ?? null,
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
  facts.receiverDkim = gathered.receiverDkim;
  facts.returnedSubject = gathered.returnedSubject;
  facts.returnedDate = gathered.returnedDate;
  if (facts.recipient === null) facts.recipient = gathered.logRecipient;
  if (facts.dsnStatus === null) facts.dsnStatus = gathered.logDsn;
}

/** How many characters of two replies' text must agree for one to be a copy of the other. */
const SAME_REPLY_CHARS = 40;

/**
 * The client IP a copy of the main refusal names where the main one hides it: a notice quotes the receiver's reply and
 * the delivery-status part quotes it again (RFC 3464 Diagnostic-Code), and a poster may mask one of the two. A copy is
 * a reply with the same codes whose text opens the same way.
 */
function ipOfCopy(main: Reply, replies: Reply[]): { ip: string; origin: EvidenceSource } | null {
  const opening = main.normalized.slice(0, SAME_REPLY_CHARS);
  if (main.status === null || opening.length < SAME_REPLY_CHARS) return null;
  for (const reply of replies) {
    if (reply === main || reply.status !== main.status || !reply.normalized.startsWith(opening)) continue;
    const ip = ipInReply(reply.normalized);
    if (ip !== null) return { ip, origin: reply.origin };
  }
  return null;
}

/**
 * What the rest of the receiver's own refusal names where the main reply names no IP or domain: a receiver writes one
 * refusal over several lines, and a notice may quote its first line as the reason and its others apart from it
 * (sendmail's DSN shows "(reason: 550-5.7.26 Your email has been blocked because the sender is unauthenticated.)"
 * and, below it, the rest of Gmail's reply: "Authentication results: ... SPF [example.org] with ip: [192.0.2.1] =
 * did not pass"). Only a wording row of the same receiver counts (wordings.ts, never a generic row): its words are
 * that receiver's, about the same message.
 */
function restOfRefusal(facts: BounceFacts, main: Reply, auth: AuthMatch, codeless: () => Reply[]): void {
  if (auth.row.receiver === null || (facts.ip !== null && facts.domain !== null)) return;
  for (const reply of codeless()) {
    if (main.normalized.indexOf(reply.normalized) !== -1) continue;
    const match = findAuth(reply, true);
    if (match === null || match.row.receiver !== auth.row.receiver) continue;
    const named = emptyFacts();
    // the address the wording's own slot holds, not any other the line runs on to (a log's "{IP=...}" of the refusing host)
    readRefusal(named, reply, match);
    const ip = facts.ip === null && named.ip !== null;
    const domain = facts.domain === null && named.domain !== null;
    if (!ip && !domain) continue;
    if (ip) facts.ip = named.ip;
    if (domain) {
      facts.domain = named.domain;
      facts.domainRole = named.domainRole;
    }
    // the lines it was read from are shown with the main refusal
    if (!facts.rejection.includes(reply.written)) facts.rejection.push(reply.written);
    if (facts.ip !== null && facts.domain !== null) return;
  }
}

/** Each refused recipient with its reply: one per delivery-status entry, else one per recipient the replies name. */
function refusedRecipients(dsn: Dsn, replies: Reply[], main: Reply | null): RefusedRecipient[] {
  if (dsn.recipients.length > 0) {
    return dsn.recipients.map((candidate): RefusedRecipient => {
      const reply = candidate.diagnostic === null ? null : makeReply(candidate.diagnostic, candidate.finalRecipient, true);
      return { recipient: candidate.finalRecipient, status: reply?.status ?? null, diagnostic: reply?.written ?? null, dsnStatus: candidate.status };
    });
  }
  const byRecipient = new Map<string, RefusedRecipient>();
  // a refusal read without a reply code (codelessReplies) is one of them too
  for (const reply of main !== null && !replies.includes(main) ? [...replies, main] : replies) {
    const key = (reply.recipient ?? '').toLowerCase();
    if (!byRecipient.has(key)) byRecipient.set(key, { recipient: reply.recipient, status: reply.status, diagnostic: reply.written, dsnStatus: null });
  }
  return [...byRecipient.values()];
}

/** Reads the facts from a bounce cut into parts. */
export function readParts(parts: BounceParts): BounceFacts {
  const facts = emptyFacts();
  const dsn = parseDsn(parts.deliveryStatus !== '' ? parts.deliveryStatus : parts.notice);
  // the log lines both the replies and the evidence read
  const logs = mtaLogLines(parts.notice);
  const { dsnReplies, replies } = repliesOf(dsn, parts.notice, logs);
  // the refusals without a code (a pass over the whole notice), read once for the two stages that may need them
  let codelessRead: Reply[] | null = null;
  const codeless = (): Reply[] => (codelessRead ??= codelessReplies(parts.notice));
  const { main, auth, authReplies } = mainRefusal(replies, dsnReplies, codeless, logs);
  const entry = dsnEntryOf(dsn, main);
  if (main !== null) {
    facts.status = main.status;
    facts.rejection = rejectionOf(main, authReplies);
  }
  facts.recipient = entry?.finalRecipient ?? main?.recipient ?? addressOrNull(/^X-Failed-Recipients:[ \t]*([^\s,]{1,320})/im.exec(parts.headers)?.[1]) ?? null;
  facts.dsnStatus = entry?.status ?? null;
  facts.reportingMta = dsn.reportingMta !== null ? trimDot(dsn.reportingMta) : firstCapture(REPORTING_HOST, parts.notice);
  facts.remoteMta = entry?.remoteMta ?? firstCapture(REMOTE_HOST, parts.notice);
  const identity = main === null ? null : readRefusal(facts, main, auth);
  if (main !== null && facts.ip === null) facts.ip = ipInReply(main.normalized);
  const copy = main !== null && facts.ip === null ? ipOfCopy(main, replies) : null;
  if (copy !== null) facts.ip = copy.ip;
  if (main !== null && auth !== null) restOfRefusal(facts, main, auth, codeless);
  facts.receiver = receiverOf(facts.remoteMta ?? null, auth?.row.receiver ?? null, main?.normalized ?? '');
  addEvidence(facts, parts, logs, main, identity, dsn, copy?.origin);
  facts.recipients = refusedRecipients(dsn, replies, main);
  return facts;
}

/** The patterns the reader builds at load time, for the per-pattern linear-time check (test/bounce/regex-linear.test.ts). */
export const BUILT_PATTERNS: readonly RegExp[] = [...FRAME_PATTERNS, RETURNED_MARKER_LINE, DSN_FIELD_LINE, ...RECIPIENT_LINES, SENDMAIL_VERDICT, ...REMOTE_HOST, ...REPORTING_HOST];
