/**
 * Chromium with the unchanged dist/chrome build for the popup and options tests: the HTTPS stand-ins
 * (webmail pages and both DoH hosts), plus a second DoH server at `doh.example.net` that plays a user's own
 * resolver (a host outside the manifest's host_permissions).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { makeCertificate, startHttpsHosts, type HttpsHosts } from './https-hosts';
import { startDohServer, type DohServer } from './doh-server';
import { launchChromium } from './e2e-browsers';
import { CUSTOM_HOST, POPUP_GMAIL_PAGE, POPUP_GMAIL_PATH, POPUP_NO_IP_PAGE, POPUP_NO_IP_PATH, POPUP_ZONE } from './e2e-popup';

/** The extension API as the tests call it inside extension pages (the page's own `chrome` global). */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
  storage: { sync: { get(key: string): Promise<Record<string, unknown>> } };
};

export interface ChromiumRig {
  context: BrowserContext;
  extensionId: string;
  hosts: HttpsHosts;
  /** the user's own resolver, https://doh.example.net:PORT/dns-query */
  custom: DohServer;
  customUrl: string;
  open(path: string): Promise<Page>;
  send(page: Page, message: unknown): Promise<Record<string, unknown>>;
  /** the id of the tab showing `urlPattern` (host permissions let the extension see webmail tab URLs) */
  tabIdOf(page: Page, urlPattern: string): Promise<number>;
  storedSettings(page: Page): Promise<unknown>;
  close(): Promise<void>;
}

export async function startChromiumRig(): Promise<ChromiumRig> {
  const hosts = await startHttpsHosts({ doh: { zone: POPUP_ZONE }, pages: { 'mail.google.com': { [POPUP_GMAIL_PATH]: POPUP_GMAIL_PAGE, [POPUP_NO_IP_PATH]: POPUP_NO_IP_PAGE } } });
  const custom = await startDohServer({ zone: POPUP_ZONE, tls: makeCertificate([CUSTOM_HOST]) });
  // the custom host keeps its own port: only the name is mapped
  const browser = await launchChromium({ port: hosts.port, viewport: { width: 1000, height: 760 }, nameOnlyHosts: [CUSTOM_HOST] });
  const { context, extensionId } = browser;

  const rig: ChromiumRig = {
    context,
    extensionId,
    hosts,
    custom,
    customUrl: `https://${CUSTOM_HOST}:${custom.port}/dns-query`,
    open: (path) => browser.openExtensionPage(path),
    send(page, message) {
      return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
    },
    async tabIdOf(page, urlPattern) {
      const tabs = await page.evaluate((pattern) => chrome.tabs.query({ url: pattern }), urlPattern);
      const id = tabs[0]?.id;
      if (id === undefined) throw new Error(`no tab matches ${urlPattern}`);
      return id;
    },
    async storedSettings(page) {
      return (await page.evaluate(() => chrome.storage.sync.get('settings'))).settings;
    },
    async close() {
      await browser.close();
      await hosts.close();
      await custom.close();
    },
  };
  return rig;
}

/** Waits until the background has the bounce the content script reported for the tab, and returns the tab id. */
export async function openReportedGmailTab(rig: ChromiumRig, path = POPUP_GMAIL_PATH): Promise<{ gmail: Page; tabId: number }> {
  const gmail = await rig.context.newPage();
  await gmail.goto(`https://mail.google.com${path}`);
  const probe = await rig.open('popup.html');
  const tabId = await rig.tabIdOf(probe, `https://mail.google.com${path}`);
  // the content script reports on its own schedule; the background then diagnoses over DoH
  for (let attempt = 0; attempt < 150; attempt++) {
    const reply = (await rig.send(probe, { type: 'get-tab-state', tabId })) as { ok: boolean; state?: { bounce: { status: string } | null } };
    if (reply.ok && reply.state?.bounce) {
      await probe.close();
      return { gmail, tabId };
    }
    await probe.waitForTimeout(100);
  }
  throw new Error(`the background has no bounce for tab ${tabId} after 15 s: did the content script report it?`);
}
