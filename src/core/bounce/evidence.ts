/**
 * Facts gathered from every part of a bounce, like a postmaster reads one, each with where it was read
 * (cli-contract.md "Added fields": `evidence`, `headerFrom`, `dkim`):
 *
 * 1. the receiver's own words: its reply (as the notice quotes it, as a `Diagnostic-Code` field, or as a
 *    `<<<` transcript line), and the receiving Postfix's reject log line;
 * 2. the header fields the refusing receiver itself added to the returned message: `Authentication-Results`
 *    (RFC 8601), `Received-SPF` (RFC 7208 section 9.1) and its `Received` hop (RFC 5321 section 4.4);
 * 3. what the sending side wrote: the `MAIL FROM` of the transcript or log, `X-Postfix-Sender`, the returned
 *    `Return-Path` and `(envelope-from <>)`, and the notice.
 *
 * The first part that names a fact gives it (the receiver's own words win); a later part that names another
 * value is recorded in `evidenceConflicts`. A fact no part names stays null: nothing is guessed.
 *
 * Which header fields are the receiver's: a receiver prepends its fields (RFC 5321 section 4.4, RFC 8601
 * section 5), so they are the ones above its own `Received` hop (the topmost one whose "by" host is the
 * refusing host or a name under it), and, between that hop and the next older one, those whose
 * authserv-id / SPF receiver is that host. A field the sender wrote, or one that travelled in with the
 * message, is never read as the receiver's: without a `Received` hop by the refusing host there are none.
 */
import { isSubdomainOf, normaliseName } from '../dns/name';
import { clientIpOf, domainOfIdentity, hopClientIp, parseAuthenticationResults, receiverDkimResult, parseReceivedSpf, receivedSpfAuthority, receivedSpfEnvelopeFrom, receivedSpfIp } from './auth-results';
import { addrSpec, decodeEncodedWords, dkimSignature, mailboxAddress, receivedHop, returnedHeaderFields } from './returned-headers';
import type { DkimSignature, HeaderField } from './returned-headers';
import type { FeedbackReportFacts } from './feedback-report';
import type { ReceiverRow } from './receivers';
import { logLayoutFacts, mtaLogFacts, transcriptMailFrom } from './transcript';
import type { MtaLogLines } from './transcript';
import type { AuthMechanism, DomainRole, EvidenceConflict, EvidenceField, EvidenceSource, ReceiverDkimResult } from './types';

export interface Candidate {
  value: string;
  source: EvidenceSource;
  /** for `domain`: which identity it is */
  role?: DomainRole;
}

/** What the refusal itself gave (text.ts reads the reply); the source is where that reply was read. */
export interface ReplyReading {
  source: EvidenceSource;
  ip: string | null;
  /** where the IP was read when another copy of the reply gave it (facts.ts ipOfCopy) */
  ipSource?: EvidenceSource | undefined;
  domain: string | null;
  domainRole: DomainRole | null;
  /** the envelope sender the reply names (policyd-spf `id=`) */
  sender: string | null;
  /** the reply says the HELO identity was checked (policyd-spf "s=helo", "identity=helo"), whether or not it names it */
  heloChecked?: boolean;
}

export interface EvidenceInput {
  /** the parts of the bounce: the notice (with any transcript or log), the returned original */
  notice: string;
  /** the notice's MTA log lines, read once by the caller for its replies too (transcript.ts mtaLogLines) */
  logLines: MtaLogLines;
  returned: string;
  reply: ReplyReading | null;
  authFailure: boolean;
  mechanism: AuthMechanism | null;
  /** the refusing host (Remote-MTA, `host NAME[...]`), lowercase or not; null when the bounce does not name it */
  remoteMta: string | null;
  /** `X-Postfix-Sender` of the delivery-status part */
  dsnSender: string | null;
  /** the fields of an RFC 6591 authentication failure report, when the message is one */
  feedback?: FeedbackReportFacts | null;
  /** the receiver family that refused (receivers.ts), when the bounce names one */
  receiver?: ReceiverRow | null;
}

export interface EvidenceOutput {
  ip: string | null;
  domain: string | null;
  domainRole: DomainRole | null;
  sender: string | null;
  evidence: Partial<Record<EvidenceField, EvidenceSource>>;
  evidenceConflicts: EvidenceConflict[];
  headerFrom: string | null;
  dkim: DkimSignature[];
  /** the refusing receiver's own dkim= results */
  receiverDkim: ReceiverDkimResult[];
  returnedSubject: string | null;
  returnedDate: string | null;
  /** from Postfix log lines, for the fields the reply reader leaves empty */
  logRecipient: string | null;
  logDsn: string | null;
}

