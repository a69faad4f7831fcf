/**
 * The options page of the unchanged dist/chrome build in Chromium: the resolver order and a custom https
 * resolver take effect on the next check without a reload, detection per webmail is stored, the cache
 * clears, and axe-core finds no serious or critical violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, artifactPath, browserReady } from '../helpers/e2e-browsers';
import { CUSTOM_HOST, axeScript, type AxeViolation } from '../helpers/e2e-popup';
import { startChromiumRig, type ChromiumRig } from '../helpers/e2e-popup-chromium';

const ready = browserReady(CHROMIUM);

describe.skipIf(!ready)('the options page in Chromium', () => {
  let rig: ChromiumRig;

  beforeAll(async () => {
    rig = await startChromiumRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  /**
   * A check from an extension page, as the popup sends it; returns the queries each server got, as
   * "PATH TYPE NAME", without repeats (the diagnosis asks some names more than once).
   */
  async function queriesFor(page: Page, domain: string): Promise<{ shared: string[]; custom: string[] }> {
    rig.hosts.doh.resetLog();
    rig.custom.resetLog();
    const reply = await rig.send(page, { type: 'check-domain', domain });
    expect(reply).toMatchObject({ ok: true, check: { domain } });
    const lines = (log: { path: string; type: string; name: string }[]): string[] => [...new Set(log.map((q) => `${q.path} ${q.type} ${q.name}`))];
    return { shared: lines(rig.hosts.doh.queries), custom: lines(rig.custom.queries) };
  }

  it('switching to Google only sends the next check to /resolve, without a reload', async () => {
    const options = await rig.open('options.html');
    await options.getByLabel('Google only').check();
    await expect.poll(() => options.getByTestId('save-status').textContent()).toBe('Saved.');
    expect(await rig.storedSettings(options)).toMatchObject({ resolvers: ['google'] });
    const asked = (await queriesFor(options, 'example.org')).shared;
    expect(asked).toContain('/resolve TXT example.org');
    expect(asked.filter((q) => !q.startsWith('/resolve '))).toEqual([]);

    await options.getByLabel('Cloudflare only').check();
    await expect.poll(async () => ((await rig.storedSettings(options)) as { resolvers: string[] }).resolvers).toEqual(['cloudflare']);
    expect((await queriesFor(options, 'example.org')).shared).toContain('/dns-query TXT example.org');
    expect((await queriesFor(options, 'ptr.example')).shared.filter((q) => !q.startsWith('/dns-query '))).toEqual([]);
    await options.close();
  });

  it('stores detection per webmail', async () => {
    const options = await rig.open('options.html');
    const gmail = options.getByLabel('Gmail (mail.google.com)');
    await gmail.waitFor();
    await expect.poll(() => gmail.isChecked()).toBe(true);
    await gmail.uncheck();
    await expect.poll(() => rig.storedSettings(options)).toMatchObject({ detection: { gmail: false, outlook: true } });
    await options.reload();
    await expect.poll(() => options.getByLabel('Gmail (mail.google.com)').isChecked()).toBe(false);
    expect(await options.getByLabel(/^Outlook on the web/).isChecked()).toBe(true);
    await options.getByLabel('Gmail (mail.google.com)').check();
    await expect.poll(() => rig.storedSettings(options)).toMatchObject({ detection: { gmail: true, outlook: true } });
    await options.close();
  });

  it('clears the cache: the next check asks the resolver again', async () => {
    const options = await rig.open('options.html');
    const first = (await queriesFor(options, 'example.com')).shared;
    const spfQuery = first.find((q) => q.endsWith(' TXT example.com'));
    expect(spfQuery).toBeDefined();
    // answered from the cache: the record is not asked again
    expect((await queriesFor(options, 'example.com')).shared).not.toContain(spfQuery);
    await options.getByRole('button', { name: 'Clear the cache' }).click();
    await expect.poll(() => options.getByTestId('cache-status').textContent()).toBe('Cache cleared.');
    expect((await queriesFor(options, 'example.com')).shared).toContain(spfQuery);
    await options.close();
  });

  it('refuses a custom resolver that is not https, in words', async () => {
    const options = await rig.open('options.html');
    await options.getByLabel('My own resolver only').check();
    const url = options.getByLabel("Your resolver's DNS-over-HTTPS JSON URL (https only)");
    await url.fill(`http://${CUSTOM_HOST}/dns-query`);
    await options.getByRole('button', { name: 'Use this resolver' }).click();
    expect(await options.getByTestId('custom-url-problem').textContent()).toBe(`http://${CUSTOM_HOST}/dns-query: the resolver must be an https:// URL (DNS-over-HTTPS)`);
    await url.fill('not a url');
    await url.press('Enter');
    expect(await options.getByTestId('custom-url-problem').textContent()).toBe('"not a url" is not a URL; give one like https://cloudflare-dns.com/dns-query');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    // nothing was saved: the order is still the one stored before
    expect(await rig.storedSettings(options)).toMatchObject({ customResolver: null });
    await options.close();
  });

  it('asks a custom https resolver in its place in the order, without a reload', async () => {
    // Headless Chromium cannot answer a permission prompt (the test below shows the page waiting for it), so the
    // custom URL here is on an origin the manifest already grants: permissions.request resolves at once. The
    // Firefox test covers a new origin granted through the request.
    const customUrl = 'https://dns.google/resolve';
    const options = await rig.open('options.html');
    await options.getByLabel('My own resolver, then Cloudflare when it fails').check();
    await options.getByLabel("Your resolver's DNS-over-HTTPS JSON URL (https only)").fill(customUrl);
    await options.getByRole('button', { name: 'Use this resolver' }).click();
    await expect.poll(() => options.getByTestId('save-status').textContent()).toBe('Saved.');
    expect(await rig.storedSettings(options)).toMatchObject({ resolvers: ['custom', 'cloudflare'], customResolver: customUrl });
    expect(await options.getByTestId('custom-url-problem').count()).toBe(0);

    await rig.send(options, { type: 'clear-cache' });
    rig.hosts.doh.resetLog();
    expect(await rig.send(options, { type: 'check-domain', domain: 'ptr.example' })).toMatchObject({
      ok: true,
      check: { records: ['v=spf1 ptr include:_spf.example.net -all'], notes: [] },
    });
    const asked = rig.hosts.doh.queries.map((q) => `${q.path} ${q.type} ${q.name}`);
    // the custom resolver answers; Cloudflare, second, is asked only by the cross-check of the first two
    expect(asked).toContain('/resolve TXT ptr.example');
    expect(asked.filter((q) => q.startsWith('/dns-query ') && !q.endsWith(' ptr.example'))).toEqual([]);
    await options.screenshot({ path: artifactPath('chromium-options-custom.png'), fullPage: true });

    await options.getByLabel('Cloudflare, then Google when Cloudflare fails (default)').check();
    await expect.poll(async () => ((await rig.storedSettings(options)) as { resolvers: string[] }).resolvers).toEqual(['cloudflare', 'google']);
    await options.close();
  });

  it('asks the browser for a new resolver origin from the click, and says so while the prompt is open', async () => {
    const options = await rig.open('options.html');
    await options.getByLabel('My own resolver only').check();
    await options.getByLabel("Your resolver's DNS-over-HTTPS JSON URL (https only)").fill(rig.customUrl);
    await options.getByRole('button', { name: 'Use this resolver' }).click();
    // headless Chromium keeps the prompt open (nobody answers it): the page waits, saves nothing, says why
    const host = new URL(rig.customUrl).host;
    expect(await options.getByTestId('custom-url-asking').textContent()).toBe(`Waiting for your answer in the browser's prompt: may the extension reach ${host}?`);
    expect(await options.getByRole('button', { name: 'Use this resolver' }).isDisabled()).toBe(true);
    expect(await rig.storedSettings(options)).not.toMatchObject({ customResolver: rig.customUrl });
    expect((await queriesFor(options, 'example.org')).custom).toEqual([]);
    await options.close();
  });

  it('has no serious or critical accessibility violation, in light and dark', async () => {
    const options = await rig.open('options.html');
    await options.getByLabel('My own resolver only').check();
    await options.getByLabel("Your resolver's DNS-over-HTTPS JSON URL (https only)").fill('ftp://dns.example/');
    await options.getByRole('button', { name: 'Use this resolver' }).click();
    await options.getByTestId('custom-url-problem').waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await options.emulateMedia({ colorScheme });
      expect((await options.evaluate(axeScript())) as AxeViolation[]).toEqual([]);
      await options.screenshot({ path: artifactPath(`chromium-options-${colorScheme}.png`), fullPage: true });
    }
    await options.close();
  });
});
