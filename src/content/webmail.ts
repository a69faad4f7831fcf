/**
 * The webmail sites the content script reads, one row each: where the opened message's body is in the page.
 * Adding a webmail is adding a row (and its origin to manifest.json and WEBMAIL_ORIGINS in messages.ts).
 */
export interface WebmailAdapter {
  name: string;
  origins: readonly string[];
  /** CSS selector of the element(s) holding an opened message's body text */
  messageBodies: string;
}

export const WEBMAIL_ADAPTERS: readonly WebmailAdapter[] = [
  // Gmail renders each message of a conversation in a div.a3s
  { name: 'gmail', origins: ['https://mail.google.com'], messageBodies: 'div.a3s' },
  // Outlook on the web labels the reading pane's body for screen readers
  {
    name: 'outlook',
    origins: ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com'],
    messageBodies: 'div[aria-label="Message body"]',
  },
];

export function adapterFor(origin: string): WebmailAdapter | undefined {
  return WEBMAIL_ADAPTERS.find((adapter) => adapter.origins.includes(origin));
}
