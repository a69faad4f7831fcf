/**
 * The popup of the unchanged dist/chrome build in Chromium: the diagnosis of the bounce in a Gmail tab,
 * the domain check (verdict, cause, verified fix, include tree with costs and the matched path, findings),
 * keyboard use, validation in words, and axe-core in light and dark.
 */
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHROMIUM, artifactPath, browserReady } from '../helpers/e2e-browsers';
import { BOUNCE_EXPECTED, LONG_RECORD, POPUP_NO_IP_PATH, axeScript, type AxeViolation } from '../helpers/e2e-popup';
import { openReportedGmailTab, startChromiumRig, type ChromiumRig } from '../helpers/e2e-popup-chromium';

const ready = browserReady(CHROMIUM);
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

async function axe(page: Page): Promise<AxeViolation[]> {
  return (await page.evaluate(axeScript())) as AxeViolation[];
}

/** The popup at its toolbar size: the toolbar popup is at most 800 x 600; ours is 380 px wide. */
async function popupSized(rig: ChromiumRig, path: string): Promise<Page> {
  const page = await rig.open(path);
  await page.setViewportSize({ width: 400, height: 600 });
  return page;
}

/** What a paste (Ctrl+V, as a person does) puts into an empty field: the clipboard, without a read permission. */
async function pasted(page: Page): Promise<string> {
  const field = page.getByLabel('HELO name (optional)');
  await field.fill('');
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
  const text = await field.inputValue();
  await field.fill('');
  return text;
}

async function check(page: Page, fields: { domain: string; ip?: string; sender?: string }): Promise<void> {
  await page.getByLabel('Domain', { exact: true }).fill(fields.domain);
  await page.getByLabel('Client IP (optional)').fill(fields.ip ?? '');
  await page.getByLabel('Sender (optional)').fill(fields.sender ?? '');
  // a result already on screen is marked, so that only the new check's result is waited for
  await page.evaluate(() => document.querySelector('[data-testid="check-result"]')?.setAttribute('data-stale', ''));
  await page.getByRole('button', { name: 'Check SPF' }).click();
  await page.locator('[data-testid="check-result"]:not([data-stale])').waitFor();
}

