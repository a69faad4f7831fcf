import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers, type SenderContext } from '../../src/background/router';
import type { Message } from '../../src/messages';

const runtimeId = 'abcdefghijklmnopabcdefghijklmnop';
const base = `chrome-extension://${runtimeId}/`;
const popup = { id: runtimeId, url: `${base}popup.html` };
const gmailTab = { id: runtimeId, url: 'https://mail.google.com/mail/u/0/', tab: { id: 12 } };

/** Handlers that record what reached them, so a test sees what the router let through. */
function recordingRouter() {
  const calls: { message: Message; context: SenderContext }[] = [];
  const handlers: Handlers = {
    async ping(message, context) {
      calls.push({ message, context });
      return { ok: true, version: '9.9.9' };
    },
    async 'bounce-found'(message, context) {
      calls.push({ message, context });
      return { ok: true, tabId: context.tabId ?? -1, bounce: null as never };
    },
    async 'wording-patterns'(message, context) {
      calls.push({ message, context });
      return { ok: true, patterns: { parts: [], generic: { source: 'x', flags: '' }, other: { source: 'y', flags: '' }, authStatus: { source: 'z', flags: '' } } };
    },
    async 'check-domain'(message, context) {
      calls.push({ message, context });
      if (message.domain === 'throws.example') throw new Error('resolver exploded');
      return { ok: true, check: { domain: message.domain, ip: null, records: [], notes: [] } as never };
    },
    async 'get-tab-state'(message, context) {
      calls.push({ message, context });
      return { ok: true, state: { tabId: message.tabId ?? 0, bounce: null } };
    },
    async 'open-details'(message, context) {
      calls.push({ message, context });
      return { ok: true, opened: 'popup' };
    },
    async 'clear-cache'(message, context) {
      calls.push({ message, context });
      return { ok: true, cleared: true };
    },
    async 'verify-dkim'(message, context) {
      calls.push({ message, context });
      return { ok: true, signatures: [] };
    },
  };
  return { calls, route: createRouter(handlers, { runtimeId, extensionBaseUrl: base }) };
}

describe('the background router', () => {
  it('hands a valid message from an allowed sender to its handler, with where it came from', async () => {
    const { calls, route } = recordingRouter();
    expect(await route({ type: 'ping' }, popup)).toEqual({ ok: true, version: '9.9.9' });
    await route({ type: 'bounce-found', text: '550 5.7.26' }, gmailTab);
    await route({ type: 'wording-patterns' }, gmailTab);
    expect(calls.map((c) => [c.message.type, c.context])).toEqual([
      ['ping', { kind: 'extension-page', tabId: null, url: popup.url }],
      ['bounce-found', { kind: 'content', tabId: 12, url: gmailTab.url }],
      ['wording-patterns', { kind: 'content', tabId: 12, url: gmailTab.url }],
    ]);
  });

  it('refuses senders outside the extension before reading the message', async () => {
    const { calls, route } = recordingRouter();
    expect(await route({ type: 'ping' }, { id: 'other', url: `${base}popup.html` })).toEqual({
      ok: false,
      error: "refused: messages are accepted only from this extension's pages and its content script on webmail",
    });
    expect(await route({ type: 'ping' }, { id: runtimeId, url: 'https://example.com/', tab: { id: 1 } })).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('refuses a message type from the wrong kind of sender', async () => {
    const { calls, route } = recordingRouter();
    expect(await route({ type: 'check-domain', domain: 'example.com' }, gmailTab)).toEqual({
      ok: false,
      error: 'refused: "check-domain" is not accepted from a content script',
    });
    expect(await route({ type: 'get-tab-state' }, gmailTab)).toMatchObject({ ok: false });
    // a page cannot make the background verify (and so look up keys for) a message of its choosing
    expect(await route({ type: 'verify-dkim', message: 'From: a@example.com\r\n\r\nx' }, gmailTab)).toEqual({
      ok: false,
      error: 'refused: "verify-dkim" is not accepted from a content script',
    });
    expect(await route({ type: 'bounce-found', text: '550' }, popup)).toEqual({
      ok: false,
      error: 'refused: "bounce-found" is not accepted from an extension page',
    });
    expect(await route({ type: 'wording-patterns' }, popup)).toEqual({
      ok: false,
      error: 'refused: "wording-patterns" is not accepted from an extension page',
    });
    expect(calls).toEqual([]);
  });

  it('answers a malformed message with what is wrong', async () => {
    const { route } = recordingRouter();
    expect(await route({ type: 'check-domain', domain: ['example.com'] }, popup)).toEqual({
      ok: false,
      error: 'bad message: check-domain: "domain" must be a string',
    });
    expect(await route(undefined, popup)).toEqual({ ok: false, error: 'bad message: a message must be an object' });
  });

  it('turns a handler failure into an error reply instead of a rejected promise', async () => {
    const { route } = recordingRouter();
    expect(await route({ type: 'check-domain', domain: 'throws.example' }, popup)).toEqual({
      ok: false,
      error: 'check-domain failed: resolver exploded',
    });
  });
});

describe('open-details and clear-cache', () => {
  it('take open-details only from the content script and clear-cache only from extension pages', async () => {
    const { calls, route } = recordingRouter();
    expect(await route({ type: 'open-details' }, gmailTab)).toEqual({ ok: true, opened: 'popup' });
    expect(await route({ type: 'clear-cache' }, popup)).toEqual({ ok: true, cleared: true });
    expect(await route({ type: 'clear-cache' }, gmailTab)).toMatchObject({ ok: false });
    expect(await route({ type: 'open-details' }, popup)).toMatchObject({ ok: false });
    expect(await route({ type: 'clear-cache', url: 'https://evil.example/' }, popup)).toMatchObject({ ok: false, error: expect.stringContaining('unexpected field') });
    expect(calls.map((c) => c.message.type)).toEqual(['open-details', 'clear-cache']);
  });
});
