import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Three builds share this file, chosen by `--mode` (scripts/build.mjs runs all three through vite's JS API):
 * - `pages` (default): the extension's module code: background service worker, popup and options pages;
 * - `content`: the content script, ONE classic script (IIFE), because MV3 content scripts cannot be modules;
 * - `cli`: the Node command-line front end (entry src/cli/bin.ts), bundled into dist/cli.js.
 * The browser builds write dist/chrome/; scripts/build.mjs then derives dist/firefox/ and both manifests.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string): string => `${root}${path}`;

const packageVersion = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;

interface SourceManifest {
  minimum_chrome_version: string;
  browser_specific_settings: { gecko: { strict_min_version: string }; gecko_android?: { strict_min_version: string } };
}

/**
 * The browsers the code is compiled for are the ones manifest.json lets install it: Chrome's
 * minimum_chrome_version and the lowest Firefox minimum (desktop or Android), so the two cannot drift apart.
 */
function browserTargets(): string[] {
  const manifest = JSON.parse(readFileSync(fromRoot('manifest.json'), 'utf8')) as SourceManifest;
  const { gecko, gecko_android: android } = manifest.browser_specific_settings;
  const major = (version: string): number => Number.parseInt(version, 10);
  const firefox = Math.min(major(gecko.strict_min_version), ...(android ? [major(android.strict_min_version)] : []));
  return [`chrome${major(manifest.minimum_chrome_version)}`, `firefox${firefox}`];
}

const extensionTargets = browserTargets();

export const extensionOutDir = fromRoot('dist/chrome');

/** Preact through oxc's automatic JSX runtime (no preset plugin needed). */
const jsx = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const;

/**
 * The HTML entries live beside their code (src/popup/index.html); the manifest names them at the top
 * (popup.html). Asset URLs are absolute (`base: '/'`), so moving the file does not break them.
 */
function htmlAtTop(names: Record<string, string>): Plugin {
  return {
    name: 'bounce-explainer:html-at-top',
    // after vite's own HTML plugin has emitted the pages
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        const target = names[output.fileName];
        if (target !== undefined) output.fileName = target;
      }
    },
  };
}

function pagesConfig(): UserConfig {
  return {
    root: fromRoot('src'),
    base: '/',
    publicDir: fromRoot('public'),
    oxc: jsx,
    plugins: [htmlAtTop({ 'popup/index.html': 'popup.html', 'options/index.html': 'options.html' })],
    build: {
      outDir: extensionOutDir,
      emptyOutDir: true,
      target: extensionTargets,
      minify: false,
      sourcemap: false,
      // the preload polyfill touches `document`, which a service worker does not have
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: {
          popup: fromRoot('src/popup/index.html'),
          options: fromRoot('src/options/index.html'),
          background: fromRoot('src/background/index.ts'),
        },
        output: {
          // the manifest names the service worker by a fixed file name
          entryFileNames: (chunk) => (chunk.name === 'background' ? 'background.js' : 'assets/[name]-[hash].js'),
          chunkFileNames: 'assets/[name]-[hash].js',
          // third-party code in chunks of its own name, so a linter finding in it is told apart from ours
          codeSplitting: {
            groups: [
              { name: 'vendor-preact', test: /node_modules[\\/]preact[\\/]/ },
              { name: 'vendor-webextension-polyfill', test: /node_modules[\\/]webextension-polyfill[\\/]/ },
            ],
          },
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  };
}

function contentConfig(): UserConfig {
  return {
    root,
    publicDir: false,
    oxc: jsx,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: extensionOutDir,
      emptyOutDir: false,
      target: extensionTargets,
      // it is injected into every webmail page: minified (not obfuscated); its target is 10 KB gzipped (README, speed)
      minify: true,
      sourcemap: false,
      lib: {
        entry: fromRoot('src/content/index.ts'),
        formats: ['iife'],
        name: 'bounceExplainerContent',
        fileName: () => 'content.js',
      },
    },
  };
}

function cliConfig(): UserConfig {
  return {
    root,
    publicDir: false,
    // src/cli/bin.ts prints it for --version
    define: { __VERSION__: JSON.stringify(packageVersion) },
    build: {
      outDir: fromRoot('dist'),
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      ssr: fromRoot('src/cli/bin.ts'),
      rolldownOptions: {
        output: {
          format: 'es',
          entryFileNames: 'cli.js',
          banner: '#!/usr/bin/env node',
        },
      },
    },
    // one self-contained file: bundle every dependency, leave only Node built-ins outside
    ssr: { noExternal: true, target: 'node' },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'content') return contentConfig();
  if (mode === 'cli') return cliConfig();
  return pagesConfig();
});
