/**
 * The popup of the unchanged shipping build, in each browser of E2E_BROWSERS: the diagnosis of the bounce in a
 * Gmail tab, the domain check (verdict, cause, verified fix, include tree with costs and the matched path,
 * findings), keyboard use, validation in words, and axe-core in light and dark.
 */
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { artifactPath, browserReady } from '../helpers/e2e-browsers';
import { attribute, clickButton, count, fill, fillLabelled, labelled, text, texts, valueOf, waitForSelector } from '../helpers/e2e-dom';
import { E2E_BROWSERS, type E2eBrowser } from '../helpers/e2e-driver';
import { BOUNCE_EXPECTED, LONG_RECORD, POPUP_NO_IP_PATH, axeScript, openReportedGmailTab, withPopupRig, type AxeViolation, type PopupRig } from '../helpers/e2e-popup';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const HEADING = ':is(h1, h2, h3, h4, h5, h6)';
const RESULT = '[data-testid="check-result"]';
const BOUNCE = '[data-testid="tab-bounce"]';

async function axe(page: Page): Promise<AxeViolation[]> {
  return (await page.evaluate(axeScript())) as AxeViolation[];
}

/** Fills the check form and presses Check SPF; waits for the new check's result. */
async function check(page: Page, fields: { domain: string; ip?: string; sender?: string }): Promise<void> {
  await fillLabelled(page, 'Domain', fields.domain, { exact: true });
  await fillLabelled(page, 'Client IP (optional)', fields.ip ?? '');
  await fillLabelled(page, 'Sender (optional)', fields.sender ?? '');
  // a result already on screen is marked, so that only the new check's result is waited for
  await page.evaluate(() => document.querySelector('[data-testid="check-result"]')?.setAttribute('data-stale', ''));
  await clickButton(page, 'Check SPF');
  await waitForSelector(page, '[data-testid="check-result"]:not([data-stale]) [data-testid="verdict"]');
}

