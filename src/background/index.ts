/**
 * The background worker (a service worker in Chrome, an event page in Firefox): the one place that talks to
 * the core. Listeners are registered synchronously at the top level, as MV3 requires for a worker that is
 * woken by the event it must handle.
 */
import browser from 'webextension-polyfill';
import { readBounceText } from '../core/bounce';
import { checkDomain } from './check-domain';
import { createRouter, type Handlers } from './router';
import { activeTabId, forgetTab, headlineOf, rememberBounce, tabState } from './tab-state';

const handlers: Handlers = {
  async ping() {
    return { ok: true, version: browser.runtime.getManifest().version };
  },

  async 'bounce-found'(message, context) {
    if (context.tabId === null) return { ok: false, error: 'bounce-found: the sender is not in a tab' };
    const facts = readBounceText(message.text);
    await rememberBounce(context.tabId, {
      facts,
      origin: new URL(context.url).origin,
      seenAt: Date.now(),
      headline: headlineOf(message.text),
      text: message.text,
    });
    return { ok: true, tabId: context.tabId, facts };
  },

  async 'check-domain'(message) {
    return checkDomain(message);
  },

  async 'get-tab-state'(message) {
    const tabId = message.tabId ?? (await activeTabId());
    if (tabId === null) return { ok: false, error: 'get-tab-state: no active tab' };
    return { ok: true, state: await tabState(tabId) };
  },
};

const route = createRouter(handlers, {
  runtimeId: browser.runtime.id,
  extensionBaseUrl: browser.runtime.getURL(''),
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => route(message, sender));

browser.tabs.onRemoved.addListener((tabId: number) => {
  void forgetTab(tabId);
});
