export * from './types';
export { parseTagList, colonList } from './tags';
export type { Tag, TagList } from './tags';
export { readPublicKey, decodeBase64, encodeBase64, ed25519Spki } from './der';
export type { DerKey } from './der';
export { keyName, parseKeyRecord, inspectKeyRecord, lookupDkimKey, MIN_RSA_BITS, RECOMMENDED_RSA_BITS, KEY_TYPES } from './key';
export type { KeyLookupOptions } from './key';
export { verifyMessage, parseMessage, canonicalizeHeader, canonicalizeBody } from './verify';
export type { Canonicalization, DkimVerifyResult, DkimVerifyReason, SignatureVerification, VerifyOptions, ParsedMessage } from './verify';
