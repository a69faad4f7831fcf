/**
 * Test pages that stand in for the webmail sites: the structure the content script reads (Gmail's div.a3s
 * message bodies, Outlook's "Message body" region) around bounce texts written after real Gmail and
 * Microsoft 365 reports, with documentation-range addresses (RFC 5737) and example domains (RFC 2606).
 */

export const GMAIL_SPF_BOUNCE_TEXT = [
  "Address not found",
  "Your message wasn't delivered to bob@gmail.com because the receiving server rejected it.",
  'The response from the remote server was:',
  '550-5.7.26 This mail has been blocked because the sender is unauthenticated.',
  '550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.',
  '550-5.7.26',
  '550-5.7.26  Authentication results:',
  '550-5.7.26  DKIM = did not pass',
  '550-5.7.26  SPF [example.com] with ip: [192.0.2.25] = did not pass',
  '550-5.7.26',
  '550 5.7.26 For instructions on setting up authentication, go to https://support.google.com/mail/answer/81126#authentication',
].join('\n');

export const ORDINARY_MESSAGE_TEXT = [
  'Hi Alice,',
  'the quarterly figures are attached. Can we talk about them on Thursday?',
  'Bob',
].join('\n');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One Gmail message as the conversation view lays it out. */
export function gmailMessage(from: { name: string; email: string }, bodyText: string): string {
  return `
    <div class="adn ads" role="listitem">
      <div class="gs">
        <h3 class="iw"><span class="gD" email="${escapeHtml(from.email)}" name="${escapeHtml(from.name)}">${escapeHtml(from.name)}</span></h3>
        <div class="ii gt"><div class="a3s aiL">${bodyText.split('\n').map((line) => `<div>${escapeHtml(line)}</div>`).join('')}</div></div>
      </div>
    </div>`;
}

/** A Gmail conversation page holding the given messages (HTML from `gmailMessage`). */
export function gmailConversation(subject: string, messages: string[]): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(subject)} - alice@example.com - Gmail</title>
<style>
  body { font: 14px/1.5 Arial, sans-serif; margin: 0; color: #202124; }
  header { background: #f6f8fc; padding: 12px 24px; font-size: 20px; color: #444; }
  main { padding: 16px 24px; max-width: 860px; }
  h2.hP { font-size: 22px; font-weight: 400; margin: 8px 0 16px; }
  .adn { border-top: 1px solid #e0e0e0; padding: 12px 0; }
  .gD { font-weight: bold; }
  .a3s { margin-top: 8px; }
</style></head>
<body>
  <header>Gmail</header>
  <main role="main">
    <h2 class="hP">${escapeHtml(subject)}</h2>
    <div role="list" id="conversation">${messages.join('')}</div>
  </main>
</body>
</html>`;
}

export const MAILER_DAEMON = { name: 'Mail Delivery Subsystem', email: 'mailer-daemon@googlemail.com' };
export const COLLEAGUE = { name: 'Bob Example', email: 'bob@example.org' };

export const GMAIL_BOUNCE_PAGE = gmailConversation('Delivery Status Notification (Failure)', [gmailMessage(MAILER_DAEMON, GMAIL_SPF_BOUNCE_TEXT)]);
export const GMAIL_ORDINARY_PAGE = gmailConversation('Quarterly figures', [gmailMessage(COLLEAGUE, ORDINARY_MESSAGE_TEXT)]);

export const OUTLOOK_SPF_BOUNCE_TEXT = [
  'Your message to carol@contoso.example couldn\'t be delivered.',
  'alice wasn\'t able to send this message to the recipient because of a sender authentication problem.',
  'Remote server returned \'550 5.7.23 The message was rejected because of Sender Policy Framework violation\'',
  'Reporting-MTA: dns; AM0PR01MB0000.eurprd01.prod.outlook.com',
  'Diagnostic-Code: smtp; 550 5.7.23 The message was rejected because of Sender Policy Framework violation',
].join('\n');

export const OUTLOOK_BOUNCE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail - Outlook</title></head>
<body>
  <div role="main">
    <span role="heading" aria-level="2">Undeliverable: Invoice 4711</span>
    <div aria-label="Message body" role="document">${OUTLOOK_SPF_BOUNCE_TEXT.split('\n').map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>
  </div>
</body></html>`;
