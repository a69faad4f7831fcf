/**
 * The content script's source of the receivers' wordings (src/content/wording-source.ts): it asks the background once
 * while an answer is on its way, with a message that carries nothing but its type; it takes only well-formed patterns;
 * after a failed ask (no receiver, an error reply, bad data) the next need asks again. The browser API is a stand-in
 * here; the end-to-end test in test/e2e/banner.test.ts runs the real one in both browsers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { looksLikeBounce, wordingPatterns } from '../../src/core/bounce/prefilter';
import { prefilter } from '../../src/core/bounce/prefilter-rules';
import { PASTED_REFUSAL_TEXT } from '../helpers/e2e-banner';

type SendMessage = (message: unknown) => Promise<unknown>;

/** Loads the module afresh with a stand-in `chrome` whose runtime.sendMessage is `send`. */
async function load(send: SendMessage) {
  vi.resetModules();
  const sendMessage = vi.fn(send);
  vi.stubGlobal('browser', undefined);
  vi.stubGlobal('chrome', { runtime: { id: 'extension-id', sendMessage }, storage: {} });
  const { wordingSource } = await import('../../src/content/wording-source');
  return { wordingSource, sendMessage };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Lets the pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the content script's source of the receivers' wordings", () => {
  it('asks once while the answer is on its way, with nothing but the type, and reads with what comes', async () => {
    const patterns = JSON.parse(JSON.stringify(wordingPatterns()));
    const { wordingSource, sendMessage } = await load(() => Promise.resolve({ ok: true, patterns }));
    const arrived = vi.fn();
    const source = wordingSource(arrived);
    expect(source.current).toBeUndefined();
    source.need();
    source.need();
    source.need();
    expect(sendMessage).toHaveBeenCalledTimes(1);
    expect(sendMessage).toHaveBeenCalledWith({ type: 'wording-patterns' });
    await settle();
    expect(arrived).toHaveBeenCalledTimes(1);
    expect(source.current).toBeDefined();
    expect(prefilter(PASTED_REFUSAL_TEXT, source.current)).toBe(looksLikeBounce(PASTED_REFUSAL_TEXT));
    expect(prefilter(PASTED_REFUSAL_TEXT, source.current)).toBe(true);
    // here: never asked again
    source.need();
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['no receiver', () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))],
    ['an error reply', () => Promise.resolve({ ok: false, error: 'wording-patterns failed' })],
    ['no reply', () => Promise.resolve(undefined)],
    ['patterns that are not patterns', () => Promise.resolve({ ok: true, patterns: { parts: [{ source: '(', flags: 'i' }] } })],
  ] as [string, SendMessage][])('after %s it has none, tells nobody, and asks again on the next need', async (_name, send) => {
    const { wordingSource, sendMessage } = await load(send);
    const arrived = vi.fn();
    const source = wordingSource(arrived);
    source.need();
    await settle();
    expect(source.current).toBeUndefined();
    expect(arrived).not.toHaveBeenCalled();
    source.need();
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });
});
