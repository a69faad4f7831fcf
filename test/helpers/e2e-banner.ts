/**
 * What the banner tests in Chromium and Firefox share: the DNS of each scenario, the single-page stand-ins
 * with their conversations, and the functions that run inside the page to read the banner through its open
 * shadow root (self-contained: the browsers get their source text).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ZoneData } from './zone';
import { SPF_ZONE } from '../e2e/zone';
import {
  COLLEAGUE,
  GMAIL_SPF_BOUNCE_TEXT,
  MAILBOX_FULL_BOUNCE_TEXT,
  MAILER_DAEMON,
  NO_IP_BOUNCE_TEXT,
  ORDINARY_MESSAGE_TEXT,
  OUTLOOK_PORTUGUESE,
  POLICYD_SPF_BOUNCE_TEXT,
  gmailApp,
  gmailSpfBounce,
  outlookApp,
  type StandInConversation,
  type StandInMessage,
} from '../e2e/pages';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** axe-core's browser build, injected into the page under test. */
export const AXE_SOURCE = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');

/**
 * example.com fails 192.0.2.25 (its record ends in -all); sender.com, the domain of the corpus's
 * policyd-spf bounce, publishes `mx -all` without an MX, so 10.0.2.9 fails; dns-trouble.example gets a
 * SERVFAIL fault from the test: a DNS cause that no record change fixes.
 */
export const BANNER_ZONE: ZoneData = {
  ...SPF_ZONE,
  'sender.com': [{ TXT: 'v=spf1 mx -all' }],
  'dns-trouble.example': [{ TXT: 'v=spf1 -all' }],
  'late.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
  'forwarded.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
  'noip.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
  'pasted.example': [{ TXT: 'v=spf1 ip4:198.51.100.0/24 -all' }],
};

export const DNS_TROUBLE_DOMAIN = 'dns-trouble.example';

export const EXPECTED = {
  gmail: {
    verdict: "SPF fail: 192.0.2.25 is not allowed by example.com's record",
    /** the record lets a new IP pass: it is shown after the yes to this question */
    question: 'Is 192.0.2.25 your server?',
    record: 'v=spf1 ip4:198.51.100.0/24 include:_spf.example.net ip4:192.0.2.25 -all',
  },
  policyd: {
    verdict: "SPF fail: 10.0.2.9 is not allowed by sender.com's record",
    question: 'Is 10.0.2.9 your server?',
    record: 'v=spf1 mx ip4:10.0.2.9 -all',
  },
  late: { verdict: "SPF fail: 192.0.2.66 is not allowed by late.example's record" },
  forwarded: { verdict: "SPF fail: 192.0.2.91 is not allowed by forwarded.example's record" },
  pasted: { verdict: "SPF fail: 192.0.2.93 is not allowed by pasted.example's record" },
};

const postmaster = { name: 'Mail Delivery System', email: 'MAILER-DAEMON@sender.home' };

/** Gmail: the bounce opens 300 ms after load; the others are opened by the test. */
export const GMAIL_CONVERSATIONS: StandInConversation[] = [
  { subject: 'Delivery Status Notification (Failure)', messages: [{ from: MAILER_DAEMON, body: GMAIL_SPF_BOUNCE_TEXT }] },
  { subject: 'Quarterly figures', messages: [{ from: COLLEAGUE, body: ORDINARY_MESSAGE_TEXT }] },
  { subject: 'Undelivered Mail Returned to Sender', messages: [{ from: postmaster, body: MAILBOX_FULL_BOUNCE_TEXT }] },
  // the first bounce again, beside a second bounce: one pass reads both
  {
    subject: 'Re: Delivery Status Notification (Failure)',
    messages: [
      { from: MAILER_DAEMON, body: GMAIL_SPF_BOUNCE_TEXT },
      { from: postmaster, body: POLICYD_SPF_BOUNCE_TEXT },
    ],
  },
  { subject: 'Delivery Status Notification (Failure)', messages: [{ from: MAILER_DAEMON, body: gmailSpfBounce('late.example', '192.0.2.66') }] },
];

