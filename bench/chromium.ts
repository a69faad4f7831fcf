/**
 * Debian's Chromium through playwright-core for bench/extension.bench.ts, which reads the extension's own
 * service worker and CDP sessions of its pages. The end-to-end tests drive both browsers through puppeteer-core
 * (test/helpers/e2e-driver.ts); this launcher is the last user of playwright-core.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/helpers/e2e-browsers';
import { ALL_HOSTS } from '../test/helpers/https-hosts';

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
      ...CHROMIUM_FLAGS,
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