/** Fills the check form by typing, as a person does, and submits it with Enter. */
async function checkByKeyboard(page: Page, fields: { domain: string; ip?: string }): Promise<void> {
  for (const [id, value] of [['domain', fields.domain], ['ip', fields.ip ?? '']] as const) {
    await page.$eval(`#${id}`, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(`#${id}`, value);
  }
  await page.evaluate(() => document.querySelector('[data-testid="check-result"]')?.setAttribute('data-stale', ''));
  await page.focus('#domain');
  await page.keyboard.press('Enter');
  await waitForSelector(page, '[data-testid="check-result"]:not([data-stale]) [data-testid="verdict"]');
}

for (const setup of E2E_BROWSERS) {
  describe.skipIf(!browserReady(setup))(`the popup in ${setup.name}`, () => {
    let rig: PopupRig;
    let browser: E2eBrowser;
    withPopupRig(setup, (started) => {
      rig = started;
      browser = started.browser;
    });

    /** The popup at its toolbar size: the toolbar popup is at most 800 x 600; ours is 380 px wide. */
    async function popupSized(path: string, on: E2eBrowser = browser): Promise<Page> {
      const page = await on.openExtensionPage(path);
      await on.setViewport(page, { width: 400, height: 600 });
      return page;
    }

    /** What a paste (Ctrl+V, as a person does) puts into an empty field: the clipboard, without a read permission. */
    async function pasted(page: Page): Promise<string> {
      const field = await labelled(page, 'HELO name (optional)');
      await fill(page, field, '');
      await page.focus(field);
      await browser.paste(page);
      const value = await valueOf(page, field);
      await fill(page, field, '');
      return value;
    }

    it('shows the diagnosis of the bounce in a Gmail tab (popup.html?tab=<id>), with the verified fix and the evidence', async () => {
      const { gmail, tabId } = await openReportedGmailTab(browser);
      const popup = await popupSized(`popup.html?tab=${tabId}`);
      await waitForSelector(popup, `${BOUNCE} [data-testid="verdict"]`);
      expect(await text(popup, '[data-testid="tab-status"]')).toBe('Bounce seen in this tab: Address not found');
      expect(await text(popup, `${BOUNCE} [data-testid="verdict"]`)).toBe(BOUNCE_EXPECTED.verdict);
      expect(await text(popup, `${BOUNCE} [data-testid="cause"] ${HEADING}`)).toBe(BOUNCE_EXPECTED.title);
      // the record lets a new IP pass: the question first, the record only after a person's yes
      expect(await text(popup, `${BOUNCE} [data-testid="fix-question"]`)).toBe(`${BOUNCE_EXPECTED.question} Publish the record only if the answer is yes.`);
      expect(await count(popup, `${BOUNCE} [data-testid="fix-record"]`)).toBe(0);
      // nor is the record in the evidence card before the yes
      expect(await text(popup, `${BOUNCE} [data-testid="evidence"] pre`)).not.toContain(BOUNCE_EXPECTED.fixRecord);
      expect(await axe(popup)).toEqual([]);
      // a page script's click is not a person's yes
      await popup.evaluate(() => (document.querySelector('[data-bounce-explainer="confirm"]') as HTMLElement | null)?.click());
      expect(await count(popup, `${BOUNCE} [data-testid="fix-record"]`)).toBe(0);
      await popup.click(`${BOUNCE} [data-testid="confirm-fix"]`);
      await waitForSelector(popup, `${BOUNCE} [data-testid="fix-record"]`);
      expect(await text(popup, `${BOUNCE} [data-testid="fix-record"]`)).toBe(BOUNCE_EXPECTED.fixRecord);
      await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('copy-fix');
      expect(await text(popup, `${BOUNCE} [data-testid="fix-name"]`)).toBe(BOUNCE_EXPECTED.fixName);
      expect(await text(popup, `${BOUNCE} [data-testid="fix-ttl"]`)).toContain(BOUNCE_EXPECTED.ttlWords);
      expect(await text(popup, `${BOUNCE} [data-testid="bounce-facts"]`)).toContain('192.0.2.25');
      const evidence = await text(popup, `${BOUNCE} [data-testid="evidence"] pre`);
      expect(evidence).toContain('Sending IP: 192.0.2.25');
      expect(evidence).toContain(`Current SPF record: v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all`);
      expect(evidence).toContain(BOUNCE_EXPECTED.fixRecord);

      // the light palette (the dark one: the next test)
      expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
      expect(await axe(popup)).toEqual([]);
      await (await popup.$('main.popup'))?.screenshot({ path: artifactPath(`${setup.key}-popup-light.png`) });
      if (setup.key === 'chromium') copyFileSync(artifactPath('chromium-popup-light.png'), `${docs}popup-light.png`);

      // Copy puts the record itself on the clipboard, as a DNS panel takes it
      await popup.click(`${BOUNCE} [data-testid="copy-fix"]`);
      await expect.poll(() => text(popup, `${BOUNCE} [data-testid="fix"] [role="status"]`)).toBe('Copied.');
      expect(await pasted(popup)).toBe(BOUNCE_EXPECTED.fixRecord);
      await popup.click(`${BOUNCE} [data-testid="copy-evidence"]`);
      await expect.poll(() => text(popup, `${BOUNCE} [data-testid="evidence"] [role="status"]`)).toBe('Copied.');
      // a one-line input turns the card's line breaks into spaces
      expect(await pasted(popup)).toBe(evidence?.replace(/\n/g, ' '));

      // the scan itself can fail: a field without a label is a critical violation
      await popup.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'text' })));
      expect((await axe(popup)).map((v) => v.id)).toContain('label');
      await popup.close();
      await gmail.close();
    });

    it('shows the diagnosis in the dark palette with no serious or critical accessibility violation', async () => {
      const dark = await rig.launchAlso('dark');
      try {
        const { gmail, tabId } = await openReportedGmailTab(dark);
        const popup = await popupSized(`popup.html?tab=${tabId}`, dark);
        await waitForSelector(popup, `${BOUNCE} [data-testid="fix-question"]`);
        // the dark palette is in use, not only requested
        expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 23, 42)');
        expect(await axe(popup)).toEqual([]);
        await popup.click(`${BOUNCE} [data-testid="confirm-fix"]`);
        await waitForSelector(popup, `${BOUNCE} [data-testid="fix-record"]`);
        expect(await axe(popup)).toEqual([]);
        await (await popup.$('main.popup'))?.screenshot({ path: artifactPath(`${setup.key}-popup-dark.png`) });
        if (setup.key === 'chromium') copyFileSync(artifactPath('chromium-popup-dark.png'), `${docs}popup-dark.png`);

        await checkByKeyboard(popup, { domain: 'ptr.example', ip: '192.0.2.25' });
        expect(await axe(popup)).toEqual([]);
        await popup.close();
        await gmail.close();
      } finally {
        await dark.close();
      }
    });

    it('a refusal that names no IP: says so, and the check form starts with the domain and sender it names', async () => {
      const { gmail, tabId } = await openReportedGmailTab(browser, POPUP_NO_IP_PATH);
      const popup = await popupSized(`popup.html?tab=${tabId}`);
      await waitForSelector(popup, '[data-testid="tab-no-ip"]');
      expect(await text(popup, '[data-testid="tab-no-ip"]')).toContain("The bounce does not name the refused server's IP address");
      await expect.poll(async () => valueOf(popup, await labelled(popup, 'Domain', { exact: true }))).toBe('noip.example');
      expect(await valueOf(popup, await labelled(popup, 'Sender (optional)'))).toBe('alice@noip.example');
      expect(await valueOf(popup, await labelled(popup, 'Client IP (optional)'))).toBe('');
      await popup.close();
      await gmail.close();
    });

    it('checks a domain for an IP: verdict, cause, verified fix, the tree with costs and the matched path', async () => {
      const popup = await popupSized('popup.html');
      // the bounce's diagnosis filled the cache: empty it so that this check's queries are seen
      expect(await browser.send(popup, { type: 'clear-cache' })).toEqual({ ok: true, cleared: true });
      rig.hosts.doh.resetLog();
      await check(popup, { domain: 'example.com', ip: '192.0.2.25' });
      expect(await text(popup, `${RESULT} .result`)).toBe('fail');
      expect(await text(popup, `${RESULT} [data-testid="verdict"]`)).toBe(BOUNCE_EXPECTED.verdict);
      expect(await text(popup, `${RESULT} [data-testid="cause"] ${HEADING}`)).toBe(BOUNCE_EXPECTED.title);
      await popup.click(`${RESULT} [data-testid="confirm-fix"]`);
      await waitForSelector(popup, `${RESULT} [data-testid="fix-record"]`);
      expect(await text(popup, `${RESULT} [data-testid="fix-record"]`)).toBe(BOUNCE_EXPECTED.fixRecord);

      const tree = `${RESULT} [data-testid="policy-tree"]`;
      // each record with what it costs against the limit of 10: the include costs 1, _spf.example.net nothing
      expect(await text(popup, `${tree} [data-domain="example.com"] > .node-line [data-testid="node-cost"]`)).toBe('1 lookup');
      expect(await text(popup, `${tree} [data-domain="_spf.example.net"] > .node-line [data-testid="node-cost"]`)).toBe('0 lookups');
      // the include is a nested list one level down
      expect(await count(popup, `${tree} ul ul [data-domain="_spf.example.net"]`)).toBe(1);
      // 192.0.2.25 is in neither network: the root's -all decided, and only it is on the matched path
      expect(await texts(popup, `${tree} li[data-matched="true"] > .term-line code`)).toEqual(['-all']);
      expect(await text(popup, `${RESULT} [data-testid="ttls"]`)).toContain('TTL of example.com3600 seconds (1 hour)');
      expect(await text(popup, `${RESULT} [data-testid="cross-check"]`)).toMatch(/^Resolvers agree: /);
      expect(rig.hosts.doh.queries.map((q) => `${q.path} ${q.name} ${q.type}`)).toEqual(
        expect.arrayContaining(['/dns-query example.com TXT', '/dns-query _spf.example.net TXT']),
      );
      expect(await axe(popup)).toEqual([]);
      await popup.close();
    });

    it('checks a domain for an IP from the keyboard: verdict, cause, fix, tree with costs and the matched path', async () => {
      const popup = await popupSized('popup.html');
      await checkByKeyboard(popup, { domain: 'example.com', ip: '192.0.2.25' });
      expect(await text(popup, `${RESULT} .result`)).toBe('fail');
      expect(await text(popup, `${RESULT} [data-testid="verdict"]`)).toBe(BOUNCE_EXPECTED.verdict);
      expect(await text(popup, `${RESULT} [data-testid="cause"] ${HEADING}`)).toBe(BOUNCE_EXPECTED.title);
      // the yes from the keyboard: Enter on a focused button is a person's click too
      await popup.focus(`${RESULT} [data-testid="confirm-fix"]`);
      await popup.keyboard.press('Enter');
      await waitForSelector(popup, `${RESULT} [data-testid="fix-record"]`);
      await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('copy-fix');
      expect(await text(popup, `${RESULT} [data-testid="fix-record"]`)).toBe(BOUNCE_EXPECTED.fixRecord);
      expect(await text(popup, `${RESULT} [data-domain="example.com"] > .node-line [data-testid="node-cost"]`)).toBe('1 lookup');
      expect(await texts(popup, `${RESULT} li[data-matched="true"] > .term-line code`)).toEqual(['-all']);

      await checkByKeyboard(popup, { domain: 'example.com', ip: '203.0.113.9' });
      expect(await text(popup, `${RESULT} .result`)).toBe('pass');
      expect(await texts(popup, `${RESULT} li[data-matched="true"] > .term-line code`)).toEqual(['include:_spf.example.net', 'ip4:203.0.113.0/24']);
      const overflow = await popup.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axe(popup)).toEqual([]);
      await popup.close();
    });

    it('marks the path through an include when the include matched', async () => {
      const popup = await popupSized('popup.html');
      await check(popup, { domain: 'example.com', ip: '203.0.113.9' });
      expect(await text(popup, `${RESULT} .result`)).toBe('pass');
      expect(await texts(popup, `${RESULT} [data-testid="policy-tree"] li[data-matched="true"] > .term-line code`)).toEqual(['include:_spf.example.net', 'ip4:203.0.113.0/24']);
      expect(await count(popup, `${RESULT} [data-testid="fix"]`)).toBe(0);
      await popup.close();
    });

    it('without an IP shows the worst-case tree and the findings with the bad term underlined', async () => {
      const popup = await popupSized('popup.html');
      await check(popup, { domain: 'ptr.example' });
      expect(await count(popup, `${RESULT} .result`)).toBe(0);
      expect(await count(popup, `${RESULT} [data-testid="policy-tree"] li[data-matched="true"]`)).toBe(0);
      expect(await text(popup, `${RESULT} [data-testid="policy-tree"] [data-domain="ptr.example"] > .node-line [data-testid="node-cost"]`)).toBe('2 lookups');
      const finding = await popup.$$eval('[data-testid="lint-findings"] li', (items) =>
        items
          .filter((li) => li.textContent?.includes('SHOULD NOT be used'))
          .map((li) => [li.querySelector('.severity')?.textContent, li.querySelector('mark.bad-term')?.textContent, li.querySelector('code.record')?.textContent]),
      );
      expect(finding).toEqual([['Warning', 'ptr', 'v=spf1 ptr include:_spf.example.net -all']]);
      expect(await axe(popup)).toEqual([]);
      await popup.close();
    });

    it('underlines the bad term of a finding and says what is wrong with a field', async () => {
      const popup = await popupSized('popup.html');
      await checkByKeyboard(popup, { domain: 'ptr.example' });
      const finding = await popup.$$eval('[data-testid="lint-findings"] li', (items) =>
        items.filter((li) => li.textContent?.includes('SHOULD NOT be used')).map((li) => [li.querySelector('.severity')?.textContent, li.querySelector('mark.bad-term')?.textContent]),
      );
      expect(finding).toEqual([['Warning', 'ptr']]);

      await popup.$eval('#domain', (el) => ((el as HTMLInputElement).value = ''));
      await popup.type('#domain', 'alice@example.com');
      await popup.keyboard.press('Enter');
      await waitForSelector(popup, '[data-testid="domain-problem"]');
      expect(await text(popup, '[data-testid="domain-problem"]')).toBe('The domain is a domain name, not an e-mail address: give the part after the @.');
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('domain');
      await popup.close();
    });

    it('marks a proposal without an IP as not verified, and lists the other causes with an IP', async () => {
      const popup = await popupSized('popup.html');
      await check(popup, { domain: 'typo.example' });
      const proposal = `${RESULT} [data-testid="proposal"]`;
      expect(await text(popup, `${proposal} ${HEADING}`)).toBe('Proposed record (not verified)');
      expect(await text(popup, `${proposal} code.record`)).toBe('v=spf1 include:_spf.example.net a:mail.example.com -all');
      expect(await text(popup, proposal)).toContain('Not verified for a sending IP');
      expect(await count(popup, `${RESULT} [data-testid="fix"]`)).toBe(0);
      // each syntax error underlined where it is in the record
      expect(await texts(popup, `${RESULT} [data-testid="lint-findings"] mark.bad-term`)).toEqual(expect.arrayContaining(['include=_spf.example.net', 'ip4:mail.example.com']));

      await check(popup, { domain: 'typo.example', ip: '192.0.2.25' });
      await popup.click(`${RESULT} [data-testid="confirm-fix"]`);
      await waitForSelector(popup, `${RESULT} [data-testid="fix-record"]`);
      expect(await text(popup, `${RESULT} [data-testid="fix-record"]`)).toBe('v=spf1 include:_spf.example.net a:mail.example.com ip4:192.0.2.25 -all');
      expect(await count(popup, `${RESULT} [data-testid="other-causes"] li`)).toBe(1);
      expect(await text(popup, `${RESULT} [data-testid="other-causes"] li strong`)).toMatch(/192\.0\.2\.25/);
      expect(await count(popup, proposal)).toBe(0);
      expect(await axe(popup)).toEqual([]);

      // the yes to one check's question does not carry over to the next check's record; "no" says what it means
      await check(popup, { domain: 'example.com', ip: '192.0.2.25' });
      expect(await text(popup, `${RESULT} [data-testid="fix-question"]`)).toContain(BOUNCE_EXPECTED.question);
      expect(await count(popup, `${RESULT} [data-testid="fix-record"]`)).toBe(0);
      await popup.click(`${RESULT} [data-testid="deny-fix"]`);
      await waitForSelector(popup, `${RESULT} [data-testid="fix-refusal"]`);
      expect(await text(popup, `${RESULT} [data-testid="fix-refusal"]`)).toContain('a server you do not run is sending mail as example.com');
      expect(await text(popup, `${RESULT} [data-testid="fix-refusal"]`)).toContain('_dmarc.example.com');
      expect(await count(popup, `${RESULT} [data-testid="fix-record"]`)).toBe(0);
      expect(await axe(popup)).toEqual([]);
      await popup.close();
    });

    it('says what is wrong with a field, in words, and focuses it', async () => {
      const popup = await popupSized('popup.html');
      await clickButton(popup, 'Check SPF');
      await waitForSelector(popup, '[data-testid="domain-problem"]');
      expect(await text(popup, '[data-testid="domain-problem"]')).toBe('Enter the domain to check, such as example.com.');
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('domain');
      expect(await attribute(popup, await labelled(popup, 'Domain', { exact: true }), 'aria-invalid')).toBe('true');
      await fillLabelled(popup, 'Domain', 'example.com', { exact: true });
      await fillLabelled(popup, 'Client IP (optional)', '192.0.2.300');
      await clickButton(popup, 'Check SPF');
      await waitForSelector(popup, '[data-testid="ip-problem"]');
      expect(await text(popup, '[data-testid="ip-problem"]')).toBe('"192.0.2.300" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.');
      await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('ip');
      // the message is read with the field
      expect(await attribute(popup, await labelled(popup, 'Client IP (optional)'), 'aria-describedby')).toContain('ip-problem');
      expect(await count(popup, RESULT)).toBe(0);
      await popup.close();
    });

    it('works from the keyboard alone: tab order, Enter submits, loading in words', async () => {
      const popup = await popupSized('popup.html');
      await popup.focus(await labelled(popup, 'Domain', { exact: true }));
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        await popup.keyboard.press('Tab');
        order.push(await popup.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
      }
      expect(order).toEqual(['ip', 'sender', 'helo', 'selector', 'Check SPF']);
      await popup.focus('#domain');
      await popup.keyboard.type('example.org');
      // hold the answer so the loading state can be seen
      rig.hosts.doh.setFaults([{ match: 'example.org', kind: 'delay', delayMs: 1500, times: 2 }]);
      await popup.keyboard.press('Enter');
      await waitForSelector(popup, '[data-testid="check-loading"]');
      expect(await text(popup, '[data-testid="check-loading"]')).toBe('Checking example.org: looking up its SPF record over DNS-over-HTTPS…');
      await waitForSelector(popup, RESULT);
      rig.hosts.doh.setFaults([]);
      expect(await text(popup, RESULT)).toContain('v=spf1 -all');
      await popup.close();
    });

    it('fits 400 px: a fix longer than one string is shown as its strings, long records wrap, nothing scrolls sideways', async () => {
      const popup = await popupSized('popup.html');
      await check(popup, { domain: 'long.example', ip: '192.0.2.25' });
      const fix = `${RESULT} [data-testid="fix"]`;
      await popup.click(`${fix} [data-testid="confirm-fix"]`);
      await waitForSelector(popup, `${fix} [data-testid="fix-record"]`);
      expect(await text(popup, `${fix} [data-testid="fix-record"]`)).toBe(LONG_RECORD.replace(' -all', ' ip4:192.0.2.25 -all'));
      const strings = await texts(popup, `${fix} ol.strings li`);
      expect(strings.length).toBeGreaterThan(1);
      expect(strings.join('')).toBe(LONG_RECORD.replace(' -all', ' ip4:192.0.2.25 -all'));
      const overflow = await popup.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        main: document.querySelector('main.popup')?.getBoundingClientRect().width ?? 0,
      }));
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
      expect(overflow.main).toBeLessThanOrEqual(400);
      await popup.close();
    });
  });
}

