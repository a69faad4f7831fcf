/**
 * DMARC (RFC 9989, which obsoletes RFC 7489 and RFC 9091): the closed sets of values and the shapes the
 * record parser, the DNS tree walk and the evaluation share. Section numbers are RFC 9989's.
 */
import type { SpfResult } from '../spf/types';

/** RFC 9989 section 4.8, dmarc-request: the Domain Owner Assessment Policy. */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';
export const DMARC_POLICIES: readonly DmarcPolicy[] = ['none', 'quarantine', 'reject'];

/** RFC 9989 section 4.8, dmarc-rors: relaxed or strict Identifier Alignment. */
export type AlignmentMode = 'r' | 's';

/** RFC 9989 section 4.8, dmarc-psd: the domain is a Public Suffix Domain (y), an Organizational Domain (n), or unknown (u). */
export type PsdFlag = 'y' | 'n' | 'u';

/**
 * The DMARC results of the Email Authentication Result Names registry (RFC 9989 section 9.2, RFC 8601):
 * `none` no policy record applies; `pass` an aligned identifier passed; `fail` none did; `temperror` a DNS
 * answer needed was missing for now; `permerror` the record that applies is unusable.
 */
export type DmarcResult = 'none' | 'pass' | 'fail' | 'temperror' | 'permerror';
export const DMARC_RESULTS: readonly DmarcResult[] = ['none', 'pass', 'fail', 'temperror', 'permerror'];

/** The DKIM results an evaluation accepts, as RFC 8601 section 2.7.1 names them. */
export type DkimResultName = 'pass' | 'fail' | 'neutral' | 'policy' | 'temperror' | 'permerror' | 'none';

export type Severity = 'error' | 'warning' | 'info';

/** Every finding the DMARC code can report: a closed set, so front ends can word each one. */
export type DmarcFindingId =
  /** the TXT record does not start with "v=DMARC1" (RFC 9989 section 4.7, tag v) */
  | 'not-dmarc'
  /** no DMARC policy record for the domain or any domain above it (RFC 9989 section 4.10.1) */
  | 'no-record'
  /** several DMARC records at one name: all are discarded (RFC 9989 section 4.10, step 2) */
  | 'multiple-records'
  /** a piece between ";" that is not tag "=" value (RFC 9989 section 4.8) */
  | 'malformed-tag'
  /** the same tag twice: the first one is used */
  | 'duplicate-tag'
  /** a tag outside the DMARC Tags registry: ignored (RFC 9989 section 4.7) */
  | 'unknown-tag'
  /** pct=, rf=, ri=: in RFC 7489, "historic" in RFC 9989 (sections 9.3 and A.6) */
  | 'legacy-tag'
  /** p= absent (RFC 9989 section 4.7, tag p) */
  | 'missing-policy'
  /** p=, sp= or np= is not none, quarantine or reject (RFC 9989 section 4.8) */
  | 'invalid-policy'
  /** adkim, aspf, t, psd or fo with a value outside its rule (RFC 9989 section 4.8) */
  | 'invalid-value'
  /** a rua / ruf entry that is not a URI (RFC 9989 section 4.8, dmarc-uri) */
  | 'invalid-uri'
  /** a URI scheme other than mailto:, which receivers need not support (RFC 9989 section 4.7, tag rua) */
  | 'unsupported-uri-scheme'
  /** the "!size" suffix of RFC 7489 (RFC 9989 section 4.8, obs-dmarc-report-size) */
  | 'report-size-suffix'
  /** no valid p= and no valid rua=: receivers apply no DMARC processing (RFC 9989 section 4.10.1) */
  | 'record-ignored'
  /** p=none: monitoring only, nothing is refused (RFC 9989 section 3.2.12) */
  | 'monitoring-only'
  /** t=y: the policy is applied one level softer (RFC 9989 section 4.7, tag t) */
  | 'testing-mode'
  /** no rua=: no aggregate reports are sent (RFC 9989 section 4.7, tag rua) */
  | 'no-reports'
  /** fo= without ruf=: ignored (RFC 9989 section 4.7, tag fo) */
  | 'fo-without-ruf'
  /** a report destination outside the policy's Organizational Domain that has not authorised it */
  | 'external-destination-unauthorised'
  /** a DNS failure left part of the walk unknown */
  | 'dns-error';

/** A span of the record text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface DmarcFinding {
  id: DmarcFindingId;
  severity: Severity;
  message: string;
  /** the domain whose record it is about */
  domain?: string;
  position?: Span;
  /** the RFC 9989 section behind it */
  rfc?: string;
}

/** One tag=value of the record, as written. */
export interface DmarcTag extends Span {
  /** lower case */
  name: string;
  value: string;
}

/** One reporting URI of rua= / ruf= (RFC 9989 sections 4.6, 4.8). */
export interface DmarcUri {
  /** as written, without the obsolete "!size" suffix */
  uri: string;
  scheme: string;
  /** the host of the URI's authority; for mailto: the domain of the address (null when there is none) */
  host: string | null;
  /** the RFC 7489 "!size" limit as written, else null */
  sizeLimit: string | null;
}

