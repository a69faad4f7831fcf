/**
 * Whether the user lets the content script read bounces on this webmail: `settings.detection` in
 * storage.sync, written by the options page (src/options/settings.ts). Read here field by field, with the
 * same rule as readSettings (missing or not a boolean: on), because settings.ts also validates resolver URLs
 * with ipaddr.js, which must stay out of the content script.
 */
import type { WebmailId } from '../options/settings';

/** The storage.sync key of the settings (src/options/storage.ts). */
export const SETTINGS_KEY = 'settings';

export function detectionEnabled(stored: unknown, site: WebmailId): boolean {
  if (typeof stored !== 'object' || stored === null) return true;
  const detection = (stored as { detection?: unknown }).detection;
  if (typeof detection !== 'object' || detection === null) return true;
  return (detection as Record<string, unknown>)[site] !== false;
}
