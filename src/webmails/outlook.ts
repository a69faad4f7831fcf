import type { WebmailAdapter } from './types';

/**
 * Outlook on the web (work and school accounts, Microsoft 365, Outlook.com). The reading pane's body is a
 * labelled landmark: role="document" in some builds, role="region" in others (Portuguese: "Corpo da
 * mensagem", role="region"), its label translated, so the label's words are never matched. By structure:
 * - older builds give the body an id starting with UniqueMessageBody;
 * - the body carries the class allowTextSelection on a document or region landmark;
 * - inside the reading pane (#ReadingPaneContainerId, or the data-app-section MailReadCompose /
 *   ConversationContainer), the body is the innermost labelled document or region: one that holds no other
 *   landmark and no sender line (the message's own region holds both).
 * The sender line of each message has an id ending in _FROM (MSG_…_FROM), its address in text or title.
 */
const LANDMARK = ':is([role="document"], [role="region"])[aria-label]';
const READING_PANE = ':is(#ReadingPaneContainerId, [data-app-section="MailReadCompose"], [data-app-section="ConversationContainer"])';
const SENDER = '[id$="_FROM"]';

export const outlook = {
  name: 'outlook',
  title: 'Outlook on the web',
  origins: ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com'],
  bodies: [
    'div[id^="UniqueMessageBody"]',
    `div.allowTextSelection${LANDMARK}`,
    `${READING_PANE} div${LANDMARK}:not(:has(:is([role="document"], [role="region"], ${SENDER})))`,
  ].join(', '),
  sender: SENDER,
  detection: 'outlook',
} as const satisfies WebmailAdapter;
