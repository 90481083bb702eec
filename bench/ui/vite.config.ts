import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the UI bench page (bench/ui/index.html) into .cache/bench-ui with
 * React's production build, as apps ship it. `npm run bench:ui` builds and
 * serves it; see bench/ui.bench.ts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('../../.cache/bench-ui', import.meta.url)),
    emptyOutDir: true,
    // Unminified so a CPU profile names functions; React's production build is used either way.
    minify: false,
    sourcemap: false,
    target: 'es2022',
  },
});
