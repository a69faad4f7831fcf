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
  ORDINARY_MESSAGE_TEXT,
  POLICYD_SPF_BOUNCE_TEXT,
  gmailApp,
  gmailSpfBounce,
  outlookApp,
  type StandInConversation,
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
];

export const BANNER_PAGES = {
  'mail.google.com': { '/mail/u/0/': gmailApp(GMAIL_CONVERSATIONS) },
  'outlook.office.com': { '/mail/inbox': outlookApp(OUTLOOK_CONVERSATIONS) },
};

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

/** Runs `fn(call)` in the extension page (playwright's and puppeteer's page.evaluate alike). */
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
