/**
 * The refusing receiver's own DKIM verdicts (BounceFacts.receiverDkim, read from its Authentication-Results) in
 * the diagnosis: which verdict is a signature's, the result DMARC takes from it, and the one wording the evidence
 * card, the popup and `explain` show. A verdict never causes a DNS query: it only replaces the result that was
 * guessed from the key and the refusal's words.
 */
import type { DkimSignatureFacts, ReceiverDkimResult } from '../bounce/types';
import { BODY_CHANGED } from '../dkim/words';
import type { DkimResultName } from '../dmarc/types';
import { normaliseName } from '../dns/name';
import type { DkimSignatureCheck } from './authentication';

/** What the receiver said of one signature, with what it means. */
export interface ReceiverVerdict {
  /** the result as the receiver wrote it (lowercase) */
  result: string;
  reason: string | null;
  authservId: string | null;
  /** the RFC 8601 result DMARC takes from it; null for a word outside RECEIVER_RESULTS (then not used) */
  dmarcResult: DkimResultName | null;
  /** why it did not verify, when the reason says so */
  failure: ReceiverFailure | null;
}

export type ReceiverFailure = 'body-hash' | 'signature';

/** The result words a verifier writes, and the RFC 8601 section 2.7.1 result each one is. */
const RECEIVER_RESULTS: { word: string; result: DkimResultName; source: string }[] = [
  { word: 'pass', result: 'pass', source: 'RFC 8601 section 2.7.1' },
  { word: 'fail', result: 'fail', source: 'RFC 8601 section 2.7.1' },
  // Gmail writes "dkim=neutral (body hash did not verify)"
  { word: 'neutral', result: 'neutral', source: 'RFC 8601 section 2.7.1' },
  { word: 'policy', result: 'policy', source: 'RFC 8601 section 2.7.1' },
  { word: 'none', result: 'none', source: 'RFC 8601 section 2.7.1' },
  { word: 'temperror', result: 'temperror', source: 'RFC 8601 section 2.7.1' },
  { word: 'permerror', result: 'permerror', source: 'RFC 8601 section 2.7.1' },
  // Yahoo writes "dkim=perm_fail"
  { word: 'perm_fail', result: 'permerror', source: "Yahoo's Authentication-Results" },
  // Exchange Online: "dkim=timeout (key query timeout)"
  { word: 'timeout', result: 'temperror', source: "Exchange Online's Authentication-Results" },
];

/** Why a signature did not verify, by the reason the verifier wrote. */
const FAILURE_WORDINGS: { failure: ReceiverFailure; pattern: RegExp; source: string }[] = [
  {
    failure: 'body-hash',
    pattern: /\bbody ?hash\b|\bbh mismatch\b/i,
    source: 'Gmail "dkim=neutral (body hash did not verify)", Exchange Online "dkim=fail (body hash did not verify)"; RFC 6376 section 6.1.3',
  },
  {
    failure: 'signature',
    pattern: /\bsignature (?:did not|didn't|does not|failed to) verify\b|\bsignature verification failed\b|\bbad signature\b/i,
    source: 'Exchange Online "(signature did not verify)", OpenDKIM reason="signature verification failed"',
  },
];

/** The results that say the signature was checked and did not verify (RFC 8601 section 2.7.1: fail, neutral, permerror). */
const DID_NOT_VERIFY: ReadonlySet<DkimResultName> = new Set<DkimResultName>(['fail', 'neutral', 'permerror']);

function dmarcResultOf(word: string): DkimResultName | null {
  return RECEIVER_RESULTS.find((row) => row.word === word)?.result ?? null;
}

/**
 * The receiver's verdict for a signature: the results whose signing domain is its d= (header.d, or the domain of
 * header.i) and whose header.s, when written, is its s=. Several that disagree cannot be told apart without b=:
 * none is used. Null when the receiver gave none.
 */
export function receiverVerdictFor(signature: DkimSignatureFacts, results: readonly ReceiverDkimResult[]): ReceiverVerdict | null {
  const domain = normaliseName(signature.domain);
  const selector = signature.selector.toLowerCase();
  const matching = results.filter((r) => r.domain !== null && normaliseName(r.domain) === domain && (r.selector === null || r.selector.toLowerCase() === selector));
  const first = matching[0];
  if (first === undefined || matching.some((r) => r.result !== first.result)) return null;
  const reason = matching.find((r) => r.reason !== null)?.reason ?? null;
  const dmarcResult = dmarcResultOf(first.result);
  const failure = dmarcResult !== null && DID_NOT_VERIFY.has(dmarcResult) && reason !== null ? (FAILURE_WORDINGS.find((row) => row.pattern.test(reason))?.failure ?? null) : null;
  return { result: first.result, reason, authservId: first.authservId, dmarcResult, failure };
}

/** The receiver checked this signature and it did not verify there (fail, neutral, permerror). */
export function failedAtReceiver(v: ReceiverVerdict | null | undefined): boolean {
  return v != null && v.dmarcResult !== null && DID_NOT_VERIFY.has(v.dmarcResult);
}

/**
 * The receiver's verdict in words, with what it means beside the key found today: one wording for the evidence
 * card, the popup and `explain`. Null when the receiver gave none for this signature.
 */
export function receiverVerdictText(s: Pick<DkimSignatureCheck, 'receiver' | 'keyState'>): string | null {
  const v = s.receiver;
  if (v == null) return null;
  const said = `the receiver's Authentication-Results${v.authservId === null ? '' : ` (${v.authservId})`}: dkim=${v.result}${v.reason === null ? '' : ` (${v.reason})`}`;
  if (v.dmarcResult === 'pass') return `${said}: the signature verified there`;
  if (!failedAtReceiver(v)) return said;
  // RFC 6376 section 6.1.3: the body hash is computed before the signature is checked
  if (v.failure === 'body-hash') return `${said}: the body no longer matched its signature, so ${BODY_CHANGED}`;
  if (s.keyState === 'usable') return `${said}: the signature did not verify there, though its key is published`;
  return said;
}

/**
 * The receiver said an aligned signature passed, yet refused the message for DMARC: an aligned DKIM pass is a DMARC
 * pass (RFC 9989 section 4.4.1), so its words and its own header disagree. Null when they do not.
 */
export function receiverConflictText(dkim: readonly DkimSignatureCheck[], fromDomain: string, dmarcRefusal: boolean): string | null {
  if (!dmarcRefusal) return null;
  const passed = dkim.find((s) => s.aligned === true && s.receiver?.dmarcResult === 'pass');
  if (passed === undefined) return null;
  return `The receiver's own Authentication-Results say dkim=pass for d=${passed.domain} s=${passed.selector}, which aligns with ${fromDomain}, yet it refused the message for DMARC: an aligned DKIM pass is a DMARC pass, so the refusal and its own header disagree (it may have refused for another reason, or checked a different message than the copy returned)`;
}
