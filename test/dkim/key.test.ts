import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { decodeBase64, encodeBase64, inspectKeyRecord, lookupDkimKey, parseKeyRecord, parseTagList, readPublicKey } from '../../src/core/dkim';
import type { DkimKeyFindingId } from '../../src/core/dkim';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

async function rsaKey(bits: number): Promise<string> {
  const pair = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  return encodeBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
}

/** TXT character-strings of at most 255 characters (RFC 1035 section 3.3). */
function strings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 255) out.push(text.slice(i, i + 255));
  return out;
}

const keys: Record<number, string> = {};
beforeAll(async () => {
  for (const bits of [512, 1024, 2048]) keys[bits] = await rsaKey(bits);
});

const ids = (findings: { id: DkimKeyFindingId }[]): DkimKeyFindingId[] => findings.map((f) => f.id);

describe('tag-list grammar (RFC 6376 section 3.2)', () => {
  it('reads tags with folding white space and a trailing ";"', () => {
    const list = parseTagList(' v=DKIM1 ;\tk = rsa;\r\n p=MIGf MA0G ;');
    expect(list.ok).toBe(true);
    if (list.ok) expect(list.tags.map((t) => [t.name, t.value])).toEqual([['v', 'DKIM1'], ['k', 'rsa'], ['p', 'MIGf MA0G']]);
  });

  it.each([
    ['v=DKIM1; p=a; p=b', /twice/],
    ['v=DKIM1;; p=a', /empty tag/],
    ['v=DKIM1; 1x=a', /not a tag name/],
    ['v=DKIM1; junk', /no "="/],
    ['', /empty/],
  ])('%j is invalid', (text, why) => {
    const list = parseTagList(text);
    expect(list.ok).toBe(false);
    if (!list.ok) expect(list.message).toMatch(why);
  });

  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,6}$/);
  const value = fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{1,8}( [\x21-\x3a\x3c-\x7e]{1,8}){0,2}$/);
  const fws = fc.constantFrom('', ' ', '\t', '\r\n ');
  it('generated tag lists parse back to their tags', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, fc.oneof(value, fc.constant(''))), { selector: ([n]) => n, minLength: 1, maxLength: 8 }), fws, fc.boolean(), (tags, ws, trailing) => {
        const text = tags.map(([n, v]) => `${ws}${n}${ws}=${ws}${v}${ws}`).join(';') + (trailing ? ';' : '');
        const list = parseTagList(text);
        expect(list.ok).toBe(true);
        expect(list.tags.map((t) => [t.name, t.value])).toEqual(tags);
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary text never throws, spans stay inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom('v=DKIM1', ';', '=', ' ', 'p=', 'k=rsa', 'x', '\r\n'), { maxLength: 20 }).map((a) => a.join(''))), (text) => {
        const list = parseTagList(text);
        for (const t of list.tags) expect(t.end).toBeLessThanOrEqual(text.length);
        if (!list.ok) expect(list.start).toBeLessThanOrEqual(Math.max(text.length, 1));
        void parseKeyRecord(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('key records (RFC 6376 section 3.6.1)', () => {
  it.each([512, 1024, 2048])('reads the size of a real %i-bit RSA key from the key itself', async (bits) => {
    const inspected = await inspectKeyRecord(`v=DKIM1; k=rsa; p=${keys[bits]}`);
    expect(inspected.key).toEqual({ algorithm: 'rsa', bits, via: 'webcrypto' });
    const expected: DkimKeyFindingId[] = bits < 1024 ? ['weak-key'] : bits < 2048 ? ['short-key'] : [];
    expect(ids(inspected.findings)).toEqual(expected);
    expect(inspected.usable).toBe(bits >= 1024);
  });

  it('the DER reading agrees with WebCrypto, for SubjectPublicKeyInfo and bare RSAPublicKey keys', async () => {
    for (const bits of [512, 1024, 2048]) {
      const spki = decodeBase64(keys[bits] as string) as Uint8Array;
      const fromSpki = readPublicKey(spki);
      expect(fromSpki).toMatchObject({ kind: 'rsa', bits, exponent: 65537, form: 'spki' });
      // the BIT STRING's content after its unused-bits octet is the RSAPublicKey
      const bitString = spki.indexOf(0x03, 15);
      const lengthOctets = (spki[bitString + 1] as number) & 0x80 ? ((spki[bitString + 1] as number) & 0x7f) + 1 : 1;
      const bare = spki.subarray(bitString + 1 + lengthOctets + 1);
      const fromBare = readPublicKey(bare);
      expect(fromBare).toMatchObject({ kind: 'rsa', bits, form: 'rsa-public-key' });
      if (fromBare.kind === 'rsa') expect(encodeBase64(fromBare.spki)).toBe(keys[bits]);
      const inspected = await inspectKeyRecord(`v=DKIM1; p=${encodeBase64(bare)}`);
      expect(inspected.key?.bits).toBe(bits);
    }
  });

  it('falls back to the DER reading without WebCrypto', async () => {
    vi.stubGlobal('crypto', undefined);
    try {
      expect((await inspectKeyRecord(`p=${keys[1024]}`)).key).toEqual({ algorithm: 'rsa', bits: 1024, via: 'der' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('ed25519 keys are the raw 32 octets (RFC 8463)', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const raw = encodeBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
    expect(await inspectKeyRecord(`v=DKIM1; k=ed25519; p=${raw}`)).toMatchObject({ key: { algorithm: 'ed25519', bits: 256 }, findings: [], usable: true });
    expect(ids((await inspectKeyRecord(`v=DKIM1; k=ed25519; p=${keys[1024]}`)).findings)).toEqual(['key-malformed']);
  });

  it.each([
    ['v=DKIM1; p=', 'key-revoked'],
    ['v=DKIM1; k=rsa; p= ', 'key-revoked'],
    ['v=DKIM1; k=dsa; p=AAAA', 'unsupported-algorithm'],
    ['v=DKIM1; p=not base64!', 'key-malformed'],
    ['v=DKIM1; p=AAAAAAAA', 'key-malformed'],
    ['v=DKIM2; p=AAAA', 'key-malformed'],
    ['k=rsa; v=DKIM1; p=AAAA', 'key-malformed'],
    ['v=DKIM1; k=rsa', 'key-malformed'],
    ['v=DKIM1; p=a; p=b', 'key-malformed'],
  ] as const)('%j -> %s', async (text, id) => {
    const inspected = await inspectKeyRecord(text);
    expect(ids(inspected.findings)).toEqual([id]);
    expect(inspected.usable).toBe(false);
  });

  it('flags, hashes and services', async () => {
    const key = keys[2048] as string;
    expect(ids((await inspectKeyRecord(`v=DKIM1; t=y:s; p=${key}`)).findings)).toEqual(['testing-mode', 'strict-subdomains']);
    const sha1 = await inspectKeyRecord(`v=DKIM1; h=sha1; p=${key}`);
    expect([ids(sha1.findings), sha1.usable]).toEqual([['sha1-only'], false]);
    expect((await inspectKeyRecord(`v=DKIM1; h=sha1:sha256; p=${key}`)).usable).toBe(true);
    const web = await inspectKeyRecord(`v=DKIM1; s=web; p=${key}`);
    expect([ids(web.findings), web.usable]).toEqual([['not-for-email'], false]);
    expect((await inspectKeyRecord(`v=DKIM1; s=email:web; p=${key}`)).usable).toBe(true);
  });
});

describe('lookupDkimKey', () => {
  const zone = (): ZoneData => ({
    'google._domainkey.brand.example': [{ TXT: strings(`v=DKIM1; k=rsa; p=${keys[2048]}`) }],
    'old._domainkey.brand.example': [{ TXT: 'v=DKIM1; k=rsa; p=' }],
    'tiny._domainkey.brand.example': [{ TXT: `v=DKIM1; p=${keys[512]}` }],
    'selector1._domainkey.brand.example': [{ CNAME: 'selector1-brand-example._domainkey.brand.onmicrosoft.example' }],
    'selector1-brand-example._domainkey.brand.onmicrosoft.example': [{ TXT: strings(`v=DKIM1; k=rsa; p=${keys[1024]}`) }],
    'selector2._domainkey.brand.example': [{ CNAME: 'selector2-brand-example._domainkey.brand.onmicrosoft.example' }],
    'slow._domainkey.brand.example': ['TIMEOUT'],
  });

  it('finds a 2048-bit key split over several strings', async () => {
    const check = await lookupDkimKey('google', 'brand.example', { resolver: new ZoneResolver(zone()) });
    expect(check).toMatchObject({ outcome: 'found', usable: true, key: { bits: 2048 }, findings: [], cnames: [] });
  });

  it('follows a CNAME (Microsoft 365 style) and names where it points', async () => {
    const check = await lookupDkimKey('selector1', 'brand.example', { resolver: new ZoneResolver(zone()) });
    expect(check).toMatchObject({ outcome: 'found', usable: true, key: { bits: 1024 }, cnames: ['selector1-brand-example._domainkey.brand.onmicrosoft.example'] });
    const missing = await lookupDkimKey('selector2', 'brand.example', { resolver: new ZoneResolver(zone()) });
    expect(missing.outcome).toBe('missing');
    expect(missing.findings[0]?.message).toContain('CNAME to selector2-brand-example._domainkey.brand.onmicrosoft.example');
  });

  it('missing, revoked, weak and DNS errors', async () => {
    const resolver = new ZoneResolver(zone());
    expect(ids((await lookupDkimKey('nope', 'brand.example', { resolver })).findings)).toEqual(['key-missing']);
    expect(ids((await lookupDkimKey('old', 'brand.example', { resolver })).findings)).toEqual(['key-revoked']);
    expect(await lookupDkimKey('tiny', 'brand.example', { resolver })).toMatchObject({ usable: false, key: { bits: 512 } });
    expect(await lookupDkimKey('slow', 'brand.example', { resolver })).toMatchObject({ outcome: 'error', usable: false });
  });

  describe('over the local DoH server', () => {
    let server: DohServer;
    beforeAll(async () => {
      server = await startDohServer({ zone: zone() });
    });
    afterAll(async () => {
      await server.close();
    });
    it('reads the same keys through DNS-over-HTTPS', async () => {
      for (const path of ['cloudflareUrl', 'googleUrl'] as const) {
        const resolver = new DohResolver({ endpoints: [server[path]] });
        expect(await lookupDkimKey('google', 'brand.example', { resolver })).toMatchObject({ outcome: 'found', key: { bits: 2048 }, usable: true });
        expect(await lookupDkimKey('selector1', 'brand.example', { resolver })).toMatchObject({ outcome: 'found', key: { bits: 1024 }, cnames: ['selector1-brand-example._domainkey.brand.onmicrosoft.example'] });
        expect(ids((await lookupDkimKey('old', 'brand.example', { resolver })).findings)).toEqual(['key-revoked']);
      }
    });
  });
});
