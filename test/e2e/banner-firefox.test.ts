/**
 * The in-page explanation in Firefox ESR, on the unchanged dist/firefox build (puppeteer-core over WebDriver
 * BiDi): the same single-page stand-ins and DNS scenarios as banner-chromium.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { FIREFOX, artifactPath, browserReady, launchFirefox, type LaunchedFirefox } from '../helpers/e2e-browsers';
import {
  AXE_SOURCE,
  BANNER_PAGES,
  BANNER_ZONE,
  DNS_TROUBLE_DOMAIN,
  EXPECTED,
  HIDING_STYLES,
  PORTUGUESE_OUTLOOK_PATH,
  THREAD_DOMAIN,
  THREAD_LENGTH,
  TRUST_PATH,
  axeOnBanner,
  backgroundProbe,
  countCheckButtons,
  namesAsked,
  pageScriptClicks,
  readBanners,
  replaceTextInPlace,
} from '../helpers/e2e-banner';

const ready = browserReady(FIREFOX);

describe.skipIf(!ready)('Firefox ESR: the banner next to a bounce', () => {
  let hosts: HttpsHosts;
  let launched: LaunchedFirefox;
  let firefox: Browser;
  let extensionPage: Page;

  const banners = (page: Page) => page.evaluate(readBanners);
  const status = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-bounce-explainer-status'));
  const openConversation = (page: Page, index: number) => page.evaluate((i) => (window as unknown as { openConversation(i: number): void }).openConversation(i), index);

  /** A button inside the first (or given) banner's shadow root, as an element a real mouse click can reach. */
  async function bannerButton(page: Page, selector: string, bannerIndex = 0): Promise<ElementHandle<Element>> {
    const handle = await page.evaluateHandle(
      (sel, i) => document.querySelectorAll('[data-bounce-explainer]')[i]?.shadowRoot?.querySelector(sel) ?? null,
      selector,
      bannerIndex,
    );
    const element = handle.asElement();
    if (element === null) throw new Error(`no ${selector} in banner ${bannerIndex}`);
    return element as ElementHandle<Element>;
  }

  async function bannerHost(page: Page): Promise<ElementHandle<Element>> {
    const host = await page.$('[data-bounce-explainer="banner"]');
    if (host === null) throw new Error('no banner');
    return host;
  }

  const { tabBounce, badgeOf, setDetection } = backgroundProbe((fn, arg) => extensionPage.evaluate(fn, arg), 'browser');

  /** Firefox with the extension installed and every stand-in host routed to the local server. */
  const launch = (colorScheme?: 'dark'): Promise<LaunchedFirefox> => launchFirefox({ port: hosts.port, viewport: { width: 1100, height: 800 }, colorScheme });

  beforeAll(async () => {
    hosts = await startHttpsHosts({ doh: { zone: BANNER_ZONE }, pages: BANNER_PAGES });
    hosts.doh.setFaults([{ match: DNS_TROUBLE_DOMAIN, kind: 'servfail' }]);
    launched = await launch();
    firefox = launched.browser;
    expect(launched.installedId).toBe(launched.addonId);
    extensionPage = await launched.openExtensionPage('options.html');
  });

  afterAll(async () => {
    await firefox?.close();
    await hosts?.close();
  });

  it('Gmail: explains a bounce that loads late; nothing for ordinary mail or a mailbox-full bounce; dismissed stays dismissed', async () => {
    const gmail = await firefox.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/');
    await expect.poll(() => banners(gmail), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.gmail.verdict) })]);
    expect((await banners(gmail))[0]).toMatchObject({
      attribute: 'banner',
      open: true,
      role: 'region',
      // the record lets a new IP pass: a question first, no record before the yes
      record: null,
      text: expect.stringContaining(`${EXPECTED.gmail.question} Publish the record only if the answer is yes.`),
      next: 'Address not found',
    });
    // a page script's click is not the user's yes
    await gmail.evaluate(() => (document.querySelector('[data-bounce-explainer="banner"]')?.shadowRoot?.querySelector('[data-bounce-explainer="confirm"]') as HTMLElement | null)?.click());
    expect((await banners(gmail))[0]?.record).toBeNull();
    // a real mouse click
    await (await bannerButton(gmail, '[data-bounce-explainer="confirm"]')).click();
    await expect.poll(() => banners(gmail).then((all) => all[0]?.record)).toBe(EXPECTED.gmail.record);
    await (await bannerHost(gmail)).screenshot({ path: artifactPath('banner-firefox-gmail-light.png') });
    expect(await badgeOf('https://mail.google.com/*')).toBe('!');

    await openConversation(gmail, 1);
    await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('quarterly figures');
    expect(await banners(gmail)).toEqual([]);

    await openConversation(gmail, 2);
    await expect.poll(() => tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'not-auth' });
    // the toolbar keeps the mark of the SPF bounce: the mailbox-full one names nothing to check
    expect(await badgeOf('https://mail.google.com/*')).toBe('!');
    await expect.poll(() => status(gmail)).toBe('bounce-reported');
    expect(await banners(gmail)).toEqual([]);

    await openConversation(gmail, 3);
    const verdicts = () => banners(gmail).then((all) => all.map((b) => b.text.slice(0, b.text.indexOf("record") + 'record'.length)));
    await expect.poll(verdicts, { timeout: 15_000 }).toEqual([EXPECTED.gmail.verdict, EXPECTED.policyd.verdict]);
    expect(await tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'diagnosed', headline: 'This is the mail system at host sender.home.' });

    await (await bannerButton(gmail, 'button.close')).click();
    expect(await verdicts()).toEqual([EXPECTED.policyd.verdict]);
    // "no": no record, and what it means instead
    await (await bannerButton(gmail, '.answers button:not(.primary)')).click();
    const [refused] = await banners(gmail);
    expect(refused?.record).toBeNull();
    expect(refused?.text).toContain('Do not publish the record: a server you do not run is sending mail as sender.com');
    await openConversation(gmail, 0);
    await openConversation(gmail, 3);
    await expect.poll(verdicts).toEqual([EXPECTED.policyd.verdict]);
    await gmail.close();
  });

  it('Gmail: detection off removes the banner without a reload; on again resumes', async () => {
    const gmail = await firefox.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/');
    await expect.poll(() => banners(gmail).then((all) => all.length), { timeout: 15_000 }).toBe(1);
    await setDetection({ gmail: false, outlook: true });
    await expect.poll(() => status(gmail)).toBe('off');
    expect(await banners(gmail)).toEqual([]);
    const before = await tabBounce('https://mail.google.com/*');
    await openConversation(gmail, 4);
    await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('late.example');
    // longer than a burst and an idle pass: had the script still been watching, it would have sent by now
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await banners(gmail)).toEqual([]);
    expect(await tabBounce('https://mail.google.com/*')).toEqual(before);
    await setDetection({ gmail: true, outlook: true });
    await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
    await gmail.close();
  });

  it('Outlook: Copy says Copied, Details opens the popup view, axe finds nothing serious; a DNS failure has no record', async () => {
    const outlook = await firefox.newPage();
    await outlook.goto('https://outlook.office.com/mail/inbox');
    await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
    expect((await banners(outlook))[0]?.text).toContain(EXPECTED.policyd.verdict);
    await (await bannerButton(outlook, '[data-bounce-explainer="confirm"]')).click();
    await expect.poll(() => banners(outlook).then((all) => all[0]?.record)).toBe(EXPECTED.policyd.record);

    await (await bannerButton(outlook, 'button.primary')).click();
    await expect.poll(() => outlook.evaluate(() => document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector('button.primary')?.textContent)).toBe('Copied');

    await outlook.addScriptTag({ content: AXE_SOURCE });
    expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
    await (await bannerHost(outlook)).screenshot({ path: artifactPath('banner-firefox-outlook-light.png') });

    await (await bannerButton(outlook, 'button:not(.primary):not(.close)')).click();
    // Firefox shows the popup as a panel of the browser window, which WebDriver BiDi does not list; the
    // banner says where the details opened, from the background's reply
    const liveText = () => outlook.evaluate(() => document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector('[role="status"]')?.textContent ?? '');
    await expect.poll(liveText, { timeout: 15_000 }).toMatch(/^The details are open in (the Bounce Explainer popup|a new window)\.$/);
    if ((await liveText()).includes('new window')) {
      await expect.poll(async () => (await Promise.all((await firefox.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')))).some((u) => u.startsWith(launched.extensionUrl('popup.html')))).toBe(true);
    }

    hosts.doh.setLatency(1500);
    try {
      await openConversation(outlook, 1);
      await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.text)), { timeout: 20_000 }).toEqual([expect.stringContaining("Checking the sender's SPF record over DNS…")]);
      await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.text)), { timeout: 20_000 }).toEqual([expect.stringContaining('No record change will fix this.')]);
    } finally {
      hosts.doh.setLatency(0);
    }
    expect((await banners(outlook))[0]?.text).toContain(DNS_TROUBLE_DOMAIN);
    await outlook.close();
  });

  it('dark: the banner follows prefers-color-scheme, and stays free of serious axe findings', async () => {
    // BiDi has no media emulation in Firefox ESR: a second Firefox whose pages prefer dark (0 = dark)
    const dark = await launch('dark');
    try {
      expect(dark.installedId).toBe(dark.addonId);
      const gmail = await dark.browser.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/');
      expect(await gmail.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.gmail.question)]);
      await (await bannerButton(gmail, '[data-bounce-explainer="confirm"]')).click();
      await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.record))).toEqual([EXPECTED.gmail.record]);
      const background = await gmail.evaluate(() => getComputedStyle(document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector('section') as Element).backgroundColor);
      expect(background).toBe('rgb(43, 31, 30)');
      await gmail.addScriptTag({ content: AXE_SOURCE });
      expect(await gmail.evaluate(axeOnBanner)).toEqual([]);
      await (await bannerHost(gmail)).screenshot({ path: artifactPath('banner-firefox-gmail-dark.png') });
    } finally {
      await dark.close();
    }
  });
  describe('a bounce is untrusted input (issue 12)', () => {
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const texts = (page: Page) => banners(page).then((all) => all.map((b) => b.text));
    // t<i> of t<i>.thread.example; _dmarc.thread.example is the DMARC tree walk's parent of every t<i>, no bounce of its own
    const threadChecks = (): string[] =>
      [...new Set(namesAsked(hosts.doh.queries, THREAD_DOMAIN).flatMap((name) => (name === `_dmarc.${THREAD_DOMAIN}` ? [] : [/(?:^|\.)(t\d+)\.thread\.example$/.exec(name)?.[1] ?? name])))].sort();
    /** the index of the first banner that offers "Check this bounce" */
    const firstOffered = (page: Page) =>
      page.evaluate(() => [...document.querySelectorAll('[data-bounce-explainer]')].findIndex((host) => host.shadowRoot?.querySelector('[data-bounce-explainer="check"]') != null));
    const extensionWindows = async (): Promise<number> =>
      (await Promise.all((await firefox.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')))).filter((u) => u.startsWith(launched.extensionUrl('popup.html'))).length;

    it('a forwarded bounce waits for "Check this bounce": no DNS before a person clicks; page-script clicks do nothing', async () => {
      hosts.doh.resetLog();
      const page = await firefox.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      const [offered] = await banners(page);
      expect(offered?.text).toContain('This looks like a bounce.');
      expect(offered?.buttons).toEqual(['Check this bounce', 'Dismiss the SPF explanation']);

      expect(await page.evaluate(pageScriptClicks, 10)).toBe(2);
      await wait(1500);
      expect(await banners(page)).toEqual([offered]);
      expect(hosts.doh.queries).toEqual([]);

      await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
      await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.forwarded.verdict)]);
      expect(namesAsked(hosts.doh.queries, 'forwarded.example')).toContain('forwarded.example');

      const explained = await banners(page);
      const windowsBefore = await extensionWindows();
      expect(await page.evaluate(pageScriptClicks, 10)).toBeGreaterThanOrEqual(2);
      await wait(1500);
      expect(await banners(page)).toEqual(explained);
      expect(await page.evaluate(() => document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector('[role="status"]')?.textContent)).toBe('');
      expect(await extensionWindows()).toBe(windowsBefore);
      await page.close();
    });

    it(`hidden bounce text (${HIDING_STYLES.length} ways) sends nothing; the same bounce visible, from the same sender, is checked`, async () => {
      const page = await firefox.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      hosts.doh.resetLog();
      await openConversation(page, 1);
      await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
      expect(namesAsked(hosts.doh.queries, 'track.example')).toEqual([]);
      expect(namesAsked(hosts.doh.queries, 'late.example')).toContain('late.example');
      expect(await page.evaluate(countCheckButtons)).toBe(0);
      await page.close();
    });

    it(`${THREAD_LENGTH} bounces in one thread: 5 automatic checks, the rest wait for a click`, async () => {
      const page = await firefox.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      hosts.doh.resetLog();
      await openConversation(page, 2);
      await expect.poll(() => banners(page).then((all) => all.length), { timeout: 20_000 }).toBe(THREAD_LENGTH);
      await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^(bounce-reported|error)$/);
      expect(await page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 5);
      expect(threadChecks()).toHaveLength(5);
      const index = await firstOffered(page);
      await (await bannerButton(page, '[data-bounce-explainer="check"]', index)).click();
      await expect.poll(() => threadChecks().length, { timeout: 15_000 }).toBe(6);
      await expect.poll(() => page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 6);
      await page.close();
    });

    it('a clicked "Check this bounce" that is no authentication bounce says so in one line', async () => {
      const page = await firefox.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      await openConversation(page, 3);
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Why did this one bounce?')]);
      await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
      await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining('Not a sender-authentication bounce: nothing to check.')]);
      expect((await banners(page))[0]?.buttons).toEqual(['Dismiss the SPF explanation']);
      await page.close();
    });

    it('a clicked "Check this bounce" on an authentication refusal that names no domain says so, and guesses none', async () => {
      const page = await firefox.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      await openConversation(page, 4);
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Why was this refused?')]);
      await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
      await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining('A sender-authentication refusal, but it names no domain to check')]);
      await page.close();
    });

    it('a bounce from mailer-daemon is checked at once; its text replaced in place gets a new banner', async () => {
      const gmail = await firefox.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/');
      await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.gmail.verdict)]);
      expect(await gmail.evaluate(countCheckButtons)).toBe(0);
      expect(await gmail.evaluate(replaceTextInPlace, { from: 'SPF [example.com] with ip: [192.0.2.25]', to: 'SPF [late.example] with ip: [192.0.2.66]' })).toBe(true);
      await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
      await gmail.close();
    });

    it('Outlook on the web in Portuguese: the body region "Corpo da mensagem" is found', async () => {
      const outlook = await firefox.newPage();
      await outlook.goto(`https://outlook.office.com${PORTUGUESE_OUTLOOK_PATH}`);
      await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
      expect(
        await outlook.evaluate(() => {
          const body = document.querySelector('[data-bounce-explainer]')?.nextElementSibling;
          return [body?.getAttribute('role'), body?.getAttribute('aria-label'), document.documentElement.lang];
        }),
      ).toEqual(['region', 'Corpo da mensagem', 'pt-BR']);
      expect(await outlook.evaluate(countCheckButtons)).toBe(0);
      await outlook.close();
    });
  });
});
