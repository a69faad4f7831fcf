/** The settings in storage.sync, so they follow the user's browser profile. */
import browser from 'webextension-polyfill';
import { readSettings, type Settings } from './settings';

const STORAGE_KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.sync.get(STORAGE_KEY);
  return readSettings(stored[STORAGE_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.sync.set({ [STORAGE_KEY]: readSettings(settings) });
}