/** `a` is `b` or a name under it, or the other way round (a receiver's hosts share its domain). */
export function sameHost(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const x = normaliseName(a);
  const y = normaliseName(b);
  if (x === '' || y === '' || x.indexOf('.') === -1 || y.indexOf('.') === -1) return false;
  return isSubdomainOf(x, y) || isSubdomainOf(y, x);
}

/** The `Authentication-Results` and `Received-SPF` fields and the `Received` hop the refusing host wrote. */
export function receiverFields(fields: HeaderField[], host: string | null): { fields: HeaderField[]; hop: HeaderField | null } {
  if (host === null) return { fields: [], hop: null };
  const hopAt = fields.findIndex((field) => field.name === 'received' && sameHost(receivedHop(field.value).by, host));
  if (hopAt === -1) return { fields: [], hop: null };
  let nextHop = fields.findIndex((field, i) => i > hopAt && field.name === 'received');
  if (nextHop === -1) nextHop = fields.length;
  const trusted: HeaderField[] = [];
  for (let i = 0; i < nextHop; i++) {
    const field = fields[i] as HeaderField;
    if (field.name !== 'authentication-results' && field.name !== 'received-spf') continue;
    // above its own hop: written after the receiver took the message
    if (i < hopAt) {
      trusted.push(field);
      continue;
    }
    // below it: only a field that names the receiver as its author
    const author = field.name === 'authentication-results' ? parseAuthenticationResults(field.value).authservId : authorOfReceivedSpf(field.value);
    if (sameHost(author, host)) trusted.push(field);
  }
  return { fields: trusted, hop: fields[hopAt] as HeaderField };
}

/** How much of a notice a quoted `Authentication-Results` value may take: a field has a few hundred characters. */
const MAX_QUOTED_RESULTS_CHARS = 4000;

/**
 * The receiver's own `Authentication-Results` value as its notice quotes it (receivers.ts `authResultsAfter`): the
 * paragraph after the lead-in line, when its authserv-id (RFC 8601 section 2.5) is one of the receiver's hosts.
 */
export function noticeAuthResults(notice: string, receiver: ReceiverRow | null): HeaderField[] {
  const leadIn = receiver?.authResultsAfter;
  if (receiver == null || leadIn === undefined) return [];
  const at = notice.indexOf(leadIn);
  if (at === -1) return [];
  const rest = notice.slice(at + leadIn.length, at + leadIn.length + MAX_QUOTED_RESULTS_CHARS).replace(/^\s+/, '');
  const value = rest.split(/\n[ \t]*\n/, 1)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  const author = parseAuthenticationResults(value).authservId;
  return receiver.hosts.some((host) => sameHost(author, host)) ? [{ name: 'authentication-results', value }] : [];
}

function authorOfReceivedSpf(value: string): string | null {
  const parsed = parseReceivedSpf(value);
  return parsed === null ? null : receivedSpfAuthority(parsed);
}

interface HeaderReading {
  ip: Candidate[];
  domain: Candidate[];
  sender: Candidate[];
}

/** What the receiver's own header fields say, topmost first. */
function receiverReading(fields: HeaderField[], hop: HeaderField | null, mechanism: AuthMechanism | null): HeaderReading {
  const reading: HeaderReading = { ip: [], domain: [], sender: [] };
  for (const field of fields) {
    if (field.name === 'authentication-results') {
      for (const result of parseAuthenticationResults(field.value).results) {
        const source: EvidenceSource = 'authentication-results';
        if (result.method === 'spf' || result.method === 'iprev') {
          const ip = clientIpOf(result);
          if (ip !== null) reading.ip.push({ value: ip, source });
        }
        if (result.method === 'spf') {
          // RFC 8601 section 2.7.2: smtp.mailfrom is the MAIL FROM identity, smtp.helo the HELO one
          const mailFrom = result.properties.get('smtp.mailfrom');
          const helo = result.properties.get('smtp.helo');
          const mailFromDomain = mailFrom === undefined ? null : domainOfIdentity(mailFrom);
          if (mailFromDomain !== null) {
            if (mechanism === 'spf') reading.domain.push({ value: mailFromDomain, source, role: 'mail-from' });
            const address = addrSpec(mailFrom as string);
            if (address !== null) reading.sender.push({ value: address, source });
          } else if (helo !== undefined && mechanism === 'spf') {
            const heloDomain = domainOfIdentity(helo);
            if (heloDomain !== null) reading.domain.push({ value: heloDomain, source, role: 'helo' });
          }
        }
        if (result.method === 'dmarc' && mechanism === 'dmarc') {
          // RFC 7489 section 11.2: DMARC reports the RFC5322.From domain as header.from
          const from = result.properties.get('header.from');
          const domain = from === undefined ? null : domainOfIdentity(from);
          if (domain !== null) reading.domain.push({ value: domain, source, role: 'header-from' });
        }
      }
    } else if (field.name === 'received-spf') {
      const spf = parseReceivedSpf(field.value);
      if (spf === null) continue;
      const source: EvidenceSource = 'received-spf';
      const ip = receivedSpfIp(spf);
      if (ip !== null) reading.ip.push({ value: ip, source });
      const envelopeFrom = receivedSpfEnvelopeFrom(spf);
      if (envelopeFrom !== null) reading.sender.push({ value: envelopeFrom, source });
      if (mechanism === 'spf') {
        // RFC 7208 section 9.1: identity= says which identity was checked; an empty MAIL FROM means HELO (section 2.4)
        const identity = spf.keys.get('identity')?.toLowerCase();
        const helo = spf.keys.get('helo');
        if (identity !== 'helo' && envelopeFrom !== null) {
          const domain = domainOfIdentity(envelopeFrom);
          if (domain !== null) reading.domain.push({ value: domain, source, role: 'mail-from' });
        } else if ((identity === 'helo' || envelopeFrom === null) && helo !== undefined) {
          const domain = domainOfIdentity(helo);
          if (domain !== null) reading.domain.push({ value: domain, source, role: 'helo' });
        }
      }
    }
  }
  if (hop !== null) {
    const parsed = receivedHop(hop.value);
    const ip = parsed.from === null ? null : hopClientIp(parsed.from);
    if (ip !== null) reading.ip.push({ value: ip, source: 'received' });
  }
  return reading;
}

