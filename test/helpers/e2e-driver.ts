/**
 * One driver for the end-to-end suites: Debian's Chromium (over the DevTools protocol) and Firefox ESR (over
 * WebDriver BiDi), both through puppeteer-core, each with its unchanged shipping build, behind one API. A
 * suite runs once per browser in E2E_BROWSERS (`for (const setup of E2E_BROWSERS)`); the differences between
 * the browsers live here, each with its reason:
 * - Firefox: BiDi has no media emulation, so the colour scheme is a profile preference set at launch; Chromium
 *   emulates it on every page the driver opens. Either way a browser keeps the scheme it was launched with.
 * - Firefox: BiDi reports no navigation into the extension's process, so an extension page is waited for by
 *   polling its document (waitForDocument).
 * - Firefox ESR 140: puppeteer's page.setViewport sends emulation.setScreenOrientationOverride, which 140
 *   answers "unknown command"; the viewport is set with browsingContext.setViewport alone (setFirefoxViewport).
 * - Firefox ESR 140: puppeteer's page.waitForFunction is refused by the extension pages' content security
 *   policy; waitInPage polls with page.evaluate instead, in both browsers.
 * - Permission prompts (PERMISSION_PROMPT): headless Chromium cannot answer one, so it stays open; the Firefox
 *   profile answers "yes" without a doorhanger (extensions.webextOptionalPermissionPrompts = false), so the
 *   request path runs to the end. A test of the open prompt runs in Chromium, one of the granted origin in Firefox.
 * - An extension popup (action.openPopup): Chromium lists it as a target; Firefox shows it as a panel of the
 *   browser window, which WebDriver BiDi does not list, so extensionPagesAt counts it in Chromium only (a popup
 *   that falls back to a window is a tab, counted in both).
 * - chrome://extensions, where Chromium lists a loaded extension's manifest problems, has no Firefox
 *   counterpart a remote client can read: that test runs in Chromium only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS, FIREFOX, type BrowserSetup } from './e2e-browsers';
import { ALL_HOSTS } from './https-hosts';

export type ColorScheme = 'light' | 'dark';

/** The extension API as an extension page sees it: Firefox's `browser`, else Chromium's `chrome`. */
interface ExtensionApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: { url: string }): Promise<{ id?: number }[]> };
  storage: { sync: { get(key: string): Promise<Record<string, unknown>> } };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
}

/** An extension page's globals: Firefox has `browser` (and `chrome`), Chromium `chrome` only. */
type Globals = { browser?: ExtensionApi; chrome: ExtensionApi };

/**
 * The browsers the suites run in: BE_BROWSERS (comma-separated `chromium`, `firefox`) or both. .ci/run sets it
 * to run the suites once more on the older browsers it unpacked.
 */
export const E2E_BROWSERS: readonly BrowserSetup[] = (() => {
  const all = [CHROMIUM, FIREFOX];
  const asked = process.env.BE_BROWSERS?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!asked?.length) return all;
  return asked.map((key) => {
    const setup = all.find((s) => s.key === key);
    if (!setup) throw new Error(`BE_BROWSERS=${process.env.BE_BROWSERS}: "${key}" is not one of ${all.map((s) => s.key).join(', ')}`);
    return setup;
  });
})();

/** What becomes of an extension's permissions.request in each browser's profile: see the file comment. */
export const PERMISSION_PROMPT: Record<BrowserSetup['key'], 'stays-open' | 'granted'> = { chromium: 'stays-open', firefox: 'granted' };

export interface LaunchOptions {
  /** the port of the HTTPS stand-ins: every host in ALL_HOSTS resolves to 127.0.0.1 there */
  port: number;
  /** hosts that resolve to 127.0.0.1 and keep the port their URL names (a second server) */
  ownPortHosts?: readonly string[];
  /** more hosts the stand-ins on `port` serve, as they serve ALL_HOSTS (a page on a host no content script runs on) */
  stubHosts?: readonly string[];
  /** every page's viewport; unset, Chromium's is 1000 x 700 and Firefox's puppeteer's default */
  viewport?: { width: number; height: number };
  /** what every page sees as prefers-color-scheme, for the browser's whole life (default light) */
  colorScheme?: ColorScheme;
}

