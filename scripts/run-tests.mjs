#!/usr/bin/env node
// Runs the whole vitest suite and ends with one plain line `tests: N passed, N failed, N skipped`
// (the form CI reads), exiting non-zero on any failure or when no test ran.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const out = ".vitest-results.json";
rmSync(out, { force: true });
const args = [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
const r = spawnSync("npx", args, { stdio: "inherit" });
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const j = JSON.parse(readFileSync(out, "utf8"));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
  skipped = j.numPendingTests + j.numTodoTests;
  for (const s of j.testResults ?? []) {
    if (s.status === "failed" && (s.assertionResults ?? []).length === 0) failed++; // a file that failed to load
  }
} catch (e) {
  console.error(`run-tests: no results (${e.message})`);
  failed++;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
