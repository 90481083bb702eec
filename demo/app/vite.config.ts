import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '4173'}`;

/**
 * The demo app: `vite build --config demo/app/vite.config.ts` writes
 * demo/app/dist, which the demo server serves with the API on one origin.
 * `vite --config demo/app/vite.config.ts` runs it in dev mode against a
 * running `npm start` (API_PORT, default 4173).
 */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
