/**
 * What the background remembers per tab: the last bounce the content script reported there. Kept in
 * storage.session because an MV3 background is stopped when idle and loses its variables; session storage
 * lives as long as the browser session and is not readable by content scripts.
 */
import browser from 'webextension-polyfill';
import type { TabBounce, TabState } from '../messages';

const keyFor = (tabId: number): string => `tab:${tabId}`;

/** The first non-empty line, cut for display. */
export function headlineOf(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

export async function rememberBounce(tabId: number, bounce: TabBounce): Promise<void> {
  await browser.storage.session.set({ [keyFor(tabId)]: bounce });
}

export async function tabState(tabId: number): Promise<TabState> {
  const stored = await browser.storage.session.get(keyFor(tabId));
  const bounce = stored[keyFor(tabId)] as TabBounce | undefined;
  return { tabId, bounce: bounce ?? null };
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(keyFor(tabId));
}

/** The active tab of the last focused window: the tab the toolbar popup was opened over. */
export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}
