import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../scripts/manifest.mjs';
import { WEBMAIL_ORIGINS } from '../../src/messages';
import { WEBMAILS } from '../../src/settings/settings';
import { GENERIC_ADAPTER, WEBMAIL_ADAPTERS, adapterFor } from '../../src/webmails';

const source = JSON.parse(readFileSync(fileURLToPath(new URL('../../manifest.json', import.meta.url)), 'utf8')) as Record<string, unknown>;

describe('webmail adapters', () => {
  it.each(['chrome', 'firefox'] as const)(
    'cover exactly the origins the background accepts content messages from and the %s manifest injects into',
    (target) => {
      const manifest = manifestFor(source, target, WEBMAIL_ORIGINS) as { content_scripts: { matches: string[] }[] };
      const origins = WEBMAIL_ADAPTERS.flatMap((a) => a.origins).sort();
      expect(origins).toEqual([...WEBMAIL_ORIGINS].sort());
      expect(manifest.content_scripts.flatMap((c) => c.matches).map((m) => m.replace(/\/\*$/, '')).sort()).toEqual(origins);
    },
  );

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

describe('one list of webmails', () => {
  it('gives the options page one switch per adapter, labelled with its title and hosts', () => {
    expect(Object.keys(WEBMAILS)).toEqual(WEBMAIL_ADAPTERS.map((adapter) => adapter.detection));
    expect(WEBMAILS.gmail.label).toBe('Gmail (mail.google.com)');
    expect(WEBMAILS.outlook.label).toBe('Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com)');
  });

  it('gives each adapter its own origins, each an https origin with no path', () => {
    const origins = WEBMAIL_ADAPTERS.flatMap((adapter) => adapter.origins);
    expect(new Set(origins).size).toBe(origins.length);
    for (const origin of origins) expect(new URL(origin).origin).toBe(origin);
    for (const origin of origins) expect(origin.startsWith('https://')).toBe(true);
  });

  it('names a webmail\'s host in its adapter file only (not in manifest.json, messages, settings or the build)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const files = [
      'manifest.json',
      'vite.config.ts',
      ...readdirSync(`${root}scripts`, { recursive: true, encoding: 'utf8' }).map((file) => `scripts/${file}`),
      ...readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' }).map((file) => `src/${file}`),
      // src/core reads mail, not webmail pages: a bounce wording may quote a provider's host
    ].filter((file) => /\.(?:[cm]?[jt]sx?|json|html)$/.test(file) && !file.startsWith('src/webmails/') && !file.startsWith('src/core/'));
    expect(files).toContain('src/messages.ts');
    for (const adapter of WEBMAIL_ADAPTERS) {
      for (const origin of adapter.origins) {
        const host = new URL(origin).host;
        expect(files.filter((file) => readFileSync(`${root}${file}`, 'utf8').includes(host)), host).toEqual([]);
      }
    }
  });
});
