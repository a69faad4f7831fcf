#!/usr/bin/env node
// `npm run package`: the two store zips from the shipping builds (run `npm run build` first):
// dist/bounce-explainer-chrome-<version>.zip and dist/bounce-explainer-firefox-<version>.zip.
import webExt from 'web-ext';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const { name, version } = JSON.parse(await readFile(`${root}package.json`, 'utf8'));

for (const target of ['chrome', 'firefox']) {
  const sourceDir = `${dist}/${target}`;
  const manifest = JSON.parse(await readFile(`${sourceDir}/manifest.json`, 'utf8').catch(() => {
    throw new Error(`${sourceDir}/manifest.json is missing: run \`npm run build\` first`);
  }));
  if (manifest.version !== version) throw new Error(`${sourceDir} is version ${manifest.version}, package.json says ${version}: rebuild`);
  const filename = `${name}-${target}-${version}.zip`;
  await webExt.cmd.build(
    { sourceDir, artifactsDir: dist, filename, overwriteDest: true },
    { showReadyMessage: false },
  );
  console.log(`dist/${filename} (${(await stat(`${dist}/${filename}`)).size} bytes)`);
}
