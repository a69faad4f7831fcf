/**
 * The unchanged shipping build in each browser of E2E_BROWSERS (dist/chrome in Debian's Chromium, dist/firefox
 * in Firefox ESR, both headless), against the local HTTPS stand-ins for the webmail and DoH hosts: the
 * background answers, the content script reports bounces, the popup checks a domain, the options page stores
 * the resolver choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { artifactPath, browserReady } from '../helpers/e2e-browsers';
import { clickButton, clickLabelled, fillLabelled, isChecked, labelled, text, waitForSelector } from '../helpers/e2e-dom';
import { E2E_BROWSERS, launchBrowser, type E2eBrowser } from '../helpers/e2e-driver';
import { GMAIL_BOUNCE_PAGE, GMAIL_ORDINARY_PAGE, GMAIL_SPF_BOUNCE_TEXT, MAILER_DAEMON, OUTLOOK_BOUNCE_PAGE, gmailMessage } from './pages';
import { SPF_ZONE } from './zone';

/** chrome://extensions' own API, used to read the manifest problems Chromium reports. */
declare const chrome: {
  developerPrivate: {
    updateProfileConfiguration(update: { inDeveloperMode: boolean }): Promise<void>;
    reload(id: string, options: { failQuietly: boolean }): Promise<void>;
    getExtensionInfo(id: string): Promise<{ manifestErrors: { message: string }[]; runtimeErrors: { message: string }[]; installWarnings: string[] }>;
  };
};

