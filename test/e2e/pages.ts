/**
 * Test pages that stand in for the webmail sites: the structure the content script reads (Gmail's div.a3s
 * message bodies, Outlook's "Message body" region) around bounce texts written after real Gmail and
 * Microsoft 365 reports, with documentation-range addresses (RFC 5737) and example domains (RFC 2606).
 */
import { postfixNoticeHead } from '../bounce/notice-shells';

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
  <div role="main"><div id="ReadingPaneContainerId">
    <span role="heading" aria-level="2">Undeliverable: Invoice 4711</span>
    <div id="MSG_0_FROM">Microsoft Outlook &lt;MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.example&gt;</div>
    <div aria-label="Message body" role="document">${OUTLOOK_SPF_BOUNCE_TEXT.split('\n').map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>
  </div></div>
</body></html>`;

/*
 * Single-page stand-ins. Real Gmail and Outlook load the shell first and render a conversation later, by
 * script, in several steps: the page below does the same. The conversations are data in the page
 * (a JSON script element); `openConversation(i)` (a global of the page) opens one, as a click in the list
 * would. The first opens `openAfterMs` after load, its message shells first and the body text a moment later.
 */

export interface StandInMessage {
  from: { name: string; email: string };
  /** the body's text, one element per line */
  body: string;
  /** or the body as HTML (as a webmail renders an HTML mail, styles and all) */
  html?: string;
}

export interface StandInConversation {
  subject: string;
  messages: StandInMessage[];
}

/** JSON inside a <script> element: `<` escaped so no text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The page script shared by both stand-ins: `renderMessage(view, message)` differs per webmail. */
function singlePageScript(renderMessage: string, openAfterMs: number): string {
  return `
  const conversations = JSON.parse(document.getElementById('conversations').textContent);
  const view = document.getElementById('reading-view');
  const renderMessage = ${renderMessage};
  function line(text) { const div = document.createElement('div'); div.textContent = text; return div; }
  window.openConversation = (index) => {
    const conversation = conversations[index];
    const heading = document.createElement('h2');
    heading.className = 'subject';
    heading.textContent = conversation.subject;
    view.replaceChildren(heading);
    const bodies = conversation.messages.map((message, i) => renderMessage(view, message, i));
    // the bodies' text arrives after their frames, as when a webmail fetches the message
    setTimeout(() => bodies.forEach((body, i) => {
      const message = conversation.messages[i];
      if (message.html) body.innerHTML = message.html;
      else body.append(...message.body.split('\\n').map(line));
    }), 60);
  };
  setTimeout(() => window.openConversation(0), ${openAfterMs});`;
}

const GMAIL_RENDER = `(view, message) => {
    const item = document.createElement('div'); item.className = 'adn ads'; item.setAttribute('role', 'listitem');
    const gs = document.createElement('div'); gs.className = 'gs';
    const h3 = document.createElement('h3'); h3.className = 'iw';
    const sender = document.createElement('span'); sender.className = 'gD'; sender.setAttribute('email', message.from.email);
    sender.textContent = message.from.name; h3.append(sender);
    const wrap = document.createElement('div'); wrap.className = 'ii gt';
    const body = document.createElement('div'); body.className = 'a3s aiL';
    wrap.append(body); gs.append(h3, wrap); item.append(gs); view.append(item);
    return body;
  }`;

/**
 * Outlook on the web's reading pane: each message a labelled region holding its sender line (an id ending in
 * _FROM, "Name <address>") and its body, a labelled landmark whose role and label vary with the build and the
 * language: `OutlookLabels` says which.
 */
function outlookRender(labels: OutlookLabels): string {
  return `(view, message, index) => {
    const item = document.createElement('div'); item.className = 'message'; item.setAttribute('role', 'region');
    item.setAttribute('aria-label', ${JSON.stringify(labels.message)});
    const sender = document.createElement('div'); sender.className = 'sender'; sender.id = 'MSG_' + index + '_FROM';
    sender.textContent = message.from.name + ' <' + message.from.email + '>';
    const outer = document.createElement('div'); outer.className = 'body-frame';
    const body = document.createElement('div'); body.setAttribute('aria-label', ${JSON.stringify(labels.body)}); body.setAttribute('role', ${JSON.stringify(labels.bodyRole)});
    body.className = ${JSON.stringify(labels.bodyClass)};
    outer.append(body); item.append(sender, outer); view.append(item);
    return body;
  }`;
}

/** The words and roles of one Outlook build and language. */
export interface OutlookLabels {
  lang: string;
  title: string;
  message: string;
  body: string;
  bodyRole: 'document' | 'region';
  bodyClass: string;
}

export const OUTLOOK_ENGLISH: OutlookLabels = { lang: 'en', title: 'Mail - Alice Example - Outlook', message: 'Email message', body: 'Message body', bodyRole: 'document', bodyClass: 'XbIp4 allowTextSelection' };

/** Outlook on the web in Portuguese: the body is a region labelled "Corpo da mensagem" (issue 11). */
export const OUTLOOK_PORTUGUESE: OutlookLabels = { lang: 'pt-BR', title: 'Email - Alice Example - Outlook', message: 'Mensagem de email', body: 'Corpo da mensagem', bodyRole: 'region', bodyClass: 'XbIp4 jmmB7' };

/** A Gmail-shaped single-page app: navigation, list, and the conversation view filled by script. */
export function gmailApp(conversations: StandInConversation[], openAfterMs = 300): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Inbox - alice@example.com - Gmail</title>
<style>
  body { font: 14px/1.5 Arial, sans-serif; margin: 0; color: #202124; background: #f6f8fc; }
  header { padding: 12px 24px; font-size: 20px; color: #444; }
  .nH { display: flex; }
  nav { width: 200px; padding: 8px 16px; }
  main { flex: 1; background: #fff; border-radius: 16px; padding: 16px 24px; min-height: 480px; max-width: 860px; }
  h2.subject { font-size: 22px; font-weight: 400; margin: 8px 0 16px; }
  .adn { border-top: 1px solid #e0e0e0; padding: 12px 0; }
  .gD { font-weight: bold; }
  .a3s { margin-top: 8px; }
  /* page CSS that would spoil a banner without a shadow root */
  div, section, p, button, code { color: #202124 !important; font-size: 14px; }
</style></head>
<body>
  <header>Gmail</header>
  <div class="nH">
    <nav aria-label="Labels"><div>Inbox</div><div>Sent</div></nav>
    <main role="main"><div class="nH"><div class="ae4"><div id="reading-view" role="list"></div></div></div></main>
  </div>
  <script id="conversations" type="application/json">${scriptJson(conversations)}</script>
  <script>${singlePageScript(GMAIL_RENDER, openAfterMs)}</script>
</body>
</html>`;
}

