import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/**
 * `vite` serves the app; the browser talks to CouchDB directly, on another
 * origin (VITE_COUCHDB_URL, default http://127.0.0.1:5984/contacts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // Inside the conflict-kit repository the example builds against the library's source.
  // In your own app, delete `resolve` and `server.fs`: conflict-kit comes from npm.
  resolve: {
    alias: [
      { find: /^conflict-kit$/, replacement: source('index.ts') },
      { find: /^conflict-kit\/couchdb$/, replacement: source('couchdb/index.ts') },
      { find: /^conflict-kit\/styles\.css$/, replacement: source('ui/styles.css') },
    ],
  },
  // Pre-bundled up front: a dependency found mid-session makes Vite reload the page.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', '@tanstack/react-query', 'zustand/vanilla'] },
  server: { fs: { allow: [repo] } },
});