export interface E2eBrowser {
  setup: BrowserSetup;
  browser: Browser;
  /** chrome-extension://<id>/ or moz-extension://<uuid>/ */
  extensionBase: string;
  /** a new tab with the launch's colour scheme, not yet navigated */
  newPage(): Promise<Page>;
  /** a new tab at the extension page `path`, fully loaded */
  openExtensionPage(path: string): Promise<Page>;
  /** reloads an extension page and waits for the new document */
  reloadExtensionPage(page: Page): Promise<void>;
  /** runtime.sendMessage from an extension page, as the popup sends it */
  send(page: Page, message: unknown): Promise<Record<string, unknown>>;
  /** the id of the tab showing `urlPattern` (host permissions let the extension see webmail tab URLs) */
  tabIdOf(page: Page, urlPattern: string): Promise<number>;
  /** storage.sync's `settings`, read from an extension page */
  storedSettings(page: Page): Promise<unknown>;
  /** permissions.contains for one origin, from an extension page */
  hasOrigin(page: Page, origin: string): Promise<boolean>;
  setViewport(page: Page, size: { width: number; height: number }): Promise<void>;
  /** how many tabs, windows or popups (Chromium only: see the file comment) show the extension page `path` */
  extensionPagesAt(path: string): Promise<number>;
  /** a person's paste (Ctrl+V) into the focused field */
  paste(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** Launches `setup`'s browser with its shipping build loaded. */
export function launchBrowser(setup: BrowserSetup, opts: LaunchOptions): Promise<E2eBrowser> {
  return setup.key === 'firefox' ? launchFirefox(setup, opts) : launchChromium(setup, opts);
}

/** What both browsers' drivers share, given how each opens a page at a URL and what it does to a new tab. */
function common(setup: BrowserSetup, browser: Browser, extensionBase: string, prepare: (page: Page) => Promise<void>) {
  return {
    setup,
    browser,
    extensionBase,
    async newPage() {
      const page = await browser.newPage();
      await prepare(page);
      return page;
    },
    async reloadExtensionPage(page: Page) {
      // (not page.url(): in Firefox puppeteer never saw the navigation into the extension page)
      const url = await page.evaluate(() => location.href);
      await page.evaluate(() => {
        (window as unknown as { beforeReload?: boolean }).beforeReload = true;
        location.reload();
      });
      await waitForDocument(page, url);
    },
    send(page: Page, message: unknown) {
      return page.evaluate((m) => ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome).runtime.sendMessage(m), message) as Promise<Record<string, unknown>>;
    },
    async tabIdOf(page: Page, urlPattern: string) {
      const tabs = await page.evaluate((pattern) => ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome).tabs.query({ url: pattern }), urlPattern);
      const id = tabs[0]?.id;
      if (id === undefined) throw new Error(`no tab matches ${urlPattern}`);
      return id;
    },
    async storedSettings(page: Page) {
      return (await page.evaluate(() => ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome).storage.sync.get('settings'))).settings;
    },
    hasOrigin(page: Page, origin: string) {
      return page.evaluate((o) => ((globalThis as unknown as Globals).browser ?? (globalThis as unknown as Globals).chrome).permissions.contains({ origins: [o] }), origin);
    },
    close: () => browser.close(),
  };
}

