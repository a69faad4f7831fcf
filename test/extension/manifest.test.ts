import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../scripts/manifest.mjs';
import { WEBMAIL_ORIGINS } from '../../src/messages';
import { RESOLVERS } from '../../src/settings/settings';
import { WEBMAIL_ADAPTERS } from '../../src/webmails';

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
/** What a build writes: the source manifest with the webmail adapters' origins (src/webmails). */
const build = (target: 'chrome' | 'firefox'): Manifest => manifestFor(source, target, WEBMAIL_ORIGINS) as unknown as Manifest;

describe.each(['chrome', 'firefox'] as const)('the %s manifest asks for least privilege', (target) => {
  const manifest = build(target);

  it('runs the content script on the webmail origins only', () => {
    const [script, ...others] = manifest.content_scripts;
    expect(others).toEqual([]);
    expect(script?.matches).toEqual(WEBMAIL_ORIGINS.map((origin) => `${origin}/*`));
    expect(script?.all_frames).toBeUndefined();
  });

  it('reaches the webmail origins and the DoH resolvers, nothing else', () => {
    const resolverOrigins = Object.values(RESOLVERS).map((r) => `${new URL(r.url).origin}/*`);
    expect(manifest.host_permissions).toEqual([...WEBMAIL_ORIGINS.map((origin) => `${origin}/*`), ...resolverOrigins]);
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.optional_permissions).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|"tabs"|\*:\/\/\*/);
  });
});

describe('the webmails come from the adapters alone', () => {
  const adapterOrigins = WEBMAIL_ADAPTERS.flatMap((adapter) => adapter.origins);

  it('manifest.json names no webmail: the build adds the adapters\' origins', () => {
    const [script] = source.content_scripts;
    expect(script).not.toHaveProperty('matches');
    for (const origin of adapterOrigins) expect(JSON.stringify(source)).not.toContain(new URL(origin).host);
  });

  it.each(['chrome', 'firefox'] as const)('the %s manifest injects the content script and reaches exactly the adapters\' origins', (target) => {
    const manifest = build(target);
    const patterns = adapterOrigins.map((origin) => `${origin}/*`);
    expect(manifest.content_scripts[0]?.matches).toEqual(patterns);
    expect(manifest.host_permissions.filter((pattern) => !Object.values(RESOLVERS).some((r) => pattern === `${new URL(r.url).origin}/*`))).toEqual(patterns);
  });

  it('a new adapter\'s origin reaches the manifest with nothing else edited', () => {
    const manifest = manifestFor(source, 'chrome', [...WEBMAIL_ORIGINS, 'https://mail.example.net']) as unknown as Manifest;
    expect(manifest.content_scripts[0]?.matches).toContain('https://mail.example.net/*');
    expect(manifest.host_permissions).toContain('https://mail.example.net/*');
  });

  it('refuses a webmail listed in manifest.json, no origins, or an origin with a path', () => {
    const listed = { ...source, content_scripts: [{ ...source.content_scripts[0], matches: ['https://mail.google.com/*'] }] };
    expect(() => manifestFor(listed, 'chrome', WEBMAIL_ORIGINS)).toThrow(/src\/webmails/);
    const granted = { ...source, host_permissions: [...source.host_permissions, `${WEBMAIL_ORIGINS[0]}/*`] };
    expect(() => manifestFor(granted, 'firefox', WEBMAIL_ORIGINS)).toThrow(/src\/webmails/);
    expect(() => manifestFor(source, 'chrome', [])).toThrow(/webmail origins/);
    expect(() => manifestFor(source, 'chrome', ['https://mail.example.net/inbox'])).toThrow(/not an origin/);
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
    manifestFor(source, 'chrome', WEBMAIL_ORIGINS);
    manifestFor(source, 'firefox', WEBMAIL_ORIGINS);
    expect(JSON.stringify(source)).toBe(before);
  });

  it('refuses a source manifest without what a build needs', () => {
    expect(() => manifestFor({ ...source, background: {} }, 'chrome', WEBMAIL_ORIGINS)).toThrow(/service_worker/);
    expect(() => manifestFor({ ...source, browser_specific_settings: {} }, 'firefox', WEBMAIL_ORIGINS)).toThrow(/gecko/);
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
  it.each(['chrome', 'firefox'] as const)('dist/%s/manifest.json is manifestFor(manifest.json, the adapters\' origins) of the current source', (target) => {
    expect(built(target)).toEqual(manifestFor(source, target, WEBMAIL_ORIGINS));
  });

  it.each(['chrome', 'firefox'] as const)('dist/%s/manifest.json runs the content script where the adapters say', (target) => {
    const scripts = built(target).content_scripts as { matches: string[] }[];
    expect(scripts.flatMap((script) => script.matches)).toEqual(WEBMAIL_ADAPTERS.flatMap((adapter) => adapter.origins.map((origin) => `${origin}/*`)));
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
