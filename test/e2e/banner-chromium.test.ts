/**
 * The in-page explanation in Chromium, on the unchanged dist/chrome build: single-page stand-ins for Gmail
 * and Outlook on the web whose conversations load late, the local DoH server answering per scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { CHROMIUM, artifactPath, browserReady, launchChromium, type LaunchedChromium } from '../helpers/e2e-browsers';
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

const docsDir = fileURLToPath(new URL('../../docs/', import.meta.url));
const ready = browserReady(CHROMIUM);

describe.skipIf(!ready)('Chromium: the banner next to a bounce', () => {
  let hosts: HttpsHosts;
  let browser: LaunchedChromium;
  let context: BrowserContext;
  let extensionId: string;
  let extensionPage: Page;

  const banners = (page: Page) => page.evaluate(readBanners);
  const status = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-bounce-explainer-status'));
  const banner = (page: Page) => page.locator('[data-bounce-explainer="banner"]');

  const { tabBounce, badgeOf, setDetection } = backgroundProbe((fn, arg) => extensionPage.evaluate(fn, arg), 'chrome');

  beforeAll(async () => {
    hosts = await startHttpsHosts({ doh: { zone: BANNER_ZONE }, pages: BANNER_PAGES });
    hosts.doh.setFaults([{ match: DNS_TROUBLE_DOMAIN, kind: 'servfail' }]);
    browser = await launchChromium({ port: hosts.port, viewport: { width: 1100, height: 800 } });
    context = browser.context;
    extensionId = browser.extensionId;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://outlook.office.com' });
    extensionPage = await browser.openExtensionPage('options.html');
  });

  afterAll(async () => {
    await browser?.close();
    await hosts?.close();
  });

  it('Gmail: explains a bounce that loads late, shows nothing for ordinary mail or a mailbox-full bounce, never sends a message twice', async () => {
    const gmail = await context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/');
    await expect.poll(() => banners(gmail), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.gmail.verdict) })]);
    const [asked] = await banners(gmail);
    expect(asked).toMatchObject({
      attribute: 'banner',
      open: true,
      role: 'region',
      label: 'Bounce Explainer: why this mail bounced',
      // the record lets a new IP pass: a question first, no record before the yes
      record: null,
      // just before the message body it explains
      next: 'Address not found',
    });
    expect(asked?.text).toContain(`${EXPECTED.gmail.question} Publish the record only if the answer is yes.`);
    expect(asked?.text).not.toContain('Publish this TXT record');
    expect(asked?.buttons).toEqual(['Yes, show the record', 'No', 'Details: the full SPF check in the Bounce Explainer popup', 'Dismiss the SPF explanation']);
    // a page script's click is not the user's yes
    await gmail.evaluate(() => (document.querySelector('[data-bounce-explainer="banner"]')?.shadowRoot?.querySelector('[data-bounce-explainer="confirm"]') as HTMLElement | null)?.click());
    expect((await banners(gmail))[0]?.record).toBeNull();
    // a real click (the mouse, through the shadow root)
    await banner(gmail).locator('[data-bounce-explainer="confirm"]').click();
    await expect.poll(() => banners(gmail).then((all) => all[0]?.record)).toBe(EXPECTED.gmail.record);
    const [view] = await banners(gmail);
    expect(view?.text).toContain('192.0.2.25 is not in the SPF record of example.com');
    expect(view?.text).toContain('Publish this TXT record at example.com');
    expect(view?.buttons).toEqual(['Copy record', 'Details: the full SPF check in the Bounce Explainer popup', 'Dismiss the SPF explanation']);
    // focus moves to Copy, where the yes was
    expect(await banner(gmail).evaluate((host) => host.shadowRoot?.activeElement?.textContent)).toBe('Copy record');
    expect(await status(gmail)).toBe('bounce-reported');
    // the toolbar badge marks the tab
    expect(await badgeOf('https://mail.google.com/*')).toBe('!');
    // the page's own "div { color: ... !important }" does not reach into the banner
    expect(await banner(gmail).locator('.verdict').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('600');
    // the buttons take the banner's type (a minifier once dropped font-family: inherit beside an invalid font shorthand)
    const buttonFont = await banner(gmail).locator('button.primary').evaluate((el) => {
      const own = getComputedStyle(el);
      return { same: own.fontFamily === getComputedStyle(el.closest('.banner') as Element).fontFamily, weight: own.fontWeight, size: own.fontSize };
    });
    expect(buttonFont).toEqual({ same: true, weight: '500', size: '13px' });

    await gmail.emulateMedia({ colorScheme: 'light' });
    await banner(gmail).screenshot({ path: artifactPath('banner-chromium-gmail-light.png') });
    await gmail.emulateMedia({ colorScheme: 'dark' });
    await banner(gmail).screenshot({ path: artifactPath('banner-chromium-gmail-dark.png') });
    await gmail.emulateMedia({ colorScheme: 'light' });

    // an ordinary conversation: its view replaces the bounce's, and nothing is shown or sent
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(1));
    await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('quarterly figures');
    expect(await banners(gmail)).toEqual([]);

    // a bounce that is not about authentication: sent (it is a bounce), answered 'not-auth', no banner
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(2));
    await expect.poll(() => tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'not-auth' });
    // the toolbar keeps the mark of the SPF bounce: the mailbox-full one names nothing to check
    expect(await badgeOf('https://mail.google.com/*')).toBe('!');
    await expect.poll(() => status(gmail)).toBe('bounce-reported');
    expect(await banners(gmail)).toEqual([]);

    // the first bounce again (shown from what is known, not sent again) beside the policyd-spf bounce
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(3));
    await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text.split(' ').slice(0, 9).join(' '))), { timeout: 15_000 }).toEqual([
      expect.stringContaining(EXPECTED.gmail.verdict.split(' ').slice(0, 9).join(' ')),
      expect.stringContaining(EXPECTED.policyd.verdict.split(' ').slice(0, 9).join(' ')),
    ]);
    // the background saw the policyd bounce last: the Gmail one was not sent again
    expect(await tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'diagnosed', headline: 'This is the mail system at host sender.home.' });

    // dismissed: gone, and gone for good for that message
    await banner(gmail).first().getByRole('button', { name: 'Dismiss the SPF explanation' }).click();
    expect((await banners(gmail)).map((b) => b.text)).toEqual([expect.stringContaining(EXPECTED.policyd.verdict)]);
    // "no": no record, and what it means instead
    await banner(gmail).getByRole('button', { name: 'No', exact: true }).click();
    const [refused] = await banners(gmail);
    expect(refused?.record).toBeNull();
    expect(refused?.text).toContain('Do not publish the record: a server you do not run is sending mail as sender.com');
    expect(refused?.text).toContain('_dmarc.sender.com');
    expect(refused?.buttons).toEqual(['Details: the full SPF check in the Bounce Explainer popup', 'Dismiss the SPF explanation']);
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(0));
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(3));
    // the policyd banner coming back proves the pass over both bodies ran
    await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text))).toEqual([expect.stringContaining(EXPECTED.policyd.verdict)]);
    await gmail.close();
  });

  it('Gmail: turning detection off removes the banner and stops watching, without a reload; on again resumes', async () => {
    const gmail = await context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/');
    await expect.poll(() => banners(gmail).then((all) => all.length), { timeout: 15_000 }).toBe(1);

    await setDetection({ gmail: false, outlook: true });
    await expect.poll(() => status(gmail)).toBe('off');
    expect(await banners(gmail)).toEqual([]);
    const before = await tabBounce('https://mail.google.com/*');
    await gmail.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(4));
    await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('late.example');
    // longer than a burst and an idle pass: had the script still been watching, it would have sent by now
    await gmail.waitForTimeout(1500);
    expect(await banners(gmail)).toEqual([]);
    expect(await tabBounce('https://mail.google.com/*')).toEqual(before);

    await setDetection({ gmail: true, outlook: true });
    await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
    await gmail.close();
  });

  it('Outlook: the policyd-spf bounce; Copy puts the record on the clipboard; Details opens the popup; axe finds nothing serious', async () => {
    const outlook = await context.newPage();
    await outlook.goto('https://outlook.office.com/mail/inbox');
    await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
    const [view] = await banners(outlook);
    expect(view?.text).toContain(EXPECTED.policyd.verdict);
    expect(view?.next).toBe('This is the mail system at host sender.home.');
    // the question and its answers pass axe too
    await outlook.addScriptTag({ content: AXE_SOURCE });
    expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
    await banner(outlook).locator('[data-bounce-explainer="confirm"]').click();
    await expect.poll(() => banners(outlook).then((all) => all[0]?.record)).toBe(EXPECTED.policyd.record);

    await banner(outlook).getByRole('button', { name: 'Copy record' }).click();
    await expect.poll(() => banner(outlook).locator('button.primary').textContent()).toBe('Copied');
    expect(await outlook.evaluate(() => navigator.clipboard.readText())).toBe(EXPECTED.policyd.record);

    expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
    await outlook.emulateMedia({ colorScheme: 'dark' });
    expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
    await banner(outlook).screenshot({ path: artifactPath('banner-chromium-outlook-dark.png') });
    await outlook.emulateMedia({ colorScheme: 'light' });
    await banner(outlook).screenshot({ path: artifactPath('banner-chromium-outlook-light.png') });
    copyFileSync(artifactPath('banner-chromium-gmail-light.png'), `${docsDir}banner-light.png`);
    copyFileSync(artifactPath('banner-chromium-gmail-dark.png'), `${docsDir}banner-dark.png`);

    const cdp = await context.newCDPSession(outlook);
    expect((await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.url.includes('popup.html'))).toEqual([]);
    await banner(outlook).getByRole('button', { name: /^Details/ }).click();
    // action.openPopup() opens the real popup, a page Chromium lists as a target but playwright does not adopt
    const popupUrl = `chrome-extension://${extensionId}/popup.html`;
    await expect
      .poll(async () => (await cdp.send('Target.getTargets')).targetInfos.some((t) => t.type === 'page' && t.url.startsWith(popupUrl)), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => banner(outlook).locator('[role="status"]').textContent())
      .toBe('The details are open in the Bounce Explainer popup.');
    await outlook.close();
  });

  it('Outlook: a slow DNS check shows the loading state; a DNS failure is explained without a record to publish', async () => {
    const outlook = await context.newPage();
    await outlook.goto('https://outlook.office.com/mail/inbox');
    await expect.poll(() => banners(outlook).then((all) => all.length), { timeout: 15_000 }).toBe(1);
    // slow DNS: the banner says what it is doing until the answer is in
    hosts.doh.setLatency(1500);
    try {
      await outlook.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(1));
      await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.text)), { timeout: 20_000 }).toEqual([expect.stringContaining("Checking the sender's SPF record over DNS…")]);
      await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.text)), { timeout: 20_000 }).toEqual([expect.stringContaining('No record change will fix this.')]);
    } finally {
      hosts.doh.setLatency(0);
    }
    const [view] = await banners(outlook);
    expect(view?.text).toContain(DNS_TROUBLE_DOMAIN);
    expect(view?.record).toBeNull();
    await outlook.close();
  });

  it('Outlook: a refusal that names no IP says so and points to the popup; the returned subject and date are shown', async () => {
    const outlook = await context.newPage();
    await outlook.goto('https://outlook.office.com/mail/inbox');
    await expect.poll(() => banners(outlook).then((all) => all.length), { timeout: 15_000 }).toBe(1);
    await outlook.evaluate(() => (window as unknown as { openConversation(i: number): void }).openConversation(2));
    await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.text)), { timeout: 20_000 }).toEqual([expect.stringContaining('noip.example')]);
    const [view] = await banners(outlook);
    expect(view?.text).toContain("The bounce does not name the refused server's IP address");
    expect(view?.text).toContain('open Bounce Explainer from the toolbar');
    expect(view?.text).toContain('The returned message: “Invoice 2026-114 for November”, sent Mon, 30 Nov 2026 09:12:04 +0100.');
    await outlook.close();
  });
  describe('a bounce is untrusted input (issue 12)', () => {
    const openConversation = (page: Page, index: number) => page.evaluate((i) => (window as unknown as { openConversation(i: number): void }).openConversation(i), index);
    const popupTargets = async (page: Page): Promise<number> => {
      const cdp = await context.newCDPSession(page);
      try {
        return (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.url.includes('popup.html')).length;
      } finally {
        await cdp.detach();
      }
    };
    /**
     * the thread's domains that were checked: t<i> of t<i>.thread.example, whatever record was asked (the DMARC
     * tree walk of a check also asks _dmarc.thread.example, a parent of every t<i>: no bounce of its own)
     */
    const threadChecks = (): string[] =>
      [...new Set(namesAsked(hosts.doh.queries, THREAD_DOMAIN).flatMap((name) => (name === `_dmarc.${THREAD_DOMAIN}` ? [] : [/(?:^|\.)(t\d+)\.thread\.example$/.exec(name)?.[1] ?? name])))].sort();

    it('a forwarded bounce waits for "Check this bounce": no DNS before a person clicks; page-script clicks do nothing', async () => {
      hosts.doh.resetLog();
      const page = await context.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      const [offered] = await banners(page);
      expect(offered?.text).toContain('This looks like a bounce.');
      expect(offered?.buttons).toEqual(['Check this bounce', 'Dismiss the SPF explanation']);
      expect(offered?.next).toBe('Can you look at this? My mail to Bob bounced.');

      // the page's own scripts press every button ten times, with click() and with synthetic events
      expect(await page.evaluate(pageScriptClicks, 10)).toBe(2);
      await page.waitForTimeout(1500);
      expect(await banners(page)).toEqual([offered]);
      expect(hosts.doh.queries).toEqual([]);

      // a person's click
      await banner(page).locator('[data-bounce-explainer="check"]').click();
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.forwarded.verdict)]);
      expect(namesAsked(hosts.doh.queries, 'forwarded.example')).toContain('forwarded.example');

      // the explained banner: Details pressed by the page opens nothing, × pressed by the page removes nothing
      const explained = await banners(page);
      const popupsBefore = await popupTargets(page);
      expect(await page.evaluate(pageScriptClicks, 10)).toBeGreaterThanOrEqual(2);
      await page.waitForTimeout(1500);
      expect(await banners(page)).toEqual(explained);
      expect(await banner(page).locator('[role="status"]').textContent()).toBe('');
      expect(await popupTargets(page)).toBe(popupsBefore);
      await page.close();
    });

    it(`hidden bounce text (${HIDING_STYLES.length} ways) sends nothing; the same bounce visible, from the same sender, is checked`, async () => {
      const page = await context.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      hosts.doh.resetLog();
      await openConversation(page, 1);
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
      // the control's banner proves the pass over every body ran; nothing was asked about the hidden text's names
      expect(namesAsked(hosts.doh.queries, 'track.example')).toEqual([]);
      expect(namesAsked(hosts.doh.queries, 'late.example')).toContain('late.example');
      expect(await page.evaluate(countCheckButtons)).toBe(0);
      await page.close();
    });

    it(`${THREAD_LENGTH} bounces in one thread: 5 automatic checks, the rest wait for a click`, async () => {
      const page = await context.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      hosts.doh.resetLog();
      await openConversation(page, 2);
      await expect.poll(() => banners(page).then((all) => all.length), { timeout: 20_000 }).toBe(THREAD_LENGTH);
      await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^(bounce-reported|error)$/);
      expect(await page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 5);
      expect(threadChecks()).toHaveLength(5);
      // one more, clicked by a person: checked at once
      await banner(page).locator('[data-bounce-explainer="check"]').first().click();
      await expect.poll(() => threadChecks().length, { timeout: 15_000 }).toBe(6);
      await expect.poll(() => page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 6);
      await page.close();
    });

    it('a clicked "Check this bounce" that is no authentication bounce says so in one line', async () => {
      const page = await context.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      await openConversation(page, 3);
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Why did this one bounce?')]);
      await banner(page).locator('[data-bounce-explainer="check"]').click();
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining('Not a sender-authentication bounce: nothing to check.')]);
      expect((await banners(page))[0]?.buttons).toEqual(['Dismiss the SPF explanation']);
      await page.close();
    });

    it('a clicked "Check this bounce" on an authentication refusal that names no domain says so, and guesses none', async () => {
      const page = await context.newPage();
      await page.goto(`https://mail.google.com${TRUST_PATH}`);
      await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
      await openConversation(page, 4);
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Why was this refused?')]);
      await banner(page).locator('[data-bounce-explainer="check"]').click();
      await expect.poll(() => banners(page).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining('A sender-authentication refusal, but it names no domain to check')]);
      await page.close();
    });

    it('a bounce from mailer-daemon is checked at once; its text replaced in place gets a new banner', async () => {
      const gmail = await context.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/');
      await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.gmail.verdict)]);
      expect(await gmail.evaluate(countCheckButtons)).toBe(0);
      // the webmail updates the text node itself: no element is added
      expect(await gmail.evaluate(replaceTextInPlace, { from: 'SPF [example.com] with ip: [192.0.2.25]', to: 'SPF [late.example] with ip: [192.0.2.66]' })).toBe(true);
      await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.text)), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
      await gmail.close();
    });

    it('Outlook on the web in Portuguese: the body region "Corpo da mensagem" is found', async () => {
      const outlook = await context.newPage();
      await outlook.goto(`https://outlook.office.com${PORTUGUESE_OUTLOOK_PATH}`);
      await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
      // the banner stands just before the region labelled in Portuguese
      expect(await outlook.evaluate(() => {
        const body = document.querySelector('[data-bounce-explainer]')?.nextElementSibling;
        return [body?.getAttribute('role'), body?.getAttribute('aria-label'), document.documentElement.lang];
      })).toEqual(['region', 'Corpo da mensagem', 'pt-BR']);
      expect((await banners(outlook))[0]?.next).toBe('This is the mail system at host sender.home.');
      expect(await outlook.evaluate(countCheckButtons)).toBe(0);
      await outlook.close();
    });
  });
});
