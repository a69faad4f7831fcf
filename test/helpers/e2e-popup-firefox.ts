/**
 * Firefox ESR with the unchanged dist/firefox build for the popup and options tests, over WebDriver BiDi
 * (puppeteer-core): the HTTPS stand-ins on port 443 of every mapped host, and the user's own resolver at
 * `doh.example.net` on its own port. Optional permission requests are answered "yes" without a doorhanger
 * (extensions.webextOptionalPermissionPrompts = false), so the options page's real request path runs.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startDohServer, type DohServer } from './doh-server';
import { FIREFOX } from './e2e-browsers';
import { CUSTOM_HOST, POPUP_GMAIL_PAGE, POPUP_GMAIL_PATH, POPUP_ZONE } from './e2e-popup';
import { ALL_HOSTS, makeCertificate, startHttpsHosts, type HttpsHosts } from './https-hosts';

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

const addonId = (JSON.parse(readFileSync(`${FIREFOX.extensionDir}/manifest.json`, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
  .browser_specific_settings.gecko.id;

/** Waits until `page` shows `url` fully loaded: BiDi reports no navigation event into the extension's process. */
async function waitForDocument(page: Page, url: string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const state = await page.evaluate(() => `${location.href} ${document.readyState}`).catch((error: unknown) => String(error));
    if (state === `${url} complete`) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not load within 15 s`);
}

/**
 * `colorScheme: 'dark'` makes pages see prefers-color-scheme: dark from the start (WebDriver BiDi has no
 * media emulation, so the scheme is a profile preference).
 */
export async function startFirefoxRig(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<FirefoxRig> {
  const hosts = await startHttpsHosts({ doh: { zone: POPUP_ZONE }, pages: { 'mail.google.com': { [POPUP_GMAIL_PATH]: POPUP_GMAIL_PAGE } } });
  const custom = await startDohServer({ zone: POPUP_ZONE, tls: makeCertificate([CUSTOM_HOST]) });
  const uuid = randomUUID();
  const base = `moz-extension://${uuid}/`;
  const firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX.executablePath,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': [...ALL_HOSTS, CUSTOM_HOST].join(','),
      // only port 443 is moved to the stand-ins; the custom resolver is asked on its own port
      'network.socket.forcePort': `443=${hosts.port}`,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
      'extensions.webextOptionalPermissionPrompts': false,
      // 0 dark, 1 light
      'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1,
    },
  });
  const installed = await firefox.installExtension(FIREFOX.extensionDir);
  if (installed !== addonId) throw new Error(`installed ${installed}, expected ${addonId}`);

  return {
    firefox,
    hosts,
    custom,
    customUrl: `https://${CUSTOM_HOST}:${custom.port}/dns-query`,
    async open(path) {
      const page = await firefox.newPage();
      const url = `${base}${path}`;
      // the navigation itself happens; the promise is only about puppeteer not seeing its events
      page.goto(url, { timeout: 15_000 }).catch(() => undefined);
      await waitForDocument(page, url);
      return page;
    },
    send(page, message) {
      return page.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
    },
    async storedSettings(page) {
      return (await page.evaluate(() => browser.storage.sync.get('settings'))).settings;
    },
    async close() {
      await firefox.close();
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
