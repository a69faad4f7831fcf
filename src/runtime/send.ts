/**
 * Sends a message to the background and types its reply; a transport failure becomes an error reply.
 * Shared by the extension's pages (popup, options), so neither imports the other's modules.
 */
import browser from 'webextension-polyfill';
import type { Message, Reply } from '../messages';

export async function send<M extends Message>(message: M): Promise<Reply<M['type']>> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as Reply<M['type']> | undefined;
    return reply ?? { ok: false, error: 'the background worker did not answer' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
