/**
 * The background worker (a service worker in Chrome, an event page in Firefox): the one place that talks to
 * the core. Listeners are registered synchronously at the top level, as MV3 requires for a worker that is
 * woken by the event it must handle.
 */
import browser from 'webextension-polyfill';
import { readBounceText } from '../core/bounce';
import { wordingPatterns } from '../core/bounce/prefilter';
import type { TabBounce } from '../messages';
import { checkDomain, diagnoseBounce, verifyDkim } from './check-domain';
import { clearDnsCache } from './dns';
import { createRouter, type Handlers } from './router';
import { activeTabId, forgetTab, headlineOf, rememberBounce, tabState } from './tab-state';

const handlers: Handlers = {
  async ping() {
    return { ok: true, version: browser.runtime.getManifest().version };
  },

  async 'bounce-found'(message, context) {
    if (context.tabId === null) return { ok: false, error: 'bounce-found: the sender is not in a tab' };
    const facts = readBounceText(message.text);
    const base = { facts, origin: new URL(context.url).origin, seenAt: Date.now(), headline: headlineOf(message.text), text: message.text };
    // the DNS checks take a few seconds: the toolbar says so meanwhile
    const badgeBefore = facts.authFailure ? await markChecking(context.tabId) : undefined;
    let bounce: TabBounce;
    try {
      const outcome = await diagnoseBounce(facts);
      bounce = outcome === null ? { ...base, status: 'not-auth', diagnosis: null, error: null } : { ...base, status: 'diagnosed', diagnosis: outcome.diagnosis, error: null };
    } catch (error) {
      bounce = { ...base, status: 'error', diagnosis: null, error: error instanceof Error ? error.message : String(error) };
    }
    await rememberBounce(context.tabId, bounce);
    await markTab(context.tabId, bounce, badgeBefore);
    return { ok: true, tabId: context.tabId, bounce };
  },

  async 'wording-patterns'() {
    return { ok: true, patterns: wordingPatterns() };
  },

  async 'check-domain'(message) {
    return checkDomain(message);
  },

  async 'verify-dkim'(message) {
    return verifyDkim(message);
  },

  async 'get-tab-state'(message) {
    const tabId = message.tabId ?? (await activeTabId());
    if (tabId === null) return { ok: false, error: 'get-tab-state: no active tab' };
    return { ok: true, state: await tabState(tabId) };
  },

  async 'open-details'(_message, context) {
    // The popup shows the active tab's bounce; where the browser cannot open it from here, the same view
    // opens in a small window for that tab (windows.create needs no extra permission).
    try {
      await browser.action.openPopup();
      return { ok: true, opened: 'popup' };
    } catch {
      const url = browser.runtime.getURL(`popup.html${context.tabId === null ? '' : `?tab=${context.tabId}`}`);
      await browser.windows.create({ url, type: 'popup', width: 420, height: 640 });
      return { ok: true, opened: 'window' };
    }
  },

  async 'clear-cache'() {
    clearDnsCache();
    return { ok: true, cleared: true };
  },
};

/** The toolbar badge's states for a tab (one row each). */
const BADGES = {
  checking: { text: '…', color: '#5e5e5e' },
  failing: { text: '!', color: '#b3261e' },
  passing: { text: '✓', color: '#1e7b34' },
} as const;
type Badge = keyof typeof BADGES;

async function setBadge(tabId: number, badge: Badge | null): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: badge === null ? '' : BADGES[badge].text });
  if (badge !== null) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGES[badge].color });
}

/** Shows "checking" on the tab's badge; returns the badge it replaced. */
async function markChecking(tabId: number): Promise<Badge | null> {
  const text = await browser.action.getBadgeText({ tabId });
  await setBadge(tabId, 'checking');
  return (Object.keys(BADGES) as Badge[]).find((badge) => BADGES[badge].text === text) ?? null;
}

/**
 * The toolbar badge marks a tab where an authentication bounce was found: '!' while it fails (or could not be
 * checked), '✓' when the domain's record passes now. A bounce that turned out to name nothing to check
 * puts back the badge that was there before (an earlier bounce's mark, or none).
 */
async function markTab(tabId: number, bounce: TabBounce, badgeBefore: Badge | null | undefined): Promise<void> {
  if (bounce.status === 'not-auth') {
    if (badgeBefore !== undefined) await setBadge(tabId, badgeBefore === 'checking' ? null : badgeBefore);
    return;
  }
  const failing = bounce.diagnosis === null || bounce.diagnosis.cause !== 'passes-now';
  await setBadge(tabId, failing ? 'failing' : 'passing');
  await browser.action.setTitle({ tabId, title: `Bounce Explainer: ${bounce.diagnosis?.title ?? 'a sender-authentication bounce on this page'}` });
}

const route = createRouter(handlers, {
  runtimeId: browser.runtime.id,
  extensionBaseUrl: browser.runtime.getURL(''),
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => route(message, sender));

browser.tabs.onRemoved.addListener((tabId: number) => {
  void forgetTab(tabId);
});
