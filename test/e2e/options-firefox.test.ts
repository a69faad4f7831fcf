/**
 * The options page of the unchanged dist/firefox build in Firefox ESR: the resolver order and a custom https
 * resolver (its origin asked with permissions.request from the click) take effect on the next check without
 * a reload, detection per webmail is stored, the cache clears, and axe-core finds no serious violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX, artifactPath, browserReady, waitInPage } from '../helpers/e2e-browsers';
import { axeScript, type AxeViolation } from '../helpers/e2e-popup';
import { startFirefoxRig, type FirefoxRig } from '../helpers/e2e-popup-firefox';

const ready = browserReady(FIREFOX);

/** The extension API as an extension page sees it (Firefox's own `browser` global). */
declare const browser: { permissions: { contains(p: { origins: string[] }): Promise<boolean> } };

const waitForText = (page: Page, selector: string, expected: string): Promise<void> =>
  waitInPage(page, (s, t) => document.querySelector(s)?.textContent === t, selector, expected);

describe.skipIf(!ready)('the options page in Firefox ESR', () => {
  let rig: FirefoxRig;

  beforeAll(async () => {
    rig = await startFirefoxRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  /** A check from an extension page; the queries each server got, as "PATH TYPE NAME", without repeats. */
  async function queriesFor(page: Page, domain: string): Promise<{ shared: string[]; custom: string[] }> {
    rig.hosts.doh.resetLog();
    rig.custom.resetLog();
    expect(await rig.send(page, { type: 'check-domain', domain })).toMatchObject({ ok: true, check: { domain } });
    const lines = (log: { path: string; type: string; name: string }[]): string[] => [...new Set(log.map((q) => `${q.path} ${q.type} ${q.name}`))];
    return { shared: lines(rig.hosts.doh.queries), custom: lines(rig.custom.queries) };
  }

  it('switching to Google only sends the next check to /resolve', async () => {
    const options = await rig.open('options.html');
    await options.waitForSelector('input[value="cloudflare-google"]:checked');
    await options.click('input[value="google"]');
    await waitForText(options, '[data-testid="save-status"]', 'Saved.');
    const asked = (await queriesFor(options, 'example.org')).shared;
    expect(asked).toContain('/resolve TXT example.org');
    expect(asked.filter((q) => !q.startsWith('/resolve '))).toEqual([]);
    await options.close();
  });

  it('stores detection per webmail and clears the cache', async () => {
    const options = await rig.open('options.html');
    await options.waitForSelector('input[name="detect-gmail"]:checked');
    await options.click('input[name="detect-gmail"]');
    await options.waitForSelector('input[name="detect-gmail"]:not(:checked)');
    await expect.poll(() => rig.storedSettings(options)).toMatchObject({ detection: { gmail: false, outlook: true } });

    const first = (await queriesFor(options, 'example.com')).shared;
    const spfQuery = first.find((q) => q.endsWith(' TXT example.com'));
    expect(spfQuery).toBeDefined();
    expect((await queriesFor(options, 'example.com')).shared).not.toContain(spfQuery);
    await options.click('.inline button[type="button"]');
    await waitForText(options, '[data-testid="cache-status"]', 'Cache cleared.');
    expect((await queriesFor(options, 'example.com')).shared).toContain(spfQuery);
    await options.close();
  });

  it('asks for the custom resolver origin from the click, then sends the next check there', async () => {
    const options = await rig.open('options.html');
    await options.waitForSelector('input[value="google"]:checked');
    expect(await options.evaluate((o) => browser.permissions.contains({ origins: [o] }), 'https://doh.example.net/*')).toBe(false);
    await options.click('input[value="custom"]');
    await options.waitForSelector('#custom-url');
    await options.type('#custom-url', 'http://doh.example.net/dns-query');
    await options.keyboard.press('Enter');
    await waitForText(options, '[data-testid="custom-url-problem"]', 'http://doh.example.net/dns-query: the resolver must be an https:// URL (DNS-over-HTTPS)');

    await options.$eval('#custom-url', (el) => ((el as HTMLInputElement).value = ''));
    await options.type('#custom-url', rig.customUrl);
    await options.click('.custom-resolver button[type="submit"]');
    await waitForText(options, '[data-testid="save-status"]', 'Saved.');
    // the request from the click was granted (prompts answer yes in this profile) and the setting stored
    expect(await options.evaluate((o) => browser.permissions.contains({ origins: [o] }), 'https://doh.example.net/*')).toBe(true);
    expect(await rig.storedSettings(options)).toMatchObject({ resolvers: ['custom'], customResolver: rig.customUrl });
    rig.custom.resetLog();
    rig.hosts.doh.resetLog();
    // the answer came from the custom server, read through its host permission (it sends no CORS headers)
    expect(await rig.send(options, { type: 'check-domain', domain: 'ptr.example' })).toMatchObject({
      ok: true,
      check: { records: ['v=spf1 ptr include:_spf.example.net -all'], notes: [] },
    });
    expect(rig.custom.queries.map((q) => `${q.path} ${q.type} ${q.name}`)).toContain('/dns-query TXT ptr.example');
    expect(rig.hosts.doh.queries).toEqual([]);

    expect((await options.evaluate(axeScript())) as AxeViolation[]).toEqual([]);
    await options.screenshot({ path: artifactPath('firefox-options.png'), fullPage: true });
    await options.close();
  });
});
