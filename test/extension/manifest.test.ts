import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../scripts/manifest.mjs';
import { WEBMAIL_ORIGINS } from '../../src/messages';
import { RESOLVERS } from '../../src/options/settings';

/** The parts of a manifest these tests read. */
interface Manifest {
  content_scripts: { matches: string[]; all_frames?: boolean }[];
  host_permissions: string[];
  permissions: string[];
  optional_permissions?: string[];
  content_security_policy: { extension_pages: string };
  background: Record<string, unknown>;
  minimum_chrome_version?: string;
  browser_specific_settings: { gecko: { id: string; strict_min_version: string; data_collection_permissions: unknown } };
}

const source = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Manifest & Record<string, unknown>;
const build = (target: 'chrome' | 'firefox'): Manifest => manifestFor(source, target) as unknown as Manifest;

describe('the source manifest asks for least privilege', () => {
  it('runs the content script on the webmail origins only', () => {
    const [script, ...others] = source.content_scripts;
    expect(others).toEqual([]);
    expect(script?.matches).toEqual(WEBMAIL_ORIGINS.map((origin) => `${origin}/*`));
    expect(script?.all_frames).toBeUndefined();
  });

  it('reaches the webmail origins and the DoH resolvers, nothing else', () => {
    const resolverOrigins = Object.values(RESOLVERS).map((r) => `${new URL(r.url).origin}/*`);
    expect(source.host_permissions).toEqual([...WEBMAIL_ORIGINS.map((origin) => `${origin}/*`), ...resolverOrigins]);
    expect(source.permissions).toEqual(['storage']);
    expect(source.optional_permissions).toBeUndefined();
    expect(JSON.stringify(source)).not.toMatch(/<all_urls>|"tabs"|\*:\/\/\*/);
  });

  it('keeps a strict content security policy without eval', () => {
    const csp = source.content_security_policy.extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-inline/);
    for (const resolver of Object.values(RESOLVERS)) expect(csp).toContain(new URL(resolver.url).origin);
  });
});

describe('manifestFor', () => {
  it('gives Chrome a module service worker', () => {
    const chrome = build('chrome');
    expect(chrome.background).toEqual({ service_worker: 'background.js', scripts: ['background.js'], type: 'module' });
    expect(chrome.minimum_chrome_version).toBeDefined();
  });

  it('gives Firefox background scripts, its add-on id and the data collection declaration', () => {
    const firefox = build('firefox');
    expect(firefox.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(firefox.minimum_chrome_version).toBeUndefined();
    expect(firefox.browser_specific_settings.gecko).toMatchObject({
      id: expect.stringMatching(/@/),
      data_collection_permissions: { required: ['none'] },
    });
    expect(Number.parseFloat(firefox.browser_specific_settings.gecko.strict_min_version)).toBeGreaterThanOrEqual(142);
  });

  it('leaves the source untouched', () => {
    const before = JSON.stringify(source);
    manifestFor(source, 'chrome');
    manifestFor(source, 'firefox');
    expect(JSON.stringify(source)).toBe(before);
  });

  it('refuses a source manifest without what a build needs', () => {
    expect(() => manifestFor({ ...source, background: {} }, 'chrome')).toThrow(/service_worker/);
    expect(() => manifestFor({ ...source, browser_specific_settings: {} }, 'firefox')).toThrow(/gecko/);
  });
});
