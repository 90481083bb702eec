import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/** The example's Vite dev server (React's development build: `<StrictMode>` mounts twice). */
const PORT = Number(process.env.EXAMPLE_PORT ?? 4178);
/** The conflict-kit reference server, which the example's /api proxies to. */
const API_PORT = PORT + 1;
const repo = fileURLToPath(new URL('../..', import.meta.url));
// Set once in the runner's process and inherited by its workers, which load this file again.
process.env.CK_EXAMPLE_DB ??= join(tmpdir(), `conflict-kit-example-rr-rhf-${process.pid}-${Date.now()}.db`);

/**
 * Two people in two Chromium contexts against the reference server (a fresh
 * SQLite file per run). Chromium is Debian's (CHROMIUM_PATH), not a download.
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
  globalTeardown: './e2e/teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: 'npx tsx demo/server/main.ts',
      cwd: repo,
      url: `http://127.0.0.1:${API_PORT}/api/tickets`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { PORT: String(API_PORT), HOST: '127.0.0.1', DB_PATH: process.env.CK_EXAMPLE_DB, LATENCY_MS: '0' },
    },
    {
      command: `npx vite --config examples/react-router-hook-form/vite.config.ts --host 127.0.0.1 --port ${PORT} --strictPort --logLevel warn`,
      cwd: repo,
      url: `http://127.0.0.1:${PORT}/src/main.tsx`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { API_PORT: String(API_PORT) },
    },
  ],
});
