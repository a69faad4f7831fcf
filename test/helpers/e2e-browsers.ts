/**
 * What the end-to-end tests share: where the browsers and the shipping builds are, where screenshots go,
 * and the rule for a missing browser (skipped locally with a loud line; a failure when CI=true).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const ARTIFACTS_DIR = `${root}test-artifacts`;

export interface BrowserSetup {
  name: string;
  executablePath: string;
  aptPackage: string;
  /** the unchanged shipping build this browser loads */
  extensionDir: string;
}

export const CHROMIUM: BrowserSetup = {
  name: 'Chromium',
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  aptPackage: 'chromium',
  extensionDir: `${root}dist/chrome`,
};

export const FIREFOX: BrowserSetup = {
  name: 'Firefox ESR',
  executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
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
  const line = `${setup.name} is not installed at ${setup.executablePath}: install it with \`sudo apt-get install -y ${setup.aptPackage}\``;
  if (process.env.CI === 'true') throw new Error(`${line} (CI=true: a missing browser is a failure)`);
  console.warn(`\n${'!'.repeat(100)}\n!!! SKIPPING the ${setup.name} end-to-end tests. ${line}\n${'!'.repeat(100)}\n`);
  return false;
}

/** The path for a screenshot under test-artifacts/ (created on first use). */
export function artifactPath(file: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return `${ARTIFACTS_DIR}/${file}`;
}
