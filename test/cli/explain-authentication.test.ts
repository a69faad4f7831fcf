/** `explain` on a DMARC / DKIM refusal: the added `dmarc` and `dkim` fields of the JSON, and the lines a person reads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { rsaPair, signMessage, txtStrings } from '../helpers/dkim-sign';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import { zone } from '../diagnose/zones';
import { fakeIO } from '../helpers/cli-io';
import { multipartReport, postfixGmailDmarcNotice } from '../helpers/report';
import { BODY_CHANGED } from '../../src/core/dkim/words';

let server: DohServer;
/** a whole message signed with the google key, as the bounce below returns it */
let signed: string;
beforeAll(async () => {
  const google = await rsaPair(2048);
  const original = ['From: Ann <ann@shop.example>', 'To: bob@receiver.example', 'Subject: Order 1234', '', 'Hello', ''].join('\r\n');
  signed = await signMessage(original, { domain: 'shop.example', selector: 'google', algorithm: 'rsa-sha256', privateKey: google.privateKey });
  server = await startDohServer({
    zone: zone({
      'shop.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'mail.shop.example'] }],
      'mail.shop.example': [{ A: '192.0.2.10' }],
      '_dmarc.shop.example': [{ TXT: 'v=DMARC1; p=reject' }],
      's1._domainkey.shop.example': [{ CNAME: 's1.domainkey.u1234.wl.sendgrid.net' }],
      'google._domainkey.shop.example': [{ TXT: txtStrings(google.record) }],
    }),
  });
});
afterAll(async () => {
  await server.close();
});

/** The returned message's signature with the google key, From and body, as both bounces below return them. */
const SIGNED_BY_GOOGLE_SELECTOR = ['DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=google; h=from; bh=YmFk; b=YmFk', 'From: Ann <ann@shop.example>', 'Subject: Order 1234', '', 'Hello', ''];

const BOUNCE = [
  'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
  'Subject: Delivery Status Notification (Failure)',
  'Content-Type: text/plain',
  '',
  'The response from the remote server was:',
  '550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has',
  '550-5.7.26 been blocked. The sender must authenticate with at least one of SPF or DKIM. For this message,',
  '550-5.7.26 DKIM checks did not pass and SPF check for [shop.example] did not pass with ip: [167.89.0.5].',
  '550 5.7.26 a1si123 - gsmtp',
  '',
  '----- Original message -----',
  '',
  'Return-Path: <ann@shop.example>',
  'DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s1; h=from; bh=YmFk; b=YmFk',
  ...SIGNED_BY_GOOGLE_SELECTOR,
].join('\n');

const doh = (): string[] => ['--doh', server.cloudflareUrl];

