import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../scripts/manifest.mjs';
import { WEBMAIL_ORIGINS } from '../../src/messages';
import { RESOLVERS } from '../../src/settings/settings';

/** The parts of a manifest these tests read. */
interface Manifest {
  content_scripts: { matches: string[]; all_frames?: boolean }[];
  host_permissions: string[];
  permissions: string[];
  optional_permissions?: string[];
  content_security_policy: { extension_pages: string };
  background: Record<string, unknown>;
  minimum_chrome_version?: string;
  browser_specific_settings?: {
    gecko: { id: string; strict_min_version: string; data_collection_permissions: unknown };
    gecko_android?: { strict_min_version: string };
  };
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
  it('gives Chrome a module service worker and nothing Chrome lists as an error', () => {
    const chrome = build('chrome');
    // chrome://extensions lists browser_specific_settings ("Unrecognized manifest key") and background.scripts
    // ("requires manifest version of 2 or lower") as errors
    expect(chrome.background).toEqual({ service_worker: 'background.js', type: 'module' });
    expect(chrome.browser_specific_settings).toBeUndefined();
    expect(chrome.minimum_chrome_version).toBeDefined();
  });

  it('gives Firefox background scripts, its add-on id and the data collection declaration', () => {
    const firefox = build('firefox');
    expect(firefox.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(firefox.minimum_chrome_version).toBeUndefined();
    expect(firefox.browser_specific_settings?.gecko).toMatchObject({
      id: expect.stringMatching(/@/),
      data_collection_permissions: { required: ['none'] },
    });
  });

  it('lets Firefox ESR 140 install it, and Firefox for Android from 142', () => {
    const settings = build('firefox').browser_specific_settings;
    // desktop Firefox reads data_collection_permissions from 140, the ESR Debian 12 ships; a higher minimum
    // would shut those users out
    expect(settings?.gecko.strict_min_version).toBe('140.0');
    // Firefox for Android reads it from 142 (Mozilla's linter: KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION)
    expect(settings?.gecko_android?.strict_min_version).toBe('142.0');
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

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The built manifests; without a build the tests are skipped with a line, except under CI=true. */
function builtManifests(): boolean {
  const missing = (['chrome', 'firefox'] as const).filter((t) => !existsSync(`${root}dist/${t}/manifest.json`));
  if (missing.length === 0) return true;
  const line = `dist/${missing.join(', dist/')} missing: run \`npm run build\` first`;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: the build must exist before the tests)`);
  console.warn(`\n!!! SKIPPING the checks of the built manifests: ${line}\n`);
  return false;
}

const built = (target: 'chrome' | 'firefox'): Record<string, unknown> =>
  JSON.parse(readFileSync(`${root}dist/${target}/manifest.json`, 'utf8')) as Record<string, unknown>;

describe.skipIf(!builtManifests())('the built manifests (npm run build)', () => {
  it.each(['chrome', 'firefox'] as const)('dist/%s/manifest.json is manifestFor(manifest.json) of the current source', (target) => {
    expect(built(target)).toEqual(manifestFor(source, target));
  });

  it('dist/chrome carries no browser_specific_settings and no background.scripts', () => {
    const chrome = built('chrome');
    expect(Object.keys(chrome)).not.toContain('browser_specific_settings');
    expect(chrome.background).not.toHaveProperty('scripts');
    expect(chrome.background).toHaveProperty('service_worker', 'background.js');
  });

  it('dist/firefox carries its gecko settings and background.scripts, and no service worker or Chrome minimum', () => {
    const firefox = built('firefox');
    expect(firefox.browser_specific_settings).toMatchObject({ gecko: { strict_min_version: '140.0' }, gecko_android: { strict_min_version: '142.0' } });
    expect(firefox.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(Object.keys(firefox)).not.toContain('minimum_chrome_version');
  });
});
