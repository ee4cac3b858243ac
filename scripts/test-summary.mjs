#!/usr/bin/env node
// Adds up vitest JSON reports and prints, as the last line, `tests: N passed, M failed`
// (`, K skipped` when some were skipped). Exits 1 when a test failed or none ran.
// A test file that could not even load counts as one failed test, so it cannot pass unseen.
// Usage: node scripts/test-summary.mjs test-results/*.json
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`test-summary: no report ${file}`);
    continue;
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`test-summary: unreadable report ${file}: ${error.message}`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const failedInside = (suite.assertionResults ?? []).some((a) => a.status === 'failed');
    if (suite.status === 'failed' && !failedInside) {
      console.error(`test-summary: ${suite.name} failed to run: ${(suite.message ?? '').split('\n')[0]}`);
      failed += 1;
    }
  }
}

console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
