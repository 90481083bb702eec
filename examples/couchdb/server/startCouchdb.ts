/**
 * Starts pouchdb-server (the CouchDB API on PouchDB, in memory) for the
 * example, lets the app's origin call it with the kit's headers (CORS), and
 * creates the `contacts` database. Stops the server on SIGINT/SIGTERM.
 *
 *   npx tsx server/startCouchdb.ts          # http://127.0.0.1:5984/contacts
 *   COUCHDB_PORT=4161 npx tsx server/startCouchdb.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORS_ALLOW_HEADERS } from 'conflict-kit/server';
import { pouchdbServerBin } from './pouchdbServerBin';

const port = Number(process.env.COUCHDB_PORT ?? 5984);
const url = `http://127.0.0.1:${port}`;
const bin = pouchdbServerBin();
if (!bin) {
  console.error('pouchdb-server is not installed: run `npm install` in this folder (or, in the conflict-kit repository, bash scripts/realServers/install.sh).');
  process.exit(1);
}

// pouchdb-server writes config.json and log.txt into its working folder.
const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-example-couchdb-'));
const server = spawn(process.execPath, [bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port)], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
const stop = (): void => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 1);
});

async function put(path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, { method: 'PUT', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  // 412: the database exists already.
  if (!response.ok && response.status !== 412) throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
}

for (let attempt = 0; ; attempt++) {
  try {
    await fetch(url);
    break;
  } catch {
    if (attempt > 300) throw new Error(`pouchdb-server did not answer on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
// The one server change the kit needs on another origin: allow its request
// headers. (pouchdb-server cannot expose response headers: the kit then reads
// the version from `_rev` and finds created documents at the URL it PUT to.)
await put('/_config/cors/origins', '*');
await put('/_config/cors/headers', ['Accept', ...CORS_ALLOW_HEADERS].join(', '));
await put('/_config/cors/methods', 'GET, PUT, POST, DELETE, HEAD');
await put('/contacts');
console.log(`CouchDB API (pouchdb-server) on ${url}/contacts`);
