/**
 * The popup of the unchanged dist/firefox build in Firefox ESR (WebDriver BiDi): the diagnosis of the bounce
 * in a Gmail tab, the domain check with the include tree and the matched path, keyboard use, validation in
 * words, and axe-core in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { FIREFOX, artifactPath, browserReady, setFirefoxViewport, waitInPage } from '../helpers/e2e-browsers';
import { BOUNCE_EXPECTED, axeScript, type AxeViolation } from '../helpers/e2e-popup';
import { openReportedGmailTab, startFirefoxRig, type FirefoxRig } from '../helpers/e2e-popup-firefox';

const ready = browserReady(FIREFOX);

const text = (page: Page, selector: string): Promise<string | null> => page.$eval(selector, (el) => el.textContent);
const texts = (page: Page, selector: string): Promise<(string | null)[]> => page.$$eval(selector, (els) => els.map((el) => el.textContent));

async function axe(page: Page): Promise<AxeViolation[]> {
  return (await page.evaluate(axeScript())) as AxeViolation[];
}

/** Fills the check form by typing, as a person does, and submits it with Enter. */
async function check(page: Page, fields: { domain: string; ip?: string }): Promise<void> {
  for (const [id, value] of [['domain', fields.domain], ['ip', fields.ip ?? '']] as const) {
    await page.$eval(`#${id}`, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(`#${id}`, value);
  }
  // a result already on screen is marked, so that only the new check's result is waited for
  await page.evaluate(() => document.querySelector('[data-testid="check-result"]')?.setAttribute('data-stale', ''));
  await page.focus('#domain');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="check-result"]:not([data-stale]) [data-testid="verdict"]');
}

