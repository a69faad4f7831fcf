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
 * A state marker on <html>, so a person or a test can see the extension at work: `watching` (the page was
 * read and nothing was sent), `reporting` (a bounce is on its way to the background), `bounce-reported`
 * (the background took it) or `error`. It carries nothing from the mailbox.
 */
type Status = 'watching' | 'reporting' | 'bounce-reported' | 'error';

function mark(status: Status): void {
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
      mark('reporting');
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

  // document_idle: the page as loaded is there to read now; what the web app renders later comes by mutation
  scan();
  if (reported.size === 0) mark('watching');
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true, characterData: true });
}

const adapter = adapterFor(location.origin);
if (adapter !== undefined && document.body !== null) start(adapter);
