/**
 * The content script on the webmail sites (manifest.json content_scripts), built as one classic script
 * (IIFE): MV3 content scripts are not modules. It watches for opened message bodies (src/webmails), lets the
 * core's pre-filter pick out bounces (with the receivers' wordings asked of the background when a body needs them:
 * wording-source.ts), reads only the text a person can see (visible-text.ts), and shows the
 * background's explanation in a banner just before the message body.
 *
 * A bounce is untrusted input, so nothing leaves the browser unasked for mail that is not a bounce: a body
 * is sent to the background by itself only when the webmail shows it from a delivery-status sender
 * (delivery-status-senders.ts), and at most AUTOMATIC_CHECKS_PER_MINUTE times a minute per page. Any other
 * bounce-like body gets a banner whose "Check this bounce" button ([data-bounce-explainer="check"]) sends
 * it, on a person's click only.
 */
import { prefilter, type RefusalWording } from '../core/bounce/prefilter-rules';
import { MAX_BOUNCE_TEXT, capBounceText, type BounceFoundMessage, type OpenDetailsMessage, type Reply } from '../messages';
import { adapterFor, type PageAdapter } from '../webmails';
import { BANNER_SELECTOR, createBanner, type Banner, type CheckReason } from './banner';
import { sendMessage } from './extension-api';
import { followDetection } from './follow-detection';
import { messageKey } from './message-key';
import { deliveryStatusSenderOf } from './message-sender';
import { checkBudget } from './rate-limit';
import { visibleText } from './visible-text';
import { watchBodies, type BodyWatch } from './watch';
import { wordingSource } from './wording-source';

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
  /** the hash of its visible text (message-key.ts) */
  key: string;
  /** 'offered': waits for the user's click on "Check this bounce"; nothing was sent */
  state: 'offered' | 'checking' | 'shown' | 'not-auth' | 'dismissed';
  /** sent on the user's click: an answer that it is not an authentication bounce is then shown, not hidden */
  clicked: boolean;
  banner: Banner;
  /** whether the banner belongs in the page now (after the loading delay, until dismissed) */
  visible: boolean;
  /** the body element it was last seen in */
  body: Element;
}

