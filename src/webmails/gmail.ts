import type { WebmailAdapter } from './types';

/**
 * Gmail's conversation view: each message's body is a div.a3s (inside div.ii.gt); a bounce from
 * mailer-daemon@googlemail.com is shown the same way. Bodies are rendered late, when a conversation opens.
 * The sender's name in each message header is span.gD, with the address in its `email` attribute (the
 * recipients in the "to" line carry `email` too, but not the gD class).
 */
export const gmail = {
  name: 'gmail',
  title: 'Gmail',
  origins: ['https://mail.google.com'],
  bodies: 'div.a3s',
  sender: 'span.gD[email]',
  detection: 'gmail',
} as const satisfies WebmailAdapter;
