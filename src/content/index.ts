/**
 * The content script on the webmail sites (manifest.json content_scripts). It reads the opened messages'
 * bodies, and when one is a bounce it sends that text (and nothing else of the mailbox) to the background.
 * Built as one classic script (IIFE): MV3 content scripts are not modules.
 */
import browser from 'webextension-polyfill';
import { capBounceText, type BounceFoundMessage, type Reply } from '../messages';
import { looksLikeBounce } from './detect';
import { adapterFor, type WebmailAdapter } from './webmail';

/** Webmail pages re-render often; wait for a quiet moment before reading. */
const SETTLE_MS = 300;

/**
 * A state marker on <html> (the page cannot do anything with it): `watching`, `bounce-reported`, or
 * `error`. It lets a person or a test see that the extension is at work on the page.
 */
function mark(status: 'watching' | 'bounce-reported' | 'error'): void {
  document.documentElement.setAttribute('data-bounce-explainer-status', status);
}

function start(adapter: WebmailAdapter): void {
  const reported = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const scan = (): void => {
    timer = undefined;
    for (const body of document.querySelectorAll<HTMLElement>(adapter.messageBodies)) {
      const text = capBounceText((body.innerText || body.textContent || '').trim());
      if (text === '' || reported.has(text) || !looksLikeBounce(text)) continue;
      reported.add(text);
      const message: BounceFoundMessage = { type: 'bounce-found', text };
      browser.runtime.sendMessage(message).then(
        (reply) => mark((reply as Reply<'bounce-found'> | undefined)?.ok ? 'bounce-reported' : 'error'),
        () => mark('error'),
      );
    }
  };

  const schedule = (): void => {
    if (timer === undefined) timer = setTimeout(scan, SETTLE_MS);
  };

  mark('watching');
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true, characterData: true });
  schedule();
}

const adapter = adapterFor(location.origin);
if (adapter !== undefined && document.body !== null) start(adapter);
