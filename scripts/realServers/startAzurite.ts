/**
 * Azurite (the Azure Storage emulator) on 127.0.0.1 from the isolated
 * install: Blob and Table, in memory, path-style URLs for the well-known
 * development account.
 */
import { join } from 'node:path';
import { REAL_SERVERS_DIR, freePort, npmPeerMissing, spawnServer, tempDir, whenReady } from './realServer';

const ENTRY = 'dist/src/azurite.js';

/** The emulator's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite. */
export interface RunningAzurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  readonly blobUrl: string;
  readonly tableUrl: string;
  stop(): Promise<void>;
}

/** Why Azurite cannot run here, or `undefined`. */
export function azuriteMissing(): string | undefined {
  return npmPeerMissing('azurite', ENTRY);
}

/** Starts Azurite's Blob, Queue and Table services. */
export async function startAzurite(): Promise<RunningAzurite> {
  const dir = tempDir('azurite');
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const bin = join(REAL_SERVERS_DIR, 'node_modules', 'azurite', ENTRY);
  const server = spawnServer(
    process.execPath,
    [
      bin, '--silent', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose',
      '--blobHost', '127.0.0.1', '--blobPort', String(blob),
      '--queueHost', '127.0.0.1', '--queuePort', String(queue),
      '--tableHost', '127.0.0.1', '--tablePort', String(table),
    ],
    { cwd: dir },
  );
  const stop = await whenReady(server, dir, [`http://127.0.0.1:${blob}/`, `http://127.0.0.1:${table}/`], 30_000);
  return {
    blobUrl: `http://127.0.0.1:${blob}/${DEV_ACCOUNT}`,
    tableUrl: `http://127.0.0.1:${table}/${DEV_ACCOUNT}`,
    stop,
  };
}
