import { rmSync } from 'node:fs';

/** Removes the run's SQLite file (and its WAL files). */
export default function teardown(): void {
  const db = process.env.CK_EXAMPLE_DB;
  if (db) for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}
