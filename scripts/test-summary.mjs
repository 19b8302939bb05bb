// Prints the closing line of a test run as "N passed, N failed, N skipped" from vitest's JSON
// report, and exits non-zero when any test failed or none ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync('.test-results/vitest.json', 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
