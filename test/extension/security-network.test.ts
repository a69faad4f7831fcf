/**
 * A web page cannot steer the extension's network use. Messages carry data only (a domain, an IP, a
 * bounce's text), never a URL: parseMessage refuses any field beyond each message's own. Whatever that
 * data is, and whatever hostile DNS answers come back, the engine the background runs (diagnose(), as the
 * check-domain handler calls it) fetches nothing but the configured DoH endpoints, with only a name and a
 * type in the query. And the DoH client re-checks its endpoints, so a tampered setting fetches nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DohResolver } from '../../src/core/dns';
import { diagnose } from '../../src/core/diagnose';
import { MESSAGE_RULES, isMessage, parseMessage, type MessageType } from '../../src/messages';
import { startDohServer, type DohServer } from '../helpers/doh-server';
import type { ZoneData } from '../helpers/zone';

/** One valid message of each type, with every field it may carry. */
const FULL: Record<MessageType, Record<string, unknown>> = {
  ping: { type: 'ping' },
  'bounce-found': { type: 'bounce-found', text: '550 5.7.26 This mail has been blocked because the sender is unauthenticated.' },
  'wording-patterns': { type: 'wording-patterns' },
  'check-domain': { type: 'check-domain', domain: 'example.com', ip: '192.0.2.1', sender: 'a@example.com', helo: 'mx.example.com', selector: 'selector1' },
  'verify-dkim': { type: 'verify-dkim', message: 'From: a@example.com\r\nDKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from; bh=YmFk; b=YmFk\r\n\r\nbody\r\n' },
  'get-tab-state': { type: 'get-tab-state', tabId: 3 },
  'open-details': { type: 'open-details' },
  'clear-cache': { type: 'clear-cache' },
};

describe('messages carry data, never a URL', () => {
  it('the table above covers every message type, and each is accepted as is', () => {
    expect(Object.keys(FULL).sort()).toEqual(Object.keys(MESSAGE_RULES).sort());
    for (const message of Object.values(FULL)) expect(isMessage(parseMessage(message))).toBe(true);
  });

  it('any field beyond a message’s own is refused, whatever its name and value', () => {
    const types = Object.keys(FULL) as MessageType[];
    const urlish = fc.constantFrom('url', 'endpoint', 'resolver', 'doh', 'href', 'src', 'fetch', '__proto__x', 'constructor');
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.oneof(urlish, fc.string({ minLength: 1, maxLength: 12 })), fc.anything(), (type, key, value) => {
        const message = FULL[type];
        fc.pre(!Object.prototype.hasOwnProperty.call(message, key));
        const parsed = parseMessage({ ...message, [key]: value });
        expect(isMessage(parsed)).toBe(false);
        expect('error' in parsed && parsed.error).toMatch(/unexpected field/);
      }),
      { numRuns: 500 },
    );
  });

  it('what a content script may send is the bounce text, the details button and the ask for the wordings, nothing with an address', () => {
    const fromContent = (Object.keys(MESSAGE_RULES) as MessageType[]).filter((t) => MESSAGE_RULES[t].from.includes('content')).sort();
    expect(fromContent).toEqual(['bounce-found', 'open-details', 'ping', 'wording-patterns']);
    for (const type of fromContent) expect(Object.keys(FULL[type]).every((field) => field === 'type' || field === 'text')).toBe(true);
  });
});

describe('the engine fetches the configured resolvers only', () => {
  let server: DohServer;
  beforeAll(async () => {
    server = await startDohServer({ zone: {} });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Names and texts a page or a hostile zone might slip in, hoping one ends up as a URL. */
  const hostile = fc.constantFrom(
    'https://evil.example/steal',
    'evil.example/path?x=1#frag',
    '//evil.example',
    'user:pass@evil.example',
    '127.0.0.1:8080',
    '[::1]:53',
    'javascript:alert(1)',
    '..%2f..%2fetc',
    'a b.example.com',
    'xn--n3h.example',
    `${'z'.repeat(70)}.example.com`,
    'example.com',
  );
  const record = fc
    .array(
      fc.oneof(
        hostile.map((h) => `include:${h}`),
        hostile.map((h) => `a:${h}`),
        hostile.map((h) => `redirect=${h}`),
        hostile.map((h) => `exp=${h}`),
        fc.constantFrom('exists:%{s}.%{h}.%{d}', 'include:%{l}.example.net', 'mx:%{o}', 'ptr:%{h}', '-all', '~all'),
      ),
      { maxLength: 6 },
    )
    .map((terms) => ['v=spf1', ...terms].join(' '));

  it('every fetch goes to a configured endpoint with only name, type and the ECS opt-out in the query', async () => {
    const endpoints = [server.cloudflareUrl, server.googleUrl];
    let total = 0;
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, record, record, async (domain, sender, helo, rootRecord, otherRecord) => {
        const zone: ZoneData = {
          'example.com': [{ TXT: rootRecord }, { TXT: 'https://evil.example/exp-text %{s}' }],
          'evil.example': [{ TXT: otherRecord }, { A: '127.0.0.1' }, { MX: [10, 'https://evil.example/mx'] }],
        };
        server.setZone(zone);
        const fetched: string[] = [];
        const resolver = new DohResolver({
          endpoints,
          timeoutMs: 2000,
          fetch: (input, init) => {
            fetched.push(String(input));
            return fetch(input, init);
          },
        });
        await diagnose({ domain, ip: '192.0.2.1', sender: `${sender}@${domain}`, helo }, { resolver, budgetMs: 5000 });
        total += fetched.length;
        for (const url of fetched) {
          const parsed = new URL(url);
          expect(endpoints).toContain(`${parsed.origin}${parsed.pathname}`);
          expect([...parsed.searchParams.keys()].every((key) => ['name', 'type', 'edns_client_subnet'].includes(key))).toBe(true);
          expect(parsed.username + parsed.password + parsed.hash).toBe('');
        }
      }),
      { numRuns: 40 },
    );
    // the property is about real fetches: there must have been some
    expect(total).toBeGreaterThan(40);
  });

  it('a tampered endpoint is refused before any fetch', async () => {
    const scheme = fc.constantFrom('http', 'ftp', 'file', 'ws', 'data', 'javascript', 'chrome-extension', 'gopher');
    const host = fc.constantFrom('evil.example', 'dns.google', '192.168.1.1', '10.0.0.1', 'cloudflare-dns.com');
    const tampered = fc.oneof(
      fc.tuple(scheme, host).map(([s, h]) => `${s}://${h}/dns-query`),
      host.map((h) => `https://user:secret@${h}/dns-query`),
      fc.constantFrom('not a url', '', '/dns-query', 'javascript:alert(1)', 'data:text/plain,x'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(tampered, { minLength: 1, maxLength: 3 }), async (endpoints) => {
        let fetches = 0;
        const resolver = new DohResolver({
          endpoints,
          fetch: () => {
            fetches++;
            return Promise.reject(new Error('no fetch may happen'));
          },
        });
        const result = await resolver.lookup('example.com', 'TXT');
        expect(fetches).toBe(0);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.message).toMatch(/refused endpoint|failed at every/);
      }),
      { numRuns: 200 },
    );
  });
});
