/**
 * What a body hash that no longer matches means (RFC 6376 section 6.1.3): one wording for the message verified
 * here (verify.ts, and the popup's line in diagnose/key-words.ts) and for the receiver's own verdict
 * (diagnose/receiver-dkim.ts). A file of its own, so the popup takes the words without the verifier.
 */
export const BODY_CHANGED = 'something changed the message on its way (a mailing list footer, a rewritten link, a re-encoded attachment)';
