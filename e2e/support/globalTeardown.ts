import { rmSync } from 'node:fs';

/** Removes the run's SQLite file (and its WAL files); the server has the unlinked file open until it stops, which is fine. */
export default function globalTeardown(): void {
  const db = process.env.CK_E2E_DB;
  if (!db) return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${db}${suffix}`, { force: true });
}
