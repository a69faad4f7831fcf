/**
 * What the end-to-end tests share: where the browsers and the shipping builds are, where screenshots go,
 * and the rule for a missing browser (skipped locally with a loud line; a failure when CI=true). The driver
 * that launches them is e2e-driver.ts.
 * BE_CHROMIUM and BE_FIREFOX name other browser binaries than Debian's /usr/bin/chromium and
 * /usr/bin/firefox-esr (for example an older release unpacked under /opt, as .ci/run does).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Screenshots: test-artifacts/, or BE_ARTIFACTS (relative to the project) when a second run must not overwrite them. */
export const ARTIFACTS_DIR = resolve(root, process.env.BE_ARTIFACTS || 'test-artifacts');

export interface BrowserSetup {
  /** the name BE_BROWSERS uses */
  key: 'chromium' | 'firefox';
  name: string;
  executablePath: string;
  /** the environment variable that set executablePath, when one did */
  fromEnv?: string;
  aptPackage: string;
  /** the unchanged shipping build this browser loads */
  extensionDir: string;
}

/** The binary `variable` names when it is set (and not empty), else `fallback`. */
function binary(variable: string, fallback: string): Pick<BrowserSetup, 'executablePath' | 'fromEnv'> {
  const value = process.env[variable];
  return value ? { executablePath: value, fromEnv: variable } : { executablePath: fallback };
}

/**
 * The flags every headless Chromium here runs with: no sandbox (CI runs as root), no GPU, no QUIC (the stand-ins
 * speak TCP), and nothing fetched in the background (only the local servers may answer).
 */
export const CHROMIUM_FLAGS: readonly string[] = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const CHROMIUM: BrowserSetup = {
  key: 'chromium',
  name: 'Chromium',
  ...binary('BE_CHROMIUM', '/usr/bin/chromium'),
  aptPackage: 'chromium',
  extensionDir: `${root}dist/chrome`,
};

export const FIREFOX: BrowserSetup = {
  key: 'firefox',
  name: 'Firefox ESR',
  ...binary('BE_FIREFOX', '/usr/bin/firefox-esr'),
  aptPackage: 'firefox-esr',
  extensionDir: `${root}dist/firefox`,
};

/**
 * True when the browser can run. A missing browser skips its tests with a line naming the apt command,
 * except under CI=true, where it is an error. A missing build is always an error: the tests exist to load it.
 */
export function browserReady(setup: BrowserSetup): boolean {
  if (!existsSync(`${setup.extensionDir}/manifest.json`)) {
    throw new Error(`${setup.extensionDir}/manifest.json is missing: run \`npm run build\` before the end-to-end tests`);
  }
  if (existsSync(setup.executablePath)) return true;
  // a browser asked for by name is never skipped
  if (setup.fromEnv) throw new Error(`${setup.fromEnv}=${setup.executablePath}: no such file`);
  const line = `${setup.name} is not installed at ${setup.executablePath}: install it with \`sudo apt-get install -y ${setup.aptPackage}\``;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: a missing browser is a failure)`);
  console.warn(`\n${'!'.repeat(100)}\n!!! SKIPPING the ${setup.name} end-to-end tests. ${line}\n${'!'.repeat(100)}\n`);
  return false;
}

/** The path for a screenshot under ARTIFACTS_DIR (created on first use). */
export function artifactPath(file: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return `${ARTIFACTS_DIR}/${file}`;
}
