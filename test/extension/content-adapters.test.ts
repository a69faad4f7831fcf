import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERIC_ADAPTER, WEBMAIL_ADAPTERS, adapterFor } from '../../src/content/adapters';
import { messageKey } from '../../src/content/message-key';
import { WEBMAILS } from '../../src/settings/settings';
import { WEBMAIL_ORIGINS } from '../../src/messages';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../manifest.json', import.meta.url)), 'utf8')) as {
  content_scripts: { matches: string[] }[];
};

describe('webmail adapters', () => {
  it('cover exactly the origins the background accepts content messages from and the manifest injects into', () => {
    const origins = WEBMAIL_ADAPTERS.flatMap((a) => a.origins).sort();
    expect(origins).toEqual([...WEBMAIL_ORIGINS].sort());
    expect(manifest.content_scripts.flatMap((c) => c.matches).map((m) => m.replace(/\/\*$/, '')).sort()).toEqual(origins);
  });

  it('pick the adapter by origin, the generic one for any other', () => {
    expect(adapterFor('https://mail.google.com').name).toBe('gmail');
    expect(adapterFor('https://outlook.live.com').name).toBe('outlook');
    expect(adapterFor('https://outlook.office365.com').name).toBe('outlook');
    expect(adapterFor('https://webmail.example.com')).toBe(GENERIC_ADAPTER);
  });

  it('each site can be switched off in the options, under its own settings key', () => {
    for (const adapter of WEBMAIL_ADAPTERS) {
      expect(adapter.detection, adapter.name).not.toBeNull();
      expect(Object.keys(WEBMAILS), adapter.name).toContain(adapter.detection);
    }
    expect(GENERIC_ADAPTER.detection).toBeNull();
  });

  it('say where each webmail shows a message\'s sender; the generic one does not know, so every bounce there waits for a click', () => {
    for (const adapter of WEBMAIL_ADAPTERS) expect(adapter.sender, adapter.name).toMatch(/\S/);
    expect(GENERIC_ADAPTER.sender).toBeNull();
  });

  it('match structure, never the words of a webmail\'s interface (labels are translated)', () => {
    for (const adapter of [...WEBMAIL_ADAPTERS, GENERIC_ADAPTER]) {
      for (const selector of [adapter.bodies, adapter.sender ?? '']) {
        // an attribute compared with a value that is words: aria-label="Message body", title="From"
        expect(selector, adapter.name).not.toMatch(/\[(?:aria-label|title|alt|placeholder)\s*[~|^$*]?=/);
      }
    }
  });

  it('have selectors the DOM accepts (no syntax error)', () => {
    // the selector grammar check without a DOM: balanced brackets and quotes, no empty alternatives
    for (const adapter of [...WEBMAIL_ADAPTERS, GENERIC_ADAPTER]) {
      for (const part of [...adapter.bodies.split(','), ...(adapter.sender ?? 'x').split(',')]) {
        expect(part.trim(), adapter.name).not.toBe('');
        expect((part.match(/\[/g) ?? []).length, part).toBe((part.match(/\]/g) ?? []).length);
        expect((part.match(/"/g) ?? []).length % 2, part).toBe(0);
      }
    }
  });
});

describe('message key', () => {
  it('is the same for the same text and differs for a one-character change', () => {
    const text = '550 5.7.26 SPF [example.com] with ip: [192.0.2.25] = did not pass';
    expect(messageKey(text)).toBe(messageKey(`${text}`));
    expect(messageKey(text)).not.toBe(messageKey(text.replace('25]', '26]')));
    expect(messageKey('')).toMatch(/^[0-9a-z]+$/);
  });

  it('spreads many similar texts without collisions', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20_000; i++) keys.add(messageKey(`bounce for 192.0.${i >> 8}.${i & 255}`));
    expect(keys.size).toBe(20_000);
  });
});