/** An Outlook-on-the-web-shaped single-page app: the reading pane filled by script. */
export function outlookApp(conversations: StandInConversation[], openAfterMs = 300, labels: OutlookLabels = OUTLOOK_ENGLISH): string {
  return `<!doctype html>
<html lang="${labels.lang}">
<head><meta charset="utf-8"><title>${escapeHtml(labels.title)}</title>
<style>
  body { font: 14px/1.45 "Segoe UI", system-ui, sans-serif; margin: 0; color: #242424; background: #f5f5f5; }
  #app { display: grid; grid-template-columns: 220px 1fr; min-height: 100vh; }
  nav { padding: 12px; }
  #ReadingPaneContainerId { background: #fff; margin: 8px; padding: 16px 24px; border-radius: 8px; max-width: 860px; }
  h2.subject { font-size: 20px; font-weight: 600; margin: 4px 0 12px; }
  .sender { font-weight: 600; margin: 8px 0; }
  button { all: unset; }
</style></head>
<body>
  <div id="app">
    <nav aria-label="Folders"><div>Inbox</div><div>Sent Items</div></nav>
    <div role="main"><div id="ReadingPaneContainerId"><div id="reading-view"></div></div></div>
  </div>
  <script id="conversations" type="application/json">${scriptJson(conversations)}</script>
  <script>${singlePageScript(outlookRender(labels), openAfterMs)}</script>
</body>
</html>`;
}

/**
 * The notice of the corpus's policyd-spf bounce (lab__ooknosi-tools_lab_2__spf_fail.eml, Apache-2.0, see
 * test/fixtures/bounce-corpus) as a webmail shows it: the text part only, without headers or the
 * delivery-status attachment. Refused IP 10.0.2.9, envelope sender user1@sender.com.
 */
export const POLICYD_SPF_BOUNCE_TEXT = [
  'This is the mail system at host sender.home.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients. It\'s attached below.',
  '',
  'For further assistance, please send mail to postmaster.',
  '',
  'If you do so, please include this problem report. You can',
  'delete your own text from the attached returned message.',
  '',
  '                   The mail system',
  '',
  '<user2@receiver.com>: host mail.receiver.com[10.0.2.8] said: 550 5.7.23',
  '    <user2@receiver.com>: Recipient address rejected: Message rejected due to:',
  '    SPF fail - not authorized. Please see',
  '    http://www.openspf.net/Why?s=mfrom;id=user1@sender.com;ip=10.0.2.9;r=<UNKNOWN>',
  '    (in reply to RCPT TO command)',
].join('\n');

/**
 * A Postfix bounce whose SPF refusal names no client IP (the host in brackets is the receiver's), with the
 * returned message's header block after Postfix's "copy of the message" line: subject and date to show.
 */
export const NO_IP_BOUNCE_TEXT = [
  ...postfixNoticeHead('mail.noip.example'),
  '<bob@receiver.example>: host mx.receiver.example[198.51.100.7] said: 550 5.7.23',
  '    Message rejected due to: SPF fail - not authorized (in reply to end of DATA',
  '    command)',
  '',
  '--- Below this line is a copy of the message.',
  '',
  'Return-Path: <alice@noip.example>',
  'From: Alice <alice@noip.example>',
  'To: <bob@receiver.example>',
  'Subject: Invoice 2026-114 for November',
  'Date: Mon, 30 Nov 2026 09:12:04 +0100',
  '',
  'Hello Bob,',
].join('\n');

/** Gmail's 5.7.26 wording (as GMAIL_SPF_BOUNCE_TEXT) for another domain and IP. */
export function gmailSpfBounce(domain: string, ip: string): string {
  return GMAIL_SPF_BOUNCE_TEXT.replace('SPF [example.com] with ip: [192.0.2.25]', `SPF [${domain}] with ip: [${ip}]`);
}

/** A mailbox-full bounce (Postfix wording, RFC 3463 5.2.2): a bounce, but not about authentication. */
export const MAILBOX_FULL_BOUNCE_TEXT = [
  'This is the mail system at host mail.example.net.',
  '',
  "I'm sorry to have to inform you that your message could not",
  'be delivered to one or more recipients.',
  '',
  '<carol@example.org>: host mx.example.org[198.51.100.7] said: 552 5.2.2',
  '    <carol@example.org>: Recipient address rejected: Mailbox full (in reply to',
  '    RCPT TO command)',
].join('\n');