/** Outlook: the corpus's policyd-spf bounce first, then one whose domain's DNS fails. */
export const OUTLOOK_CONVERSATIONS: StandInConversation[] = [
  { subject: 'Undelivered Mail Returned to Sender', messages: [{ from: postmaster, body: POLICYD_SPF_BOUNCE_TEXT }] },
  { subject: 'Delivery Status Notification (Failure)', messages: [{ from: MAILER_DAEMON, body: gmailSpfBounce(DNS_TROUBLE_DOMAIN, '192.0.2.77') }] },
  // an SPF refusal that names no IP, with the returned message's Subject and Date (issue 11 section 3)
  { subject: 'Undelivered Mail Returned to Sender', messages: [{ from: { name: 'Mail Delivery System', email: 'MAILER-DAEMON@mail.noip.example' }, body: NO_IP_BOUNCE_TEXT }] },
];

// ---------------------------------------------------------------- a bounce is untrusted input (issue 12)

/** A Gmail bounce that a colleague forwarded: bounce text, but not from a delivery-status sender. */
export const FORWARDED_BOUNCE_TEXT = [
  'Can you look at this? My mail to Bob bounced.',
  '',
  '---------- Forwarded message ---------',
  'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
  'Date: Mon, 30 Nov 2026 at 09:12',
  'Subject: Delivery Status Notification (Failure)',
  'To: <alice@forwarded.example>',
  '',
  gmailSpfBounce('forwarded.example', '192.0.2.91'),
].join('\n');

/** The name the hidden bounces would make the extension query: the tracking beacon of issue 12. */
export const TRACKING_DOMAIN = 'u-8f3a1c.track.example';

/** The ways a mail hides text, one per message; each hides the same bounce for TRACKING_DOMAIN. */
export const HIDING_STYLES: readonly { name: string; tag: 'div' | 'span'; style: string }[] = [
  { name: 'display none', tag: 'div', style: 'display:none' },
  { name: 'visibility hidden', tag: 'div', style: 'visibility:hidden' },
  { name: '1px white span', tag: 'span', style: 'font-size:1px;color:#ffffff' },
  { name: 'font-size 0', tag: 'span', style: 'font-size:0' },
  { name: 'transparent', tag: 'div', style: 'color:transparent' },
  { name: 'white on white', tag: 'div', style: 'color:#ffffff;background:#ffffff' },
  { name: 'dark on the same dark', tag: 'div', style: 'color:#12345a;background:#12345a' },
  { name: 'opacity 0', tag: 'div', style: 'opacity:0' },
  { name: 'off-screen', tag: 'div', style: 'position:absolute;left:-9999px;top:0' },
  { name: 'screen-reader-only clip', tag: 'div', style: 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)' },
  { name: 'zero height', tag: 'div', style: 'height:0;overflow:hidden' },
  { name: 'text-indent', tag: 'div', style: 'text-indent:-99999px;white-space:nowrap' },
];

function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function hiddenBounceMessage(hiding: (typeof HIDING_STYLES)[number]): StandInMessage {
  // one block per line (text-indent then applies to every line); spans, which the stand-in's page CSS
  // (div, p { color … !important }) does not restyle, so what the mail's own style says is what shows
  const bounce = gmailSpfBounce(TRACKING_DOMAIN, '192.0.2.150').split('\n').map((line) => `<span style="display:block">${htmlEscape(line)}</span>`).join('');
  // !important, as a mail's inline style must be to win over that page CSS on the wrapper itself
  const style = hiding.style.split(';').map((declaration) => `${declaration} !important`).join(';');
  return {
    from: MAILER_DAEMON,
    body: '',
    html: `<p>Our autumn sale starts on Monday (${htmlEscape(hiding.name)}): 20% off all chairs.</p><${hiding.tag} style="${style}">${bounce}</${hiding.tag}><p>See you soon!</p>`,
  };
}

/** A mailbox-full bounce a colleague forwarded: offered (not from a mail system), and not about authentication. */
export const FORWARDED_NOT_AUTH_TEXT = ['Why did this one bounce?', '', '---------- Forwarded message ---------', MAILBOX_FULL_BOUNCE_TEXT].join('\n');

/** A forwarded Gmail refusal that names no domain, sender or IP: an authentication refusal with nothing to check. */
export const FORWARDED_NO_DOMAIN_TEXT = [
  'Why was this refused?',
  '',
  '---------- Forwarded message ---------',
  'Delivery Status Notification (Failure)',
  '',
  'The response from the remote server was:',
  '550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked.',
].join('\n');

/**
 * A receiver's refusal pasted into a mail, without a status code, a notice or a delivery-status field: only the
 * receivers' wordings tell it is a bounce, and the content script asks the background for them (wording-source.ts).
 */
