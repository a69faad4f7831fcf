/**
 * One webmail: where the content script runs and where the site shows an opened message's body and its
 * sender. The content script watches the page for elements matching `bodies` and reads nothing else; the
 * banner goes just before the body element. Selectors follow the webmail's structure (ids, roles, data
 * attributes, classes), never words of its interface: labels are translated (Outlook's "Message body" is
 * "Corpo da mensagem" in Portuguese).
 *
 * The adapter is the one place a webmail is named: the build writes each manifest's content_scripts.matches
 * and host_permissions from `origins`, the background accepts content messages from those origins only
 * (messages.ts), and the options page shows a switch per adapter (src/settings WEBMAILS).
 */
export interface WebmailAdapter {
  name: string;
  /** what the options page calls the webmail; the switch's label adds the hosts of `origins` */
  title: string;
  /** page origins the adapter is for (https only, no path: the manifest matches `${origin}/*`) */
  origins: readonly string[];
  /** CSS selector of the element(s) holding an opened message's body text */
  bodies: string;
  /**
   * CSS selector of the element showing an opened message's sender, above its body (sender.ts finds the one
   * that belongs to a body); null where the webmail's sender cannot be told, so every bounce waits for a click
   */
  sender: string | null;
  /** the options page's switch for this site (its key in settings.detection), or null for one that cannot be switched off */
  detection: string | null;
}