describe.skipIf(!ready)('the popup in Chromium', () => {
  let rig: ChromiumRig;

  beforeAll(async () => {
    rig = await startChromiumRig();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows the diagnosis of the bounce in a Gmail tab (popup.html?tab=<id>), with the verified fix and the evidence', async () => {
    const { gmail, tabId } = await openReportedGmailTab(rig);
    const popup = await popupSized(rig, `popup.html?tab=${tabId}`);
    const bounce = popup.getByTestId('tab-bounce');
    await bounce.getByTestId('verdict').waitFor();
    expect(await popup.getByTestId('tab-status').textContent()).toBe('Bounce seen in this tab: Address not found');
    expect(await bounce.getByTestId('verdict').textContent()).toBe(BOUNCE_EXPECTED.verdict);
    expect(await bounce.getByTestId('cause').getByRole('heading').textContent()).toBe(BOUNCE_EXPECTED.title);
    // the record lets a new IP pass: the question first, the record only after a person's yes
    expect(await bounce.getByTestId('fix-question').textContent()).toBe(`${BOUNCE_EXPECTED.question} Publish the record only if the answer is yes.`);
    expect(await bounce.getByTestId('fix-record').count()).toBe(0);
    // nor is the record in the evidence card before the yes
    expect(await bounce.getByTestId('evidence').locator('pre').textContent()).not.toContain(BOUNCE_EXPECTED.fixRecord);
    expect(await axe(popup)).toEqual([]);
    await popup.evaluate(() => (document.querySelector('[data-bounce-explainer="confirm"]') as HTMLElement | null)?.click());
    expect(await bounce.getByTestId('fix-record').count()).toBe(0);
    await bounce.getByTestId('confirm-fix').click();
    expect(await bounce.getByTestId('fix-record').textContent()).toBe(BOUNCE_EXPECTED.fixRecord);
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('copy-fix');
    expect(await bounce.getByTestId('fix-name').textContent()).toBe(BOUNCE_EXPECTED.fixName);
    expect(await bounce.getByTestId('fix-ttl').textContent()).toContain(BOUNCE_EXPECTED.ttlWords);
    expect(await bounce.getByTestId('bounce-facts').textContent()).toContain('192.0.2.25');
    const evidence = await bounce.getByTestId('evidence').locator('pre').textContent();
    expect(evidence).toContain('Sending IP: 192.0.2.25');
    expect(evidence).toContain(`Current SPF record: v=spf1 ip4:198.51.100.0/24 include:_spf.example.net -all`);
    expect(evidence).toContain(BOUNCE_EXPECTED.fixRecord);

    await popup.emulateMedia({ colorScheme: 'light' });
    expect(await axe(popup)).toEqual([]);
    await popup.locator('main.popup').screenshot({ path: artifactPath('chromium-popup-light.png') });
    await popup.emulateMedia({ colorScheme: 'dark' });
    // the dark palette is in use, not only requested
    expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 23, 42)');
    expect(await axe(popup)).toEqual([]);
    await popup.locator('main.popup').screenshot({ path: artifactPath('chromium-popup-dark.png') });
    copyFileSync(artifactPath('chromium-popup-light.png'), `${docs}popup-light.png`);
    copyFileSync(artifactPath('chromium-popup-dark.png'), `${docs}popup-dark.png`);
    await popup.emulateMedia({ colorScheme: 'light' });

    // Copy puts the record itself on the clipboard, as a DNS panel takes it
    await bounce.getByTestId('copy-fix').click();
    await expect.poll(() => bounce.getByTestId('fix').getByRole('status').textContent()).toBe('Copied.');
    expect(await pasted(popup)).toBe(BOUNCE_EXPECTED.fixRecord);
    await bounce.getByTestId('copy-evidence').click();
    await expect.poll(() => bounce.getByTestId('evidence').getByRole('status').textContent()).toBe('Copied.');
    // a one-line input turns the card's line breaks into spaces
    expect(await pasted(popup)).toBe(evidence?.replace(/\n/g, ' '));

    // the scan itself can fail: a field without a label is a critical violation
    await popup.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'text' })));
    expect((await axe(popup)).map((v) => v.id)).toContain('label');
    await popup.close();
    await gmail.close();
  });

  it('a refusal that names no IP: says so, and the check form starts with the domain and sender it names', async () => {
    const { gmail, tabId } = await openReportedGmailTab(rig, POPUP_NO_IP_PATH);
    const popup = await popupSized(rig, `popup.html?tab=${tabId}`);
    await popup.getByTestId('tab-no-ip').waitFor();
    expect(await popup.getByTestId('tab-no-ip').textContent()).toContain("The bounce does not name the refused server's IP address");
    expect(await popup.getByLabel('Domain', { exact: true }).inputValue()).toBe('noip.example');
    expect(await popup.getByLabel('Sender (optional)').inputValue()).toBe('alice@noip.example');
    expect(await popup.getByLabel('Client IP (optional)').inputValue()).toBe('');
    await popup.close();
    await gmail.close();
  });

  it('checks a domain for an IP: verdict, cause, verified fix, the tree with costs and the matched path', async () => {
    const popup = await popupSized(rig, 'popup.html');
    // the bounce's diagnosis filled the cache: empty it so that this check's queries are seen
    expect(await rig.send(popup, { type: 'clear-cache' })).toEqual({ ok: true, cleared: true });
    rig.hosts.doh.resetLog();
    await check(popup, { domain: 'example.com', ip: '192.0.2.25' });
    const result = popup.getByTestId('check-result');
    expect(await result.locator('.result').textContent()).toBe('fail');
    expect(await result.getByTestId('verdict').textContent()).toBe(BOUNCE_EXPECTED.verdict);
    expect(await result.getByTestId('cause').getByRole('heading').textContent()).toBe(BOUNCE_EXPECTED.title);
    await result.getByTestId('confirm-fix').click();
    expect(await result.getByTestId('fix-record').textContent()).toBe(BOUNCE_EXPECTED.fixRecord);

    const tree = result.getByTestId('policy-tree');
    // each record with what it costs against the limit of 10: the include costs 1, _spf.example.net nothing
    expect(await tree.locator('[data-domain="example.com"] > .node-line [data-testid="node-cost"]').textContent()).toBe('1 lookup');
    expect(await tree.locator('[data-domain="_spf.example.net"] > .node-line [data-testid="node-cost"]').textContent()).toBe('0 lookups');
    // the include is a nested list one level down
    expect(await tree.locator('ul ul [data-domain="_spf.example.net"]').count()).toBe(1);
    // 192.0.2.25 is in neither network: the root's -all decided, and only it is on the matched path
    expect(await tree.locator('li[data-matched="true"] > .term-line code').allTextContents()).toEqual(['-all']);
    expect(await result.getByTestId('ttls').textContent()).toContain('TTL of example.com3600 seconds (1 hour)');
    expect(await result.getByTestId('cross-check').textContent()).toMatch(/^Resolvers agree: /);
    expect(rig.hosts.doh.queries.map((q) => `${q.path} ${q.name} ${q.type}`)).toEqual(
      expect.arrayContaining(['/dns-query example.com TXT', '/dns-query _spf.example.net TXT']),
    );
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('marks the path through an include when the include matched', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await check(popup, { domain: 'example.com', ip: '203.0.113.9' });
    const result = popup.getByTestId('check-result');
    expect(await result.locator('.result').textContent()).toBe('pass');
    expect(await result.getByTestId('policy-tree').locator('li[data-matched="true"] > .term-line code').allTextContents()).toEqual([
      'include:_spf.example.net',
      'ip4:203.0.113.0/24',
    ]);
    expect(await result.getByTestId('fix').count()).toBe(0);
    await popup.close();
  });

  it('without an IP shows the worst-case tree and the findings with the bad term underlined', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await check(popup, { domain: 'ptr.example' });
    const result = popup.getByTestId('check-result');
    expect(await result.locator('.result').count()).toBe(0);
    expect(await result.getByTestId('policy-tree').locator('li[data-matched="true"]').count()).toBe(0);
    expect(await result.getByTestId('policy-tree').locator('[data-domain="ptr.example"] > .node-line [data-testid="node-cost"]').textContent()).toBe(
      '2 lookups',
    );
    const finding = result.getByTestId('lint-findings').locator('li', { hasText: 'SHOULD NOT be used' });
    expect(await finding.locator('.severity').textContent()).toBe('Warning');
    expect(await finding.locator('mark.bad-term').textContent()).toBe('ptr');
    expect(await finding.locator('code.record').textContent()).toBe('v=spf1 ptr include:_spf.example.net -all');
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('marks a proposal without an IP as not verified, and lists the other causes with an IP', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await check(popup, { domain: 'typo.example' });
    const result = popup.getByTestId('check-result');
    const proposal = result.getByTestId('proposal');
    expect(await proposal.getByRole('heading').textContent()).toBe('Proposed record (not verified)');
    expect(await proposal.locator('code.record').textContent()).toBe('v=spf1 include:_spf.example.net a:mail.example.com -all');
    expect(await proposal.textContent()).toContain('Not verified for a sending IP');
    expect(await result.getByTestId('fix').count()).toBe(0);
    // each syntax error underlined where it is in the record
    expect(await result.getByTestId('lint-findings').locator('mark.bad-term').allTextContents()).toEqual(
      expect.arrayContaining(['include=_spf.example.net', 'ip4:mail.example.com']),
    );

    await check(popup, { domain: 'typo.example', ip: '192.0.2.25' });
    await result.getByTestId('confirm-fix').click();
    expect(await result.getByTestId('fix-record').textContent()).toBe('v=spf1 include:_spf.example.net a:mail.example.com ip4:192.0.2.25 -all');
    const others = result.getByTestId('other-causes');
    expect(await others.locator('li').count()).toBe(1);
    expect(await others.locator('li strong').textContent()).toMatch(/192\.0\.2\.25/);
    expect(await result.getByTestId('proposal').count()).toBe(0);
    expect(await axe(popup)).toEqual([]);

    // the yes to one check's question does not carry over to the next check's record; "no" says what it means
    await check(popup, { domain: 'example.com', ip: '192.0.2.25' });
    expect(await result.getByTestId('fix-question').textContent()).toContain(BOUNCE_EXPECTED.question);
    expect(await result.getByTestId('fix-record').count()).toBe(0);
    await result.getByTestId('deny-fix').click();
    expect(await result.getByTestId('fix-refusal').textContent()).toContain('a server you do not run is sending mail as example.com');
    expect(await result.getByTestId('fix-refusal').textContent()).toContain('_dmarc.example.com');
    expect(await result.getByTestId('fix-record').count()).toBe(0);
    expect(await axe(popup)).toEqual([]);
    await popup.close();
  });

  it('says what is wrong with a field, in words, and focuses it', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await popup.getByRole('button', { name: 'Check SPF' }).click();
    expect(await popup.getByTestId('domain-problem').textContent()).toBe('Enter the domain to check, such as example.com.');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('domain');
    expect(await popup.getByLabel('Domain', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await popup.getByLabel('Domain', { exact: true }).fill('example.com');
    await popup.getByLabel('Client IP (optional)').fill('192.0.2.300');
    await popup.getByRole('button', { name: 'Check SPF' }).click();
    expect(await popup.getByTestId('ip-problem').textContent()).toBe('"192.0.2.300" is not an IPv4 or IPv6 address, such as 192.0.2.10 or 2001:db8::1.');
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('ip');
    // the message is read with the field
    expect(await popup.getByLabel('Client IP (optional)').getAttribute('aria-describedby')).toContain('ip-problem');
    expect(await popup.getByTestId('check-result').count()).toBe(0);
    await popup.close();
  });

  it('works from the keyboard alone: tab order, Enter submits, loading in words', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await popup.getByLabel('Domain', { exact: true }).focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await popup.keyboard.press('Tab');
      order.push(await popup.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
    }
    expect(order).toEqual(['ip', 'sender', 'helo', 'selector', 'Check SPF']);
    await popup.getByLabel('Domain', { exact: true }).focus();
    await popup.keyboard.type('example.org');
    // hold the answer so the loading state can be seen
    rig.hosts.doh.setFaults([{ match: 'example.org', kind: 'delay', delayMs: 1500, times: 2 }]);
    await popup.keyboard.press('Enter');
    expect(await popup.getByTestId('check-loading').textContent()).toBe('Checking example.org: looking up its SPF record over DNS-over-HTTPS…');
    await popup.getByTestId('check-result').waitFor();
    rig.hosts.doh.setFaults([]);
    expect(await popup.getByTestId('check-result').textContent()).toContain('v=spf1 -all');
    await popup.close();
  });

  it('fits 400 px: a fix longer than one string is shown as its strings, long records wrap, nothing scrolls sideways', async () => {
    const popup = await popupSized(rig, 'popup.html');
    await check(popup, { domain: 'long.example', ip: '192.0.2.25' });
    const fix = popup.getByTestId('check-result').getByTestId('fix');
    await fix.getByTestId('confirm-fix').click();
    expect(await fix.getByTestId('fix-record').textContent()).toBe(LONG_RECORD.replace(' -all', ' ip4:192.0.2.25 -all'));
    const strings = await fix.locator('ol.strings li').allTextContents();
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