export const PASTED_REFUSAL_TEXT = [
  'Our mail to the bank keeps coming back. Their admin sent us this:',
  '',
  '550 SPF: 192.0.2.93 is not allowed to send mail from pasted.example',
  '',
  'What do I do?',
].join('\n');

export const THREAD_LENGTH = 40;
export const THREAD_DOMAIN = 'thread.example';

/**
 * mail.google.com/mail/u/1/: the forwarded bounce opens first; then the hidden bounces beside one visible
 * control (late.example) from the same sender; then a thread of THREAD_LENGTH bounces from mailer-daemon,
 * each for its own domain t<i>.thread.example; then a forwarded bounce that is not about authentication; then a
 * forwarded authentication refusal that names no domain; then a refusal pasted into a mail (PASTED_REFUSAL_TEXT).
 */
export const TRUST_CONVERSATIONS: StandInConversation[] = [
  { subject: 'Fwd: Delivery Status Notification (Failure)', messages: [{ from: COLLEAGUE, body: FORWARDED_BOUNCE_TEXT }] },
  {
    subject: 'Autumn sale',
    messages: [...HIDING_STYLES.map(hiddenBounceMessage), { from: MAILER_DAEMON, body: gmailSpfBounce('late.example', '192.0.2.66') }],
  },
  {
    subject: 'Delivery Status Notification (Failure)',
    messages: Array.from({ length: THREAD_LENGTH }, (_, i) => ({ from: MAILER_DAEMON, body: gmailSpfBounce(`t${i}.${THREAD_DOMAIN}`, `192.0.2.${100 + i}`) })),
  },
  { subject: 'Fwd: Undelivered Mail Returned to Sender', messages: [{ from: COLLEAGUE, body: FORWARDED_NOT_AUTH_TEXT }] },
  { subject: 'Fwd: Delivery Status Notification (Failure)', messages: [{ from: COLLEAGUE, body: FORWARDED_NO_DOMAIN_TEXT }] },
  { subject: 'Mails to the bank', messages: [{ from: COLLEAGUE, body: PASTED_REFUSAL_TEXT }] },
];

export const TRUST_PATH = '/mail/u/1/';
export const PORTUGUESE_OUTLOOK_PATH = '/mail/0/inbox/pt';

export const BANNER_PAGES = {
  'mail.google.com': { '/mail/u/0/': gmailApp(GMAIL_CONVERSATIONS), [TRUST_PATH]: gmailApp(TRUST_CONVERSATIONS) },
  'outlook.office.com': { '/mail/inbox': outlookApp(OUTLOOK_CONVERSATIONS), [PORTUGUESE_OUTLOOK_PATH]: outlookApp(OUTLOOK_CONVERSATIONS, 300, OUTLOOK_PORTUGUESE) },
};

/** Runs in the page: how many banners offer "Check this bounce" (the contract's check button). */
export function countCheckButtons(): number {
  return [...document.querySelectorAll('[data-bounce-explainer]')].filter((host) => host.shadowRoot?.querySelector('[data-bounce-explainer="check"]') != null).length;
}

/**
 * Runs in the page, as the page's own scripts could: every button of every banner pressed `times` times with
 * click() and with a dispatched synthetic click. Returns how many buttons it pressed.
 */
export function pageScriptClicks(times: number): number {
  let pressed = 0;
  for (const host of document.querySelectorAll('[data-bounce-explainer]')) {
    for (const button of host.shadowRoot?.querySelectorAll('button') ?? []) {
      for (let i = 0; i < times; i++) {
        button.click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, view: window }));
        button.dispatchEvent(new PointerEvent('click', { bubbles: true, cancelable: true, composed: true }));
      }
      pressed++;
    }
  }
  return pressed;
}

/** Runs in the page: replaces `from` with `to` in the text node that holds it, in place (a characterData mutation). */
export function replaceTextInPlace(change: { from: string; to: string }): boolean {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
    if (node.data.includes(change.from)) {
      node.data = node.data.replace(change.from, change.to);
      return true;
    }
  }
  return false;
}

/** The distinct names the local DoH server was asked about that end in `suffix`. */
export function namesAsked(queries: readonly { name: string }[], suffix: string): string[] {
  return [...new Set(queries.map((q) => q.name.toLowerCase().replace(/\.$/, '')).filter((name) => name === suffix || name.endsWith(`.${suffix}`)))].sort();
}

