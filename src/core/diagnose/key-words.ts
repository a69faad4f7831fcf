/**
 * The words for a DKIM key lookup, shared by the evidence card, the popup and `explain`. A module of its own, with
 * type imports only, so the popup does not load the DKIM and DMARC code to print a line.
 */
import type { DkimSignatureCheck } from './authentication';
import { BODY_CHANGED } from '../dkim/words';
import type { ReturnedVerification } from './returned-verification';

/**
 * Where a signature's key was looked up and what it is ("s1._domainkey.example.com (CNAME a -> b), rsa 2048 bits"),
 * or why it was not: one wording for the evidence card, the popup and `explain`.
 */
export function keyLookupText(s: DkimSignatureCheck, arrow = ' -> '): string {
  if (s.key === null) return `${s.selector}._domainkey.${s.domain} (not asked: d=${s.domain} cannot align with the From domain, so its key cannot change the DMARC result)`;
  const via = s.key.cnames.length > 0 ? ` (CNAME ${s.key.cnames.join(arrow)})` : '';
  const bits = s.key.key?.bits ? `, ${s.key.key.algorithm ?? 'key'} ${s.key.key.bits} bits` : '';
  return `${s.key.query}${via}${bits}`;
}

const VERIFICATION_WORDS: Partial<Record<ReturnedVerification['reason'], string>> = {
  verified: 'the returned message still verifies with today\'s key',
  'body-hash-mismatch': `the returned message no longer verifies: ${BODY_CHANGED}`,
  'signature-mismatch': 'the returned message does not verify: a signed header changed on the way, or the key is not the one that signed',
  expired: 'the signature has expired (x=)',
};

/** A signature's verdict over the returned message, in a few words (the full reason is `why`). */
export function verificationText(v: ReturnedVerification): string {
  return VERIFICATION_WORDS[v.reason] ?? `the returned message: ${v.why}`;
}
