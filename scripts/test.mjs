#!/usr/bin/env node
// `npm test`: every check in order, then one line `N passed, N failed`.
// Test runners report through their JSON reports; whole steps (typecheck,
// build) count as one check each. A failing step does not stop the others,
// so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = 'reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${seconds} s)`);
  return ok;
}

function step(label, command, args, env) {
  const ok = run(label, command, args, env);
  count(label, ok ? 1 : 0, ok ? 0 : 1);
  return ok;
}

function count(label, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (failed > 0) failures.push(`${label}: ${failed} failed`);
}

/** Vitest's JSON reporter (Jest-compatible): numPassedTests / numFailedTests. */
function countVitest(label, file, ok) {
  if (!existsSync(file)) return count(label, 0, 1);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failed = report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? 1 : 0);
  count(label, report.numPassedTests, failed || (ok ? 0 : 1), report.numPendingTests + report.numTodoTests);
}

/** Our own checks write `{ passed, failed }`. */
function countChecks(label, file, ok) {
  if (!existsSync(file)) return count(label, 0, 1);
  const report = JSON.parse(readFileSync(file, 'utf8'));
  count(label, report.passed, report.failed || (ok ? 0 : 1));
}

const npx = 'npx';

step('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);

/**
 * One throwaway PostgreSQL cluster for every test file (each makes its own
 * database on it). Where it cannot start, the PostgreSQL tests see
 * `skip:<reason>` and report as skipped with that reason, counted below.
 */
async function startPostgres() {
  try {
    const { tsImport } = await import('tsx/esm/api');
    const { startThrowawayPostgres } = await tsImport('./postgres/throwawayPostgres.ts', import.meta.url);
    const cluster = await startThrowawayPostgres();
    process.env.CONFLICT_KIT_TEST_PG_URL = cluster.url;
    console.log(`\n▶ PostgreSQL for the tests: a throwaway cluster on port ${cluster.port} in ${cluster.dir}`);
    return cluster;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    process.env.CONFLICT_KIT_TEST_PG_URL = `skip:${reason}`;
    console.log(`\n▶ PostgreSQL could not start (${reason}): its tests will report as skipped`);
    return undefined;
  }
}

{
  const postgres = await startPostgres();
  const file = `${reports}/vitest.json`;
  const ok = run('unit and component tests', npx, [
    'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`,
  ]);
  await postgres?.stop();
  countVitest('vitest', file, ok);
}

const built = step('library build', npx, ['vite', 'build']);

if (built) {
  const file = `${reports}/package.json`;
  const ok = run('package checks', 'node', ['scripts/checkPackage.mjs', file]);
  countChecks('package checks', file, ok);
} else {
  count('package checks (not run: the build failed)', 0, 1);
}

{
  // Playwright's JSON report: stats.expected (passed), unexpected, flaky, skipped.
  const file = `${reports}/playwright.json`;
  const ok = run('end-to-end scenarios (Playwright, real server, Debian Chromium)', npx, ['playwright', 'test']);
  if (!existsSync(file)) count('e2e', 0, 1);
  else {
    const { stats } = JSON.parse(readFileSync(file, 'utf8'));
    count('e2e', stats.expected + stats.flaky, stats.unexpected || (ok ? 0 : 1), stats.skipped);
  }
}

console.log('');
if (failures.length) console.log(`Failed: ${failures.join('; ')}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
