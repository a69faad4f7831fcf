#!/usr/bin/env node
// `npm run lint:ext`: Mozilla's add-on linter (web-ext lint) on the Firefox build. Any error fails; any warning
// or notice fails too, unless this table names it with the reason it cannot be fixed (README.md "Add-on
// linter notes" repeats these reasons). Adding an exception is adding a row, with its reason.
//
// The Chrome build is the same files with Chrome's own manifest (scripts/build.mjs copies dist/chrome/ to
// dist/firefox/ and writes each manifest.json). That manifest has no gecko id, no data collection declaration
// and no background.scripts fallback, because Chrome lists those as errors; Mozilla's linter, which judges a
// Firefox add-on, would refuse it for exactly that. So the linter reads the Firefox build, and this script
// checks that every other file of the Chrome build is byte for byte the one the linter read.
import webExt from 'web-ext';
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {{ code: string, file?: RegExp, reason: string }[]} */
const ACCEPTED = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^assets\/vendor-preact-[\w-]+\.js$/,
    reason: "preact's renderer implements dangerouslySetInnerHTML with innerHTML; our code never uses that prop",
  },
];

function accepted(finding) {
  return ACCEPTED.some((row) => row.code === finding.code && (row.file === undefined || row.file.test(finding.file ?? '')));
}

/** Every file under `dir`, as paths relative to it, sorted. */
async function filesUnder(dir) {
  const names = await readdir(dir, { recursive: true });
  const isFile = await Promise.all(names.map(async (name) => (await stat(`${dir}/${name}`)).isFile()));
  return names.filter((_, i) => isFile[i]).sort();
}

/** The files in which the two builds differ, manifest.json aside; [] when the linter's verdict covers both. */
async function chromeDiffersFromFirefox() {
  const chrome = `${root}dist/chrome`;
  const firefox = `${root}dist/firefox`;
  const [chromeFiles, firefoxFiles] = await Promise.all([filesUnder(chrome), filesUnder(firefox)]);
  const differing = new Set([...chromeFiles, ...firefoxFiles].filter((file) => !chromeFiles.includes(file) || !firefoxFiles.includes(file)));
  for (const file of chromeFiles.filter((name) => firefoxFiles.includes(name))) {
    const [a, b] = await Promise.all([readFile(`${chrome}/${file}`), readFile(`${firefox}/${file}`)]);
    if (!a.equals(b)) differing.add(file);
  }
  differing.delete('manifest.json');
  return [...differing].sort();
}

let failures = 0;
const result = await webExt.cmd.lint(
  { sourceDir: `${root}dist/firefox`, selfHosted: true, output: 'none', boring: true },
  { shouldExitProgram: false },
);
const findings = [...result.errors, ...result.warnings, ...result.notices];
const refused = findings.filter((finding) => finding._type === 'error' || !accepted(finding));
const known = findings.length - refused.length;
for (const finding of refused) {
  const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
  console.error(`dist/firefox: ${finding._type} ${finding.code}${where}: ${finding.message}`);
}
console.log(
  `web-ext lint dist/firefox: ${result.errors.length} errors, ${refused.length} unexplained findings` +
    (known ? `, ${known} explained in scripts/lint-ext.mjs and README.md` : ''),
);
failures += refused.length;

const differing = await chromeDiffersFromFirefox();
for (const file of differing) console.error(`dist/chrome/${file} differs from dist/firefox/${file} (or is in one build only): rebuild with \`npm run build\``);
console.log(
  differing.length === 0
    ? 'dist/chrome: the same files as dist/firefox but manifest.json, so the lint above covers its code'
    : `dist/chrome: ${differing.length} files differ from dist/firefox`,
);
failures += differing.length;
process.exitCode = failures === 0 ? 0 : 1;
