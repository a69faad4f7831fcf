/**
 * The DKIM signatures of a complete returned message, verified with today's keys (RFC 6376 section 6.1): does the
 * message the receiver refused still verify, and if not, did its body change on the way (a list footer) or a
 * signed header. Only the signatures whose keys the diagnosis looked up are verified, over the same answers: a
 * message out of a bounce chose every d= and s= in it, and verification asks nothing new.
 */
import type { DkimSignatureFacts } from '../bounce/types';
import type { DkimKeyCheck } from '../dkim/types';
import { verifyMessage } from '../dkim/verify';
import type { DkimVerifyReason, DkimVerifyResult } from '../dkim/verify';
import { normaliseName } from '../dns/name';
import type { Resolver } from '../dns/types';

/** One signature's verdict over the returned message. */
export interface ReturnedVerification {
  result: DkimVerifyResult;
  reason: DkimVerifyReason;
  why: string;
}

const sameSignature = (a: { domain: string; selector: string }, b: { domain: string; selector: string }): boolean =>
  normaliseName(a.domain) === normaliseName(b.domain) && a.selector.toLowerCase() === b.selector.toLowerCase();

/**
 * Verifies `message` once `keys` (the diagnosis's key lookups, null where a key was not asked) are in, and gives
 * each of `signatures` its verdict: null where its key was not asked or the message does not carry it.
 */
export async function verifyReturned(
  message: string,
  signatures: DkimSignatureFacts[],
  keys: Promise<(DkimKeyCheck | null)[]>,
  opts: { resolver: Resolver; signal?: AbortSignal },
): Promise<(ReturnedVerification | null)[]> {
  const checked = await keys;
  const asked = signatures.filter((_, i) => checked[i] != null);
  if (asked.length === 0) return signatures.map(() => null);
  const verdicts = await verifyMessage(message, { ...opts, wanted: (domain, selector) => asked.some((s) => sameSignature(s, { domain, selector })) });
  return signatures.map((s, i) => {
    if (checked[i] == null) return null;
    const verdict = verdicts.find((v) => v.reason !== 'not-asked' && sameSignature(v, s));
    return verdict === undefined ? null : { result: verdict.result, reason: verdict.reason, why: verdict.why };
  });
}
