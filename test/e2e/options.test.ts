/**
 * The options page of the unchanged shipping build, in each browser of E2E_BROWSERS: the resolver order and a
 * custom https resolver take effect on the next check without a reload, a new resolver origin is asked with
 * permissions.request from the click, detection per webmail is stored, the cache clears, and axe-core finds no
 * serious or critical violation.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { artifactPath, browserReady } from '../helpers/e2e-browsers';
import { attribute, button, clickButton, clickLabelled, count, fillLabelled, isChecked, labelled, text, waitForSelector, waitForText } from '../helpers/e2e-dom';
import { E2E_BROWSERS, PERMISSION_PROMPT, type E2eBrowser } from '../helpers/e2e-driver';
import { CUSTOM_HOST, axeScript, withPopupRig, type AxeViolation, type PopupRig } from '../helpers/e2e-popup';

const URL_LABEL = "Your resolver's DNS-over-HTTPS JSON URL (https only)";

for (const setup of E2E_BROWSERS) {
  describe.skipIf(!browserReady(setup))(`the options page in ${setup.name}`, () => {
    let rig: PopupRig;
    let browser: E2eBrowser;
    withPopupRig(setup, (started) => {
      rig = started;
      browser = started.browser;
    });

    const settings = async (page: Page) => (await browser.storedSettings(page)) as { resolvers: string[] };

    /**
     * A check from an extension page, as the popup sends it; returns the queries each server got, as
     * "PATH TYPE NAME", without repeats (the diagnosis asks some names more than once).
     */
    async function queriesFor(page: Page, domain: string): Promise<{ shared: string[]; custom: string[] }> {
      rig.hosts.doh.resetLog();
      rig.custom.resetLog();
      const reply = await browser.send(page, { type: 'check-domain', domain });
      expect(reply).toMatchObject({ ok: true, check: { domain } });
      const lines = (log: { path: string; type: string; name: string }[]): string[] => [...new Set(log.map((q) => `${q.path} ${q.type} ${q.name}`))];
      return { shared: lines(rig.hosts.doh.queries), custom: lines(rig.custom.queries) };
    }

    it('switching to Google only sends the next check to /resolve, without a reload', async () => {
      const options = await browser.openExtensionPage('options.html');
      await waitForSelector(options, 'input[value="cloudflare-google"]:checked');
      await clickLabelled(options, 'Google only');
      await waitForText(options, '[data-testid="save-status"]', 'Saved.');
      expect(await browser.storedSettings(options)).toMatchObject({ resolvers: ['google'] });
      const asked = (await queriesFor(options, 'example.org')).shared;
      expect(asked).toContain('/resolve TXT example.org');
      expect(asked.filter((q) => !q.startsWith('/resolve '))).toEqual([]);

      await clickLabelled(options, 'Cloudflare only');
      await expect.poll(async () => (await settings(options)).resolvers).toEqual(['cloudflare']);
      expect((await queriesFor(options, 'example.org')).shared).toContain('/dns-query TXT example.org');
      expect((await queriesFor(options, 'ptr.example')).shared.filter((q) => !q.startsWith('/dns-query '))).toEqual([]);
      await options.close();
    });

    it('stores detection per webmail', async () => {
      const options = await browser.openExtensionPage('options.html');
      await waitForSelector(options, 'input[name="detect-gmail"]');
      const gmail = await labelled(options, 'Gmail (mail.google.com)');
      await expect.poll(() => isChecked(options, gmail)).toBe(true);
      await options.click(gmail);
      await waitForSelector(options, 'input[name="detect-gmail"]:not(:checked)');
      await expect.poll(() => browser.storedSettings(options)).toMatchObject({ detection: { gmail: false, outlook: true } });
      await browser.reloadExtensionPage(options);
      await waitForSelector(options, 'input[name="detect-gmail"]');
      await expect.poll(async () => isChecked(options, await labelled(options, 'Gmail (mail.google.com)'))).toBe(false);
      expect(await isChecked(options, await labelled(options, /^Outlook on the web/))).toBe(true);
      await clickLabelled(options, 'Gmail (mail.google.com)');
      await expect.poll(() => browser.storedSettings(options)).toMatchObject({ detection: { gmail: true, outlook: true } });
      await options.close();
    });

    it('clears the cache: the next check asks the resolver again', async () => {
      const options = await browser.openExtensionPage('options.html');
      const first = (await queriesFor(options, 'example.com')).shared;
      const spfQuery = first.find((q) => q.endsWith(' TXT example.com'));
      expect(spfQuery).toBeDefined();
      // answered from the cache: the record is not asked again
      expect((await queriesFor(options, 'example.com')).shared).not.toContain(spfQuery);
      await clickButton(options, 'Clear the cache');
      await waitForText(options, '[data-testid="cache-status"]', 'Cache cleared.');
      expect((await queriesFor(options, 'example.com')).shared).toContain(spfQuery);
      await options.close();
    });

    it('refuses a custom resolver that is not https, in words', async () => {
      const options = await browser.openExtensionPage('options.html');
      await clickLabelled(options, 'My own resolver only');
      await waitForSelector(options, '#custom-url');
      await fillLabelled(options, URL_LABEL, `http://${CUSTOM_HOST}/dns-query`);
      await clickButton(options, 'Use this resolver');
      await waitForSelector(options, '[data-testid="custom-url-problem"]');
      expect(await text(options, '[data-testid="custom-url-problem"]')).toBe(`http://${CUSTOM_HOST}/dns-query: the resolver must be an https:// URL (DNS-over-HTTPS)`);
      // typed, as a person does, and sent with Enter
      const url = await labelled(options, URL_LABEL);
      await options.$eval(url, (el) => ((el as HTMLInputElement).value = ''));
      await options.type(url, 'not a url');
      await options.keyboard.press('Enter');
      await waitForText(options, '[data-testid="custom-url-problem"]', '"not a url" is not a URL; give one like https://cloudflare-dns.com/dns-query');
      expect(await attribute(options, url, 'aria-invalid')).toBe('true');
      // nothing was saved: the order is still the one stored before
      expect(await browser.storedSettings(options)).toMatchObject({ customResolver: null });
      await options.close();
    });

    it('asks a custom https resolver in its place in the order, without a reload', async () => {
      // An origin the manifest already grants: permissions.request resolves at once in every browser (headless
      // Chromium cannot answer a prompt). The tests below cover a new origin.
      const customUrl = 'https://dns.google/resolve';
      const options = await browser.openExtensionPage('options.html');
      await clickLabelled(options, 'My own resolver, then Cloudflare when it fails');
      await waitForSelector(options, '#custom-url');
      await fillLabelled(options, URL_LABEL, customUrl);
      await clickButton(options, 'Use this resolver');
      await waitForText(options, '[data-testid="save-status"]', 'Saved.');
      expect(await browser.storedSettings(options)).toMatchObject({ resolvers: ['custom', 'cloudflare'], customResolver: customUrl });
      expect(await count(options, '[data-testid="custom-url-problem"]')).toBe(0);

      await browser.send(options, { type: 'clear-cache' });
      rig.hosts.doh.resetLog();
      expect(await browser.send(options, { type: 'check-domain', domain: 'ptr.example' })).toMatchObject({
        ok: true,
        check: { records: ['v=spf1 ptr include:_spf.example.net -all'], notes: [] },
      });
      const asked = rig.hosts.doh.queries.map((q) => `${q.path} ${q.type} ${q.name}`);
      // the custom resolver answers; Cloudflare, second, is asked only by the cross-check of the first two
      expect(asked).toContain('/resolve TXT ptr.example');
      expect(asked.filter((q) => q.startsWith('/dns-query ') && !q.endsWith(' ptr.example'))).toEqual([]);
      await options.screenshot({ path: artifactPath(`${setup.key}-options-custom.png`), fullPage: true });

      await clickLabelled(options, 'Cloudflare, then Google when Cloudflare fails (default)');
      await expect.poll(async () => (await settings(options)).resolvers).toEqual(['cloudflare', 'google']);
      await options.close();
    });

    it.skipIf(PERMISSION_PROMPT[setup.key] !== 'stays-open')('asks the browser for a new resolver origin from the click, and says so while the prompt is open', async () => {
      const options = await browser.openExtensionPage('options.html');
      await clickLabelled(options, 'My own resolver only');
      await waitForSelector(options, '#custom-url');
      await fillLabelled(options, URL_LABEL, rig.customUrl);
      await clickButton(options, 'Use this resolver');
      // the prompt stays open (nobody answers it): the page waits, saves nothing, says why
      const host = new URL(rig.customUrl).host;
      await waitForSelector(options, '[data-testid="custom-url-asking"]');
      expect(await text(options, '[data-testid="custom-url-asking"]')).toBe(`Waiting for your answer in the browser's prompt: may the extension reach ${host}?`);
      expect(await options.$eval(await button(options, 'Use this resolver'), (el) => (el as HTMLButtonElement).disabled)).toBe(true);
      expect(await browser.storedSettings(options)).not.toMatchObject({ customResolver: rig.customUrl });
      expect((await queriesFor(options, 'example.org')).custom).toEqual([]);
      await options.close();
    });

    it.skipIf(PERMISSION_PROMPT[setup.key] !== 'granted')('asks for the custom resolver origin from the click, then sends the next check there', async () => {
      const options = await browser.openExtensionPage('options.html');
      expect(await browser.hasOrigin(options, `https://${CUSTOM_HOST}/*`)).toBe(false);
      await clickLabelled(options, 'My own resolver only');
      await waitForSelector(options, '#custom-url');
      // the field starts with the resolver stored above
      await options.$eval('#custom-url', (el) => ((el as HTMLInputElement).value = ''));
      await options.type('#custom-url', `http://${CUSTOM_HOST}/dns-query`);
      await options.keyboard.press('Enter');
      await waitForText(options, '[data-testid="custom-url-problem"]', `http://${CUSTOM_HOST}/dns-query: the resolver must be an https:// URL (DNS-over-HTTPS)`);

      await options.$eval('#custom-url', (el) => ((el as HTMLInputElement).value = ''));
      await options.type('#custom-url', rig.customUrl);
      await options.click('.custom-resolver button[type="submit"]');
      await waitForText(options, '[data-testid="save-status"]', 'Saved.');
      // the request from the click was granted (prompts answer yes in this profile) and the setting stored
      expect(await browser.hasOrigin(options, `https://${CUSTOM_HOST}/*`)).toBe(true);
      expect(await browser.storedSettings(options)).toMatchObject({ resolvers: ['custom'], customResolver: rig.customUrl });
      rig.custom.resetLog();
      rig.hosts.doh.resetLog();
      // the answer came from the custom server, read through its host permission (it sends no CORS headers)
      expect(await browser.send(options, { type: 'check-domain', domain: 'ptr.example' })).toMatchObject({
        ok: true,
        check: { records: ['v=spf1 ptr include:_spf.example.net -all'], notes: [] },
      });
      expect(rig.custom.queries.map((q) => `${q.path} ${q.type} ${q.name}`)).toContain('/dns-query TXT ptr.example');
      expect(rig.hosts.doh.queries).toEqual([]);

      expect((await options.evaluate(axeScript())) as AxeViolation[]).toEqual([]);
      await options.screenshot({ path: artifactPath(`${setup.key}-options.png`), fullPage: true });
      await clickLabelled(options, 'Cloudflare, then Google when Cloudflare fails (default)');
      await expect.poll(async () => (await settings(options)).resolvers).toEqual(['cloudflare', 'google']);
      await options.close();
    });

    it('has no serious or critical accessibility violation, in light and dark', async () => {
      /** The page with a problem on screen, then axe-core; a screenshot per colour scheme. */
      async function scan(on: E2eBrowser, colorScheme: string): Promise<void> {
        const options = await on.openExtensionPage('options.html');
        await clickLabelled(options, 'My own resolver only');
        await waitForSelector(options, '#custom-url');
        await fillLabelled(options, URL_LABEL, 'ftp://dns.example/');
        await clickButton(options, 'Use this resolver');
        await waitForSelector(options, '[data-testid="custom-url-problem"]');
        expect(await options.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), colorScheme).toBe(colorScheme === 'dark');
        expect((await options.evaluate(axeScript())) as AxeViolation[], colorScheme).toEqual([]);
        await options.screenshot({ path: artifactPath(`${setup.key}-options-${colorScheme}.png`), fullPage: true });
        await options.close();
      }
      await scan(browser, 'light');
      const dark = await rig.launchAlso('dark');
      try {
        await scan(dark, 'dark');
      } finally {
        await dark.close();
      }
    });
  });
}
