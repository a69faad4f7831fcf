/**
 * The bounce reader for page text, without the MIME parser: what the content script bundles.
 * (index.ts also exports readBounce, whose postal-mime has module side effects a bundler keeps.)
 */
export { readBounceText } from './text';
export { looksLikeBounce } from './prefilter';
export type { AuthMechanism, BounceFacts, RefusedRecipient } from './types';