function mark(status: Status): void {
  document.documentElement.setAttribute('data-bounce-explainer-status', status);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const NO_ANSWER = 'the extension did not answer';

/** A body's visible text when it could be a bounce. */
interface Reading {
  body: Element;
  /** '' when it is no bounce */
  text: string;
}

/** A body that only the receivers' wordings can tell, before they are here (wording-source.ts). */
const WAIT_FOR_WORDINGS = 'wait';

/**
 * Reads one body: its visible text when it could be a bounce, '' when not; null for a body not to read.
 * Reads only: a pass reads every body before it writes any banner, so the layout is computed once.
 */
function readBody(adapter: PageAdapter, body: Element, wording: RefusalWording | undefined): Reading | null | typeof WAIT_FOR_WORDINGS {
  if (body.closest(BANNER_SELECTOR) !== null) return null;
  // a body inside another match (an id and a landmark on nested elements): the outer one is read
  if (body.parentElement?.closest(adapter.bodies) != null) return null;
  // textContent costs no style or layout: the visible text is read only for what could be a bounce
  const raw = prefilter(body.textContent ?? '', wording);
  if (raw !== true) return raw === false ? { body, text: '' } : WAIT_FOR_WORDINGS;
  const text = capBounceText(visibleText(body, MAX_BOUNCE_TEXT));
  // hidden bounce text (a 1px white span in a newsletter) is not a bounce
  const visible = prefilter(text, wording);
  return visible === undefined ? WAIT_FOR_WORDINGS : { body, text: visible ? text : '' };
}

/** The banner's Details button: asks the background to open the popup; resolves to where it opened. */
async function openDetails(): Promise<string> {
  const message: OpenDetailsMessage = { type: 'open-details' };
  let reply: Reply<'open-details'> | undefined;
  try {
    reply = (await sendMessage(message)) as Reply<'open-details'> | undefined;
  } catch (error) {
    reply = { ok: false, error: errorText(error) };
  }
  if (reply?.ok) return reply.opened === 'popup' ? 'The details are open in the Bounce Explainer popup.' : 'The details are open in a new window.';
  return `Could not open the details: ${reply?.error ?? NO_ANSWER}`;
}

/** Asks the background about a bounce's text; a failure to ask is an error reply. */
function askBackground(text: string): Promise<Reply<'bounce-found'>> {
  const message: BounceFoundMessage = { type: 'bounce-found', text };
  return sendMessage(message).then(
    (reply) => (reply as Reply<'bounce-found'> | undefined) ?? { ok: false, error: NO_ANSWER },
    (error: unknown) => ({ ok: false, error: errorText(error) }),
  );
}

/** The page's status marker, from the checks in flight and the last answer. */
interface StatusKeeper {
  /** whether banners belong in the page (detection is on) */
  readonly showing: boolean;
  sent(): void;
  answered(failed: boolean): void;
  show(on: boolean): void;
}

function statusKeeper(): StatusKeeper {
  let showing = false;
  let inFlight = 0;
  let lastFailed = false;
  let reported = false;
  const report = (): void => mark(inFlight > 0 ? 'reporting' : !reported ? 'watching' : lastFailed ? 'error' : 'bounce-reported');
  return {
    get showing() {
      return showing;
    },
    sent() {
      inFlight++;
      reported = true;
      mark('reporting');
    },
    answered(failed) {
      inFlight--;
      lastFailed = failed;
      if (showing) report();
    },
    show(on) {
      showing = on;
      if (on) report();
      else mark('off');
    },
  };
}

/** One bounce's way: offered (waits for a click) or sent, then answered and shown, or hidden. */
function bounceFlow(status: StatusKeeper, place: (entry: Explained) => void) {
  const hide = (entry: Explained, state: Explained['state']): void => {
    entry.state = state;
    entry.visible = false;
    entry.banner.host.remove();
  };

  const settle = (entry: Explained, reply: Reply<'bounce-found'>): void => {
    const notAuth = reply.ok && reply.bounce.status === 'not-auth';
    if (entry.state === 'dismissed') {
      // the user closed it: it stays closed
    } else if (notAuth && !entry.clicked) hide(entry, 'not-auth');
    else {
      if (reply.ok) entry.banner.showBounce(reply.bounce);
      else entry.banner.showError(reply.error);
      entry.state = notAuth ? 'not-auth' : 'shown';
      entry.visible = true;
      place(entry);
    }
    status.answered(!reply.ok || reply.bounce.status === 'error');
  };

  /** Sends the bounce's visible text to the background (automatically, or after the user's click). */
  const send = (entry: Explained, text: string): void => {
    entry.state = 'checking';
    if (entry.clicked) entry.banner.showPending();
    else {
      // the loading state appears only when the answer is slow
      setTimeout(() => {
        if (entry.state !== 'checking') return;
        entry.banner.showPending();
        entry.visible = true;
        place(entry);
      }, PENDING_DELAY_MS);
    }
    status.sent();
    void askBackground(text).then((reply) => settle(entry, reply));
  };

  /** Shows the "Check this bounce" banner; nothing is sent before a person clicks it. */
  const offer = (entry: Explained, text: string, reason: CheckReason): void => {
    entry.visible = true;
    entry.banner.showCheck(reason, () => {
      if (entry.state !== 'offered') return;
      entry.clicked = true;
      send(entry, text);
    });
    place(entry);
  };
  return { hide, send, offer };
}

/** The bounces of one page and their banners: what is sent, when, and what is shown. */
interface Explainer {
  /** one body read in a pass: a new bounce is sent or offered, a known one shown again */
  look(reading: Reading): void;
  /** detection switched on (the banners go back in the page) or off (they leave it) */
  show(on: boolean): void;
}

function explainer(adapter: PageAdapter): Explainer {
  const messages = new Map<string, Explained>();
  const keyOfBody = new WeakMap<Element, string>();
  const budget = checkBudget();
  const status = statusKeeper();

  const place = (entry: Explained): void => {
    if (!status.showing || !entry.visible || !entry.body.isConnected) return;
    // the body's text changed since (in place): this banner is about text no longer there
    if (keyOfBody.get(entry.body) !== entry.key) return;
    if (entry.banner.host.nextElementSibling !== entry.body) entry.body.before(entry.banner.host);
  };
  const flow = bounceFlow(status, place);

  /** The body's earlier banner, when its text changed in place: it no longer belongs to it. */
  const retire = (body: Element, key: string | null): void => {
    const previous = keyOfBody.get(body);
    if (previous === undefined || previous === key) return;
    const old = messages.get(previous);
    if (old !== undefined && old.body === body) old.banner.host.remove();
    if (key === null) keyOfBody.delete(body);
  };

  const look = ({ body, text }: Reading): void => {
    if (text === '') return retire(body, null);
    const key = messageKey(text);
    retire(body, key);
    keyOfBody.set(body, key);
    const known = messages.get(key);
    if (known !== undefined) {
      // seen before (the conversation re-rendered or reopened): show what is known, never send again
      known.body = body;
      return place(known);
    }
    const entry: Explained = { key, state: 'offered', clicked: false, visible: false, body, banner: createBanner({ dismiss: () => flow.hide(entry, 'dismissed'), details: openDetails }) };
    messages.set(key, entry);
    if (deliveryStatusSenderOf(body, adapter.sender, adapter.bodies) === null) flow.offer(entry, text, 'not-from-mail-system');
    else if (!budget.take()) flow.offer(entry, text, 'page-limit');
    else flow.send(entry, text);
  };

  const show = (on: boolean): void => {
    status.show(on);
    for (const entry of messages.values()) {
      if (on) place(entry);
      else entry.banner.host.remove();
    }
  };

  return { look, show };
}

/** Watches the page's message bodies while detection is on for this webmail (settings, per webmail). */
function start(adapter: PageAdapter): void {
  const page = explainer(adapter);
  let watch: BodyWatch | null = null;
  // the bodies read before the wordings came, read again when they do
  const waiting = new Set<Element>();
  const wording = wordingSource(() => {
    const bodies = [...waiting].filter((body) => body.isConnected);
    waiting.clear();
    if (watch !== null) lookAt(bodies);
  });
  // every body is read before any banner is written (readBody)
  const lookAt = (bodies: Element[]): void => {
    const readings = bodies.map((body) => [body, readBody(adapter, body, wording.current)] as const);
    for (const [body, reading] of readings) {
      if (reading === WAIT_FOR_WORDINGS) {
        waiting.add(body);
        wording.need();
      } else if (reading !== null) page.look(reading);
    }
  };
  const enable = (): void => {
    if (watch !== null) return;
    watch = watchBodies(adapter.bodies, BANNER_SELECTOR, lookAt);
    // after the first pass (it runs inside watchBodies): every banner goes in at once, with the page's status
    page.show(true);
  };
  const disable = (): void => {
    watch?.stop();
    watch = null;
    waiting.clear();
    page.show(false);
  };
  if (adapter.detection === null) enable();
  else followDetection(adapter.detection, (enabled) => (enabled ? enable() : disable()));
}

if (document.body !== null) start(adapterFor(location.origin));
