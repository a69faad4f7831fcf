import type { WebmailAdapter } from './types';

/**
 * Outlook on the web (work and school accounts, Microsoft 365, Outlook.com): the reading pane's body is a
 * role="document" region labelled for screen readers ("Message body" in English, translated elsewhere, so
 * the label alone is not enough); older builds give it an id starting with UniqueMessageBody.
 */
export const outlook: WebmailAdapter = {
  name: 'outlook',
  origins: ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com'],
  bodies: 'div[aria-label="Message body"], div[role="document"].allowTextSelection, div[id^="UniqueMessageBody"]',
  detection: 'outlook',
};
