import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium';

/** Not 4173, so the suite never collides with a running `npm start`. */
const PORT = Number(process.env.E2E_PORT ?? 4174);
/** Vite's dev server for the `dev` project, proxying /api to the server on PORT. */
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? PORT + 1);
// Set once in the runner's process and inherited by its workers, which load this file again.
process.env.CK_E2E_DB ??= join(tmpdir(), `conflict-kit-e2e-${process.pid}-${Date.now()}.db`);

/**
 * End-to-end scenarios in Debian's Chromium against the real demo server:
 * the demo app is built, then served with the API on one origin, on a fresh
 * SQLite file per run, with fault injection on. The `dev` project drives the
 * same app through Vite's dev server (React's development build, with the
 * `<StrictMode>` of demo/app/src/main.tsx), where effects run mount →
 * unmount → mount; production builds hide what breaks there.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_500 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  globalTeardown: './e2e/support/globalTeardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'built', testIgnore: 'dev/**' },
    // Dev mode compiles modules on first request: a first page can take a while.
    { name: 'dev', testMatch: 'dev/**/*.spec.ts', timeout: 60_000, use: { baseURL: `http://127.0.0.1:${DEV_PORT}` } },
  ],
  webServer: [
    {
      command: 'npx vite build --config demo/app/vite.config.ts --logLevel warn && npx tsx demo/server/main.ts',
      url: `http://127.0.0.1:${PORT}/api/tickets`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        DB_PATH: process.env.CK_E2E_DB,
        FAULTS: '1',
        LATENCY_MS: '0',
      },
    },
    {
      command: `npx vite --config demo/app/vite.config.ts --host 127.0.0.1 --port ${DEV_PORT} --strictPort --logLevel warn`,
      url: `http://127.0.0.1:${DEV_PORT}/src/main.tsx`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { API_PORT: String(PORT) },
    },
  ],
});