describe('explain: DKIM and DMARC', () => {
  it('JSON: diagnosis.dmarc and diagnosis.dkim, the SPF fix re-checked through DMARC', async () => {
    const io = fakeIO(BOUNCE);
    expect(await runCli(['explain', '-', '--json', ...doh()], io, 'test')).toBe(0);
    const out = JSON.parse(io.stdout) as { diagnosis: Record<string, unknown> & { causes: string[] } };
    expect(out.diagnosis.causes).toEqual(expect.arrayContaining(['provider-not-included', 'dkim-key-missing']));
    expect(out.diagnosis.dmarc).toMatchObject({ name: '_dmarc.shop.example', record: 'v=DMARC1; p=reject', policy: 'reject', result: 'fail', fromDomain: 'shop.example' });
    expect(out.diagnosis.dkim).toMatchObject([
      { domain: 'shop.example', selector: 's1', keyState: 'missing', aligned: true },
      { domain: 'shop.example', selector: 'google', keyState: 'usable', aligned: true, key: { key: { algorithm: 'rsa', bits: 2048 } } },
    ]);
    expect(out.diagnosis.fix).toMatchObject({ record: 'v=spf1 mx include:sendgrid.net -all', dmarc: { result: 'pass' } });
  });

  it('text: one line for SPF, each DKIM signature and DMARC', async () => {
    const io = fakeIO(BOUNCE);
    expect(await runCli(['explain', '-', ...doh()], io, 'test')).toBe(0);
    expect(io.stdout).toContain('Authentication for shop.example:');
    expect(io.stdout).toContain('DKIM   d=shop.example s=s1: key missing at s1._domainkey.shop.example (CNAME s1.domainkey.u1234.wl.sendgrid.net), aligned [SendGrid]');
    expect(io.stdout).toContain('DKIM   d=shop.example s=google: key usable at google._domainkey.shop.example, rsa 2048 bits');
    expect(io.stdout).toContain('DMARC  fail: p=reject at _dmarc.shop.example');
    expect(io.stdout).toContain('With the record above, DMARC gives pass.');
  });

  it('a bounce that returns the whole message: each signature verified over it, and a changed body named', async () => {
    const whole = multipartReport({
      notice: ["<bob@receiver.example>: host mx.receiver.example[192.0.2.25] said: 550 5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy."],
      returned: { type: 'message/rfc822', content: `${signed}-- \r\nThe list footer\r\n` },
    });
    const io = fakeIO(whole);
    await runCli(['explain', '-', ...doh()], io, 'test');
    expect(io.stdout).toContain('DKIM   d=shop.example s=google: key usable at google._domainkey.shop.example, rsa 2048 bits');
    expect(io.stdout).toContain(`the returned message no longer verifies: ${BODY_CHANGED}`);
    const json = fakeIO(whole);
    await runCli(['explain', '-', '--json', ...doh()], json, 'test');
    const out = JSON.parse(json.stdout) as { diagnosis: { dkim: unknown[] } };
    expect(out.diagnosis.dkim).toMatchObject([{ selector: 'google', result: 'fail', verification: { result: 'fail', reason: 'body-hash-mismatch' } }]);
  });
});

describe("explain: the receiver's own DKIM verdict", () => {
  // the refusing receiver's Authentication-Results above its own Received hop (evidence.ts), in Gmail's format
  const WITH_VERDICT = postfixGmailDmarcNotice([
    'Authentication-Results: mx.google.com;',
    '       dkim=neutral (body hash did not verify) header.i=@shop.example header.s=google header.b=YmFk;',
    '       spf=fail (google.com: domain of ann@shop.example does not designate 203.0.113.77 as permitted sender) smtp.mailfrom=ann@shop.example',
    'Received: from out.mailer.example (out.mailer.example. [203.0.113.77]) by mx.google.com with ESMTPS id a1si; Mon, 02 Jun 2025 03:00:05 -0700',
    'Return-Path: <ann@shop.example>',
    ...SIGNED_BY_GOOGLE_SELECTOR,
  ]);
  const WORDS = "the receiver's Authentication-Results (mx.google.com): dkim=neutral (body hash did not verify): the body no longer matched its signature, so something changed the message on its way";

  it('text: under its DKIM line, in the words the popup and the evidence card use', async () => {
    const io = fakeIO(WITH_VERDICT);
    expect(await runCli(['explain', '-', ...doh()], io, 'test')).toBe(0);
    expect(io.stdout).toContain(`DKIM   d=shop.example s=google: key usable at google._domainkey.shop.example, rsa 2048 bits, aligned [Google Workspace]\n         ${WORDS}`);
  });

  it('JSON: facts.receiverDkim and diagnosis.dkim[].receiver', async () => {
    const io = fakeIO(WITH_VERDICT);
    expect(await runCli(['explain', '-', '--json', ...doh()], io, 'test')).toBe(0);
    const out = JSON.parse(io.stdout) as { facts: Record<string, unknown>; diagnosis: Record<string, unknown> };
    expect(out.facts.receiverDkim).toEqual([{ result: 'neutral', domain: 'shop.example', identity: '@shop.example', selector: 'google', signature: 'YmFk', reason: 'body hash did not verify', authservId: 'mx.google.com' }]);
    expect(out.facts.evidence).toMatchObject({ receiverDkim: 'authentication-results' });
    expect(out.diagnosis.dkim).toMatchObject([{ selector: 'google', result: 'neutral', receiver: { result: 'neutral', failure: 'body-hash', dmarcResult: 'neutral' } }]);
  });
});
