/**
 * Just enough DER (ITU-T X.690) to read a DKIM public key: SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7)
 * holding an RSAPublicKey (RFC 8017 appendix A.1.1) or an Ed25519 key (RFC 8410), or a bare RSAPublicKey.
 * Pure code, for keys WebCrypto refuses and for the key size without importing anything.
 */

interface Tlv {
  tag: number;
  /** content start and end in the buffer */
  start: number;
  end: number;
}

/** One TLV at `at`, or null when the bytes are not DER (X.690 section 8.1). */
function readTlv(bytes: Uint8Array, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = bytes[at] as number;
  if ((tag & 0x1f) === 0x1f) return null; // high tag numbers never occur in these structures
  let length = bytes[at + 1] as number;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // X.690 section 10.1: definite form, minimal length octets
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] as number);
    start += count;
  }
  const end = start + length;
  if (end > limit) return null;
  return { tag, start, end };
}

function children(bytes: Uint8Array, parent: Tlv): Tlv[] | null {
  const list: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const tlv = readTlv(bytes, at, parent.end);
    if (!tlv) return null;
    list.push(tlv);
    at = tlv.end;
  }
  return list;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OID = 0x06;
/** 1.2.840.113549.1.1.1 rsaEncryption (RFC 8017 appendix A.1) */
const RSA_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/** 1.3.101.112 id-Ed25519 (RFC 8410 section 3) */
const ED25519_OID = [0x2b, 0x65, 0x70];

export type DerKey =
  | { kind: 'rsa'; /** the modulus size in bits */ bits: number; exponent: number | null; /** the key as SubjectPublicKeyInfo DER, for WebCrypto */ spki: Uint8Array; form: 'spki' | 'rsa-public-key' }
  | { kind: 'ed25519'; bits: 256; raw: Uint8Array; spki: Uint8Array }
  | { kind: 'other'; oid: string }
  | { kind: 'invalid'; why: string };

function sameBytes(bytes: Uint8Array, tlv: Tlv, expected: number[]): boolean {
  return tlv.end - tlv.start === expected.length && expected.every((b, i) => bytes[tlv.start + i] === b);
}

function oidText(bytes: Uint8Array, tlv: Tlv): string {
  const out: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const b = bytes[i] as number;
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (out.length === 0) out.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else out.push(value);
      value = 0;
    }
  }
  return out.join('.');
}

/** The bit length of a DER INTEGER's magnitude (leading zero octets skipped). */
function integerBits(bytes: Uint8Array, tlv: Tlv): number {
  let i = tlv.start;
  while (i < tlv.end && bytes[i] === 0) i++;
  if (i === tlv.end) return 0;
  return (tlv.end - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

function smallInteger(bytes: Uint8Array, tlv: Tlv): number | null {
  if (tlv.end - tlv.start > 6) return null;
  let v = 0;
  for (let i = tlv.start; i < tlv.end; i++) v = v * 256 + (bytes[i] as number);
  return v;
}

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) out.unshift(l % 256);
  return [0x80 | out.length, ...out];
}

function wrap(tag: number, content: number[] | Uint8Array): number[] {
  return [tag, ...encodeLength(content.length), ...content];
}

/** RSAPublicKey -> SubjectPublicKeyInfo (RFC 5280 section 4.1, AlgorithmIdentifier rsaEncryption with NULL). */
function rsaSpki(rsaPublicKey: Uint8Array): Uint8Array {
  const algorithm = wrap(SEQUENCE, [...wrap(OID, RSA_OID), 0x05, 0x00]);
  const key = wrap(BIT_STRING, [0x00, ...rsaPublicKey]);
  return new Uint8Array(wrap(SEQUENCE, [...algorithm, ...key]));
}

function readRsaPublicKey(bytes: Uint8Array, tlv: Tlv): { bits: number; exponent: number | null } | null {
  if (tlv.tag !== SEQUENCE) return null;
  const parts = children(bytes, tlv);
  if (!parts || parts.length !== 2 || parts.some((p) => p.tag !== INTEGER)) return null;
  const [n, e] = parts as [Tlv, Tlv];
  return { bits: integerBits(bytes, n), exponent: smallInteger(bytes, e) };
}

/** Reads a DKIM p= key (already base64-decoded). Never throws. */
export function readPublicKey(bytes: Uint8Array): DerKey {
  const top = readTlv(bytes, 0, bytes.length);
  if (!top || top.end !== bytes.length || top.tag !== SEQUENCE) return { kind: 'invalid', why: 'the key is not a DER SEQUENCE' };
  const parts = children(bytes, top);
  if (!parts) return { kind: 'invalid', why: 'the key is not well-formed DER' };
  // a bare RSAPublicKey: SEQUENCE { INTEGER n, INTEGER e }
  if (parts.length === 2 && parts[0]?.tag === INTEGER && parts[1]?.tag === INTEGER) {
    const rsa = readRsaPublicKey(bytes, top);
    if (!rsa) return { kind: 'invalid', why: 'the RSAPublicKey is not well-formed' };
    return { kind: 'rsa', ...rsa, spki: rsaSpki(bytes), form: 'rsa-public-key' };
  }
  // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
  if (parts.length !== 2 || parts[0]?.tag !== SEQUENCE || parts[1]?.tag !== BIT_STRING) return { kind: 'invalid', why: 'the key is neither SubjectPublicKeyInfo nor RSAPublicKey' };
  const [algorithm, key] = parts as [Tlv, Tlv];
  const algorithmParts = children(bytes, algorithm);
  const oid = algorithmParts?.[0];
  if (!oid || oid.tag !== OID) return { kind: 'invalid', why: 'the key names no algorithm' };
  if (key.end - key.start < 1 || bytes[key.start] !== 0) return { kind: 'invalid', why: 'the key bits are not whole octets' };
  const inner = bytes.subarray(key.start + 1, key.end);
  if (sameBytes(bytes, oid, RSA_OID)) {
    const innerTlv = readTlv(inner, 0, inner.length);
    const rsa = innerTlv && innerTlv.end === inner.length ? readRsaPublicKey(inner, innerTlv) : null;
    if (!rsa) return { kind: 'invalid', why: 'the RSA key inside SubjectPublicKeyInfo is not well-formed' };
    return { kind: 'rsa', ...rsa, spki: bytes, form: 'spki' };
  }
  if (sameBytes(bytes, oid, ED25519_OID)) {
    if (inner.length !== 32) return { kind: 'invalid', why: `an Ed25519 key has 32 octets, not ${inner.length}` };
    return { kind: 'ed25519', bits: 256, raw: inner.slice(), spki: bytes };
  }
  return { kind: 'other', oid: oidText(bytes, oid) };
}

/** RFC 8463 section 4.2: an Ed25519 DKIM key is the raw 32-octet key; wrapped here for WebCrypto. */
export function ed25519Spki(raw: Uint8Array): Uint8Array {
  const algorithm = wrap(SEQUENCE, wrap(OID, ED25519_OID));
  return new Uint8Array(wrap(SEQUENCE, [...algorithm, ...wrap(BIT_STRING, [0x00, ...raw])]));
}

/** Base64 (RFC 4648 section 4) with white space removed; null when it is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/[ \t\r\n]+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) return null;
  try {
    const binary = atob(clean);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
