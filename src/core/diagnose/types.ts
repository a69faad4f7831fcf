/**
 * The shapes of a diagnosis: what is asked (DiagnoseRequest), what comes back (DiagnoseOutcome), and what the
 * stages of diagnose() hand each other (Subject, Today, Found).
 */
import type { BounceFacts } from '../bounce/types';
import type { CrossCheck } from '../dns/crosscheck';
import type { DnsResult, Resolver, RRType } from '../dns/types';
import type { Evaluation, LintReport, SpfResult } from '../spf';
import type { AuthenticationReport, AuthenticationRequest, AuthenticationRun, DkimSignatureCheck, DmarcSummary } from './authentication';
import type { Authorization } from './authorize';
import type { CauseContext, CauseId } from './causes';
import type { SendingService } from './providers';
import type { ReverseDns } from './reverse-dns';

/** What to diagnose: a bounce's facts, or a domain and IP given by hand (the facts win where both are given). */
export interface DiagnoseRequest {
  facts?: BounceFacts | null;
  domain?: string | null;
  ip?: string | null;
  sender?: string | null;
  helo?: string | null;
  /** the complete returned message (octets as Latin-1 characters: returnedMessage of core/bounce), to verify its DKIM signatures */
  returnedMessage?: string | null;
}

export interface DiagnoseOptions {
  resolver: Resolver;
  /** compares two public resolvers' answers (crossCheck of core/dns bound to the configured endpoints) */
  crossCheck?: (name: string, type: RRType) => Promise<CrossCheck>;
  budgetMs?: number;
  signal?: AbortSignal;
}

/** A record change, verified: the engine gave `pass` for the IP over today's answers with it in place. */
export interface Fix {
  /** the DNS name whose TXT record changes */
  name: string;
  type: 'TXT';
  /** the full proposed record text */
  record: string;
  verified: true;
  /** for a DMARC refusal: DMARC evaluated again with this record's SPF pass (RFC 9989 section 5.3); absent otherwise */
  dmarc?: { result: string; reason: string };
  /** the record as character-strings of at most 255 characters (RFC 7208 section 3.3) */
  strings: string[];
  /** the value as a zone file or a DNS panel that wants quotes takes it */
  zoneText: string;
  /** the SPF record(s) it replaces (delete all of them: one record only) */
  replaces: string[];
  /** what the verification gave */
  check: { result: SpfResult; lookups: { count: number; void: number } };
  /** TTL of the current record: how long receivers may keep the old one after the change */
  ttl: number | null;
  /** terms that look stale and may be removed (not removed from `record`: the user decides) */
  staleTerms: string[];
  /**
   * who the record lets pass that does not pass today (a new IP, or a service's include), with the question
   * the user must answer yes to before publishing; null when it authorises nobody new (merged records,
   * corrected syntax, the domain's own a/mx flattened). cli-contract.md: diagnosis.fix.authorizes
   */
  authorizes: Authorization | null;
}

export interface CauseFinding {
  id: CauseId;
  title: string;
  summary: string;
  steps: string[];
  rfc: string[];
}

export interface Diagnosis {
  /** the main cause (= causes[0]) or null when nothing is wrong */
  cause: CauseId | null;
  causes: CauseId[];
  title: string;
  summary: string;
  steps: string[];
  /** today's verdict in one line, e.g. "SPF fail: 203.0.113.5 is not allowed by example.com's record" */
  verdict: string;
  result: SpfResult | null;
  domain: string;
  ip: string | null;
  findings: CauseFinding[];
  fix: Fix | null;
  /** a record change is called for but no safe one could be verified: why, and what to do instead */
  noFix: string | null;
  /** without an IP: a corrected record that parses and stays within the limits, not verified for any IP */
  proposal: { name: string; record: string; note: string } | null;
  /** the sending service the IP belongs to, when one of the table was found */
  service: { id: string; name: string; include: string } | null;
  /** the IP's reverse-DNS name (looked up only when the record does not cover the IP) */
  ptrName: string | null;
  /** the reverse-DNS name's own A/AAAA gives the IP back: only then is the name evidence */
  ptrConfirmed: boolean;
  /** the SPF records the domain publishes today */
  records: string[];
  crossCheck: { verdict: CrossCheck['verdict']; summary: string } | null;
  /** DMARC for the From domain (RFC 9989): name, record and policy, the result, the alignment of SPF and each DKIM d= */
  dmarc: DmarcSummary | null;
  /** each DKIM signature of the returned message, its key today and its alignment */
  dkim: DkimSignatureCheck[];
  /** "DMARC: neither SPF nor DKIM passed for example.com. Shortest path: …" (dmarc-line.ts), or null */
  dmarcLine: string | null;
  /** RFC sections behind the causes */
  rfc: string[];
  /** text to paste into a ticket for a DNS admin or a mail provider */
  evidence: string;
}

export interface DiagnoseOutcome {
  evaluation: Evaluation | null;
  lint: LintReport;
  diagnosis: Diagnosis;
}

/** Who and what is checked: the SPF identity (RFC 7208 section 2.4) and the bounce it came from. */
export interface Subject {
  facts: BounceFacts | null;
  /** the <domain> whose policy is checked, normalised */
  domain: string;
  /** the client IP as the engine reads it, or null when none was given or it is not a valid address */
  ip: string | null;
  /** the envelope sender as the request or the bounce gave it (null when neither did) */
  sender: string | null;
  /** the <sender> handed to check_host() */
  envelope: string;
  helo: string;
  /** the bounce is a DMARC refusal */
  isDmarc: boolean;
  /** for a DMARC refusal, the From domain the bounce names (RFC 7489 section 3.1.2) */
  fromDomain: string | null;
}

/** The first wave's answers: the policy, today's check for the IP, the domain's TXT and the resolvers' comparison. */
export interface Today {
  lint: LintReport;
  evaluation: Evaluation | null;
  txt: DnsResult;
  cross: CrossCheck | null;
  /** the SPF records the domain publishes today */
  current: string[];
  /** the TTL of today's SPF record */
  ttl: number | null;
}

/** The DKIM and DMARC work started in the first wave (authentication.ts), when the bounce calls for it. */
export interface AuthenticationStart {
  request: (AuthenticationRequest & { beyondSpf: boolean }) | null;
  run: AuthenticationRun | null;
}

/** What findCauses() found: the causes with their details and words' context, and who sent. */
export interface Found {
  causes: Set<CauseId>;
  details: Map<CauseId, string>;
  context: CauseContext;
  service: SendingService | null;
  rdns: ReverseDns | null;
  /** the current records merged or mechanically corrected, when that changed them */
  repaired: string | null;
  /** the mechanical corrections made, in words */
  corrections: string[];
  auth: AuthenticationReport | null;
}

/** What buildFix() gives: a verified fix, why none, or an unverified proposal without an IP. */
export interface FixOutcome {
  fix: Fix | null;
  noFix: string | null;
  proposal: Diagnosis['proposal'];
}
