/**
 * The in-page explanation of the unchanged shipping build, in each browser of E2E_BROWSERS: single-page
 * stand-ins for Gmail and Outlook on the web whose conversations load late, the local DoH server answering per
 * scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHttpsHosts, type HttpsHosts } from '../helpers/https-hosts';
import { artifactPath, browserReady } from '../helpers/e2e-browsers';
import { E2E_BROWSERS, launchBrowser, type ColorScheme, type E2eBrowser } from '../helpers/e2e-driver';
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

const banners = (page: Page) => page.evaluate(readBanners);
const texts = (page: Page) => banners(page).then((all) => all.map((b) => b.text));
const status = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('data-bounce-explainer-status'));
const openConversation = (page: Page, index: number) => page.evaluate((i) => (window as unknown as { openConversation(i: number): void }).openConversation(i), index);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A button inside the given banner's shadow root (by selector), as an element a real mouse click can reach. */
async function bannerButton(page: Page, selector: string, bannerIndex = 0): Promise<ElementHandle<Element>> {
  const handle = await page.evaluateHandle((sel, i) => document.querySelectorAll('[data-bounce-explainer]')[i]?.shadowRoot?.querySelector(sel) ?? null, selector, bannerIndex);
  const element = handle.asElement();
  if (element === null) throw new Error(`no ${selector} in banner ${bannerIndex}`);
  return element as ElementHandle<Element>;
}

/** The button of the given banner whose name (aria-label, else its text) is `name`, or matches it. */
async function bannerButtonNamed(page: Page, name: string | RegExp, bannerIndex = 0): Promise<ElementHandle<Element>> {
  const handle = await page.evaluateHandle(
    (source, flags, i) => {
      const buttons = [...(document.querySelectorAll('[data-bounce-explainer]')[i]?.shadowRoot?.querySelectorAll('button') ?? [])];
      const named = (b: Element) => (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim();
      const found = buttons.filter((b) => (flags === null ? named(b) === source : new RegExp(source, flags).test(named(b))));
      return found.length === 1 ? found[0] : null;
    },
    name instanceof RegExp ? name.source : name,
    name instanceof RegExp ? name.flags : null,
    bannerIndex,
  );
  const element = handle.asElement();
  if (element === null) throw new Error(`no single button named ${String(name)} in banner ${bannerIndex}`);
  return element as ElementHandle<Element>;
}

async function bannerHost(page: Page): Promise<ElementHandle<Element>> {
  const host = await page.$('[data-bounce-explainer="banner"]');
  if (host === null) throw new Error('no banner');
  return host;
}

/** The text of the first element matching `selector` in the first banner's shadow root. */
const inBanner = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);

