#!/usr/bin/env node
// `npm run build`: dist/chrome/, dist/firefox/ and dist/cli.js through vite's JS API (modes in vite.config.ts),
// then one manifest per browser from the source manifest.json and the webmail adapters (src/webmails).
// `node scripts/build.mjs extension` or `... cli` builds one part only (while working on it).
import { build, runnerImport } from 'vite';
import { chmod, cp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manifestFor } from './manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const configFile = `${root}vite.config.ts`;
const dist = `${root}dist`;

async function exists(path) {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

const pkg = await readJson(`${root}package.json`);
const source = await readJson(`${root}manifest.json`);
if (source.version !== pkg.version) {
  throw new Error(`manifest.json version ${source.version} differs from package.json version ${pkg.version}: make them equal`);
}
const parts = process.argv.slice(2);
for (const part of parts) {
  if (part !== 'extension' && part !== 'cli') throw new Error(`unknown part "${part}": give extension, cli or nothing (both)`);
}
const buildExtension = parts.length === 0 || parts.includes('extension');
const buildCli = parts.length === 0 || parts.includes('cli');
if (buildCli && !(await exists(`${root}src/cli/bin.ts`))) {
  throw new Error('src/cli/bin.ts is missing: the CLI entry point is part of the build');
}
const logLevel = process.env.VITE_LOG_LEVEL ?? 'warn';

if (buildExtension) await buildExtensions();
if (buildCli) {
  await rm(`${dist}/cli.js`, { force: true });
  await build({ configFile, mode: 'cli', logLevel });
  await chmod(`${dist}/cli.js`, 0o755);
  console.log('wrote dist/cli.js');
}

async function buildExtensions() {
  await rm(`${dist}/chrome`, { recursive: true, force: true });
  await rm(`${dist}/firefox`, { recursive: true, force: true });
  for (const mode of ['pages', 'content']) {
    await build({ configFile, mode, logLevel });
  }

  // The content script must be a classic script: MV3 loads it without module semantics.
  const content = await readFile(`${dist}/chrome/content.js`, 'utf8');
  if (/^\s*(import|export)\b/m.test(content)) {
    throw new Error('dist/chrome/content.js contains import/export: content scripts must be one classic script');
  }

  // the webmail origins are the adapters' (src/webmails), read from the TypeScript source through vite
  const { module: webmails } = await runnerImport(`${root}src/webmails/index.ts`, { configFile: false, logLevel });
  await cp(`${dist}/chrome`, `${dist}/firefox`, { recursive: true });
  for (const target of ['chrome', 'firefox']) {
    const manifest = manifestFor(source, target, webmails.WEBMAIL_ORIGINS);
    await writeFile(`${dist}/${target}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`wrote dist/${target}/`);
  }
}
