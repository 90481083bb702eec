import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/**
 * `vite` serves the app and proxies /api to the API (API_PORT, default 4173:
 * the reference server `npm start` runs in the conflict-kit repository).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // Inside the conflict-kit repository the example builds against the library's source.
  // In your own app, delete `resolve` and `server.fs`: conflict-kit comes from npm.
  resolve: {
    alias: [
      { find: /^conflict-kit$/, replacement: source('index.ts') },
      { find: /^conflict-kit\/react-hook-form$/, replacement: source('react-hook-form/index.ts') },
      { find: /^conflict-kit\/styles\.css$/, replacement: source('ui/styles.css') },
    ],
  },
  // Pre-bundled up front: a dependency found mid-session makes Vite reload the page.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', 'react-router', 'react-hook-form', '@tanstack/react-query', 'zustand/vanilla'] },
  server: {
    fs: { allow: [repo] },
    proxy: { '/api': { target: `http://127.0.0.1:${process.env.API_PORT ?? '4173'}` } },
  },
});
