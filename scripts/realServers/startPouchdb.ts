/** pouchdb-server (the CouchDB API on PouchDB, in-memory) on 127.0.0.1 from the isolated install. */
import { join } from 'node:path';
import { REAL_SERVERS_DIR, freePort, npmPeerMissing, spawnServer, tempDir, whenReady, type RealServer } from './realServer';

const ENTRY = 'bin/pouchdb-server';

/** Why pouchdb-server cannot run here, or `undefined`. */
export function pouchdbMissing(): string | undefined {
  return npmPeerMissing('pouchdb-server', ENTRY);
}

/** Starts pouchdb-server; it writes config.json and log.txt into its own temp dir. */
export async function startPouchdb(): Promise<RealServer> {
  const dir = tempDir('pouchdb');
  const port = await freePort();
  const bin = join(REAL_SERVERS_DIR, 'node_modules', 'pouchdb-server', ENTRY);
  const server = spawnServer(process.execPath, [bin, '--in-memory', '--host', '127.0.0.1', '--port', String(port)], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  const stop = await whenReady(server, dir, [url], 30_000);
  return {
    url,
    dir,
    stop,
  };
}
