/**
 * The manifests ask for exactly the permissions README.md's "Permissions and why" lists: each bullet names
 * its permissions in backticks; a bullet that says "optional" names optional ones, a bullet that begins
 * with "No" names what must never be asked. The source manifest's per-browser builds (with the webmail
 * adapters' origins) are always checked; the built dist/chrome and dist/firefox manifests when they exist
 * (under CI=true they must).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../scripts/manifest.mjs';
import { WEBMAIL_ORIGINS } from '../../src/webmails';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy?: { extension_pages?: string };
}

interface ReadmePermissions {
  required: string[];
  optional: string[];
  forbidden: string[];
  /** the content security policy text the README quotes */
  csp: string | null;
}

/** An API permission (`storage`, `tabs`), a match pattern (`https://dns.google/*`) or `<all_urls>`. */
function isPermission(token: string): boolean {
  return /^[a-z][a-zA-Z.]*$/.test(token) || /^(?:\*|https?|wss?|file|ftp):\/\/\S+$/.test(token) || token === '<all_urls>';
}

export function readPermissionsSection(readme: string): ReadmePermissions {
  const start = readme.search(/^##+ Permissions and why\s*$/m);
  if (start === -1) throw new Error('README.md has no "Permissions and why" section');
  const rest = readme.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^##+ /.test(line));
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n');
  // one entry per bullet, with its continuation lines
  const bullets = body.split(/\n(?=- )/).filter((b) => b.startsWith('- ')).map((b) => b.slice(2).replace(/\s*\n\s*/g, ' '));
  const result: ReadmePermissions = { required: [], optional: [], forbidden: [], csp: null };
  for (const bullet of bullets) {
    const tokens = [...bullet.matchAll(/`([^`]+)`/g)].map((m) => ({ text: m[1] as string, at: m.index, end: m.index + m[0].length }));
    const csp = tokens.find((t) => t.text.includes('script-src'));
    if (csp) result.csp = csp.text;
    // the bullet names its permissions, then says why after ": " (the first one outside backticks, after a name)
    const masked = bullet.replace(/`[^`]*`/g, (m) => '_'.repeat(m.length));
    const firstEnd = tokens[0]?.end ?? 0;
    const why = masked.indexOf(': ', firstEnd);
    const named = tokens.filter((t) => why === -1 || t.at < why).map((t) => t.text).filter(isPermission);
    const lead = why === -1 ? bullet : bullet.slice(0, why);
    if (/^no\b/i.test(bullet)) result.forbidden.push(...named);
    else if (/\boptional\b/i.test(lead)) result.optional.push(...named);
    else result.required.push(...named);
  }
  return result;
}

const readme = readPermissionsSection(readFileSync(`${root}README.md`, 'utf8'));
const source = JSON.parse(readFileSync(`${root}manifest.json`, 'utf8')) as Record<string, unknown>;

function distManifests(): [string, Manifest][] {
  const present = (['chrome', 'firefox'] as const).filter((t) => existsSync(`${root}dist/${t}/manifest.json`));
  if (present.length < 2) {
    const line = 'dist/chrome or dist/firefox is missing: run `npm run build` first';
    if (process.env.CI === 'true') throw new Error(`${line} (CI=true: the build must exist before the tests)`);
    console.warn(`\n!!! SKIPPING the built manifests' permission check: ${line}\n`);
  }
  return present.map((t) => [`dist/${t}/manifest.json`, JSON.parse(readFileSync(`${root}dist/${t}/manifest.json`, 'utf8')) as Manifest]);
}

const sorted = (list: readonly string[] | undefined): string[] => [...new Set(list ?? [])].sort();

const manifests: [string, Manifest][] = [
  ['manifestFor(manifest.json, chrome)', manifestFor(source, 'chrome', WEBMAIL_ORIGINS) as Manifest],
  ['manifestFor(manifest.json, firefox)', manifestFor(source, 'firefox', WEBMAIL_ORIGINS) as Manifest],
  ...distManifests(),
];

describe('README.md "Permissions and why"', () => {
  it('is read as lists of permissions', () => {
    expect(readme.required.length).toBeGreaterThan(0);
    expect(readme.forbidden).toEqual(expect.arrayContaining(['tabs', '<all_urls>']));
    expect(readme.csp).toMatch(/script-src 'self'/);
  });

  it('the parser tells required, optional and forbidden apart', () => {
    const parsed = readPermissionsSection(
      ['# X', '## Permissions and why', '', '- `storage`: settings (`storage.sync`).', '- `https://a.example/*`, `https://b.example/*`: pages', '  on two lines.', '- Optional, asked when chosen: `https://*/*`: a custom resolver.', '- No `tabs`, no `<all_urls>`; the policy is `script-src \'self\'`.', '## Next', '- `cookies`: not in the section.'].join('\n'),
    );
    expect(parsed).toEqual({
      required: ['storage', 'https://a.example/*', 'https://b.example/*'],
      optional: ['https://*/*'],
      forbidden: ['tabs', '<all_urls>'],
      csp: "script-src 'self'",
    });
  });

  for (const [name, manifest] of manifests) {
    it(`${name} asks for exactly the permissions the README lists`, () => {
      expect(sorted([...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])])).toEqual(sorted(readme.required));
      expect(sorted([...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])])).toEqual(sorted(readme.optional));
      const everything = JSON.stringify(manifest);
      for (const never of readme.forbidden) expect(everything).not.toContain(`"${never}"`);
      if (readme.csp !== null) expect(manifest.content_security_policy?.extension_pages ?? '').toContain(readme.csp);
    });
  }
});
