import type { WebmailId } from '../../options/settings';

/**
 * Where one webmail shows an opened message's body. The content script watches the page for elements
 * matching `bodies` and reads nothing else; the banner goes just before the body element.
 */
export interface WebmailAdapter {
  name: string;
  /** page origins the adapter is for (each also in manifest.json content_scripts and WEBMAIL_ORIGINS) */
  origins: readonly string[];
  /** CSS selector of the element(s) holding an opened message's body text */
  bodies: string;
  /** the options page's switch for this site (settings.detection), or null for one that cannot be switched off */
  detection: WebmailId | null;
}