for (const setup of E2E_BROWSERS) {
  describe.skipIf(!browserReady(setup))(`${setup.name} loads ${setup.extensionDir.replace(/.*\/(dist\/)/, '$1')}`, () => {
    let hosts: HttpsHosts;
    let browser: E2eBrowser;

    beforeAll(async () => {
      hosts = await startHttpsHosts({
        doh: { zone: SPF_ZONE },
        pages: {
          'mail.google.com': { '/mail/u/0/bounce': GMAIL_BOUNCE_PAGE, '/mail/u/0/ordinary': GMAIL_ORDINARY_PAGE },
          'outlook.office.com': { '/mail/inbox/bounce': OUTLOOK_BOUNCE_PAGE },
        },
      });
      browser = await launchBrowser(setup, { port: hosts.port });
    });

    afterAll(async () => {
      await browser?.close();
      await hosts?.close();
    });

    it('runs the background (Chromium: a module service worker), which answers ping with the version', async () => {
      const popup = await browser.openExtensionPage('popup.html');
      expect(await browser.send(popup, { type: 'ping' })).toEqual({ ok: true, version: '0.1.0' });
      await popup.close();
    });

    it('refuses malformed messages and messages from the wrong kind of sender with a clear error', async () => {
      const popup = await browser.openExtensionPage('popup.html');
      expect(await browser.send(popup, { type: 'format-disk' })).toEqual({ ok: false, error: 'bad message: unknown message type "format-disk"' });
      expect(await browser.send(popup, { type: 'check-domain', domain: 42 })).toEqual({
        ok: false,
        error: 'bad message: check-domain: "domain" must be a string',
      });
      // bounce-found only comes from the content script on a webmail tab
      expect(await browser.send(popup, { type: 'bounce-found', text: GMAIL_SPF_BOUNCE_TEXT })).toEqual({
        ok: false,
        error: 'refused: "bounce-found" is not accepted from an extension page',
      });
      await popup.close();
    });

    it('renders the popup: version, background status, tab status and the check form', async () => {
      const popup = await browser.openExtensionPage('popup.html');
      await expect.poll(() => text(popup, '[data-testid="background-status"]')).toBe('Background: answering (v0.1.0)');
      expect(await text(popup, '[data-testid="version"]')).toBe('v0.1.0');
      await expect.poll(() => text(popup, '[data-testid="tab-status"]')).toBe('No bounce seen in this tab.');
      expect(await text(popup, 'label[for="domain"] span')).toBe('Domain');
      const domain = await labelled(popup, 'Domain', { exact: true });
      expect(await popup.$eval(domain, (el) => el.checkVisibility())).toBe(true);
      expect(await popup.$eval(await labelled(popup, 'Client IP (optional)'), (el) => el.id)).toBe('ip');
      expect(await popup.evaluate(() => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Check SPF')?.disabled)).toBe(false);
      await popup.close();
    });

    it('reports the bounce on the Gmail stand-in to the background, bounce text only', async () => {
      const gmail = await browser.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/bounce');
      await gmail.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
      await gmail.screenshot({ path: artifactPath(`${setup.key}-gmail-bounce.png`) });

      const popup = await browser.openExtensionPage('popup.html');
      const tabId = await browser.tabIdOf(popup, 'https://mail.google.com/mail/u/0/bounce');
      const reply = await browser.send(popup, { type: 'get-tab-state', tabId });
      expect(reply).toMatchObject({
        ok: true,
        state: {
          tabId,
          bounce: {
            origin: 'https://mail.google.com',
            headline: 'Address not found',
            // the core's bounce reader ran in the background
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
      const gmail = await browser.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/ordinary');
      // "watching": the content script read the page and sent nothing
      await gmail.waitForSelector('html[data-bounce-explainer-status="watching"]');
      const popup = await browser.openExtensionPage('popup.html');
      const tabId = await browser.tabIdOf(popup, 'https://mail.google.com/mail/u/0/ordinary');
      expect(await browser.send(popup, { type: 'get-tab-state', tabId })).toEqual({ ok: true, state: { tabId, bounce: null } });

      // Gmail is a single-page app: a bounce appears in the DOM without a page load
      await gmail.evaluate((html) => document.getElementById('conversation')?.insertAdjacentHTML('beforeend', html), gmailMessage(MAILER_DAEMON, GMAIL_SPF_BOUNCE_TEXT));
      await gmail.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
      const reply = (await browser.send(popup, { type: 'get-tab-state', tabId })) as { ok: boolean; state: { bounce: { text: string } } };
      expect(reply.ok).toBe(true);
      expect(reply.state.bounce.text).toContain('550 5.7.26');
      // the ordinary message in the same conversation never left the page
      expect(reply.state.bounce.text).not.toContain('quarterly figures');
      await popup.close();
      await gmail.close();
    });

    it('runs on Outlook on the web too', async () => {
      const outlook = await browser.newPage();
      await outlook.goto('https://outlook.office.com/mail/inbox/bounce');
      await outlook.waitForSelector('html[data-bounce-explainer-status="bounce-reported"]');
      await outlook.close();
    });

    it('checks a domain from the popup form over the DoH resolver', async () => {
      const popup = await browser.openExtensionPage('popup.html');
      // the bounces diagnosed above filled the background's cache: empty it so that this check's queries are seen
      expect(await browser.send(popup, { type: 'clear-cache' })).toEqual({ ok: true, cleared: true });
      hosts.doh.resetLog();
      await fillLabelled(popup, 'Domain', 'example.com', { exact: true });
      await fillLabelled(popup, 'Client IP (optional)', '192.0.2.25');
      await clickButton(popup, 'Check SPF');
      await waitForSelector(popup, '[data-testid="check-result"] .result');
      expect(await text(popup, '[data-testid="check-result"]')).toContain('v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all');
      // 192.0.2.25 is in neither 198.51.100.0/24 nor the include's 203.0.113.0/24: the record ends in -all
      expect(await text(popup, '[data-testid="check-result"] .result')).toBe('fail');
      expect(await text(popup, '[data-testid="check-result"]')).toContain('DNS lookups: 1 of 10 allowed');
      expect(hosts.doh.queries.map((q) => `${q.path} ${q.name} ${q.type}`)).toEqual(
        expect.arrayContaining(['/dns-query example.com TXT', '/dns-query _spf.example.net TXT']),
      );

      // typed, as a person does, and sent with the submit button
      await popup.$eval('#ip', (el) => ((el as HTMLInputElement).value = ''));
      await popup.type('#ip', '203.0.113.9');
      await popup.evaluate(() => document.querySelector('[data-testid="check-result"]')?.setAttribute('data-stale', ''));
      await popup.click('button[type="submit"]');
      await waitForSelector(popup, '[data-testid="check-result"]:not([data-stale]) .result');
      // 203.0.113.9 is in the include's 203.0.113.0/24, whose record ends in ~all: the include matches, so pass
      expect(await text(popup, '[data-testid="check-result"] .result')).toBe('pass');
      await (await popup.$('main.popup'))?.screenshot({ path: artifactPath(`${setup.key}-popup.png`) });
      await popup.close();
    });

    it('answers a bad IP from the form with a clear error', async () => {
      const popup = await browser.openExtensionPage('popup.html');
      await fillLabelled(popup, 'Domain', 'example.com', { exact: true });
      await fillLabelled(popup, 'Client IP (optional)', '192.0.2.300');
      await clickButton(popup, 'Check SPF');
      // the form says so before anything is sent; the background refuses the same IP on its own
      await expect.poll(() => text(popup, '[data-testid="ip-problem"]')).toBe('"192.0.2.300" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.');
      expect(await browser.send(popup, { type: 'check-domain', domain: 'example.com', ip: '192.0.2.300' })).toEqual({
        ok: false,
        error: '"192.0.2.300" is not an IPv4 or IPv6 address',
      });
      await popup.close();
    });

    it('saves the resolver choice on the options page, and the background uses it', async () => {
      const options = await browser.openExtensionPage('options.html');
      // the stored choice starts as the default
      await waitForSelector(options, 'input[value="cloudflare-google"]:checked');
      await clickLabelled(options, 'Google only');
      await expect.poll(() => text(options, '[data-testid="save-status"]')).toBe('Saved.');
      await browser.reloadExtensionPage(options);
      await expect.poll(async () => isChecked(options, await labelled(options, 'Google only'))).toBe(true);
      await options.screenshot({ path: artifactPath(`${setup.key}-options.png`), fullPage: true });

      hosts.doh.resetLog();
      const reply = (await browser.send(options, { type: 'check-domain', domain: 'example.org' })) as { ok: boolean; check: { records: string[] } };
      expect(reply).toMatchObject({ ok: true, check: { domain: 'example.org', records: ['v=spf1 -all'] } });
      // the diagnosis asks more than one name, all of them at Google's path only
      expect([...new Set(hosts.doh.queries.map((q) => q.path))]).toEqual(['/resolve']);

      // a page opened afresh shows the stored choice too
      await clickLabelled(options, 'Google, then Cloudflare when Google fails');
      await expect.poll(() => text(options, '[data-testid="save-status"]')).toBe('Saved.');
      await options.close();
      const reopened = await browser.openExtensionPage('options.html');
      await waitForSelector(reopened, 'input[value="google-cloudflare"]:checked');

      await clickLabelled(reopened, 'Cloudflare, then Google when Cloudflare fails (default)');
      await expect.poll(() => text(reopened, '[data-testid="save-status"]')).toBe('Saved.');
      await reopened.close();
    });

    // last: it reloads the extension. Firefox has no chrome://extensions (see e2e-driver.ts).
    it.skipIf(setup.key !== 'chromium')('loads the manifest with no problem listed on chrome://extensions', async () => {
      const extensionId = new URL(browser.extensionBase).host;
      const page = await browser.newPage();
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
}
