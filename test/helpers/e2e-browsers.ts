/**
 * What the end-to-end tests share: where the browsers and the shipping builds are, where screenshots go,
 * and the rule for a missing browser (skipped locally with a loud line; a failure when CI=true).
 * BE_CHROMIUM and BE_FIREFOX name other browser binaries than Debian's /usr/bin/chromium and
 * /usr/bin/firefox-esr (for example an older release unpacked under /opt, as .ci/run does).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import puppeteer, { type Browser, type Page as FirefoxPage } from 'puppeteer-core';
import { ALL_HOSTS } from './https-hosts';

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

export interface LaunchedChromium {
  context: BrowserContext;
  /** the 32-letter id Chromium gave the unpacked build */
  extensionId: string;
  /** the extension's background service worker */
  worker: Worker;
  /** a new tab at chrome-extension://<id>/<path> */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with dist/chrome loaded unpacked. Every stand-in host (ALL_HOSTS and
 * `extraHosts`) resolves to 127.0.0.1:`port`; `nameOnlyHosts` resolve to 127.0.0.1 and keep their own port.
 */
export async function launchChromium(opts: {
  port: number;
  viewport?: { width: number; height: number };
  extraHosts?: readonly string[];
  nameOnlyHosts?: readonly string[];
}): Promise<LaunchedChromium> {
  const dir = CHROMIUM.extensionDir;
  const rules = [
    ...[...ALL_HOSTS, ...(opts.extraHosts ?? [])].map((host) => `MAP ${host} 127.0.0.1:${opts.port}`),
    ...(opts.nameOnlyHosts ?? []).map((host) => `MAP ${host} 127.0.0.1`),
    'EXCLUDE localhost',
  ].join(', ');
  const context = await chromium.launchPersistentContext('', {
    executablePath: CHROMIUM.executablePath,
    headless: true,
    viewport: opts.viewport ?? { width: 1000, height: 700 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const match = /^chrome-extension:\/\/([a-p]{32})\/background\.js$/.exec(worker.url());
    if (!match?.[1]) throw new Error(`unexpected service worker ${worker.url()}`);
    const extensionId = match[1];
    return {
      context,
      extensionId,
      worker,
      async openExtensionPage(path) {
        const page = await context.newPage();
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        return page;
      },
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}

export interface LaunchedFirefox {
  browser: Browser;
  /** the gecko id in dist/firefox's manifest */
  addonId: string;
  /** what installExtension answered: the tests expect it to be `addonId` */
  installedId: string;
  /** moz-extension://<the fixed UUID>/<path> */
  extensionUrl(path: string): string;
  /** a new tab at the extension page `path`, fully loaded */
  openExtensionPage(path: string): Promise<FirefoxPage>;
  close(): Promise<void>;
}

/** Waits until `page` shows `url` fully loaded: BiDi reports no navigation event into the extension's process. */
async function waitForDocument(page: FirefoxPage, url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await page.evaluate(() => `${location.href} ${document.readyState}`).catch((error: unknown) => String(error));
    if (seen === `${url} complete`) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not load within 15 s: ${seen}`);
}

/**
 * Waits until `predicate(...args)`, run in `page`, returns true (polling every 100 ms, 30 s at most).
 * Use it instead of puppeteer's page.waitForFunction on extension pages: that one rebuilds the predicate in
 * the page with `new Function(...)`, which Firefox ESR 140 refuses under the extension pages' content
 * security policy ("call to Function() blocked by CSP", reported as "Waiting failed"); page.evaluate sends
 * the function through WebDriver BiDi's script.callFunction, which the policy does not govern.
 */
export async function waitInPage<Args extends unknown[]>(page: FirefoxPage, predicate: (...args: Args) => boolean, ...args: Args): Promise<void> {
  const deadline = Date.now() + 30_000;
  const run = page.evaluate.bind(page) as (fn: (...a: Args) => boolean, ...a: Args) => Promise<boolean>;
  while (Date.now() < deadline) {
    if (await run(predicate, ...args)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited 30 s in ${page.url()} for ${predicate.toString()} (${JSON.stringify(args)})`);
}

/** The part of puppeteer-core's BiDi frame that setFirefoxViewport uses (not in its public types). */
interface BidiFrameContext {
  browsingContext?: { setViewport?(params: { viewport: { width: number; height: number } }): Promise<void> };
}

/**
 * Sizes the viewport of a Firefox page with WebDriver BiDi's browsingContext.setViewport alone, then checks
 * the size the page sees. puppeteer's page.setViewport also sends emulation.setScreenOrientationOverride,
 * which Firefox ESR 140 answers with "unknown command"; a window size at launch cannot go below 450 px wide.
 */
export async function setFirefoxViewport(page: FirefoxPage, size: { width: number; height: number }): Promise<void> {
  const context = (page.mainFrame() as unknown as BidiFrameContext).browsingContext;
  if (typeof context?.setViewport !== 'function') {
    throw new Error("puppeteer-core's frame no longer has browsingContext.setViewport: update setFirefoxViewport");
  }
  await context.setViewport({ viewport: size });
  const seen = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
  if (seen.width !== size.width || seen.height !== size.height) {
    throw new Error(`asked for a ${size.width}x${size.height} viewport, the page sees ${seen.width}x${seen.height}`);
  }
}

/**
 * Firefox ESR, headless, driven by puppeteer-core over WebDriver BiDi, with dist/firefox installed. Every
 * stand-in host (ALL_HOSTS and `extraHosts`) resolves to 127.0.0.1 and port 443 goes to `port`, so hosts in
 * `extraHosts` that name their own port keep it. The extension's origin takes a fixed UUID from a pref.
 * `colorScheme` sets what pages see as prefers-color-scheme (BiDi has no media emulation in Firefox ESR);
 * unset, the profile's default stands.
 */
export async function launchFirefox(opts: {
  port: number;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  extraHosts?: readonly string[];
  extraPrefs?: Record<string, unknown>;
}): Promise<LaunchedFirefox> {
  const addonId = (JSON.parse(readFileSync(`${FIREFOX.extensionDir}/manifest.json`, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
    .browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const base = `moz-extension://${uuid}/`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX.executablePath,
    headless: true,
    acceptInsecureCerts: true,
    // lets WebDriver BiDi navigate a tab to a moz-extension:// page
    args: ['--remote-allow-system-access'],
    ...(opts.viewport ? { defaultViewport: opts.viewport } : {}),
    extraPrefsFirefox: {
      'network.dns.localDomains': [...ALL_HOSTS, ...(opts.extraHosts ?? [])].join(','),
      'network.socket.forcePort': `443=${opts.port}`,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
      // 0 dark, 1 light
      ...(opts.colorScheme ? { 'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1 } : {}),
      ...opts.extraPrefs,
    },
  });
  try {
    const installedId = await browser.installExtension(FIREFOX.extensionDir);
    return {
      browser,
      addonId,
      installedId,
      extensionUrl: (path) => `${base}${path}`,
      async openExtensionPage(path) {
        const page = await browser.newPage();
        const url = `${base}${path}`;
        // the navigation itself happens; the promise is only about puppeteer not seeing its events
        page.goto(url, { timeout: 15_000 }).catch(() => undefined);
        await waitForDocument(page, url);
        return page;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
