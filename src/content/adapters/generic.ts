import type { WebmailAdapter } from './types';

/**
 * Any other webmail the content script may be given (a self-hosted one added to the manifest): the
 * landmarks that message views commonly use, e.g. Roundcube's #messagebody, ARIA document and article
 * regions. Its sender is not known, so every bounce there waits for the user's click.
 */
export const generic: WebmailAdapter = {
  name: 'generic',
  origins: [],
  bodies: '#messagebody, [role="document"], [role="article"], article',
  sender: null,
  detection: null,
};
