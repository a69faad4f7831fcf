/**
 * The same DKIM verification in the unchanged dist/firefox build (Firefox ESR's WebCrypto): messages signed in
 * the test with keys made in the test, the keys served by the DoH stand-in, verified by the extension's
 * background and, by the same code, in Node over a DoH server with the same zone: the answers must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { verifyMessage } from '../../src/core/dkim';
import type { SignatureVerification } from '../../src/core/dkim';
import { DohResolver } from '../../src/core/dns';
import { ed25519Pair, rsaPair, signMessage, txtStrings } from '../helpers/dkim-sign';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import { FIREFOX, browserReady, launchFirefox, type LaunchedFirefox } from '../helpers/e2e-browsers';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import type { ZoneData } from '../helpers/zone';

declare const browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const ready = browserReady(FIREFOX);

const MESSAGE = ['From: Ann <ann@brand.example>', 'To: bob@receiver.example', 'Subject: Quarterly figures', 'Date: Mon, 2 Jun 2025 10:00:00 +0000', '', 'Hello Bob,', ''].join('\r\n');

function outcome(s: SignatureVerification): Record<string, unknown> {
  return { domain: s.domain, selector: s.selector, result: s.result, reason: s.reason, bodyHashMatches: s.bodyHashMatches, bits: s.key?.key?.bits ?? null };
}

describe.skipIf(!ready)('DKIM verified by the extension in Firefox, as in Node', () => {
  let hosts: HttpsHosts;
  let node: DohServer;
  let launched: LaunchedFirefox;
  let page: Page;
  const messages: Record<string, string> = {};

  beforeAll(async () => {
    const [rsa, ed] = await Promise.all([rsaPair(2048), ed25519Pair()]);
    const zone: ZoneData = {
      'k2048._domainkey.brand.example': [{ TXT: txtStrings(rsa.record) }],
      'ed._domainkey.brand.example': [{ TXT: ed.record }],
    };
    messages.rsa = await signMessage(MESSAGE, { domain: 'brand.example', selector: 'k2048', algorithm: 'rsa-sha256', privateKey: rsa.privateKey });
    messages.ed25519 = await signMessage(MESSAGE, { domain: 'brand.example', selector: 'ed', algorithm: 'ed25519-sha256', privateKey: ed.privateKey });
    messages.footer = `${messages.rsa}-- \r\nThe list footer\r\n`;
    hosts = await startHttpsHosts({ doh: { zone } });
    node = await startDohServer({ zone });
    launched = await launchFirefox({ port: hosts.port });
    page = await launched.openExtensionPage('popup.html');
  });

  afterAll(async () => {
    await launched?.close();
    await hosts?.close();
    await node?.close();
  });

  it('each message gives the same verdict in the shipping background and in Node', async () => {
    const expected: Record<string, Record<string, unknown>> = {
      rsa: { result: 'pass', reason: 'verified', bits: 2048 },
      ed25519: { result: 'pass', reason: 'verified', bits: 256 },
      footer: { result: 'fail', reason: 'body-hash-mismatch', bodyHashMatches: false },
    };
    for (const [name, message] of Object.entries(messages)) {
      const reply = (await page.evaluate((m) => browser.runtime.sendMessage({ type: 'verify-dkim', message: m }), message)) as { ok: boolean; signatures: SignatureVerification[] };
      expect(reply.ok, name).toBe(true);
      const inNode = await verifyMessage(message, { resolver: new DohResolver({ endpoints: [node.cloudflareUrl] }) });
      expect(reply.signatures.map(outcome), name).toEqual(inNode.map(outcome));
      expect(outcome(reply.signatures[0] as SignatureVerification), name).toMatchObject(expected[name] as Record<string, unknown>);
    }
  });
});
