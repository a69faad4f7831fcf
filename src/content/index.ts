/**
 * The content script on the webmail sites (manifest.json content_scripts), built as one classic script
 * (IIFE): MV3 content scripts are not modules. It watches for opened message bodies (adapters/), lets the
 * core's pre-filter pick out bounces, sends only that bounce's text to the background, and shows the
 * background's explanation in a banner just before the message body.
 */
import browser from 'webextension-polyfill';
import { looksLikeBounce } from '../core/bounce/prefilter';
import { capBounceText, type BounceFoundMessage, type OpenDetailsMessage, type Reply } from '../messages';
import { adapterFor, type WebmailAdapter } from './adapters';
import { BANNER_SELECTOR, createBanner, type Banner } from './banner';
import { followDetection } from './follow-detection';
import { messageKey } from './message-key';
import { watchBodies, type BodyWatch } from './watch';

/** The loading state appears only when the answer is slow: a bounce that is not about authentication answers at once and shows nothing. */
const PENDING_DELAY_MS = 300;

/**
 * A state marker on <html>, so a person or a test can see the extension at work: `watching` (the page was
 * read and nothing was sent), `reporting` (a bounce is on its way to the background), `bounce-reported`
 * (every answer is in and shown), `error` (the last answer was an error) or `off` (detection is switched
 * off for this webmail). It carries nothing from the mailbox.
 */
type Status = 'watching' | 'reporting' | 'bounce-reported' | 'error' | 'off';

/** One bounce message, known by the hash of its text. */
interface Explained {
  state: 'checking' | 'shown' | 'not-auth' | 'dismissed';
  banner: Banner;
  /** whether the banner belongs in the page now (after the loading delay, until dismissed) */
  visible: boolean;
  /** the body element it was last seen in */
  body: Element;
}

function mark(status: Status): void {
  document.documentElement.setAttribute('data-bounce-explainer-status', status);
}

function start(adapter: WebmailAdapter): void {
  const messages = new Map<string, Explained>();
  const keyOfBody = new WeakMap<Element, string>();
  let watch: BodyWatch | null = null;
  let inFlight = 0;
  let lastFailed = false;
  let reported = false;

  const place = (entry: Explained): void => {
    if (watch === null || !entry.visible || !entry.body.isConnected) return;
    if (entry.banner.host.nextElementSibling !== entry.body) entry.body.before(entry.banner.host);
  };

  const settle = (entry: Explained, reply: Reply<'bounce-found'>): void => {
    inFlight--;
    lastFailed = !reply.ok || reply.bounce.status === 'error';
    if (entry.state !== 'dismissed') {
      if (reply.ok && reply.bounce.status === 'not-auth') {
        entry.state = 'not-auth';
        entry.visible = false;
        entry.banner.host.remove();
      } else {
        if (reply.ok) entry.banner.showBounce(reply.bounce);
        else entry.banner.showError(reply.error);
        entry.state = 'shown';
        entry.visible = true;
        place(entry);
      }
    }
    if (watch !== null) mark(inFlight > 0 ? 'reporting' : lastFailed ? 'error' : 'bounce-reported');
  };

  const report = (key: string, text: string, body: Element): void => {
    const entry: Explained = {
      state: 'checking',
      visible: false,
      body,
      banner: createBanner({
        dismiss() {
          entry.state = 'dismissed';
          entry.visible = false;
          entry.banner.host.remove();
        },
        async details() {
          const message: OpenDetailsMessage = { type: 'open-details' };
          try {
            const reply = (await browser.runtime.sendMessage(message)) as Reply<'open-details'> | undefined;
            if (reply?.ok) return reply.opened === 'popup' ? 'The details are open in the Bounce Explainer popup.' : 'The details are open in a new window.';
            return `Could not open the details: ${reply?.error ?? 'the extension did not answer'}`;
          } catch (error) {
            return `Could not open the details: ${error instanceof Error ? error.message : String(error)}`;
          }
        },
      }),
    };
    messages.set(key, entry);
    setTimeout(() => {
      if (entry.state !== 'checking') return;
      entry.banner.showPending();
      entry.visible = true;
      place(entry);
    }, PENDING_DELAY_MS);
    inFlight++;
    reported = true;
    mark('reporting');
    const message: BounceFoundMessage = { type: 'bounce-found', text };
    browser.runtime.sendMessage(message).then(
      (reply) => settle(entry, (reply as Reply<'bounce-found'> | undefined) ?? { ok: false, error: 'the extension did not answer' }),
      (error: unknown) => settle(entry, { ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  };

  const look = (body: Element): void => {
    if (body.closest(BANNER_SELECTOR) !== null) return;
    // textContent costs no layout: only a bounce is worth innerText, which keeps the line breaks
    const raw = body.textContent ?? '';
    if (!looksLikeBounce(raw)) return;
    const text = capBounceText(((body as HTMLElement).innerText || raw).trim());
    if (text === '') return;
    const key = messageKey(text);
    const previous = keyOfBody.get(body);
    if (previous !== undefined && previous !== key) {
      // the webmail replaced this body's content: its old banner no longer belongs to it
      const old = messages.get(previous);
      if (old !== undefined && old.body === body) old.banner.host.remove();
    }
    keyOfBody.set(body, key);
    const known = messages.get(key);
    if (known === undefined) {
      report(key, text, body);
      return;
    }
    // seen before (the conversation re-rendered or reopened): show what is known, never send again
    known.body = body;
    place(known);
  };

  const enable = (): void => {
    if (watch !== null) return;
    watch = watchBodies(adapter.bodies, BANNER_SELECTOR, (bodies) => bodies.forEach(look));
    if (inFlight > 0) mark('reporting');
    else mark(reported ? (lastFailed ? 'error' : 'bounce-reported') : 'watching');
    for (const entry of messages.values()) place(entry);
  };

  const disable = (): void => {
    watch?.stop();
    watch = null;
    for (const entry of messages.values()) entry.banner.host.remove();
    mark('off');
  };

  if (adapter.detection === null) enable();
  else followDetection(adapter.detection, (enabled) => (enabled ? enable() : disable()));
}

if (document.body !== null) start(adapterFor(location.origin));