/** The banner as a reader sees it. */
export interface BannerView {
  attribute: string | null;
  /** the shadow root is open */
  open: boolean;
  /** the visible text of the banner */
  text: string;
  /** the role and label of the region */
  role: string | null;
  label: string | null;
  /** the element right after the banner: the message body it explains (its first line) */
  next: string;
  record: string | null;
  /** each button's accessible name */
  buttons: string[];
}

/** Runs in the page: every banner, read through its open shadow root. */
export function readBanners(): BannerView[] {
  return [...document.querySelectorAll('[data-bounce-explainer]')].map((host) => {
    const shadow = host.shadowRoot;
    const region = shadow?.querySelector('section') ?? null;
    return {
      attribute: host.getAttribute('data-bounce-explainer'),
      open: shadow !== null,
      text: region instanceof HTMLElement ? region.innerText.replace(/\s+/g, ' ').trim() : '',
      role: region?.getAttribute('role') ?? null,
      label: region?.getAttribute('aria-label') ?? null,
      next: (host.nextElementSibling as HTMLElement | null)?.innerText.split('\n')[0] ?? '',
      record: shadow?.querySelector('.record')?.textContent ?? null,
      buttons: [...(shadow?.querySelectorAll('button') ?? [])].map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''),
    };
  });
}

/** Runs in the page after AXE_SOURCE: axe-core on the banner's host element; the serious and critical violations. */
export async function axeOnBanner(): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { html: string }[] }[] }> } }).axe;
  const host = document.querySelector('[data-bounce-explainer="banner"]');
  if (host === null) throw new Error('no banner to check');
  const results = await axe.run(host, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.map((n) => n.html) }));
}

/** The extension API the banner tests call from an extension page: Chromium's `chrome`, Firefox's `browser`. */
interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
  storage: { sync: { set(items: Record<string, unknown>): Promise<void> } };
  action: { getBadgeText(details: { tabId?: number }): Promise<string> };
}

type Namespace = 'chrome' | 'browser';

/** One call's data for the page: the API namespace and what the call needs. */
interface ProbeCall {
  ns: Namespace;
  pattern?: string;
  tabId?: number;
  detection?: { gmail: boolean; outlook: boolean };
}

/** Runs `fn(call)` in the extension page (puppeteer's page.evaluate, in either browser). */
export type EvaluateInExtension = (fn: (call: ProbeCall) => Promise<unknown>, call: ProbeCall) => Promise<unknown>;

/** What the banner tests ask the background, from an extension page: the tab's bounce, its badge, and the detection setting. */
export function backgroundProbe(evaluate: EvaluateInExtension, namespace: Namespace) {
  // these run in the page: the namespace travels in the call, since a page function cannot close over it
  const tabIdOf = async (pattern: string): Promise<number | undefined> =>
    (await evaluate(async ({ ns, pattern }) => (await (globalThis as unknown as Record<Namespace, ExtensionApi>)[ns].tabs.query({ url: pattern ?? '' }))[0]?.id, {
      ns: namespace,
      pattern,
    })) as number | undefined;
  return {
    async tabBounce(urlPattern: string): Promise<{ status: string; headline: string } | null> {
      const tabId = await tabIdOf(urlPattern);
      const reply = (await evaluate(
        ({ ns, tabId }) => (globalThis as unknown as Record<Namespace, ExtensionApi>)[ns].runtime.sendMessage({ type: 'get-tab-state', tabId }),
        { ns: namespace, tabId },
      )) as { state: { bounce: { status: string; headline: string } | null } };
      return reply.state.bounce;
    },
    async badgeOf(urlPattern: string): Promise<string> {
      const tabId = await tabIdOf(urlPattern);
      return (await evaluate(({ ns, tabId }) => (globalThis as unknown as Record<Namespace, ExtensionApi>)[ns].action.getBadgeText({ tabId }), { ns: namespace, tabId })) as string;
    },
    async setDetection(detection: { gmail: boolean; outlook: boolean }): Promise<void> {
      await evaluate(
        ({ ns, detection }) => (globalThis as unknown as Record<Namespace, ExtensionApi>)[ns].storage.sync.set({ settings: { resolvers: ['cloudflare', 'google'], detection } }),
        { ns: namespace, detection },
      );
    },
  };
}
