/** What the bounce reader finds in a non-delivery report. Field names are a public contract (cli-contract.md). */
export type AuthMechanism = 'spf' | 'dmarc' | 'dkim' | 'auth';

/** What `domain` is: the SPF MAIL FROM domain, the HELO name, or the header From domain (DMARC). */
export type DomainRole = 'mail-from' | 'helo' | 'header-from';

/**
 * Where a fact was read (cli-contract.md "Added fields"): the receiver's reply as the notice quotes it
 * (`rejection`), a `message/delivery-status` field (`dsn`, including a `Diagnostic-Code` that quotes the
 * reply), an SMTP dialogue or mail log line (`transcript`: `>>> MAIL FROM:`, `<<< 550 ...`, Postfix's
 * `from=<>` / `RCPT from name[address]`), the receiver's own header fields in the returned message
 * (`authentication-results`, `received-spf`, `received`), the returned `Return-Path` / `From`, the
 * sending provider's own words (`notice`), or the fields of an authentication failure report
 * (`feedback-report`: RFC 6591's `message/feedback-report` part, Source-IP, Original-Mail-From, and the domain
 * its Authentication-Results or Reported-Domain name).
 */
export type EvidenceSource =
  | 'rejection'
  | 'dsn'
  | 'transcript'
  | 'authentication-results'
  | 'received-spf'
  | 'received'
  | 'return-path'
  | 'from'
  | 'notice'
  | 'feedback-report';

/** `receiverDkim`: the refusing receiver's own `dkim=` results (always from its Authentication-Results). */
export type EvidenceField = 'ip' | 'domain' | 'sender' | 'receiverDkim';

/** Two parts of a bounce name different values for one fact: `value` (from `source`) was kept. */
export interface EvidenceConflict {
  field: EvidenceField;
  value: string;
  source: EvidenceSource;
  other: string;
  otherSource: EvidenceSource;
}

/** A DKIM-Signature of the returned message (RFC 6376 section 3.5): d=, s=, a= (null when a= is not readable). */
export interface DkimSignatureFacts {
  domain: string;
  selector: string;
  algorithm: string | null;
}

/**
 * One `dkim=` result of the refusing receiver's own Authentication-Results (RFC 8601 section 2.7.1): what its
 * verifier said of one DKIM signature when the message arrived. Which fields are the receiver's own: evidence.ts.
 */
export interface ReceiverDkimResult {
  /**
   * the result as written, lowercase: RFC 8601 section 2.7.1's pass, fail, neutral, policy, none, temperror,
   * permerror, or a verifier's own word (Yahoo "perm_fail", Exchange Online "timeout")
   */
  result: string;
  /** the signing domain: header.d, else the domain of header.i (Gmail writes only header.i); null when neither */
  domain: string | null;
  /** header.i (the Agent or User Identifier, RFC 6376 section 3.5 tag i), or null */
  identity: string | null;
  /** header.s (the selector), or null (Exchange Online does not write it) */
  selector: string | null;
  /** header.b: the first characters of the signature's b= (RFC 6008), or null */
  signature: string | null;
  /** the reason: `reason=` (RFC 8601 section 2.3), else the comment, e.g. "body hash did not verify"; or null */
  reason: string | null;
  /** the authserv-id of the field it was read from (RFC 8601 section 2.5); null when the field has none */
  authservId: string | null;
}

export interface RefusedRecipient {
  recipient: string | null;
  status: string | null;
  /** the rejection line(s) as written, unfolded */
  diagnostic: string | null;
  /** the `Status:` field of the delivery-status part for this recipient, e.g. "5.0.0" (may disagree with `status`) */
  dsnStatus?: string | null;
}

export interface BounceFacts {
  /** the message was refused for failing sender authentication */
  authFailure: boolean;
  mechanism: AuthMechanism | null;
  /** the rejected client IP as the bounce names it */
  ip: string | null;
  /** the domain whose policy was checked (SPF: MAIL FROM / HELO domain; DMARC: header From domain) */
  domain: string | null;
  /** envelope sender */
  sender: string | null;
  recipient: string | null;
  /** SMTP reply code and enhanced status as written, e.g. "550 5.7.23" */
  status: string | null;
  /** which receiver refused, e.g. "gmail", "microsoft", "exim"; null when not known */
  receiver: string | null;
  /** the Reporting-MTA or the host that wrote the report */
  reportingMta: string | null;
  /** the rejection line(s) quoted exactly */
  rejection: string[];
  /** one entry per refused recipient when the report names several */
  recipients: RefusedRecipient[];
  /** the `Status:` field of the delivery-status part, e.g. "5.0.0"; it may disagree with `status` */
  dsnStatus?: string | null;
  /** the host that refused, as the report names it (Remote-MTA, `host NAME[...]`, `while talking to NAME`) */
  remoteMta?: string | null;
  /**
   * what `domain` is: the SPF MAIL FROM domain, the HELO name, or the header From domain (DMARC, and
   * Microsoft 5.7.515 even when it says "Spf= Fail"); null when `domain` is null
   */
  domainRole?: DomainRole | null;
  /**
   * the returned original's `Subject:` and `Date:` as written (decoded), so the user can tell whether they sent
   * it; null when the bounce does not show them
   */
  returnedSubject?: string | null;
  returnedDate?: string | null;
  /** for each of `ip`, `domain`, `sender` that is not null, where it was read */
  evidence?: Partial<Record<EvidenceField, EvidenceSource>>;
  /**
   * for each of `ip`, `domain`, `sender` with evidence, the words it was read from as the user sees them: the
   * original line (or header field) around the value, with its folds, quote marks and character references as
   * written, at most 300 characters; a fact whose words are not found has none
   */
  quotes?: Partial<Record<EvidenceField, string>>;
  /** the parts that named another value than the one kept (the receiver's own words win) */
  evidenceConflicts?: EvidenceConflict[];
  /** the returned message's `From:` address (DMARC is evaluated for its domain), or null */
  headerFrom?: string | null;
  /** the returned message's DKIM signatures */
  dkim?: DkimSignatureFacts[];
  /**
   * the refusing receiver's own `dkim=` results (its Authentication-Results, as evidence.ts decides), topmost
   * first, at most MAX_RECEIVER_DKIM; `evidence.receiverDkim` says where they were read
   */
  receiverDkim?: ReceiverDkimResult[];
}
