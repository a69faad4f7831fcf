import type { WebmailId } from '../../settings/settings';

/**
 * Where one webmail shows an opened message's body and its sender. The content script watches the page for
 * elements matching `bodies` and reads nothing else; the banner goes just before the body element.
 * Selectors follow the webmail's structure (ids, roles, data attributes, classes), never words of its
 * interface: labels are translated (Outlook's "Message body" is "Corpo da mensagem" in Portuguese).
 */
export interface WebmailAdapter {
  name: string;
  /** page origins the adapter is for (each also in manifest.json content_scripts and WEBMAIL_ORIGINS) */
  origins: readonly string[];
  /** CSS selector of the element(s) holding an opened message's body text */
  bodies: string;
  /**
   * CSS selector of the element showing an opened message's sender, above its body (sender.ts finds the one
   * that belongs to a body); null where the webmail's sender cannot be told, so every bounce waits for a click
   */
  sender: string | null;
  /** the options page's switch for this site (settings.detection), or null for one that cannot be switched off */
  detection: WebmailId | null;
}