export interface DmarcRecord {
  text: string;
  /** false when the text is not a DMARC record at all ("v=DMARC1" is not the first tag) */
  isDmarc: boolean;
  tags: DmarcTag[];
  /** the values as written when valid, else null (absent or invalid) */
  p: DmarcPolicy | null;
  sp: DmarcPolicy | null;
  np: DmarcPolicy | null;
  /** defaults applied: adkim/aspf "r", t "n" (false), psd "u" */
  adkim: AlignmentMode;
  aspf: AlignmentMode;
  testing: boolean;
  psd: PsdFlag;
  rua: DmarcUri[];
  ruf: DmarcUri[];
  fo: string[];
  /** the RFC 7489 pct= value when it is a valid 0-100 integer; RFC 9989 has no pct (section A.6) */
  pct: number | null;
  /**
   * RFC 9989 section 4.10.1: the record is applied as written (`'as-written'`), as if "p=none" (no valid p / sp /
   * np but a valid rua), or not at all (`'ignored'`).
   */
  applies: 'as-written' | 'as-none' | 'ignored';
  findings: DmarcFinding[];
}

/** One DNS query of a tree walk and what it gave. */
export interface WalkStep {
  /** the domain the record would be for */
  domain: string;
  /** "_dmarc." + domain */
  query: string;
  outcome: 'record' | 'no-record' | 'multiple' | 'error';
  /** the one DMARC record found (outcome 'record') */
  record?: DmarcRecord;
  /** every TXT text at the name, for the evidence */
  texts: string[];
  /** for 'error': the resolver's message */
  message?: string;
}

/** A DNS tree walk from one domain (RFC 9989 section 4.10). */
export interface TreeWalk {
  start: string;
  /** the names walked, in order (at most 8) */
  steps: WalkStep[];
  /** why the walk ended */
  stop: 'psd-tag' | 'top' | 'error';
}

/** The Organizational Domain of a name and how it was chosen (RFC 9989 section 4.10.2). */
export interface OrgDomain {
  domain: string;
  orgDomain: string;
  /** which selection rule gave it */
  rule: 'psd-n' | 'below-psd-y' | 'fewest-labels' | 'no-record';
  walk: TreeWalk | null;
  /** true when a DNS error leaves the answer uncertain */
  uncertain: boolean;
}

/** Policy discovery (RFC 9989 section 4.10.1). */
export interface PolicyDiscovery {
  authorDomain: string;
  /** the domain whose record applies, or null */
  policyDomain: string | null;
  record: DmarcRecord | null;
  /** how the applied record was found */
  source: 'author-domain' | 'organizational-domain' | 'public-suffix-domain' | null;
  orgDomain: string;
  /** the rule of RFC 9989 section 4.10.2 that chose orgDomain */
  orgRule: OrgDomain['rule'];
  walk: TreeWalk;
  /** a temporary DNS error stopped discovery */
  error: string | null;
}

export interface IdentifierAlignment {
  mechanism: 'spf' | 'dkim';
  /** the authenticated (or claimed) domain: SPF's MAIL FROM domain, DKIM's d= */
  domain: string;
  /** DKIM only */
  selector?: string;
  /** the underlying mechanism's own result */
  authResult: SpfResult | DkimResultName;
  mode: 'relaxed' | 'strict';
  /** null when a DNS error left it unknown */
  aligned: boolean | null;
  /** the identifier's Organizational Domain when relaxed mode needed it */
  orgDomain: string | null;
  /** authResult is pass and the identifier aligns: this alone makes DMARC pass */
  passes: boolean;
  why: string;
}

export interface DmarcInput {
  /** the RFC5322.From domain (Author Domain) */
  fromDomain: string;
  /** SPF's result for the MAIL FROM identity and the domain it was checked for (RFC 9989 section 4.4.2) */
  spf?: { result: SpfResult; domain: string } | null;
  /** each DKIM signature's result, d= and s= (RFC 9989 section 5.3.3) */
  dkim?: { result: DkimResultName; domain: string; selector?: string }[];
}

export interface DmarcEvaluation {
  result: DmarcResult;
  fromDomain: string;
  /** the domain whose record applied, or null */
  policyDomain: string | null;
  /** the applied record's text */
  record: string | null;
  /** which tag gave the policy (RFC 9989 section 4.10.1) and its value, after the "p=none" fallback */
  policy: { tag: 'p' | 'sp' | 'np'; value: DmarcPolicy } | null;
  /** the handling the record asks for this message: 'none' unless the result is fail (t=y softens it one level) */
  disposition: DmarcPolicy;
  testing: boolean;
  /** the RFC 7489 pct= of the applied record, which RFC 9989 dropped; receivers still on RFC 7489 may sample */
  legacyPct: number | null;
  orgDomain: string | null;
  alignment: { spf: IdentifierAlignment | null; dkim: IdentifierAlignment[] };
  discovery: PolicyDiscovery | null;
  findings: DmarcFinding[];
  reason: string;
  dnsErrors: string[];
  /** DNS queries sent */
  queries: number;
}
