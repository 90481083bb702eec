import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { pouchdbServerBin } from './server/pouchdbServerBin';

/** The example's Vite dev server (React's development build: `<StrictMode>` mounts twice). */
const PORT = Number(process.env.EXAMPLE_COUCHDB_PORT ?? 4160);
/** pouchdb-server, on an origin of its own: the app calls it cross-origin. */
const COUCHDB_PORT = PORT + 1;
const repo = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
/** Why the suite cannot run here; the tests report it as their skip reason. */
export const missing = pouchdbServerBin()
  ? undefined
  : 'pouchdb-server is not installed: run `bash scripts/realServers/install.sh` (part of .ci/run), or `npm install` in examples/couchdb';
process.env.EXAMPLE_COUCHDB_URL = `http://127.0.0.1:${COUCHDB_PORT}/contacts`;
if (missing) {
  process.env.EXAMPLE_COUCHDB_MISSING = missing;
  // Said once, by the runner (workers load this file again); each test also carries it as its skip reason.
  if (process.env.TEST_WORKER_INDEX === undefined) console.log(`examples/couchdb: SKIPPED — ${missing}`);
}

/**
 * Two people in two Chromium contexts against pouchdb-server (in memory, a
 * fresh database per run). Chromium is Debian's (CHROMIUM_PATH), not a download.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Dev mode compiles modules on first request: a first page can take a while.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: missing
    ? []
    : [
        {
          command: `npx tsx --tsconfig ${here}tsconfig.json ${here}server/startCouchdb.ts`,
          cwd: repo,
          url: `http://127.0.0.1:${COUCHDB_PORT}/contacts`,
          reuseExistingServer: false,
          timeout: 60_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: { COUCHDB_PORT: String(COUCHDB_PORT) },
        },
        {
          command: `npx vite --config examples/couchdb/vite.config.ts --host 127.0.0.1 --port ${PORT} --strictPort --logLevel warn`,
          cwd: repo,
          url: `http://127.0.0.1:${PORT}/src/main.tsx`,
          reuseExistingServer: false,
          timeout: 120_000,
          stdout: 'ignore',
          stderr: 'pipe',
          env: { VITE_COUCHDB_URL: `http://127.0.0.1:${COUCHDB_PORT}/contacts` },
        },
      ],
});
