/** What the bounce reader finds in a non-delivery report. Field names are a public contract (cli-contract.md). */
export type AuthMechanism = 'spf' | 'dmarc' | 'dkim' | 'auth';

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
  domainRole?: 'mail-from' | 'helo' | 'header-from' | null;
  /**
   * the returned original's `Subject:` and `Date:` as written (decoded), so the user can tell whether they sent
   * it; null when the bounce does not show them
   */
  returnedSubject?: string | null;
  returnedDate?: string | null;
}
