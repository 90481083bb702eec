import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import dts from 'vite-plugin-dts';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { chromiumLaunchOptions } from './scripts/chromium';

/**
 * The package's entries, one line each: `dist/<name>.js` with one bundled
 * `.d.ts` beside it. An entry also needs its line in package.json `exports`
 * (`"./<name>": "./dist/<name>.js"`); the package checks, the API reports
 * and the TSDoc test follow from these two lists.
 */
export const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  advanced: 'src/advanced/index.ts',
  react: 'src/react/index.ts',
  ui: 'src/ui/index.ts',
  server: 'src/server/index.ts',
  wasm: 'src/wasm/index.ts',
  couchdb: 'src/couchdb/index.ts',
  azure: 'src/azure/index.ts',
  telemetry: 'src/telemetry/index.ts',
  otel: 'src/otel/index.ts',
  'react-hook-form': 'src/react-hook-form/index.ts',
};

/** Ships the stylesheet as `dist/styles.css` (`conflict-kit/styles.css`). */
function stylesheet(): Plugin {
  return {
    name: 'conflict-kit:stylesheet',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'styles.css', source: readFileSync('src/ui/styles.css', 'utf8') });
    },
  };
}

/**
 * Leaves `import.meta.env?.MODE` (isDev in src/core/devWarning.ts) for the
 * app's bundler to replace. In library mode Vite would write this build's own
 * mode there ("production"), and an app served by `vite dev`, where the
 * browser has no `process`, would never see a development text.
 */
function appModeLeftToApp(): Plugin {
  return {
    name: 'conflict-kit:app-mode-left-to-app',
    apply: 'build',
    config: () => ({ define: { 'import.meta.env.MODE': 'import.meta.env?.MODE' } }),
  };
}

/** Peers and the store stay external so apps dedupe them (and OpenTelemetry's global registry stays one). */
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^react-hook-form($|\/)/, /^@tanstack\//, /^zustand($|\/)/, /^@opentelemetry\//];

const storybook = Boolean(process.env.STORYBOOK);

export default defineConfig({
  plugins: [
    stylesheet(),
    // Storybook builds an app, whose mode is its own; it also skips the declarations.
    ...(storybook ? [] : [appModeLeftToApp()]),
    // Storybook loads this file too; the dts plugin must not rewrite declarations then.
    ...(storybook
      ? []
      : [
          dts({
            include: ['src'],
            exclude: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
            bundleTypes: true,
            tsconfigPath: './tsconfig.build.json',
          }),
        ]),
  ],
  build: {
    lib: { entry: entries, formats: ['es'] },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    // One file per source module and nothing loaded lazily: apps split with
    // React.lazy at module boundaries, and every entry shares one copy of each
    // module (conflict-kit/wasm registers into the engine core uses).
    rolldownOptions: { external, output: { preserveModules: true, preserveModulesRoot: 'src' } },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/core/**/*.test.ts', 'src/couchdb/**/*.test.ts', 'src/azure/**/*.test.ts', 'src/advanced/**/*.test.ts', 'src/wasm/**/*.test.ts', 'src/server/**/*.test.ts', 'src/telemetry/**/*.test.ts', 'src/otel/**/*.test.ts', 'demo/server/**/*.test.ts', 'demo/app/src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/react/**/*.test.{ts,tsx}', 'src/react-hook-form/**/*.test.{ts,tsx}', 'src/ui/**/*.test.{ts,tsx}', 'src/telemetry/**/*.test.tsx'],
          setupFiles: ['test/support/strictMode.ts'],
        },
      },
      {
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
        test: {
          name: 'storybook',
          // Stories render under <StrictMode> (every render twice, in React's development build):
          // the thousand-field merge takes over 15 s on a loaded machine.
          testTimeout: 40_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
