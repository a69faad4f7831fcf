/**
 * What the popup and options end-to-end tests share, whatever the browser: their own DNS zone and their own
 * Gmail stand-in path (the page is test/e2e/pages.ts' Gmail bounce; the banner tests use single-page stand-ins
 * of their own), the checks they make and what the popup must show for them, axe-core's source for the
 * accessibility scan, and the rig: the browser with its build, the HTTPS stand-ins (webmail pages and both
 * DoH hosts) and a second DoH server at `doh.example.net` that plays a user's own resolver (a host outside
 * the manifest's host_permissions, on its own port).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { ZoneData } from './zone';
import type { BrowserSetup } from './e2e-browsers';
import { launchBrowser, type ColorScheme, type E2eBrowser } from './e2e-driver';
import { startDohServer, type DohServer } from './doh-server';
import { makeCertificate, startHttpsHosts, type HttpsHosts } from './https-hosts';
import { GMAIL_BOUNCE_PAGE, MAILER_DAEMON, NO_IP_BOUNCE_TEXT, gmailConversation, gmailMessage } from '../e2e/pages';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The host of the user's own resolver in the options tests (outside the manifest's host_permissions). */
export const CUSTOM_HOST = 'doh.example.net';

/** A record longer than one 255-character string: forty ip4 terms, published as character-strings. */
export const LONG_RECORD = `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:198.51.100.${i + 1}`).join(' ')} -all`;
const LONG_RECORD_STRINGS = LONG_RECORD.match(/.{1,250}/g) ?? [];

/** DNS for these tests (documentation addresses, RFC 5737; example names, RFC 2606). */
export const POPUP_ZONE: ZoneData = {
  'example.com': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all', ttl: 3600 }, { TXT: 'google-site-verification=abc' }],
  '_spf.example.net': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 ~all', ttl: 600 }],
  'example.org': [{ TXT: 'v=spf1 -all' }],
  // "ptr" is a lint warning with a position (RFC 7208 section 5.5)
  'ptr.example': [{ TXT: 'v=spf1 ptr include:_spf.example.net -all' }],
  'long.example': [{ TXT: LONG_RECORD_STRINGS }],
  // two syntax errors: "include=" is read as a modifier, ip4: names a host (RFC 7208 sections 4.6.1, 5.6)
  'typo.example': [{ TXT: 'v=spf1 include=_spf.example.net ip4:mail.example.com -all' }],
  'noip.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
};

/**
 * The Gmail stand-in at its own path: Gmail's 5.7.26 report for 192.0.2.25 sending as example.com
 * (GMAIL_SPF_BOUNCE_TEXT), in the markup Gmail uses for a message body (div.ii.gt > div.a3s).
 */
export const POPUP_GMAIL_PATH = '/mail/u/0/popup-bounce';
export const POPUP_GMAIL_PAGE = GMAIL_BOUNCE_PAGE;

/** An SPF refusal that names no IP (issue 11 section 3), at its own path. */
export const POPUP_NO_IP_PATH = '/mail/u/0/popup-no-ip';
export const POPUP_NO_IP_PAGE = gmailConversation('Undelivered Mail Returned to Sender', [gmailMessage(MAILER_DAEMON, NO_IP_BOUNCE_TEXT)]);

/** What the diagnosis of that bounce says (core/diagnose over POPUP_ZONE). */
export const BOUNCE_EXPECTED = {
  verdict: "SPF fail: 192.0.2.25 is not allowed by example.com's record",
  title: '192.0.2.25 is not in the SPF record of example.com',
  /** the record lets a new IP pass: it is shown after the yes to this question */
  question: 'Is 192.0.2.25 your server?',
  fixRecord: 'v=spf1 ip4:198.51.100.0/24 include:_spf.example.net ip4:192.0.2.25 -all',
  fixName: 'example.com',
  ttlWords: '3600 seconds (1 hour)',
};

/** axe-core's browser build, evaluated in the page under test (the extension's CSP does not apply to the driver). */
export const AXE_SOURCE = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');

/** One axe violation, as much of it as a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * A script for `page.evaluate` that loads axe-core once and returns the serious and critical violations
 * of the whole document (WCAG 2 A/AA and best practices).
 */
export function axeScript(): string {
  return `(async () => {
    if (typeof window.axe === 'undefined') { ${AXE_SOURCE}\n }
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  })()`;
}

export interface PopupRig {
  browser: E2eBrowser;
  hosts: HttpsHosts;
  /** the user's own resolver, https://doh.example.net:PORT/dns-query */
  custom: DohServer;
  customUrl: string;
  /** the same browser once more, on the same stand-ins, with another colour scheme (see e2e-driver.ts) */
  launchAlso(colorScheme: ColorScheme): Promise<E2eBrowser>;
  close(): Promise<void>;
}

export async function startPopupRig(setup: BrowserSetup): Promise<PopupRig> {
  const hosts = await startHttpsHosts({ doh: { zone: POPUP_ZONE }, pages: { 'mail.google.com': { [POPUP_GMAIL_PATH]: POPUP_GMAIL_PAGE, [POPUP_NO_IP_PATH]: POPUP_NO_IP_PAGE } } });
  const custom = await startDohServer({ zone: POPUP_ZONE, tls: makeCertificate([CUSTOM_HOST]) });
  const launch = (colorScheme: ColorScheme): Promise<E2eBrowser> => launchBrowser(setup, { port: hosts.port, ownPortHosts: [CUSTOM_HOST], colorScheme });
  const browser = await launch('light');
  return {
    browser,
    hosts,
    custom,
    customUrl: `https://${CUSTOM_HOST}:${custom.port}/dns-query`,
    launchAlso: launch,
    async close() {
      await browser.close();
      await hosts.close();
      await custom.close();
    },
  };
}

/** Starts the popup rig before the suite's tests (handing it to `use`) and closes it after them. */
export function withPopupRig(setup: BrowserSetup, use: (rig: PopupRig) => void): void {
  let rig: PopupRig | undefined;
  beforeAll(async () => {
    rig = await startPopupRig(setup);
    use(rig);
  });
  afterAll(async () => {
    await rig?.close();
  });
}

/** Opens the Gmail stand-in at `path` and waits until the background has the bounce the content script reported. */
export async function openReportedGmailTab(browser: E2eBrowser, path = POPUP_GMAIL_PATH): Promise<{ gmail: Page; tabId: number }> {
  const gmail = await browser.newPage();
  await gmail.goto(`https://mail.google.com${path}`);
  const probe = await browser.openExtensionPage('popup.html');
  const tabId = await browser.tabIdOf(probe, `https://mail.google.com${path}`);
  // the content script reports on its own schedule; the background then diagnoses over DoH
  for (let attempt = 0; attempt < 150; attempt++) {
    const reply = (await browser.send(probe, { type: 'get-tab-state', tabId })) as { ok: boolean; state?: { bounce: unknown } };
    if (reply.ok && reply.state?.bounce) {
      await probe.close();
      return { gmail, tabId };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the background has no bounce for tab ${tabId} after 15 s: did the content script report it?`);
}
