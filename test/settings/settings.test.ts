import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  RESOLVER_CHOICES,
  choiceFor,
  detectionEnabled,
  originPattern,
  readSettings,
  resolverUrls,
  usesCustom,
  validateCustomResolver,
} from '../../src/settings/settings';

const CUSTOM = 'https://dns.example.net/dns-query';

describe('resolver settings', () => {
  it('reads what the options page stores', () => {
    const stored = { resolvers: ['google', 'cloudflare'], customResolver: null, detection: { gmail: true, outlook: false } };
    expect(readSettings(stored)).toEqual(stored);
    expect(resolverUrls(readSettings(stored))).toEqual(['https://dns.google/resolve', 'https://cloudflare-dns.com/dns-query']);
  });

  it.each([undefined, null, 'cloudflare', [], {}, { resolvers: 'google' }, { resolvers: [] }, { resolvers: ['quad9', 42] }])(
    'falls back to the default for %j',
    (stored) => {
      expect(readSettings(stored)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it('drops unknown and repeated resolvers', () => {
    expect(readSettings({ resolvers: ['quad9', 'google', 'google'] }).resolvers).toEqual(['google']);
  });

  it('maps every choice to its own order and back', () => {
    for (const choice of RESOLVER_CHOICES) {
      expect(choiceFor({ ...DEFAULT_SETTINGS, resolvers: [...choice.order], customResolver: CUSTOM })).toBe(choice.id);
    }
    expect(choiceFor(DEFAULT_SETTINGS)).toBe('cloudflare-google');
    expect(usesCustom('custom-cloudflare')).toBe(true);
    expect(usesCustom('google')).toBe(false);
  });
});

describe('custom resolver', () => {
  it('asks the custom URL in its place in the order', () => {
    const settings = readSettings({ resolvers: ['custom', 'cloudflare'], customResolver: CUSTOM });
    expect(settings.customResolver).toBe(CUSTOM);
    expect(resolverUrls(settings)).toEqual([CUSTOM, 'https://cloudflare-dns.com/dns-query']);
  });

  it('drops "custom" from the order when no usable URL is stored', () => {
    expect(readSettings({ resolvers: ['custom', 'google'], customResolver: null }).resolvers).toEqual(['google']);
    expect(readSettings({ resolvers: ['custom'], customResolver: 'http://dns.example.net/' })).toEqual(DEFAULT_SETTINGS);
    // settings written by hand with 'custom' but no URL still give endpoints to ask
    expect(resolverUrls({ ...DEFAULT_SETTINGS, resolvers: ['custom'], customResolver: null })).toEqual([
      'https://cloudflare-dns.com/dns-query',
      'https://dns.google/resolve',
    ]);
  });

  it.each([
    ['', 'Give the resolver'],
    ['dns.example.net', 'is not a URL'],
    ['http://dns.example.net/dns-query', 'http://dns.example.net/dns-query: the resolver must be an https:// URL (DNS-over-HTTPS)'],
    ['http://127.0.0.1:8053/dns-query', 'must be an https:// URL'],
    ['ftp://dns.example.net/', 'must be an https:// URL'],
    ['https://user:pw@dns.example.net/', 'user name or password'],
  ])('refuses %j with a sentence', (url, words) => {
    const checked = validateCustomResolver(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain(words);
  });

  it('accepts an https URL and gives the origin to request', () => {
    const checked = validateCustomResolver('  https://DNS.Example.net:8443/resolve#x ');
    expect(checked).toEqual({ ok: true, url: 'https://dns.example.net:8443/resolve' });
    expect(originPattern('https://dns.example.net:8443/resolve')).toBe('https://dns.example.net/*');
  });
});

describe('detection settings', () => {
  it('keeps each webmail switch on its own and defaults the rest', () => {
    expect(readSettings({ detection: { gmail: false } }).detection).toEqual({ gmail: false, outlook: true });
    expect(readSettings({ detection: { gmail: 'no', outlook: false } }).detection).toEqual({ gmail: true, outlook: false });
    expect(readSettings({ detection: null }).detection).toEqual({ gmail: true, outlook: true });
  });

  it('a bad field does not reset the good ones', () => {
    const settings = readSettings({ resolvers: ['google'], customResolver: 42, detection: { outlook: false } });
    expect(settings).toEqual({ resolvers: ['google'], customResolver: null, detection: { gmail: true, outlook: false } });
  });

  it('never throws and always gives usable endpoints, whatever is stored', () => {
    fc.assert(
      fc.property(fc.anything(), (stored) => {
        const settings = readSettings(stored);
        const urls = resolverUrls(settings);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(url.startsWith('https://')).toBe(true);
        expect(typeof settings.detection.gmail).toBe('boolean');
        expect(typeof settings.detection.outlook).toBe('boolean');
        // reading what was read changes nothing (the options page saves readSettings' output)
        expect(readSettings(settings)).toEqual(settings);
      }),
    );
  });
});

describe('detection switch (settings.detection in storage.sync)', () => {
  it('is on unless the site is switched off with a boolean false', () => {
    expect(detectionEnabled(undefined, 'gmail')).toBe(true);
    expect(detectionEnabled({ resolvers: ['google'] }, 'gmail')).toBe(true);
    expect(detectionEnabled({ detection: { gmail: false, outlook: true } }, 'gmail')).toBe(false);
    expect(detectionEnabled({ detection: { gmail: false, outlook: true } }, 'outlook')).toBe(true);
    expect(detectionEnabled({ detection: { gmail: 'no' } }, 'gmail')).toBe(true);
    expect(detectionEnabled({ detection: null }, 'outlook')).toBe(true);
    expect(detectionEnabled('garbage', 'outlook')).toBe(true);
  });

  it('is the rule readSettings applies, whatever is stored (the content script reads only this part)', () => {
    const flag = fc.oneof(fc.boolean(), fc.anything());
    const stored = fc.oneof(fc.anything(), fc.record({ detection: fc.oneof(fc.anything(), fc.record({ gmail: flag, outlook: flag }, { requiredKeys: [] })) }));
    fc.assert(
      fc.property(stored, (value) => {
        const settings = readSettings(value);
        expect(detectionEnabled(value, 'gmail')).toBe(settings.detection.gmail);
        expect(detectionEnabled(value, 'outlook')).toBe(settings.detection.outlook);
      }),
    );
  });
});
