/**
 * A small DKIM signer for tests (RFC 6376 section 5), written apart from src/core/dkim so that a mistake in the
 * verifier's canonicalization is not repeated here: signatures made with keys generated in the test.
 */

export type Canon = 'simple' | 'relaxed';

export interface SignOptions {
  domain: string;
  selector: string;
  /** 'rsa-sha256' with an RSASSA-PKCS1-v1_5 key, 'ed25519-sha256' with an Ed25519 key, or 'rsa-sha1' (signed as sha256, for the refusal test) */
  algorithm: 'rsa-sha256' | 'ed25519-sha256' | 'rsa-sha1';
  privateKey: CryptoKey;
  headers?: readonly string[];
  canon?: `${Canon}/${Canon}`;
  /** extra tags written before bh= (e.g. "x=1; l=10") */
  extra?: string;
  /** sign only the first `bodyLength` octets of the canonical body (l=) */
  bodyLength?: number;
}

const b64 = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

function crlf(text: string): string {
  return text.replace(/\r\n|\n/g, '\r\n');
}

function canonBody(body: string, canon: Canon): string {
  let lines = body.split('\r\n');
  if (canon === 'relaxed') lines = lines.map((l) => l.replace(/[ \t]+$/, '').replace(/[ \t]+/g, ' '));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return canon === 'simple' ? '\r\n' : '';
  return `${lines.join('\r\n')}\r\n`;
}

function canonHeader(field: string, canon: Canon): string {
  if (canon === 'simple') return field;
  const i = field.indexOf(':');
  const value = field
    .slice(i + 1)
    .split('\r\n')
    .join('')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${field.slice(0, i).trim().toLowerCase()}:${value}`;
}

/** Returns the message with a DKIM-Signature field prepended. */
export async function signMessage(message: string, opts: SignOptions): Promise<string> {
  const text = crlf(message);
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const body = text.slice(split + 4);
  const fields: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line)) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  const [hc, bc] = (opts.canon ?? 'relaxed/relaxed').split('/') as [Canon, Canon];
  let canonical = Buffer.from(canonBody(body, bc), 'latin1');
  if (opts.bodyLength !== undefined) canonical = canonical.subarray(0, opts.bodyLength);
  const bh = b64(await crypto.subtle.digest('SHA-256', canonical));
  const names = opts.headers ?? ['from', 'to', 'subject', 'date'];
  const used = new Set<number>();
  const signed: string[] = [];
  for (const name of names) {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (used.has(i) || (fields[i] as string).slice(0, (fields[i] as string).indexOf(':')).trim().toLowerCase() !== name) continue;
      used.add(i);
      signed.push(canonHeader(fields[i] as string, hc));
      break;
    }
  }
  const length = opts.bodyLength !== undefined ? ` l=${opts.bodyLength};` : '';
  const extra = opts.extra ? ` ${opts.extra};` : '';
  const dkim = `DKIM-Signature: v=1; a=${opts.algorithm}; c=${hc}/${bc}; d=${opts.domain}; s=${opts.selector};${length}${extra}\r\n h=${names.join(':')}; bh=${bh};\r\n b=`;
  const data = Buffer.from(`${signed.map((s) => `${s}\r\n`).join('')}${canonHeader(dkim, hc)}`, 'latin1');
  const signature =
    opts.algorithm === 'ed25519-sha256'
      ? await crypto.subtle.sign('Ed25519', opts.privateKey, await crypto.subtle.digest('SHA-256', data))
      : await crypto.subtle.sign('RSASSA-PKCS1-v1_5', opts.privateKey, data);
  return `${dkim}${b64(signature)}\r\n${text}`;
}

export async function rsaPair(bits: number): Promise<{ privateKey: CryptoKey; record: string }> {
  const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  return { privateKey: pair.privateKey, record: `v=DKIM1; k=rsa; p=${b64(await crypto.subtle.exportKey('spki', pair.publicKey))}` };
}

export async function ed25519Pair(): Promise<{ privateKey: CryptoKey; record: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return { privateKey: pair.privateKey, record: `v=DKIM1; k=ed25519; p=${b64(await crypto.subtle.exportKey('raw', pair.publicKey))}` };
}

/** TXT character-strings of at most 255 characters (RFC 1035 section 3.3). */
export function txtStrings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 255) out.push(text.slice(i, i + 255));
  return out;
}