function same(field: EvidenceField, a: string, b: string): boolean {
  return field === 'ip' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** The first candidate wins; every other value a later part names is a conflict. */
function choose(field: EvidenceField, candidates: Candidate[], conflicts: EvidenceConflict[]): Candidate | null {
  const chosen = candidates[0] ?? null;
  if (chosen === null) return null;
  for (const other of candidates.slice(1)) {
    // two identities (MAIL FROM domain, HELO name) are not a disagreement
    if (field === 'domain' && other.role !== chosen.role) continue;
    if (same(field, chosen.value, other.value)) continue;
    if (conflicts.some((c) => c.field === field && same(field, c.other, other.value) && c.otherSource === other.source)) continue;
    conflicts.push({ field, value: chosen.value, source: chosen.source, other: other.value, otherSource: other.source });
  }
  return chosen;
}

/** At most this many of the receiver's dkim= results are kept (a bounce is untrusted input: it may carry hundreds). */
export const MAX_RECEIVER_DKIM = 10;

/**
 * The receiver's own `dkim=` results (RFC 8601 section 2.7.1), topmost first: what its verifier said of each
 * signature. Only the fields receiverFields() gives, so a result the sender wrote, or one that travelled in with
 * the message, is never read; one written twice (a receiver's two hops) is kept once.
 */
export function receiverDkimResults(fields: HeaderField[]): ReceiverDkimResult[] {
  const results: ReceiverDkimResult[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (field.name !== 'authentication-results') continue;
    const parsed = parseAuthenticationResults(field.value);
    for (const method of parsed.results) {
      const result = receiverDkimResult(method, parsed.authservId);
      if (result === null) continue;
      const key = [result.result, result.domain, result.selector, result.signature, result.reason].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(result);
      if (results.length >= MAX_RECEIVER_DKIM) return results;
    }
  }
  return results;
}

// the returned message's `(envelope-from <...>)` in a Received field (Exim, Postfix)
function envelopeFromOf(fields: HeaderField[]): string | null {
  for (const field of fields) {
    if (field.name !== 'received') continue;
    const envelope = receivedHop(field.value).envelopeFrom;
    if (envelope !== null && !/^mailer-daemon@/i.test(envelope)) return envelope;
  }
  return null;
}

// Exim's notice: "A message sent by\n\n  <user@example.org>\n\ncould not be delivered"
const SENT_BY = /A message sent by\s{1,20}<([^\s<>()@",;:]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252})>/i;

/**
 * The senders read from the refused transaction itself: the reply's `id=` (policyd-spf), the transcript's
 * `MAIL FROM`, the log's `from=<>`, `X-Postfix-Sender` (the queue's envelope sender, which Postfix sends as
 * MAIL FROM), the receiver's fields and the failure report's Original-Mail-From. Not the returned `Return-Path`,
 * `(envelope-from <>)` or the notice's "sent by": those tell what an earlier hop or a copy carried.
 */
const TRANSACTION_SENDER: ReadonlySet<EvidenceSource> = new Set<EvidenceSource>(['rejection', 'dsn', 'transcript', 'authentication-results', 'received-spf', 'feedback-report']);

/**
 * An SPF refusal that names no domain checked the MAIL FROM identity's domain (RFC 7208 sections 2.4 and 4.1:
 * check_host()'s <domain> is the domain of <sender>), unless it checked HELO: where the transaction's own MAIL FROM
 * is known, that domain is the one refused. A HELO refusal, an empty MAIL FROM (which SPF replaces by the HELO
 * name) and a sender read only from an earlier hop name none.
 */
function mailFromDomain(input: EvidenceInput, sender: Candidate | null): Candidate | null {
  // (a reply that names its HELO domain has given the domain already: this is asked only when none did)
  if (!input.authFailure || input.mechanism !== 'spf' || sender === null || input.reply?.heloChecked === true) return null;
  if (!TRANSACTION_SENDER.has(sender.source)) return null;
  const domain = domainOfIdentity(sender.value);
  return domain === null ? null : { value: domain, source: sender.source, role: 'mail-from' };
}

export function gatherEvidence(input: EvidenceInput): EvidenceOutput {
  const fields = returnedHeaderFields(input.returned);
  const first = (name: string): string | null => fields.find((field) => field.name === name)?.value ?? null;
  const conflicts: EvidenceConflict[] = [];
  const log = mtaLogFacts(input.notice, input.logLines);
  const layout = logLayoutFacts(input.notice);
  const reply = input.reply;

  // the receiver's header fields count only for an authentication refusal: they tell what it checked
  const receiver = input.authFailure ? receiverFields(fields, input.remoteMta) : { fields: [], hop: null };
  // and what its notice quotes of its own results, below them
  const receiverOwn = input.authFailure ? [...receiver.fields, ...noticeAuthResults(input.notice, input.receiver ?? null)] : [];
  const headers = receiverReading(receiverOwn, receiver.hop, input.mechanism);

  const ipCandidates: Candidate[] = [];
  if (reply?.ip != null) ipCandidates.push({ value: reply.ip, source: reply.ipSource ?? reply.source });
  if (log.clientIp !== null) ipCandidates.push({ value: log.clientIp, source: 'transcript' });
  if (layout.clientIp !== null) ipCandidates.push({ value: layout.clientIp, source: 'transcript' });
  ipCandidates.push(...headers.ip);
  const feedback = input.feedback ?? null;
  // the report's Source-IP is the client the receiver saw (RFC 5965 section 3.2)
  if (feedback?.ip != null) ipCandidates.push({ value: feedback.ip, source: 'feedback-report' });

  const domainCandidates: Candidate[] = [];
  if (reply?.domain != null) domainCandidates.push({ value: reply.domain, source: reply.source, role: reply.domainRole ?? undefined });
  if (input.authFailure) domainCandidates.push(...headers.domain);
  if (feedback?.domain != null) domainCandidates.push({ value: feedback.domain, source: 'feedback-report', role: feedback.domainRole ?? undefined });

  const senderCandidates: Candidate[] = [];
  const add = (value: string | null, source: EvidenceSource): void => {
    if (value !== null && !/^mailer-daemon@/i.test(value)) senderCandidates.push({ value, source });
  };
  add(reply?.sender ?? null, reply?.source ?? 'rejection');
  for (const candidate of headers.sender) add(candidate.value, candidate.source);
  add(feedback?.sender ?? null, 'feedback-report');
  add(transcriptMailFrom(input.notice), 'transcript');
  add(log.sender, 'transcript');
  add(layout.sender, 'transcript');
  add(input.dsnSender, 'dsn');
  const returnPath = first('return-path');
  add(returnPath === null ? null : addrSpec(returnPath), 'return-path');
  add(envelopeFromOf(fields), 'received');
  add(SENT_BY.exec(input.notice)?.[1] ?? null, 'notice');

  const ip = choose('ip', ipCandidates, conflicts);
  const sender = choose('sender', senderCandidates, conflicts);
  const domain = choose('domain', domainCandidates, conflicts) ?? mailFromDomain(input, sender);

  const evidence: Partial<Record<EvidenceField, EvidenceSource>> = {};
  if (ip !== null) evidence.ip = ip.source;
  if (domain !== null) evidence.domain = domain.source;
  if (sender !== null) evidence.sender = sender.source;
  const receiverDkim = receiverDkimResults(receiverOwn);
  if (receiverDkim.length > 0) evidence.receiverDkim = 'authentication-results';

  const from = first('from');
  const subject = first('subject');
  const dkim: DkimSignature[] = [];
  for (const field of fields) {
    if (field.name !== 'dkim-signature' || dkim.length >= 20) continue;
    const signature = dkimSignature(field.value);
    if (signature !== null) dkim.push(signature);
  }
  return {
    ip: ip?.value ?? null,
    domain: domain?.value ?? null,
    domainRole: domain === null ? null : (domain.role ?? null),
    sender: sender?.value ?? null,
    evidence,
    evidenceConflicts: conflicts,
    headerFrom: from === null ? null : mailboxAddress(from),
    dkim,
    receiverDkim,
    returnedSubject: subject === null ? null : decodeEncodedWords(subject),
    returnedDate: first('date'),
    logRecipient: log.recipient,
    logDsn: log.dsn,
  };
}
