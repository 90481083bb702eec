import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * pouchdb-server's start script: from this example's own node_modules, or,
 * inside the conflict-kit repository, from where scripts/realServers/install.sh
 * puts it (REAL_SERVERS_DIR). `undefined` when it is not installed.
 */
export function pouchdbServerBin(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('pouchdb-server/bin/pouchdb-server');
  } catch {
    const dir = process.env.REAL_SERVERS_DIR ?? fileURLToPath(new URL('../../../.cache/real-servers', import.meta.url));
    const bin = `${dir}/node_modules/pouchdb-server/bin/pouchdb-server`;
    return existsSync(bin) ? bin : undefined;
  }
}
