/**
 * The pre-filter (prefilter-rules.ts) with the receivers' wordings of the table (wordings.ts): what the CLI, the
 * background and the tests run. The content script runs the same rules with the same patterns, which it asks of
 * the background (wordingPatterns) so that it does not carry them: they are most of its size.
 */
import { FORMAT_MARKERS, prefilter, refusalWordingData, type BounceMarker, type RefusalWording, type RefusalWordingData } from './prefilter-rules';
import { AUTH_STATUS_TEXT, GENERIC_REFUSAL, OTHER_REASON, REFUSAL_WORDING, REFUSAL_WORDING_PARTS } from './wordings';

export const REFUSAL_WORDING_CHECK: RefusalWording = { parts: REFUSAL_WORDING_PARTS, generic: GENERIC_REFUSAL, other: OTHER_REASON, authStatus: AUTH_STATUS_TEXT };

/**
 * Every row: the format rows, and a receiver's own refusal wording (wordings.ts SPECIFIC_WORDINGS, each row with its
 * source). Whatever the reader takes for an authentication refusal without a reply code ("soft failed sender ID
 * check", "rejected by DMARC policy for example.org") passes; and so does a line that opens with a reply code and
 * holds a generic refusal and no other reason (prefilter-rules.ts holdsRefusalWording).
 */
export const BOUNCE_MARKERS: readonly BounceMarker[] = [...FORMAT_MARKERS, { name: 'auth-refusal-wording', pattern: REFUSAL_WORDING }];

/** Could this text be a bounce? (prefilter-rules.ts prefilter, with the table's wordings.) Never throws. */
export function looksLikeBounce(text: string): boolean {
  return prefilter(text, REFUSAL_WORDING_CHECK) === true;
}

/** The wordings' patterns as a message to the content script carries them (prefilter-rules.ts refusalWordingFrom). */
export function wordingPatterns(): RefusalWordingData {
  return refusalWordingData(REFUSAL_WORDING_CHECK);
}
