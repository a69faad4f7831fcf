import { defineConfig, runnerImport, type Plugin, type UserConfig } from 'vite';
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

const WORDINGS_MODULE = fromRoot('src/core/bounce/wordings.ts');
const WORDING_PATTERNS_ID = '\0bounce-explainer:wording-patterns';

/** The slot pieces rows are built from (wording-row.ts D, IP, IDENTITY): written once in the content script. */
const SLOT_MARK = '\u0001';

/**
 * The wordings module as the content script needs it: its patterns (prefilter.ts reads REFUSAL_WORDING_PARTS, the
 * specific rows in alternations V8 optimises), each a regular-expression literal computed here from the real table, without
 * the table itself (every row's receiver, mechanism, codes and own pattern: 5.4 KB of the script's minified size,
 * 1 KB gzipped; README "Speed and size"). An export that is no RegExp (the tables) is not there, so importing one
 * in the content script fails the build instead of shipping a different value. `/${source}/${flags}` is the same
 * pattern again: ECMAScript 2023 section 22.2.6.13.1 (EscapeRegExpPattern) writes `source` so that it reads back as
 * a literal. A pattern built from the slot pieces is written with each piece once and the pieces put back at load.
 * Node, the CLI, the pages and the tests import the real module.
 */
export function wordingPatternsModule(wordings: Record<string, unknown>, pieces: readonly string[] = []): string {
  // longest first, so a piece that holds another is taken whole
  const slots = [...pieces].sort((a, b) => b.length - a.length);
  const lines = slots.map((piece, i) => `const S${i} = ${JSON.stringify(piece)};`);
  const literal = (pattern: RegExp): string => {
    let marked = pattern.source;
    slots.forEach((piece, i) => (marked = marked.split(piece).join(`${SLOT_MARK}${i}`)));
    return marked === pattern.source
      ? `/${pattern.source}/${pattern.flags}`
      : // a function as the replacement: a piece's "$" is no replacement pattern
        `new RegExp(${JSON.stringify(marked)}.replace(/\\u0001(\\d)/g, (_, i) => [${slots.map((_, i) => `S${i}`).join(', ')}][i]), ${JSON.stringify(pattern.flags)})`;
  };
  // a list of patterns (REFUSAL_WORDING_PARTS), and a pattern that is the alternation of one (REFUSAL_WORDING): built
  // from the list at load, so the script carries each row once
  const lists = Object.entries(wordings).filter((entry): entry is [string, RegExp[]] => Array.isArray(entry[1]) && entry[1].length > 0 && entry[1].every((item) => item instanceof RegExp));
  for (const [name, list] of lists) lines.push(`export const ${name} = [${list.map(literal).join(', ')}];`);
  for (const [name, pattern] of Object.entries(wordings)) {
    if (!(pattern instanceof RegExp)) continue;
    const whole = lists.find(([, list]) => list.map((part) => part.source).join('|') === pattern.source);
    lines.push(
      whole === undefined
        ? `export const ${name} = ${literal(pattern)};`
        : `export const ${name} = new RegExp(${whole[0]}.map((part) => part.source).join('|'), ${JSON.stringify(pattern.flags)});`,
    );
  }
  return lines.join('\n');
}

export function wordingPatternsOnly(): Plugin {
  return {
    name: 'bounce-explainer:wording-patterns-only',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (importer === undefined || !source.endsWith('/wordings')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === WORDINGS_MODULE ? WORDING_PATTERNS_ID : null;
    },
    async load(id) {
      if (id !== WORDING_PATTERNS_ID) return null;
      // the real module, run through vite as scripts/build.mjs reads the webmail adapters
      const load = (file: string) => runnerImport<Record<string, unknown>>(file, { configFile: false, logLevel: 'warn' });
      const { module } = await load(WORDINGS_MODULE);
      const { module: row } = await load(fromRoot('src/core/bounce/wording-row.ts'));
      return wordingPatternsModule(module, [row.D, row.IP, row.IDENTITY].filter((piece) => typeof piece === 'string'));
    },
  };
}

function contentConfig(): UserConfig {
  return {
    root,
    publicDir: false,
    oxc: jsx,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [wordingPatternsOnly()],
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
