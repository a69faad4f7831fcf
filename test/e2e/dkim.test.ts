/**
 * DKIM and DMARC in the unchanged shipping build, in each browser of E2E_BROWSERS: messages signed in the test
 * with keys made in the test (RSA 2048, Ed25519), the keys served by the DoH stand-in, verified by the
 * extension's background (core/dkim with the browser's WebCrypto) through the popup, and the same messages
 * verified in Node by the same code over a DoH server with the same zone: the answers must agree. Then
 * "check a domain" with a DKIM selector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { verifyMessage } from '../../src/core/dkim';
import type { SignatureVerification } from '../../src/core/dkim';
import { DohResolver } from '../../src/core/dns';
import { ed25519Pair, rsaPair, signMessage, txtStrings } from '../helpers/dkim-sign';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import { browserReady } from '../helpers/e2e-browsers';
import { attribute, clickButton, fillLabelled, text, waitForSelector } from '../helpers/e2e-dom';
import { E2E_BROWSERS, launchBrowser, type ColorScheme, type E2eBrowser } from '../helpers/e2e-driver';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { axeScript, type AxeViolation } from '../helpers/e2e-popup';
import type { ZoneData } from '../helpers/zone';

const MESSAGE = [
  'From: Ann <ann@brand.example>',
  'To: bob@receiver.example',
  'Subject: Quarterly   figures',
  'Date: Mon, 2 Jun 2025 10:00:00 +0000',
  'Message-ID: <1@brand.example>',
  '',
  'Hello Bob,  ',
  '',
  'the figures are attached.',
  '',
].join('\r\n');

/** What must agree between Node and the browser for each signature. */
function outcome(s: SignatureVerification): Record<string, unknown> {
  return { domain: s.domain, selector: s.selector, result: s.result, reason: s.reason, bodyHashMatches: s.bodyHashMatches, bits: s.key?.key?.bits ?? null, algorithm: s.key?.key?.algorithm ?? null };
}

/** The popup's DKIM parts on screen: a pasted message's verdict, and a domain checked with a selector. */
async function verifyAndCheck(popup: Page, message: string): Promise<void> {
  await fillLabelled(popup, 'Whole message', message);
  await clickButton(popup, 'Verify DKIM');
  await waitForSelector(popup, '[data-testid="verify-signature"]');
  await fillLabelled(popup, 'Domain', 'brand.example', { exact: true });
  await fillLabelled(popup, 'DKIM selector (optional)', 'k2048');
  await clickButton(popup, 'Check SPF');
  await waitForSelector(popup, '[data-testid="check-dkim"]');
}

