import type { WebmailAdapter } from './types';

/**
 * The fallback for a page whose origin no adapter names (the content script runs only where one does): the
 * landmarks that message views commonly use, e.g. Roundcube's #messagebody, ARIA document and article
 * regions. Its sender is not known, so every bounce there waits for the user's click. It has no switch in the
 * options, so no title.
 */
export const generic = {
  name: 'generic',
  origins: [],
  bodies: '#messagebody, [role="document"], [role="article"], article',
  sender: null,
  detection: null,
} as const satisfies Omit<WebmailAdapter, 'title'>;
