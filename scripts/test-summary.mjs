#!/usr/bin/env node
// The last line of `npm test`: the counts of both vitest projects (unit and e2e) as one plain line,
// "tests: N passed, N failed, N skipped", read from the JSON reports the two runs wrote.
import { readFileSync } from 'node:fs';

const reports = ['test-artifacts/vitest-unit.json', 'test-artifacts/vitest-e2e.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`test summary: cannot read ${file}: ${error.message}`);
    process.exit(1);
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
