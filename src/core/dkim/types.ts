/** DKIM (RFC 6376, RFC 8301, RFC 8463): the closed sets and shapes of key records and signature checks. */

export type Severity = 'error' | 'warning' | 'info';

/** Every key finding: a closed set, one wording per id in the front ends. */
export type DkimKeyFindingId =
  /** no TXT record at <selector>._domainkey.<domain> (RFC 6376 section 6.1.2) */
  | 'key-missing'
  /** several key records at one name: which one a verifier takes is not defined (RFC 6376 section 6.1.2) */
  | 'multiple-records'
  /** p= is empty: the key was revoked (RFC 6376 section 3.6.1) */
  | 'key-revoked'
  /** the tag list, v=, p= (base64 or key structure) is broken (RFC 6376 sections 3.2, 3.6.1) */
  | 'key-malformed'
  /** k= other than rsa or ed25519, or a key of another algorithm (RFC 6376 section 3.6.1, RFC 8463) */
  | 'unsupported-algorithm'
  /** RSA under 1024 bits: verifiers MUST NOT accept it (RFC 8301 section 3.2) */
  | 'weak-key'
  /** RSA from 1024 to 2047 bits: signers SHOULD use at least 2048 (RFC 8301 section 3.2) */
  | 'short-key'
  /** t=y: the domain is testing DKIM (RFC 6376 section 3.6.1) */
  | 'testing-mode'
  /** t=s: i= must be exactly d=, no subdomain (RFC 6376 section 3.6.1) */
  | 'strict-subdomains'
  /** h= allows only sha1, which verifiers MUST NOT accept (RFC 8301 section 3.1) */
  | 'sha1-only'
  /** s= does not include email or "*": the key is not for mail (RFC 6376 section 3.6.1) */
  | 'not-for-email'
  /** a temporary DNS error (RFC 6376 section 6.1.2: TEMPFAIL) */
  | 'dns-error';

export interface DkimKeyFinding {
  id: DkimKeyFindingId;
  severity: Severity;
  message: string;
  /** span of the record text, when one part is to blame */
  position?: { start: number; end: number };
  /** the RFC section behind it, e.g. "RFC 6376 section 3.6.1" */
  rfc?: string;
}

/** A key record's tags read (RFC 6376 section 3.6.1). */
export interface DkimKeyRecord {
  text: string;
  /** the tag list parsed */
  valid: boolean;
  /** v= as written, null when absent */
  version: string | null;
  /** k=, lower case; default "rsa" */
  keyType: string;
  /** h=, lower case; null = all hashes */
  hashes: string[] | null;
  /** p= with white space removed; "" = revoked */
  publicKey: string | null;
  /** s=, lower case; default ["*"] */
  services: string[];
  /** t=, lower case */
  flags: string[];
  notes: string | null;
}

export interface DkimKeyInfo {
  /** the algorithm of the key itself (from its DER or k=) */
  algorithm: 'rsa' | 'ed25519' | null;
  /** RSA modulus size or 256 for Ed25519; null when unreadable */
  bits: number | null;
  /** how the size was read: WebCrypto's import or the DER fallback */
  via: 'webcrypto' | 'der' | null;
}

export interface DkimKeyCheck {
  selector: string;
  domain: string;
  /** <selector>._domainkey.<domain> */
  query: string;
  outcome: 'found' | 'missing' | 'multiple' | 'error';
  /** the names the query was CNAME'd through, in order (as far as they were followed) */
  cnames: string[];
  record: DkimKeyRecord | null;
  key: DkimKeyInfo | null;
  findings: DkimKeyFinding[];
  /** the key can verify signatures (found, not revoked, well-formed, supported, not under 1024 bits, for email) */
  usable: boolean;
  /** DNS queries sent */
  queries: number;
}