for (const setup of E2E_BROWSERS) {
  describe.skipIf(!browserReady(setup))(`${setup.name}: the banner next to a bounce`, () => {
    let hosts: HttpsHosts;
    let browser: E2eBrowser;
    let extensionPage: Page;

    const { tabBounce, badgeOf, setDetection } = backgroundProbe((fn, arg) => extensionPage.evaluate(fn, arg), setup.key === 'firefox' ? 'browser' : 'chrome');

    /** The browser with its build and every stand-in host routed to the local server. */
    const launch = (colorScheme: ColorScheme): Promise<E2eBrowser> => launchBrowser(setup, { port: hosts.port, viewport: { width: 1100, height: 800 }, colorScheme });

    /** What a person's paste (Ctrl+V) puts into a new field of `page`: the clipboard, as the page cannot read it. */
    async function pasteInto(page: Page): Promise<string> {
      await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { id: 'paste-here' })));
      await page.focus('#paste-here');
      await browser.paste(page);
      return page.evaluate(() => {
        const field = document.getElementById('paste-here') as HTMLInputElement;
        field.remove();
        return field.value;
      });
    }

    beforeAll(async () => {
      hosts = await startHttpsHosts({ doh: { zone: BANNER_ZONE }, pages: BANNER_PAGES });
      hosts.doh.setFaults([{ match: DNS_TROUBLE_DOMAIN, kind: 'servfail' }]);
      browser = await launch('light');
      extensionPage = await browser.openExtensionPage('options.html');
    });

    afterAll(async () => {
      await browser?.close();
      await hosts?.close();
    });

    it('Gmail: explains a bounce that loads late, shows nothing for ordinary mail or a mailbox-full bounce, never sends a message twice', async () => {
      const gmail = await browser.newPage();
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
      await (await bannerButton(gmail, '[data-bounce-explainer="confirm"]')).click();
      await expect.poll(() => banners(gmail).then((all) => all[0]?.record)).toBe(EXPECTED.gmail.record);
      const [view] = await banners(gmail);
      expect(view?.text).toContain('192.0.2.25 is not in the SPF record of example.com');
      expect(view?.text).toContain('Publish this TXT record at example.com');
      expect(view?.buttons).toEqual(['Copy record', 'Details: the full SPF check in the Bounce Explainer popup', 'Dismiss the SPF explanation']);
      // focus moves to Copy, where the yes was
      await expect.poll(() => gmail.evaluate(() => document.querySelector('[data-bounce-explainer="banner"]')?.shadowRoot?.activeElement?.textContent)).toBe('Copy record');
      expect(await status(gmail)).toBe('bounce-reported');
      // the toolbar badge marks the tab
      expect(await badgeOf('https://mail.google.com/*')).toBe('!');
      // the page's own "div { color: ... !important }" does not reach into the banner
      const styles = await gmail.evaluate(() => {
        const root = document.querySelector('[data-bounce-explainer="banner"]')?.shadowRoot;
        const verdict = root?.querySelector('.verdict') as Element;
        const primary = root?.querySelector('button.primary') as Element;
        const own = getComputedStyle(primary);
        return {
          verdictWeight: getComputedStyle(verdict).fontWeight,
          // the buttons take the banner's type (a minifier once dropped font-family: inherit beside an invalid font shorthand)
          button: { same: own.fontFamily === getComputedStyle(primary.closest('.banner') as Element).fontFamily, weight: own.fontWeight, size: own.fontSize },
        };
      });
      expect(styles).toEqual({ verdictWeight: '600', button: { same: true, weight: '500', size: '13px' } });
      await (await bannerHost(gmail)).screenshot({ path: artifactPath(`banner-${setup.key}-gmail-light.png`) });

      // an ordinary conversation: its view replaces the bounce's, and nothing is shown or sent
      await openConversation(gmail, 1);
      await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('quarterly figures');
      expect(await banners(gmail)).toEqual([]);

      // a bounce that is not about authentication: sent (it is a bounce), answered 'not-auth', no banner
      await openConversation(gmail, 2);
      await expect.poll(() => tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'not-auth' });
      // the toolbar keeps the mark of the SPF bounce: the mailbox-full one names nothing to check
      expect(await badgeOf('https://mail.google.com/*')).toBe('!');
      await expect.poll(() => status(gmail)).toBe('bounce-reported');
      expect(await banners(gmail)).toEqual([]);

      // the first bounce again (shown from what is known, not sent again) beside the policyd-spf bounce
      await openConversation(gmail, 3);
      const verdicts = () => texts(gmail).then((all) => all.map((text) => text.slice(0, text.indexOf('record') + 'record'.length)));
      await expect.poll(verdicts, { timeout: 15_000 }).toEqual([EXPECTED.gmail.verdict, EXPECTED.policyd.verdict]);
      // the background saw the policyd bounce last: the Gmail one was not sent again
      expect(await tabBounce('https://mail.google.com/*')).toMatchObject({ status: 'diagnosed', headline: 'This is the mail system at host sender.home.' });

      // dismissed: gone, and gone for good for that message
      await (await bannerButtonNamed(gmail, 'Dismiss the SPF explanation')).click();
      expect(await verdicts()).toEqual([EXPECTED.policyd.verdict]);
      // "no": no record, and what it means instead
      await (await bannerButtonNamed(gmail, 'No')).click();
      const [refused] = await banners(gmail);
      expect(refused?.record).toBeNull();
      expect(refused?.text).toContain('Do not publish the record: a server you do not run is sending mail as sender.com');
      expect(refused?.text).toContain('_dmarc.sender.com');
      expect(refused?.buttons).toEqual(['Details: the full SPF check in the Bounce Explainer popup', 'Dismiss the SPF explanation']);
      await openConversation(gmail, 0);
      await openConversation(gmail, 3);
      // the policyd banner coming back proves the pass over both bodies ran
      await expect.poll(verdicts).toEqual([EXPECTED.policyd.verdict]);
      await gmail.close();
    });

    it('Gmail: turning detection off removes the banner and stops watching, without a reload; on again resumes', async () => {
      const gmail = await browser.newPage();
      await gmail.goto('https://mail.google.com/mail/u/0/');
      await expect.poll(() => banners(gmail).then((all) => all.length), { timeout: 15_000 }).toBe(1);

      await setDetection({ gmail: false, outlook: true });
      await expect.poll(() => status(gmail)).toBe('off');
      expect(await banners(gmail)).toEqual([]);
      const before = await tabBounce('https://mail.google.com/*');
      await openConversation(gmail, 4);
      await expect.poll(() => gmail.evaluate(() => document.querySelector('div.a3s')?.textContent ?? '')).toContain('late.example');
      // longer than a burst and an idle pass: had the script still been watching, it would have sent by now
      await wait(1500);
      expect(await banners(gmail)).toEqual([]);
      expect(await tabBounce('https://mail.google.com/*')).toEqual(before);

      await setDetection({ gmail: true, outlook: true });
      await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
      await gmail.close();
    });

    it('Outlook: the policyd-spf bounce; Copy puts the record on the clipboard; Details opens the popup; axe finds nothing serious', async () => {
      const outlook = await browser.newPage();
      await outlook.goto('https://outlook.office.com/mail/inbox');
      await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
      const [view] = await banners(outlook);
      expect(view?.text).toContain(EXPECTED.policyd.verdict);
      expect(view?.next).toBe('This is the mail system at host sender.home.');
      // the question and its answers pass axe too
      await outlook.addScriptTag({ content: AXE_SOURCE });
      expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
      await (await bannerButton(outlook, '[data-bounce-explainer="confirm"]')).click();
      await expect.poll(() => banners(outlook).then((all) => all[0]?.record)).toBe(EXPECTED.policyd.record);

      await (await bannerButtonNamed(outlook, 'Copy record')).click();
      await expect.poll(() => inBanner(outlook, 'button.primary')).toBe('Copied');
      expect(await pasteInto(outlook)).toBe(EXPECTED.policyd.record);

      expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
      await (await bannerHost(outlook)).screenshot({ path: artifactPath(`banner-${setup.key}-outlook-light.png`) });

      expect(await browser.extensionPagesAt('popup.html')).toBe(0);
      await (await bannerButtonNamed(outlook, /^Details/)).click();
      // the banner says where the details opened, from the background's reply (the popup, or a window when the
      // browser cannot open its popup)
      await expect.poll(() => inBanner(outlook, '[role="status"]'), { timeout: 15_000 }).toMatch(/^The details are open in (the Bounce Explainer popup|a new window)\.$/);
      // action.openPopup() opens the real popup: a page Chromium lists; Firefox's popup panel is not listed (e2e-driver.ts)
      if (setup.key === 'chromium') expect(await inBanner(outlook, '[role="status"]')).toBe('The details are open in the Bounce Explainer popup.');
      if (setup.key === 'chromium' || (await inBanner(outlook, '[role="status"]'))?.includes('new window')) {
        await expect.poll(() => browser.extensionPagesAt('popup.html'), { timeout: 15_000 }).toBeGreaterThan(0);
      }
      await outlook.close();
    });

    it('dark: the banner follows prefers-color-scheme, and stays free of serious axe findings', async () => {
      // the colour scheme is the browser's from its launch (e2e-driver.ts): a second browser whose pages prefer dark
      const dark = await launch('dark');
      try {
        const gmail = await dark.newPage();
        await gmail.goto('https://mail.google.com/mail/u/0/');
        expect(await gmail.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
        await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.gmail.question)]);
        await (await bannerButton(gmail, '[data-bounce-explainer="confirm"]')).click();
        await expect.poll(() => banners(gmail).then((all) => all.map((b) => b.record))).toEqual([EXPECTED.gmail.record]);
        const background = await gmail.evaluate(() => getComputedStyle(document.querySelector('[data-bounce-explainer]')?.shadowRoot?.querySelector('section') as Element).backgroundColor);
        expect(background).toBe('rgb(43, 31, 30)');
        await gmail.addScriptTag({ content: AXE_SOURCE });
        expect(await gmail.evaluate(axeOnBanner)).toEqual([]);
        await (await bannerHost(gmail)).screenshot({ path: artifactPath(`banner-${setup.key}-gmail-dark.png`) });

        const outlook = await dark.newPage();
        await outlook.goto('https://outlook.office.com/mail/inbox');
        await expect.poll(() => texts(outlook), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.policyd.question)]);
        await (await bannerButton(outlook, '[data-bounce-explainer="confirm"]')).click();
        await expect.poll(() => banners(outlook).then((all) => all.map((b) => b.record))).toEqual([EXPECTED.policyd.record]);
        await outlook.addScriptTag({ content: AXE_SOURCE });
        expect(await outlook.evaluate(axeOnBanner)).toEqual([]);
        await (await bannerHost(outlook)).screenshot({ path: artifactPath(`banner-${setup.key}-outlook-dark.png`) });
      } finally {
        await dark.close();
      }
      if (setup.key === 'chromium') {
        copyFileSync(artifactPath('banner-chromium-gmail-light.png'), `${docsDir}banner-light.png`);
        copyFileSync(artifactPath('banner-chromium-gmail-dark.png'), `${docsDir}banner-dark.png`);
      }
    });

    it('Outlook: a slow DNS check shows the loading state; a DNS failure is explained without a record to publish', async () => {
      const outlook = await browser.newPage();
      await outlook.goto('https://outlook.office.com/mail/inbox');
      await expect.poll(() => banners(outlook).then((all) => all.length), { timeout: 15_000 }).toBe(1);
      // slow DNS: the banner says what it is doing until the answer is in
      hosts.doh.setLatency(1500);
      try {
        await openConversation(outlook, 1);
        await expect.poll(() => texts(outlook), { timeout: 20_000 }).toEqual([expect.stringContaining("Checking the sender's SPF record over DNS…")]);
        await expect.poll(() => texts(outlook), { timeout: 20_000 }).toEqual([expect.stringContaining('No record change will fix this.')]);
      } finally {
        hosts.doh.setLatency(0);
      }
      const [view] = await banners(outlook);
      expect(view?.text).toContain(DNS_TROUBLE_DOMAIN);
      expect(view?.record).toBeNull();
      await outlook.close();
    });

    it('Outlook: a refusal that names no IP says so and points to the popup; the returned subject and date are shown', async () => {
      const outlook = await browser.newPage();
      await outlook.goto('https://outlook.office.com/mail/inbox');
      await expect.poll(() => banners(outlook).then((all) => all.length), { timeout: 15_000 }).toBe(1);
      await openConversation(outlook, 2);
      await expect.poll(() => texts(outlook), { timeout: 20_000 }).toEqual([expect.stringContaining('noip.example')]);
      const [view] = await banners(outlook);
      expect(view?.text).toContain("The bounce does not name the refused server's IP address");
      expect(view?.text).toContain('open Bounce Explainer from the toolbar');
      expect(view?.text).toContain('The returned message: “Invoice 2026-114 for November”, sent Mon, 30 Nov 2026 09:12:04 +0100.');
      await outlook.close();
    });

    describe('a bounce is untrusted input (issue 12)', () => {
      /**
       * the thread's domains that were checked: t<i> of t<i>.thread.example, whatever record was asked (the DMARC
       * tree walk of a check also asks _dmarc.thread.example, a parent of every t<i>: no bounce of its own)
       */
      const threadChecks = (): string[] =>
        [...new Set(namesAsked(hosts.doh.queries, THREAD_DOMAIN).flatMap((name) => (name === `_dmarc.${THREAD_DOMAIN}` ? [] : [/(?:^|\.)(t\d+)\.thread\.example$/.exec(name)?.[1] ?? name])))].sort();
      /** the index of the first banner that offers "Check this bounce" */
      const firstOffered = (page: Page) =>
        page.evaluate(() => [...document.querySelectorAll('[data-bounce-explainer]')].findIndex((host) => host.shadowRoot?.querySelector('[data-bounce-explainer="check"]') != null));

      it('a forwarded bounce waits for "Check this bounce": no DNS before a person clicks; page-script clicks do nothing', async () => {
        hosts.doh.resetLog();
        const page = await browser.newPage();
        await page.goto(`https://mail.google.com${TRUST_PATH}`);
        await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
        const [offered] = await banners(page);
        expect(offered?.text).toContain('This looks like a bounce.');
        expect(offered?.buttons).toEqual(['Check this bounce', 'Dismiss the SPF explanation']);
        expect(offered?.next).toBe('Can you look at this? My mail to Bob bounced.');

        // the page's own scripts press every button ten times, with click() and with synthetic events
        expect(await page.evaluate(pageScriptClicks, 10)).toBe(2);
        await wait(1500);
        expect(await banners(page)).toEqual([offered]);
        expect(hosts.doh.queries).toEqual([]);

        // a person's click
        await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
        await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.forwarded.verdict)]);
        expect(namesAsked(hosts.doh.queries, 'forwarded.example')).toContain('forwarded.example');

        // the explained banner: Details pressed by the page opens nothing, × pressed by the page removes nothing
        const explained = await banners(page);
        const popupsBefore = await browser.extensionPagesAt('popup.html');
        expect(await page.evaluate(pageScriptClicks, 10)).toBeGreaterThanOrEqual(2);
        await wait(1500);
        expect(await banners(page)).toEqual(explained);
        expect(await inBanner(page, '[role="status"]')).toBe('');
        expect(await browser.extensionPagesAt('popup.html')).toBe(popupsBefore);
        await page.close();
      });

      it(`hidden bounce text (${HIDING_STYLES.length} ways) sends nothing; the same bounce visible, from the same sender, is checked`, async () => {
        const page = await browser.newPage();
        await page.goto(`https://mail.google.com${TRUST_PATH}`);
        await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
        hosts.doh.resetLog();
        await openConversation(page, 1);
        await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
        // the control's banner proves the pass over every body ran; nothing was asked about the hidden text's names
        expect(namesAsked(hosts.doh.queries, 'track.example')).toEqual([]);
        expect(namesAsked(hosts.doh.queries, 'late.example')).toContain('late.example');
        expect(await page.evaluate(countCheckButtons)).toBe(0);
        await page.close();
      });

      it(`${THREAD_LENGTH} bounces in one thread: 5 automatic checks, the rest wait for a click`, async () => {
        const page = await browser.newPage();
        await page.goto(`https://mail.google.com${TRUST_PATH}`);
        await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
        hosts.doh.resetLog();
        await openConversation(page, 2);
        await expect.poll(() => banners(page).then((all) => all.length), { timeout: 20_000 }).toBe(THREAD_LENGTH);
        await expect.poll(() => status(page), { timeout: 20_000 }).toMatch(/^(bounce-reported|error)$/);
        expect(await page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 5);
        expect(threadChecks()).toHaveLength(5);
        // one more, clicked by a person: checked at once
        await (await bannerButton(page, '[data-bounce-explainer="check"]', await firstOffered(page))).click();
        await expect.poll(() => threadChecks().length, { timeout: 15_000 }).toBe(6);
        await expect.poll(() => page.evaluate(countCheckButtons)).toBe(THREAD_LENGTH - 6);
        await page.close();
      });

      it('a clicked "Check this bounce" that is no authentication bounce says so in one line', async () => {
        const page = await browser.newPage();
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
        const page = await browser.newPage();
        await page.goto(`https://mail.google.com${TRUST_PATH}`);
        await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
        await openConversation(page, 4);
        await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Why was this refused?')]);
        await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
        await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining('A sender-authentication refusal, but it names no domain to check')]);
        await page.close();
      });

      it('a refusal pasted into a mail, which only the receivers\' wordings tell, is offered once the background sends them, and checked on a click', async () => {
        hosts.doh.resetLog();
        const page = await browser.newPage();
        await page.goto(`https://mail.google.com${TRUST_PATH}`);
        await expect.poll(() => page.evaluate(countCheckButtons), { timeout: 15_000 }).toBe(1);
        await openConversation(page, 5);
        await expect.poll(() => banners(page).then((all) => all.map((b) => b.next)), { timeout: 15_000 }).toEqual([expect.stringContaining('Our mail to the bank keeps coming back.')]);
        expect((await banners(page))[0]?.buttons).toEqual(['Check this bounce', 'Dismiss the SPF explanation']);
        expect(namesAsked(hosts.doh.queries, 'pasted.example')).toEqual([]);
        await (await bannerButton(page, '[data-bounce-explainer="check"]')).click();
        await expect.poll(() => texts(page), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.pasted.verdict)]);
        await page.close();
      });

      it('a bounce from mailer-daemon is checked at once; its text replaced in place gets a new banner', async () => {
        const gmail = await browser.newPage();
        await gmail.goto('https://mail.google.com/mail/u/0/');
        await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.gmail.verdict)]);
        expect(await gmail.evaluate(countCheckButtons)).toBe(0);
        // the webmail updates the text node itself: no element is added
        expect(await gmail.evaluate(replaceTextInPlace, { from: 'SPF [example.com] with ip: [192.0.2.25]', to: 'SPF [late.example] with ip: [192.0.2.66]' })).toBe(true);
        await expect.poll(() => texts(gmail), { timeout: 15_000 }).toEqual([expect.stringContaining(EXPECTED.late.verdict)]);
        await gmail.close();
      });

      it('Outlook on the web in Portuguese: the body region "Corpo da mensagem" is found', async () => {
        const outlook = await browser.newPage();
        await outlook.goto(`https://outlook.office.com${PORTUGUESE_OUTLOOK_PATH}`);
        await expect.poll(() => banners(outlook), { timeout: 15_000 }).toEqual([expect.objectContaining({ text: expect.stringContaining(EXPECTED.policyd.question) })]);
        // the banner stands just before the region labelled in Portuguese
        expect(
          await outlook.evaluate(() => {
            const body = document.querySelector('[data-bounce-explainer]')?.nextElementSibling;
            return [body?.getAttribute('role'), body?.getAttribute('aria-label'), document.documentElement.lang];
          }),
        ).toEqual(['region', 'Corpo da mensagem', 'pt-BR']);
        expect((await banners(outlook))[0]?.next).toBe('This is the mail system at host sender.home.');
        expect(await outlook.evaluate(countCheckButtons)).toBe(0);
        await outlook.close();
      });
    });
  });
}
