import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, RESOLVER_CHOICES, choiceFor, readSettings, resolverUrls } from '../../src/options/settings';

describe('resolver settings', () => {
  it('reads what the options page stores', () => {
    expect(readSettings({ resolvers: ['google', 'cloudflare'] })).toEqual({ resolvers: ['google', 'cloudflare'] });
    expect(resolverUrls({ resolvers: ['google', 'cloudflare'] })).toEqual(['https://dns.google/resolve', 'https://cloudflare-dns.com/dns-query']);
  });

  it.each([undefined, null, 'cloudflare', {}, { resolvers: 'google' }, { resolvers: [] }, { resolvers: ['quad9', 42] }])(
    'falls back to the default for %j',
    (stored) => {
      expect(readSettings(stored)).toEqual(DEFAULT_SETTINGS);
    },
  );

  it('drops unknown and repeated resolvers', () => {
    expect(readSettings({ resolvers: ['quad9', 'google', 'google'] })).toEqual({ resolvers: ['google'] });
  });

  it('maps every choice to its own order and back', () => {
    for (const choice of RESOLVER_CHOICES) {
      expect(choiceFor({ resolvers: [...choice.order] })).toBe(choice.id);
    }
    expect(choiceFor(DEFAULT_SETTINGS)).toBe('cloudflare-google');
  });
});
