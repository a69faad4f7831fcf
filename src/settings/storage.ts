/** The settings in storage.sync, so they follow the user's browser profile. */
import browser from 'webextension-polyfill';
import { readSettings, type Settings } from './settings';

/** The storage.sync key of the settings (the content script follows it through storage.onChanged). */
export const SETTINGS_KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.sync.get(SETTINGS_KEY);
  return readSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.sync.set({ [SETTINGS_KEY]: readSettings(settings) });
}
