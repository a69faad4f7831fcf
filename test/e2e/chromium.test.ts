/**
 * The unchanged dist/chrome build in Debian's Chromium (headless, --load-extension), against the local
 * HTTPS stand-ins for the webmail and DoH hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { CHROMIUM, artifactPath, browserReady, launchChromium, type LaunchedChromium } from '../helpers/e2e-browsers';
import { GMAIL_BOUNCE_PAGE, GMAIL_ORDINARY_PAGE, GMAIL_SPF_BOUNCE_TEXT, MAILER_DAEMON, OUTLOOK_BOUNCE_PAGE, gmailMessage } from './pages';
import { SPF_ZONE } from './zone';

/** The few extension APIs the tests call from inside extension pages (the page's own `chrome` global). */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
  /** chrome://extensions' own API, used to read the manifest problems Chromium reports */
  developerPrivate: {
    updateProfileConfiguration(update: { inDeveloperMode: boolean }): Promise<void>;
    reload(id: string, options: { failQuietly: boolean }): Promise<void>;
    getExtensionInfo(id: string): Promise<{ manifestErrors: { message: string }[]; runtimeErrors: { message: string }[]; installWarnings: string[] }>;
  };
};

const ready = browserReady(CHROMIUM);

describe.skipIf(!ready)('Chromium loads dist/chrome', () => {
  let hosts: HttpsHosts;
  let browser: LaunchedChromium;
  let context: BrowserContext;
  let extensionId: string;

  /** Sends a message from an extension page, as the popup does, and returns the reply. */
  async function sendFrom(page: Page, message: unknown): Promise<Record<string, unknown>> {
    return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
  }

  const openExtensionPage = (path: string): Promise<Page> => browser.openExtensionPage(path);

  async function tabIdOf(page: Page, urlPattern: string): Promise<number> {
    // host permissions let the extension see the URL of webmail tabs without the "tabs" permission
    const tabs = await page.evaluate((pattern) => chrome.tabs.query({ url: pattern }), urlPattern);
    const id = tabs[0]?.id;
    if (id === undefined) throw new Error(`no tab matches ${urlPattern}`);
    return id;
  }

  beforeAll(async () => {
    hosts = await startHttpsHosts({
      doh: { zone: SPF_ZONE },
      pages: {
        'mail.google.com': { '/mail/u/0/bounce': GMAIL_BOUNCE_PAGE, '/mail/u/0/ordinary': GMAIL_ORDINARY_PAGE },
        'outlook.office.com': { '/mail/inbox/bounce': OUTLOOK_BOUNCE_PAGE },
      },
    });
    browser = await launchChromium({ port: hosts.port });
    context = browser.context;
    extensionId = browser.extensionId;
  });

  afterAll(async () => {
    await browser?.close();
    await hosts?.close();
  });

  it('runs the background as a module service worker that answers ping with the version', async () => {
    const popup = await openExtensionPage('popup.html');
    expect(await sendFrom(popup, { type: 'ping' })).toEqual({ ok: true, version: '0.1.0' });
    await popup.close();
  });

  it('refuses malformed messages and messages from the wrong kind of sender with a clear error', async () => {
    const popup = await openExtensionPage('popup.html');
    expect(await sendFrom(popup, { type: 'format-disk' })).toEqual({ ok: false, error: 'bad message: unknown message type "format-disk"' });
    expect(await sendFrom(popup, { type: 'check-domain', domain: 42 })).toEqual({
      ok: false,
      error: 'bad message: check-domain: "domain" must be a string',
    });
    // bounce-found only comes from the content script on a webmail tab
    expect(await sendFrom(popup, { type: 'bounce-found', text: GMAIL_SPF_BOUNCE_TEXT })).toEqual({
      ok: false,
      error: 'refused: "bounce-found" is not accepted from an extension page',
    });
    await popup.close();
  });

  it('renders the popup: version, background status, tab status and the check form', async () => {
    const popup = await openExtensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('background-status').textContent()).toBe('Background: answering (v0.1.0)');
    expect(await popup.getByTestId('version').textContent()).toBe('v0.1.0');
    await expect.poll(() => popup.getByTestId('tab-status').textContent()).toBe('No bounce seen in this tab.');
    expect(await popup.getByLabel('Domain', { exact: true }).isVisible()).toBe(true);
    expect(await popup.getByRole('button', { name: 'Check SPF' }).isEnabled()).toBe(true);
    await popup.close();
  });

  it('reports the bounce on the Gmail stand-in to the background, bounce text only', async () => {
    const gmail = await context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/bounce');
    await gmail.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
    await gmail.screenshot({ path: artifactPath('chromium-gmail-bounce.png') });

    const popup = await openExtensionPage('popup.html');
    const tabId = await tabIdOf(popup, 'https://mail.google.com/mail/u/0/bounce');
    const reply = await sendFrom(popup, { type: 'get-tab-state', tabId });
    expect(reply).toMatchObject({
      ok: true,
      state: {
        tabId,
        bounce: {
          origin: 'https://mail.google.com',
          headline: 'Address not found',
          // the core's bounce reader ran in the background worker
          facts: { authFailure: true, ip: '192.0.2.25', domain: 'example.com' },
        },
      },
    });
    const bounce = (reply as { state: { bounce: { text: string } } }).state.bounce;
    expect(bounce.text).toContain('SPF [example.com] with ip: [192.0.2.25] = did not pass');
    expect(bounce.text).not.toContain('Mail Delivery Subsystem');
    await popup.close();
    await gmail.close();
  });

  it('sends nothing for an ordinary message, and picks up a bounce opened later in the same page', async () => {
    const gmail = await context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/ordinary');
    // "watching": the content script read the page and sent nothing
    await gmail.waitForSelector('html[data-bounce-explainer-status="watching"]');
    const popup = await openExtensionPage('popup.html');
    const tabId = await tabIdOf(popup, 'https://mail.google.com/mail/u/0/ordinary');
    expect(await sendFrom(popup, { type: 'get-tab-state', tabId })).toEqual({ ok: true, state: { tabId, bounce: null } });

    // Gmail is a single-page app: a bounce appears in the DOM without a page load
    await gmail.evaluate((html) => document.getElementById('conversation')?.insertAdjacentHTML('beforeend', html), gmailMessage(MAILER_DAEMON, GMAIL_SPF_BOUNCE_TEXT));
    await gmail.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
    const reply = (await sendFrom(popup, { type: 'get-tab-state', tabId })) as { ok: boolean; state: { bounce: { text: string } } };
    expect(reply.ok).toBe(true);
    expect(reply.state.bounce.text).toContain('550 5.7.26');
    // the ordinary message in the same conversation never left the page
    expect(reply.state.bounce.text).not.toContain('quarterly figures');
    await popup.close();
    await gmail.close();
  });

  it('runs on Outlook on the web too', async () => {
    const outlook = await context.newPage();
    await outlook.goto('https://outlook.office.com/mail/inbox/bounce');
    await outlook.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
    await outlook.close();
  });

  it('checks a domain from the popup form over the DoH resolver', async () => {
    const popup = await openExtensionPage('popup.html');
    // the bounces diagnosed above filled the background's cache: empty it so that this check's queries are seen
    expect(await sendFrom(popup, { type: 'clear-cache' })).toEqual({ ok: true, cleared: true });
    hosts.doh.resetLog();
    await popup.getByLabel('Domain', { exact: true }).fill('example.com');
    await popup.getByLabel('Client IP (optional)').fill('192.0.2.25');
    await popup.getByRole('button', { name: 'Check SPF' }).click();
    const result = popup.getByTestId('check-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all');
    // 192.0.2.25 is in neither 198.51.100.0/24 nor the include's 203.0.113.0/24: the record ends in -all
    expect(await result.locator('.result').textContent()).toBe('fail');
    expect(await result.textContent()).toContain('DNS lookups: 1 of 10 allowed');
    expect(hosts.doh.queries.map((q) => `${q.path} ${q.name} ${q.type}`)).toEqual(
      expect.arrayContaining(['/dns-query example.com TXT', '/dns-query _spf.example.net TXT']),
    );
    await popup.locator('main.popup').screenshot({ path: artifactPath('chromium-popup.png') });
    await popup.close();
  });

  it('answers a bad IP from the form with a clear error', async () => {
    const popup = await openExtensionPage('popup.html');
    await popup.getByLabel('Domain', { exact: true }).fill('example.com');
    await popup.getByLabel('Client IP (optional)').fill('192.0.2.300');
    await popup.getByRole('button', { name: 'Check SPF' }).click();
    // the form says so before anything is sent; the background refuses the same IP on its own
    await expect.poll(() => popup.getByTestId('ip-problem').textContent()).toBe('"192.0.2.300" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.');
    expect(await sendFrom(popup, { type: 'check-domain', domain: 'example.com', ip: '192.0.2.300' })).toEqual({
      ok: false,
      error: '"192.0.2.300" is not an IPv4 or IPv6 address',
    });
    await popup.close();
  });

  it('saves the resolver choice on the options page, and the background uses it', async () => {
    const options = await openExtensionPage('options.html');
    const googleOnly = options.getByLabel('Google only');
    await googleOnly.check();
    await expect.poll(() => options.getByTestId('save-status').textContent()).toBe('Saved.');
    await options.reload();
    await expect.poll(() => googleOnly.isChecked()).toBe(true);
    await options.screenshot({ path: artifactPath('chromium-options.png'), fullPage: true });

    hosts.doh.resetLog();
    const reply = (await sendFrom(options, { type: 'check-domain', domain: 'example.org' })) as { ok: boolean; check: { records: string[] } };
    expect(reply).toMatchObject({ ok: true, check: { domain: 'example.org', records: ['v=spf1 -all'] } });
    // the diagnosis asks more than one name, all of them at Google's path only
    expect([...new Set(hosts.doh.queries.map((q) => q.path))]).toEqual(['/resolve']);

    await options.getByLabel('Cloudflare, then Google when Cloudflare fails (default)').check();
    await expect.poll(() => options.getByTestId('save-status').textContent()).toBe('Saved.');
    await options.close();
  });

  // last: it reloads the extension
  it('loads the manifest with no problem listed on chrome://extensions', async () => {
    const page = await context.newPage();
    await page.goto('chrome://extensions/');
    // manifest problems are collected in developer mode, at load time
    await page.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
    await page.evaluate((id) => chrome.developerPrivate.reload(id, { failQuietly: false }), extensionId);
    const info = await page.evaluate((id) => chrome.developerPrivate.getExtensionInfo(id), extensionId);
    expect(info.installWarnings).toEqual([]);
    expect(info.manifestErrors.map((e) => e.message)).toEqual([]);
    expect(info.runtimeErrors).toEqual([]);
    await page.close();
  });
});
