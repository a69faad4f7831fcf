import { describe, expect, it } from 'vitest';
import { MAX_BOUNCE_TEXT, WEBMAIL_ORIGINS, capBounceText, classifySender, isMessage, parseMessage } from '../../src/messages';

describe('parseMessage', () => {
  it('accepts each message as it is sent', () => {
    expect(parseMessage({ type: 'ping' })).toEqual({ type: 'ping' });
    expect(parseMessage({ type: 'bounce-found', text: '550 5.7.26 unauthenticated' })).toEqual({ type: 'bounce-found', text: '550 5.7.26 unauthenticated' });
    expect(parseMessage({ type: 'check-domain', domain: 'example.com', ip: '192.0.2.1', sender: 'a@example.com', helo: 'mx.example.com' })).toEqual({
      type: 'check-domain',
      domain: 'example.com',
      ip: '192.0.2.1',
      sender: 'a@example.com',
      helo: 'mx.example.com',
    });
    expect(parseMessage({ type: 'check-domain', domain: 'example.com', selector: ' selector1 ' })).toEqual({ type: 'check-domain', domain: 'example.com', selector: 'selector1' });
    expect(parseMessage({ type: 'get-tab-state' })).toEqual({ type: 'get-tab-state' });
    expect(parseMessage({ type: 'wording-patterns' })).toEqual({ type: 'wording-patterns' });
    expect(parseMessage({ type: 'get-tab-state', tabId: 7 })).toEqual({ type: 'get-tab-state', tabId: 7 });
  });

  it('treats empty optional form fields as not given and trims the rest', () => {
    expect(parseMessage({ type: 'check-domain', domain: ' example.com ', ip: '', sender: '  ', helo: ' mx.example.com ' })).toEqual({
      type: 'check-domain',
      domain: 'example.com',
      helo: 'mx.example.com',
    });
  });

  it.each([
    [null, 'a message must be an object'],
    [[{ type: 'ping' }], 'a message must be an object'],
    ['ping', 'a message must be an object'],
    [{}, 'a message needs a string "type"'],
    [{ type: 'toString' }, 'unknown message type "toString"'],
    [{ type: 'ping', extra: 1 }, 'ping: unexpected field "extra"'],
    // it asks for patterns and carries nothing: no text, no name
    [{ type: 'wording-patterns', text: '550 5.7.26' }, 'wording-patterns: unexpected field "text"'],
    [{ type: 'bounce-found' }, 'bounce-found: "text" must be a string'],
    [{ type: 'bounce-found', text: ' \n ' }, 'bounce-found: "text" is empty'],
    [{ type: 'bounce-found', text: 'x'.repeat(MAX_BOUNCE_TEXT + 1) }, `bounce-found: "text" is longer than ${MAX_BOUNCE_TEXT} characters`],
    [{ type: 'check-domain' }, 'check-domain: "domain" must be a string'],
    [{ type: 'check-domain', domain: '' }, 'check-domain: "domain" is empty'],
    [{ type: 'check-domain', domain: `${'a'.repeat(250)}.com` }, 'check-domain: "domain" is longer than 253 characters'],
    [{ type: 'check-domain', domain: 'example.com', ip: 17 }, 'check-domain: "ip" must be a string'],
    [{ type: 'check-domain', domain: 'example.com', ip: '1'.repeat(46) }, 'check-domain: "ip" is longer than 45 characters'],
    [{ type: 'check-domain', domain: 'example.com', tabs: [] }, 'check-domain: unexpected field "tabs"'],
    [{ type: 'check-domain', domain: 'example.com', selector: 7 }, 'check-domain: "selector" must be a string'],
    [{ type: 'get-tab-state', tabId: -1 }, 'get-tab-state: "tabId" must be a non-negative integer'],
    [{ type: 'get-tab-state', tabId: 1.5 }, 'get-tab-state: "tabId" must be a non-negative integer'],
  ])('refuses %j: %s', (input, error) => {
    const parsed = parseMessage(input);
    expect(isMessage(parsed)).toBe(false);
    expect(parsed).toEqual({ error });
  });
});

describe('classifySender', () => {
  const runtimeId = 'abcdefghijklmnopabcdefghijklmnop';
  const base = `chrome-extension://${runtimeId}/`;

  it('knows the extension pages by the extension base URL', () => {
    expect(classifySender({ id: runtimeId, url: `${base}popup.html`, origin: `chrome-extension://${runtimeId}` }, runtimeId, base)).toBe('extension-page');
    // Firefox reports no origin
    expect(classifySender({ id: 'x@y', url: 'moz-extension://1234/options.html' }, 'x@y', 'moz-extension://1234/')).toBe('extension-page');
  });

  it('knows the content script by a tab on a webmail origin', () => {
    for (const origin of WEBMAIL_ORIGINS) {
      expect(classifySender({ id: runtimeId, url: `${origin}/mail/u/0/#inbox`, origin, tab: { id: 3 } }, runtimeId, base)).toBe('content');
    }
  });

  it.each([
    ['another extension', { id: 'someoneelse', url: `${base}popup.html` }],
    ['no id', { url: `${base}popup.html` }],
    ['no URL', { id: runtimeId }],
    ['a page that is not webmail', { id: runtimeId, url: 'https://evil.example/mail.google.com', tab: { id: 1 } }],
    ['a look-alike host', { id: runtimeId, url: 'https://mail.google.com.evil.example/', tab: { id: 1 } }],
    ['plain http webmail', { id: runtimeId, url: 'http://mail.google.com/', tab: { id: 1 } }],
    ['webmail outside a tab', { id: runtimeId, url: 'https://mail.google.com/' }],
    ['a frame whose origin differs from its URL', { id: runtimeId, url: 'https://mail.google.com/', origin: 'https://evil.example', tab: { id: 1 } }],
    ['an extension URL with a foreign origin', { id: runtimeId, url: `${base}popup.html`, origin: 'https://evil.example' }],
    ['an unparsable URL', { id: runtimeId, url: 'not a url', tab: { id: 1 } }],
  ])('refuses %s', (_name, sender) => {
    expect(classifySender(sender, runtimeId, base)).toBeNull();
  });
});

describe('capBounceText', () => {
  it('leaves text within the cap alone', () => {
    expect(capBounceText('550 5.7.26\nline')).toBe('550 5.7.26\nline');
  });

  it('cuts longer text to the cap, at a line end when one is near', () => {
    const line = `${'x'.repeat(99)}\n`;
    const capped = capBounceText(line.repeat(Math.ceil(MAX_BOUNCE_TEXT / 100) + 5));
    expect(capped.length).toBeLessThanOrEqual(MAX_BOUNCE_TEXT);
    expect(capped.endsWith('x')).toBe(true);
    expect(capped.length).toBeGreaterThan(MAX_BOUNCE_TEXT - 100);
    expect(isMessage(parseMessage({ type: 'bounce-found', text: capped }))).toBe(true);
  });

  it('cuts text without line ends at the cap', () => {
    expect(capBounceText('y'.repeat(MAX_BOUNCE_TEXT * 2))).toHaveLength(MAX_BOUNCE_TEXT);
  });
});