describe.skipIf(!ready)('the popup in Firefox ESR', () => {
  let rig: FirefoxRig;

  beforeAll(async () => {
    rig = await startFirefoxRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows the diagnosis of the bounce in a Gmail tab (popup.html?tab=<id>), with the verified fix and the evidence', async () => {
    const { gmail, tabId } = await openReportedGmailTab(rig);
    const popup = await rig.open(`popup.html?tab=${tabId}`);
    await setFirefoxViewport(popup, { width: 400, height: 600 });
    await popup.waitForSelector('[data-testid="tab-bounce"] [data-testid="verdict"]');
    expect(await text(popup, '[data-testid="tab-status"]')).toBe('Bounce seen in this tab: Address not found');
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="verdict"]')).toBe(BOUNCE_EXPECTED.verdict);
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="cause"] h3')).toBe(BOUNCE_EXPECTED.title);
    // the record lets a new IP pass: the question first, the record only after a person's yes
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="fix-question"]')).toBe(`${BOUNCE_EXPECTED.question} Publish the record only if the answer is yes.`);
    expect(await popup.$('[data-testid="tab-bounce"] [data-testid="fix-record"]')).toBeNull();
    await popup.evaluate(() => (document.querySelector('[data-bounce-explainer="confirm"]') as HTMLElement | null)?.click());
    expect(await popup.$('[data-testid="tab-bounce"] [data-testid="fix-record"]')).toBeNull();
    await popup.click('[data-testid="tab-bounce"] [data-testid="confirm-fix"]');
    await popup.waitForSelector('[data-testid="tab-bounce"] [data-testid="fix-record"]');
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="fix-record"]')).toBe(BOUNCE_EXPECTED.fixRecord);
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="fix-ttl"]')).toContain(BOUNCE_EXPECTED.ttlWords);
    expect(await text(popup, '[data-testid="tab-bounce"] [data-testid="evidence"] pre')).toContain('Sending IP: 192.0.2.25');

    expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await axe(popup)).toEqual([]);
    await popup.screenshot({ path: artifactPath('firefox-popup-light.png'), fullPage: true });

    await popup.click('[data-testid="copy-fix"]');
    await waitInPage(popup, () => document.querySelector('[data-testid="fix"] [role="status"]')?.textContent === 'Copied.');
    await popup.close();
    await gmail.close();
  });

  it('checks a domain for an IP from the keyboard: verdict, cause, fix, tree with costs and the matched path', async () => {
    const popup = await rig.open('popup.html');
    await setFirefoxViewport(popup, { width: 400, height: 600 });
    await check(popup, { domain: 'example.com', ip: '192.0.2.25' });
    const result = '[data-testid="check-result"]';
    expect(await text(popup, `${result} .result`)).toBe('fail');
    expect(await text(popup, `${result} [data-testid="verdict"]`)).toBe(BOUNCE_EXPECTED.verdict);
    expect(await text(popup, `${result} [data-testid="cause"] h3`)).toBe(BOUNCE_EXPECTED.title);
    // the yes from the keyboard: Enter on a focused button is a person's click too
    await popup.focus(`${result} [data-testid="confirm-fix"]`);
    await popup.keyboard.press('Enter');
    await popup.waitForSelector(`${result} [data-testid="fix-record"]`);
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('copy-fix');
    expect(await text(popup, `${result} [data-testid="fix-record"]`)).toBe(BOUNCE_EXPECTED.fixRecord);
    expect(await text(popup, `${result} [data-domain="example.com"] > .node-line [data-testid="node-cost"]`)).toBe('1 lookup');
    expect(await texts(popup, `${result} li[data-matched="true"] > .term-line code`)).toEqual(['-all']);

    await check(popup, { domain: 'example.com', ip: '203.0.113.9' });
    expect(await text(popup, `${result} .result`)).toBe('pass');
    expect(await texts(popup, `${result} li[data-matched="true"] > .term-line code`)).toEqual(['include:_spf.example.net', 'ip4:203.0.113.0/24']);
    const overflow = await popup.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('underlines the bad term of a finding and says what is wrong with a field', async () => {
    const popup = await rig.open('popup.html');
    await check(popup, { domain: 'ptr.example' });
    const finding = await popup.$$eval('[data-testid="lint-findings"] li', (items) =>
      items.filter((li) => li.textContent?.includes('SHOULD NOT be used')).map((li) => [li.querySelector('.severity')?.textContent, li.querySelector('mark.bad-term')?.textContent]),
    );
    expect(finding).toEqual([['Warning', 'ptr']]);

    await popup.$eval('#domain', (el) => ((el as HTMLInputElement).value = ''));
    await popup.type('#domain', 'alice@example.com');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-testid="domain-problem"]');
    expect(await text(popup, '[data-testid="domain-problem"]')).toBe('The domain is a domain name, not an e-mail address: give the part after the @.');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('domain');
    await popup.close();
  });

  it('keeps the tab order of the form', async () => {
    const popup = await rig.open('popup.html');
    await popup.focus('#domain');
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await popup.keyboard.press('Tab');
      order.push(await popup.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
    }
    expect(order).toEqual(['ip', 'sender', 'helo', 'selector', 'Check SPF']);
    await popup.close();
  });
});

describe.skipIf(!ready)('the popup in Firefox ESR, dark', () => {
  let rig: FirefoxRig;

  beforeAll(async () => {
    rig = await startFirefoxRig({ colorScheme: 'dark' });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows the diagnosis in the dark palette with no serious or critical accessibility violation', async () => {
    const { gmail, tabId } = await openReportedGmailTab(rig);
    const popup = await rig.open(`popup.html?tab=${tabId}`);
    await setFirefoxViewport(popup, { width: 400, height: 600 });
    await popup.waitForSelector('[data-testid="tab-bounce"] [data-testid="fix-question"]');
    expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 23, 42)');
    expect(await axe(popup)).toEqual([]);
    await popup.click('[data-testid="tab-bounce"] [data-testid="confirm-fix"]');
    await popup.waitForSelector('[data-testid="tab-bounce"] [data-testid="fix-record"]');
    expect(await axe(popup)).toEqual([]);
    await popup.screenshot({ path: artifactPath('firefox-popup-dark.png'), fullPage: true });

    await check(popup, { domain: 'ptr.example', ip: '192.0.2.25' });
    expect(await axe(popup)).toEqual([]);
    await popup.close();
    await gmail.close();
  });
});