/** Debian's Chromium, headless, with dist/chrome loaded unpacked, over the DevTools protocol. */
async function launchChromium(setup: BrowserSetup, opts: LaunchOptions): Promise<E2eBrowser> {
  const dir = setup.extensionDir;
  const rules = [
    ...[...ALL_HOSTS, ...(opts.stubHosts ?? [])].map((host) => `MAP ${host} 127.0.0.1:${opts.port}`),
    ...(opts.ownPortHosts ?? []).map((host) => `MAP ${host} 127.0.0.1`),
    'EXCLUDE localhost',
  ].join(', ');
  const browser = await puppeteer.launch({
    executablePath: setup.executablePath,
    headless: true,
    defaultViewport: opts.viewport ?? { width: 1000, height: 700 },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--load-extension=${dir}`,
      `--disable-extensions-except=${dir}`,
      ...CHROMIUM_FLAGS,
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
    ],
  });
  try {
    const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15_000 });
    const match = /^chrome-extension:\/\/([a-p]{32})\/background\.js$/.exec(worker.url());
    if (!match?.[1]) throw new Error(`unexpected service worker ${worker.url()}`);
    const colorScheme = opts.colorScheme ?? 'light';
    const prepare = (page: Page) => page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
    const base = common(setup, browser, `chrome-extension://${match[1]}/`, prepare);
    return {
      ...base,
      async openExtensionPage(path) {
        const page = await base.newPage();
        await page.goto(`${base.extensionBase}${path}`);
        return page;
      },
      setViewport: (page, size) => page.setViewport(size),
      extensionPagesAt: async (path) => browser.targets().filter((t) => t.url().startsWith(`${base.extensionBase}${path}`)).length,
      async paste(page) {
        // the DevTools protocol sends key events only: the editing command is named with them
        await page.keyboard.down('Control');
        await page.keyboard.press('KeyV', { commands: ['Paste'] });
        await page.keyboard.up('Control');
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Firefox ESR, headless, over WebDriver BiDi, with dist/firefox installed. Every stand-in host resolves to
 * 127.0.0.1 and port 443 goes to `port`, so `ownPortHosts`, whose URLs name their port, keep it. The
 * extension's origin takes a fixed UUID from a pref.
 */
async function launchFirefox(setup: BrowserSetup, opts: LaunchOptions): Promise<E2eBrowser> {
  const addonId = (JSON.parse(readFileSync(`${setup.extensionDir}/manifest.json`, 'utf8')) as { browser_specific_settings: { gecko: { id: string } } })
    .browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: setup.executablePath,
    headless: true,
    acceptInsecureCerts: true,
    // lets WebDriver BiDi navigate a tab to a moz-extension:// page
    args: ['--remote-allow-system-access'],
    ...(opts.viewport ? { defaultViewport: opts.viewport } : {}),
    extraPrefsFirefox: {
      'network.dns.localDomains': [...ALL_HOSTS, ...(opts.stubHosts ?? []), ...(opts.ownPortHosts ?? [])].join(','),
      'network.socket.forcePort': `443=${opts.port}`,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
      // 0 dark, 1 light
      'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1,
      // optional permission requests are answered "yes" without a doorhanger
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  try {
    const installedId = await browser.installExtension(setup.extensionDir);
    if (installedId !== addonId) throw new Error(`installed ${installedId}, expected the manifest's gecko id ${addonId}`);
    const base = common(setup, browser, `moz-extension://${uuid}/`, async () => undefined);
    return {
      ...base,
      async openExtensionPage(path) {
        const page = await base.newPage();
        const url = `${base.extensionBase}${path}`;
        // the navigation itself happens; the promise is only about puppeteer not seeing its events
        page.goto(url, { timeout: 15_000 }).catch(() => undefined);
        await waitForDocument(page, url);
        return page;
      },
      setViewport: setFirefoxViewport,
      async extensionPagesAt(path) {
        // puppeteer does not see navigations into the extension's process: each tab is asked where it is
        const urls = await Promise.all((await browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')));
        return urls.filter((url) => url.startsWith(`${base.extensionBase}${path}`)).length;
      },
      async paste(page) {
        await page.keyboard.down('Control');
        await page.keyboard.press('KeyV');
        await page.keyboard.up('Control');
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * Waits until `page` shows `url` fully loaded, in a document that reloadExtensionPage has not marked as the
 * one it replaces. (No function is built in the page: Firefox ESR 140's extension pages refuse Function().)
 */
async function waitForDocument(page: Page, url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await page
      .evaluate(() => `${location.href} ${document.readyState}${(window as unknown as { beforeReload?: boolean }).beforeReload ? ' (before the reload)' : ''}`)
      .catch((error: unknown) => String(error));
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
export async function waitInPage<Args extends unknown[]>(page: Page, predicate: (...args: Args) => boolean, ...args: Args): Promise<void> {
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
async function setFirefoxViewport(page: Page, size: { width: number; height: number }): Promise<void> {
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
