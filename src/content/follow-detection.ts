/** The detection switch as it changes: read once, then followed through storage.onChanged (no reload). */
import { SETTINGS_KEY, detectionEnabled, type WebmailId } from '../settings/settings';
import { extensionApi as browser } from './extension-api';

/** Calls `apply` with the current switch, then on every change of it, without a page reload. */
export function followDetection(site: WebmailId, apply: (enabled: boolean) => void): void {
  let current: boolean | undefined;
  const update = (enabled: boolean): void => {
    if (enabled === current) return;
    current = enabled;
    apply(enabled);
  };
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area === 'sync' && change !== undefined) update(detectionEnabled(change.newValue, site));
  });
  browser.storage.sync.get(SETTINGS_KEY).then(
    (stored) => update(detectionEnabled(stored[SETTINGS_KEY], site)),
    // storage unreadable: the default (on), as for a fresh install
    () => update(true),
  );
}
