/** The settings in storage.sync, so they follow the user's browser profile. */
import browser from 'webextension-polyfill';
import { SETTINGS_KEY, readSettings, type Settings } from './settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.sync.get(SETTINGS_KEY);
  return readSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.sync.set({ [SETTINGS_KEY]: readSettings(settings) });
}
