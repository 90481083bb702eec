import type Database from 'better-sqlite3';
import type { TelemetryRecord, TelemetryTable } from './telemetryLog';

/** The telemetry table of the SQLite store. */
export const SQLITE_TELEMETRY_SCHEMA = `
CREATE TABLE IF NOT EXISTS telemetry_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS telemetry_events_at ON telemetry_events (at);
`;

/** The telemetry table on SQLite: one JSON row per record, trimmed to `keep` rows in the same transaction. */
export function sqliteTelemetryLog(db: Database.Database, keep: number): TelemetryTable {
  const insert = db.prepare('INSERT INTO telemetry_events (at, type, body) VALUES (?, ?, ?)');
  const trim = db.prepare('DELETE FROM telemetry_events WHERE seq <= (SELECT MAX(seq) FROM telemetry_events) - ?');
  const select = db.prepare('SELECT body FROM telemetry_events WHERE at >= ? ORDER BY seq');
  const count = db.prepare('SELECT COUNT(*) AS n FROM telemetry_events');
  const append = db.transaction((records: readonly TelemetryRecord[]) => {
    for (const record of records) insert.run(record.at, record.type, JSON.stringify(record));
    trim.run(keep);
  });
  return {
    async append(records) {
      if (records.length > 0) append.immediate(records);
    },
    async since(since) {
      return (select.all(since) as { body: string }[]).map((row) => JSON.parse(row.body) as TelemetryRecord);
    },
    async count() {
      return (count.get() as { n: number }).n;
    },
  };
}
