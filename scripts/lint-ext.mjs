#!/usr/bin/env node
// `npm run lint:ext`: Mozilla's add-on linter (web-ext lint) on both shipping builds. Any error fails; any
// warning or notice fails too, unless this table names it with the reason it cannot be fixed (README.md
// "Add-on linter" repeats these reasons). Adding an exception is adding a row, with its reason.
import webExt from 'web-ext';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {{ build: 'chrome' | 'firefox' | 'both', code: string, file?: RegExp, reason: string }[]} */
const ACCEPTED = [
  {
    build: 'both',
    code: 'UNSAFE_VAR_ASSIGNMENT',
    file: /^assets\/vendor-preact-[\w-]+\.js$/,
    reason: "preact's renderer implements dangerouslySetInnerHTML with innerHTML; our code never uses that prop",
  },
  {
    build: 'chrome',
    code: 'BACKGROUND_SERVICE_WORKER_IGNORED',
    reason: 'the Chrome build needs background.service_worker; Firefox, which ignores it, loads the Firefox build',
  },
];

function accepted(build, finding) {
  return ACCEPTED.some(
    (row) =>
      (row.build === 'both' || row.build === build) &&
      row.code === finding.code &&
      (row.file === undefined || row.file.test(finding.file ?? '')),
  );
}

let failures = 0;
for (const build of ['chrome', 'firefox']) {
  const result = await webExt.cmd.lint(
    { sourceDir: `${root}dist/${build}`, selfHosted: true, output: 'none', boring: true },
    { shouldExitProgram: false },
  );
  const findings = [...result.errors, ...result.warnings, ...result.notices];
  const refused = findings.filter((finding) => finding._type === 'error' || !accepted(build, finding));
  const known = findings.length - refused.length;
  for (const finding of refused) {
    const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
    console.error(`dist/${build}: ${finding._type} ${finding.code}${where}: ${finding.message}`);
  }
  console.log(
    `web-ext lint dist/${build}: ${result.errors.length} errors, ${refused.length} unexplained findings` +
      (known ? `, ${known} explained in scripts/lint-ext.mjs and README.md` : ''),
  );
  failures += refused.length;
}
process.exitCode = failures === 0 ? 0 : 1;
