/**
 * Firefox ESR with the unchanged dist/firefox build for the popup and options tests, over WebDriver BiDi
 * (puppeteer-core): the HTTPS stand-ins on port 443 of every mapped host, and the user's own resolver at
 * `doh.example.net` on its own port. Optional permission requests are answered "yes" without a doorhanger
 * (extensions.webextOptionalPermissionPrompts = false), so the options page's real request path runs.
 */
import type { Browser, Page } from 'puppeteer-core';
import { startDohServer, type DohServer } from './doh-server';
import { launchFirefox } from './e2e-browsers';
import { CUSTOM_HOST, POPUP_GMAIL_PAGE, POPUP_GMAIL_PATH, POPUP_ZONE } from './e2e-popup';
import { makeCertificate, startHttpsHosts, type HttpsHosts } from './https-hosts';

/** The extension API as an extension page sees it (Firefox's own `browser` global). */
declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
  storage: { sync: { get(key: string): Promise<Record<string, unknown>> } };
};

export interface FirefoxRig {
  firefox: Browser;
  hosts: HttpsHosts;
  custom: DohServer;
  customUrl: string;
  open(path: string): Promise<Page>;
  send(page: Page, message: unknown): Promise<Record<string, unknown>>;
  storedSettings(page: Page): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * `colorScheme: 'dark'` makes pages see prefers-color-scheme: dark from the start (WebDriver BiDi has no
 * media emulation, so the scheme is a profile preference).
 */
export async function startFirefoxRig(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<FirefoxRig> {
  const hosts = await startHttpsHosts({ doh: { zone: POPUP_ZONE }, pages: { 'mail.google.com': { [POPUP_GMAIL_PATH]: POPUP_GMAIL_PAGE } } });
  const custom = await startDohServer({ zone: POPUP_ZONE, tls: makeCertificate([CUSTOM_HOST]) });
  const launched = await launchFirefox({
    port: hosts.port,
    // only port 443 is moved to the stand-ins; the custom resolver is asked on its own port
    extraHosts: [CUSTOM_HOST],
    colorScheme: opts.colorScheme ?? 'light',
    extraPrefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
  if (launched.installedId !== launched.addonId) throw new Error(`installed ${launched.installedId}, expected ${launched.addonId}`);
  const firefox = launched.browser;

  return {
    firefox,
    hosts,
    custom,
    customUrl: `https://${CUSTOM_HOST}:${custom.port}/dns-query`,
    open: (path) => launched.openExtensionPage(path),
    send(page, message) {
      return page.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
    },
    async storedSettings(page) {
      return (await page.evaluate(() => browser.storage.sync.get('settings'))).settings;
    },
    async close() {
      await launched.close();
      await hosts.close();
      await custom.close();
    },
  };
}

/** Opens the Gmail stand-in and waits until the background has the bounce the content script reported. */
export async function openReportedGmailTab(rig: FirefoxRig): Promise<{ gmail: Page; tabId: number }> {
  const gmail = await rig.firefox.newPage();
  await gmail.goto(`https://mail.google.com${POPUP_GMAIL_PATH}`);
  const probe = await rig.open('popup.html');
  const tabs = await probe.evaluate((pattern) => browser.tabs.query({ url: pattern }), `https://mail.google.com${POPUP_GMAIL_PATH}`);
  const tabId = tabs[0]?.id;
  if (tabId === undefined) throw new Error('no tab shows the Gmail stand-in');
  for (let attempt = 0; attempt < 150; attempt++) {
    const reply = (await rig.send(probe, { type: 'get-tab-state', tabId })) as { ok: boolean; state?: { bounce: unknown } };
    if (reply.ok && reply.state?.bounce) {
      await probe.close();
      return { gmail, tabId };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the background has no bounce for tab ${tabId} after 15 s: did the content script report it?`);
}
