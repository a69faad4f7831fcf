import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalizeBody, canonicalizeHeader, verifyMessage } from '../../src/core/dkim';
import type { DkimVerifyReason } from '../../src/core/dkim';
import { DohResolver } from '../../src/core/dns';
import { ed25519Pair, rsaPair, signMessage, txtStrings } from '../helpers/dkim-sign';
import type { SignOptions } from '../helpers/dkim-sign';
import { startDohServer } from '../helpers/doh-server';
import type { DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';
import { ZoneResolver } from '../helpers/zone-resolver';

const MESSAGE = [
  'From: Ann <ann@brand.example>',
  'To: bob@receiver.example',
  'Subject: Quarterly   figures',
  '\tand a folded line',
  'Date: Mon, 2 Jun 2025 10:00:00 +0000',
  'Message-ID: <1@brand.example>',
  '',
  'Hello Bob,  ',
  '',
  'the figures are attached.',
  '',
  '',
].join('\r\n');

describe('canonicalization (RFC 6376 section 3.4)', () => {
  it('relaxed header: lower-case name, unfolded, one space, none around the colon (the RFC 3.4.5 example)', () => {
    expect(canonicalizeHeader('A: X', 'relaxed')).toBe('a:X\r\n');
    expect(canonicalizeHeader('B : Y\t\r\n\tZ  ', 'relaxed')).toBe('b:Y Z\r\n');
    expect(canonicalizeHeader('B : Y\t\r\n\tZ  ', 'simple')).toBe('B : Y\t\r\n\tZ  \r\n');
  });
  it('bodies (RFC 3.4.5 example and empty bodies)', () => {
    expect(canonicalizeBody(' C \r\nD \t E\r\n\r\n\r\n', 'relaxed')).toBe(' C\r\nD E\r\n');
    expect(canonicalizeBody(' C \r\nD \t E\r\n\r\n\r\n', 'simple')).toBe(' C \r\nD \t E\r\n');
    expect(canonicalizeBody('', 'simple')).toBe('\r\n');
    expect(canonicalizeBody('\r\n\r\n', 'relaxed')).toBe('');
    expect(canonicalizeBody('no final line end', 'relaxed')).toBe('no final line end\r\n');
  });
});

describe('RFC 8463 appendix A: the published Ed25519 example verifies', () => {
  it('ed25519-sha256, relaxed/relaxed, brisbane._domainkey.football.example.com', async () => {
    const message = [
      'DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;',
      ' d=football.example.com; i=@football.example.com;',
      ' q=dns/txt; s=brisbane; t=1528637909; h=from : to :',
      ' subject : date : message-id : from : subject : date;',
      ' bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;',
      ' b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus',
      ' Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==',
      'From: Joe SixPack <joe@football.example.com>',
      'To: Suzie Q <suzie@shopping.example.net>',
      'Subject: Is dinner ready?',
      'Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)',
      'Message-ID: <20030712040037.46341.5F8J@football.example.com>',
      '',
      'Hi.',
      '',
      'We lost the game.  Are you hungry yet?',
      '',
      'Joe.',
      '',
    ].join('\r\n');
    const resolver = new ZoneResolver({ 'brisbane._domainkey.football.example.com': [{ TXT: 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=' }] });
    const [result] = await verifyMessage(message, { resolver });
    expect(result).toMatchObject({ result: 'pass', reason: 'verified', bodyHashMatches: true, domain: 'football.example.com', selector: 'brisbane' });
    const [changed] = await verifyMessage(message.replace('Is dinner ready?', 'Is lunch ready?'), { resolver });
    expect(changed).toMatchObject({ result: 'fail', reason: 'signature-mismatch', bodyHashMatches: true });
  });
});

describe('verifyMessage with keys made in the test', () => {
  let rsa: { privateKey: CryptoKey; record: string };
  let rsa512: { privateKey: CryptoKey; record: string };
  let ed: { privateKey: CryptoKey; record: string };
  let zone: ZoneData;
  beforeAll(async () => {
    [rsa, rsa512, ed] = await Promise.all([rsaPair(2048), rsaPair(512), ed25519Pair()]);
    zone = {
      'k2048._domainkey.brand.example': [{ TXT: txtStrings(rsa.record) }],
      'k512._domainkey.brand.example': [{ TXT: rsa512.record }],
      'ed._domainkey.brand.example': [{ TXT: ed.record }],
      'old._domainkey.brand.example': [{ TXT: 'v=DKIM1; p=' }],
      'test._domainkey.brand.example': [{ TXT: txtStrings(rsa.record.replace('v=DKIM1;', 'v=DKIM1; t=y;')) }],
      'slow._domainkey.brand.example': ['TIMEOUT'],
    };
  });
  const sign = (opts: Partial<SignOptions> & { selector: string }, message = MESSAGE): Promise<string> =>
    signMessage(message, { domain: 'brand.example', algorithm: 'rsa-sha256', privateKey: opts.selector === 'ed' ? ed.privateKey : opts.selector === 'k512' ? rsa512.privateKey : rsa.privateKey, ...opts });
  const verify = async (message: string): Promise<{ result: string; reason: DkimVerifyReason; why: string }> => {
    const [r] = await verifyMessage(message, { resolver: new ZoneResolver(zone), now: () => 1_750_000_000 });
    return r as { result: string; reason: DkimVerifyReason; why: string };
  };

  it.each(['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed'] as const)('rsa-sha256 %s verifies', async (canon) => {
    expect(await verify(await sign({ selector: 'k2048', canon }))).toMatchObject({ result: 'pass', reason: 'verified' });
  });

  it('ed25519-sha256 verifies', async () => {
    expect(await verify(await sign({ selector: 'ed', algorithm: 'ed25519-sha256' }))).toMatchObject({ result: 'pass', reason: 'verified' });
  });

  it('a list footer breaks the body hash; an edited subject breaks the signature', async () => {
    const signed = await sign({ selector: 'k2048' });
    expect(await verify(`${signed}--\r\nlist-footer: unsubscribe at https://lists.example/\r\n`)).toMatchObject({ result: 'fail', reason: 'body-hash-mismatch' });
    expect((await verify(`${signed}--\r\nfooter\r\n`)).why).toMatch(/changed the message on its way/);
    expect(await verify(signed.replace('Subject: Quarterly', 'Subject: [list] Quarterly'))).toMatchObject({ result: 'fail', reason: 'signature-mismatch' });
  });

  it('relaxed survives re-folding and white space changes that break simple', async () => {
    const refold = (m: string): string => m.replace('Subject: Quarterly   figures\r\n\tand', 'Subject: Quarterly figures and').replace('Hello Bob,  ', 'Hello   Bob,');
    expect(await verify(refold(await sign({ selector: 'k2048', canon: 'relaxed/relaxed' })))).toMatchObject({ result: 'pass' });
    expect(await verify(refold(await sign({ selector: 'k2048', canon: 'simple/simple' })))).toMatchObject({ result: 'fail' });
  });

  it('l= signs only part of the body, so a footer added after it still verifies', async () => {
    const signed = await sign({ selector: 'k2048', bodyLength: 20 });
    expect(await verify(`${signed}footer\r\n`)).toMatchObject({ result: 'pass' });
  });

  it('LF-only line ends (a saved message) verify like CRLF', async () => {
    expect(await verify((await sign({ selector: 'k2048' })).replace(/\r\n/g, '\n'))).toMatchObject({ result: 'pass' });
  });

  it.each([
    ['nope', {}, 'permerror', 'key-missing'],
    ['old', {}, 'permerror', 'key-revoked'],
    ['k512', {}, 'permerror', 'key-unusable'],
    ['slow', {}, 'temperror', 'dns-error'],
    ['k2048', { algorithm: 'rsa-sha1' }, 'permerror', 'unsupported-algorithm'],
    ['k2048', { extra: 'x=1700000000' }, 'fail', 'expired'],
    ['k2048', { extra: 'i=joe@evil.example' }, 'permerror', 'malformed-signature'],
    ['k2048', { headers: ['to', 'subject'] }, 'permerror', 'malformed-signature'],
  ] as const)('selector %s %j -> %s %s', async (selector, extra, result, reason) => {
    expect(await verify(await sign({ selector, ...extra }))).toMatchObject({ result, reason });
  });

  it('an RSA signature against an Ed25519 key record is refused', async () => {
    expect(await verify(await sign({ selector: 'ed', algorithm: 'rsa-sha256', privateKey: rsa.privateKey }))).toMatchObject({ result: 'permerror', reason: 'key-unusable' });
  });

  it('a key in testing mode still verifies, and says so', async () => {
    expect((await verify(await sign({ selector: 'test' }))).why).toMatch(/t=y/);
  });

  it('any body and subject signed relaxed verifies; one changed body octet makes it fail the body hash', async () => {
    const line = fc.stringMatching(/^[ -~]{0,40}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 6 }), line, async (lines, subject) => {
        const message = `From: a@brand.example\r\nSubject: ${subject}\r\n\r\n${lines.join('\r\n')}\r\n`;
        const signed = await signMessage(message, { domain: 'brand.example', selector: 'k2048', algorithm: 'rsa-sha256', privateKey: rsa.privateKey, headers: ['from', 'subject'] });
        expect(await verify(signed)).toMatchObject({ result: 'pass' });
        expect(await verify(`${signed}changed\r\n`)).toMatchObject({ reason: 'body-hash-mismatch' });
      }),
      { numRuns: 40 },
    );
  });

  describe('over the local DoH server', () => {
    let server: DohServer;
    beforeAll(async () => {
      server = await startDohServer({ zone });
    });
    afterAll(async () => {
      await server.close();
    });
    it('fetches the key over DNS-over-HTTPS and verifies', async () => {
      const signed = await sign({ selector: 'k2048' });
      const [r] = await verifyMessage(signed, { resolver: new DohResolver({ endpoints: [server.cloudflareUrl] }) });
      expect(r).toMatchObject({ result: 'pass', reason: 'verified', key: { key: { bits: 2048 } } });
    });
  });
});