for (const setup of E2E_BROWSERS) {
  describe.skipIf(!browserReady(setup))(`DKIM verified by the extension in ${setup.name}, as in Node`, () => {
    let hosts: HttpsHosts;
    let node: DohServer;
    let browser: E2eBrowser;
    let popup: Page;
    const messages: Record<string, string> = {};

    beforeAll(async () => {
      const [rsa, ed] = await Promise.all([rsaPair(2048), ed25519Pair()]);
      const zone: ZoneData = {
        'k2048._domainkey.brand.example': [{ TXT: txtStrings(rsa.record) }],
        'ed._domainkey.brand.example': [{ TXT: ed.record }],
        'old._domainkey.brand.example': [{ TXT: 'v=DKIM1; k=rsa; p=' }],
        'brand.example': [{ TXT: 'v=spf1 -all' }],
        '_dmarc.brand.example': [{ TXT: 'v=DMARC1; p=reject; rua=mailto:dmarc@brand.example' }],
      };
      const rsaSigned = await signMessage(MESSAGE, { domain: 'brand.example', selector: 'k2048', algorithm: 'rsa-sha256', privateKey: rsa.privateKey });
      messages.rsa = rsaSigned;
      messages.ed25519 = await signMessage(MESSAGE, { domain: 'brand.example', selector: 'ed', algorithm: 'ed25519-sha256', privateKey: ed.privateKey });
      // a list footer added on the way: the body hash no longer matches
      messages.footer = `${rsaSigned}-- \r\nThe list footer\r\n`;
      messages.revoked = await signMessage(MESSAGE, { domain: 'brand.example', selector: 'old', algorithm: 'rsa-sha256', privateKey: rsa.privateKey });
      hosts = await startHttpsHosts({ doh: { zone } });
      node = await startDohServer({ zone });
      browser = await launchBrowser(setup, { port: hosts.port });
      popup = await browser.openExtensionPage('popup.html');
    });

    afterAll(async () => {
      await browser?.close();
      await hosts?.close();
      await node?.close();
    });

    it(`each message gives the same verdict in the shipping background (${setup.name} WebCrypto) and in Node`, async () => {
      const expected: Record<string, Partial<Record<string, unknown>>> = {
        rsa: { result: 'pass', reason: 'verified', bits: 2048, algorithm: 'rsa' },
        ed25519: { result: 'pass', reason: 'verified', bits: 256, algorithm: 'ed25519' },
        footer: { result: 'fail', reason: 'body-hash-mismatch', bodyHashMatches: false },
        revoked: { reason: 'key-revoked' },
      };
      for (const [name, message] of Object.entries(messages)) {
        const reply = (await browser.send(popup, { type: 'verify-dkim', message })) as { ok: boolean; signatures: SignatureVerification[] };
        expect(reply.ok, name).toBe(true);
        const inNode = await verifyMessage(message, { resolver: new DohResolver({ endpoints: [node.cloudflareUrl] }) });
        expect(reply.signatures.map(outcome), name).toEqual(inNode.map(outcome));
        expect(outcome(reply.signatures[0] as SignatureVerification), name).toMatchObject(expected[name] as Record<string, unknown>);
      }
      // the background asked the DoH stand-in (the user's resolver), for the keys
      expect(hosts.doh.queries.map((q) => q.name)).toEqual(expect.arrayContaining(['k2048._domainkey.brand.example', 'ed._domainkey.brand.example']));
    });

    it('the popup: paste a message, read the verdict of each signature', async () => {
      await fillLabelled(popup, 'Whole message', messages.footer as string);
      await clickButton(popup, 'Verify DKIM');
      await waitForSelector(popup, '[data-testid="verify-signature"]');
      expect(await attribute(popup, '[data-testid="verify-signature"]', 'data-result')).toBe('fail');
      expect(await attribute(popup, '[data-testid="verify-signature"]', 'data-reason')).toBe('body-hash-mismatch');
      expect(await text(popup, '[data-testid="verify-signature"]')).toContain('d=brand.example s=k2048');
    });

    it('check a domain with a DKIM selector: the DMARC record that applies and the key with its size', async () => {
      await fillLabelled(popup, 'Domain', 'brand.example', { exact: true });
      await fillLabelled(popup, 'DKIM selector (optional)', 'k2048');
      await clickButton(popup, 'Check SPF');
      await waitForSelector(popup, '[data-testid="check-dkim"]');
      expect(await text(popup, '[data-testid="check-dkim"] :is(h1, h2, h3, h4, h5, h6)')).toBe('DKIM key for selector k2048: usable');
      expect(await text(popup, '[data-testid="check-dkim"]')).toContain('(rsa 2048 bits)');
      expect(await text(popup, '[data-testid="check-dmarc-record"]')).toBe('_dmarc.brand.example: v=DMARC1; p=reject; rua=mailto:dmarc@brand.example');
      // the new parts (message field, verdicts, DMARC and DKIM parts) pass axe-core, light and dark
      expect((await popup.evaluate(axeScript())) as AxeViolation[], 'light').toEqual([]);
      const dark = await launchBrowser(setup, { port: hosts.port, colorScheme: 'dark' satisfies ColorScheme });
      try {
        const darkPopup = await dark.openExtensionPage('popup.html');
        await verifyAndCheck(darkPopup, messages.footer as string);
        expect(await darkPopup.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
        expect((await darkPopup.evaluate(axeScript())) as AxeViolation[], 'dark').toEqual([]);
      } finally {
        await dark.close();
      }
    });
  });
}
