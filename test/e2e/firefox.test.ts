/**
 * The unchanged dist/firefox build in Firefox ESR (headless), driven by puppeteer-core over WebDriver BiDi,
 * against the local HTTPS stand-ins for the webmail and DoH hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { FIREFOX, artifactPath, browserReady, launchFirefox, waitInPage, type LaunchedFirefox } from '../helpers/e2e-browsers';
import { GMAIL_BOUNCE_PAGE, GMAIL_SPF_BOUNCE_TEXT } from './pages';
import { SPF_ZONE } from './zone';

/** The extension API as an extension page sees it (Firefox's own `browser` global). */
declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
};

const ready = browserReady(FIREFOX);

describe.skipIf(!ready)('Firefox ESR loads dist/firefox', () => {
  let hosts: HttpsHosts;
  let launched: LaunchedFirefox;
  let firefox: Browser;

  const openExtensionPage = (path: string): Promise<Page> => launched.openExtensionPage(path);

  async function sendFrom(page: Page, message: unknown): Promise<Record<string, unknown>> {
    return page.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
  }

  beforeAll(async () => {
    hosts = await startHttpsHosts({
      doh: { zone: SPF_ZONE },
      pages: { 'mail.google.com': { '/mail/u/0/bounce': GMAIL_BOUNCE_PAGE } },
    });
    launched = await launchFirefox({ port: hosts.port });
    firefox = launched.browser;
    expect(launched.installedId).toBe(launched.addonId);
  });

  afterAll(async () => {
    await firefox?.close();
    await hosts?.close();
  });

  it('runs the background script, which answers ping with the version', async () => {
    const popup = await openExtensionPage('popup.html');
    expect(await sendFrom(popup, { type: 'ping' })).toEqual({ ok: true, version: '0.1.0' });
    expect(await sendFrom(popup, { type: 'bounce-found', text: GMAIL_SPF_BOUNCE_TEXT })).toEqual({
      ok: false,
      error: 'refused: "bounce-found" is not accepted from an extension page',
    });
    await popup.close();
  });

  it('renders the popup with the background status and the check form', async () => {
    const popup = await openExtensionPage('popup.html');
    await waitInPage(popup, () => document.querySelector('[data-testid="background-status"]')?.textContent === 'Background: answering (v0.1.0)');
    expect(await popup.$eval('[data-testid="version"]', (el) => el.textContent)).toBe('v0.1.0');
    expect(await popup.$eval('label[for="domain"] span', (el) => el.textContent)).toBe('Domain');
    await popup.close();
  });

  it('reports the bounce on the Gmail stand-in to the background', async () => {
    const gmail = await firefox.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/bounce');
    await gmail.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
    await gmail.screenshot({ path: artifactPath('firefox-gmail-bounce.png') });

    const popup = await openExtensionPage('popup.html');
    const tabs = await popup.evaluate(() => browser.tabs.query({ url: 'https://mail.google.com/*' }));
    const tabId = tabs[0]?.id;
    expect(tabId).toBeTypeOf('number');
    expect(await sendFrom(popup, { type: 'get-tab-state', tabId })).toMatchObject({
      ok: true,
      state: { tabId, bounce: { origin: 'https://mail.google.com', facts: { ip: '192.0.2.25', domain: 'example.com' } } },
    });
    await popup.close();
    await gmail.close();
  });

  it('checks a domain from the popup form over the DoH resolver', async () => {
    const popup = await openExtensionPage('popup.html');
    // the bounce diagnosed above filled the background's cache: empty it so that this check's queries are seen
    expect(await sendFrom(popup, { type: 'clear-cache' })).toEqual({ ok: true, cleared: true });
    hosts.doh.resetLog();
    await popup.type('#domain', 'example.com');
    await popup.type('#ip', '203.0.113.9');
    await popup.click('button[type="submit"]');
    await popup.waitForSelector('[data-testid="check-result"] .result');
    // 203.0.113.9 is in the include's 203.0.113.0/24, whose record ends in ~all: the include matches, so pass
    expect(await popup.$eval('[data-testid="check-result"] .result', (el) => el.textContent)).toBe('pass');
    expect(hosts.doh.queries.map((q) => `${q.path} ${q.name} ${q.type}`)).toEqual(
      expect.arrayContaining(['/dns-query example.com TXT', '/dns-query _spf.example.net TXT']),
    );
    await (await popup.$('main.popup'))?.screenshot({ path: artifactPath('firefox-popup.png') });
    await popup.close();
  });

  it('renders the options page with the stored resolver choice', async () => {
    const options = await openExtensionPage('options.html');
    await options.waitForSelector('input[value="cloudflare-google"]:checked');
    await options.click('input[value="google-cloudflare"]');
    await waitInPage(options, () => document.querySelector('[data-testid="save-status"]')?.textContent === 'Saved.');
    await options.close();
    const reopened = await openExtensionPage('options.html');
    await reopened.waitForSelector('input[value="google-cloudflare"]:checked');
    await reopened.close();
  });
});
