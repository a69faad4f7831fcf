/**
 * The content script's extension API without webextension-polyfill (src/content/extension-api.ts): which global it
 * takes, and sendMessage answering as the polyfill did: the reply; undefined when Chrome says the receiver closed the
 * channel without one; a rejection for any other failure (no receiver), which index.ts turns into an error reply.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

type SendMessage = (message: unknown) => Promise<unknown>;

/** A stand-in for one browser's API object: its runtime.id, sendMessage and a storage marker. */
function fakeApi(name: string, sendMessage: SendMessage, id: string | undefined = 'extension-id') {
  return { name, runtime: { id, sendMessage: vi.fn(sendMessage) }, storage: { name } };
}

/** Loads the module afresh with these globals: it reads them once, when the content script starts. */
async function load(globals: { browser?: unknown; chrome?: unknown }) {
  vi.resetModules();
  vi.stubGlobal('browser', globals.browser);
  vi.stubGlobal('chrome', globals.chrome);
  return import('../../src/content/extension-api');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const answer = (value: unknown): SendMessage => () => Promise.resolve(value);
const fail = (message: string): SendMessage => () => Promise.reject(new Error(message));

describe('the content script extension API', () => {
  it("takes Firefox's browser when it is the extension API, else Chrome's chrome", async () => {
    const firefox = fakeApi('browser', answer(1));
    const chrome = fakeApi('chrome', answer(2));
    expect((await load({ browser: firefox, chrome })).extensionApi).toBe(firefox);
    expect((await load({ chrome })).extensionApi).toBe(chrome);
    // in Chrome, a page element with id="browser" answers to the global name: it has no runtime.id
    const element = { tagName: 'DIV', id: 'browser' };
    expect((await load({ browser: element, chrome })).extensionApi).toBe(chrome);
    // a form nests named elements: <form id=browser><input name=runtime id=x> has a browser.runtime.id, no function
    const form = { tagName: 'FORM', id: 'browser', runtime: { tagName: 'INPUT', name: 'runtime', id: 'x' } };
    expect((await load({ browser: form, chrome })).extensionApi).toBe(chrome);
  });

  it('sends through the chosen API and resolves to the reply, undefined included', async () => {
    const chrome = fakeApi('chrome', answer({ ok: true }));
    const { sendMessage } = await load({ chrome });
    await expect(sendMessage({ type: 'open-details' })).resolves.toEqual({ ok: true });
    expect(chrome.runtime.sendMessage).toHaveBeenCalledWith({ type: 'open-details' });
    chrome.runtime.sendMessage.mockImplementation(answer(undefined));
    await expect(sendMessage({ type: 'open-details' })).resolves.toBeUndefined();
  });

  it('rejects when no receiver exists, with the browser error', async () => {
    const noReceiver = 'Could not establish connection. Receiving end does not exist.';
    const { sendMessage } = await load({ chrome: fakeApi('chrome', fail(noReceiver)) });
    await expect(sendMessage({ type: 'bounce-found', text: 'x' })).rejects.toThrow(noReceiver);
  });

  it("resolves to undefined when Chrome's receiver closed the channel without an answer, as the polyfill did", async () => {
    const { sendMessage } = await load({ chrome: fakeApi('chrome', fail('The message port closed before a response was received.')) });
    await expect(sendMessage({ type: 'bounce-found', text: 'x' })).resolves.toBeUndefined();
  });
});
