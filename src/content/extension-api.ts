/**
 * The extension API of the content script, without webextension-polyfill. The background worker, the popup and the
 * options page keep the polyfill (the project's one `browser` API for both browsers); the content script does without
 * it for its size: it is injected into every webmail page, its target is 10 KB gzipped (README "Speed and size"), and
 * the polyfill was 9.7 KB of its minified code. What it calls needs none:
 * - Firefox (140 and later, manifest.json) gives content scripts `browser`, whose methods return promises; the
 *   polyfill itself hands Firefox its own `browser`;
 * - Chrome's MV3 `chrome` returns a promise from runtime.sendMessage (Chrome 99) and storage.sync.get (Chrome 88) when
 *   no callback is given (developer.chrome.com "Extensions / Promises"); manifest.json asks Chrome 116.
 * storage.onChanged is the same event in both. Typed with the polyfill's types, so the calls read as before.
 */
import type Browser from 'webextension-polyfill';

/** The parts of the API the content script uses. */
export type ContentApi = Pick<Browser.Browser, 'runtime' | 'storage'>;

const scope = globalThis as { browser?: ContentApi; chrome?: ContentApi };

/**
 * `browser` where it is the extension API, else `chrome`. In Chrome a page element with id="browser" answers to that
 * global name, and a form can nest named elements under it (`<form id=browser><input name=runtime id=x>` passes the
 * polyfill's own `browser.runtime.id` test); no markup makes a function, so the test is that sendMessage is one.
 */
export const extensionApi: ContentApi =
  typeof scope.browser?.runtime?.sendMessage === 'function' ? scope.browser : (scope.chrome as ContentApi);

/** Chrome's error when the receiver's listener ended without an answer (extensions/renderer messaging_util). */
const NO_RESPONSE = 'The message port closed before a response was received.';

/**
 * runtime.sendMessage as the polyfill answered it: the reply, or undefined when the receiver closed the channel
 * without one (the polyfill resolves Chrome's "message port closed" error to undefined); any other failure, such
 * as no receiver at all ("Could not establish connection. Receiving end does not exist."), rejects.
 */
export function sendMessage(message: unknown): Promise<unknown> {
  return extensionApi.runtime.sendMessage(message).catch((error: unknown) => {
    if ((error as { message?: unknown } | null)?.message === NO_RESPONSE) return undefined;
    throw error;
  });
}
