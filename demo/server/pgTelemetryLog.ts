import type pg from 'pg';
import type { TelemetryRecord, TelemetryTable } from './telemetryLog';

/** The telemetry table of the PostgreSQL store. */
export const PG_TELEMETRY_SCHEMA = `
CREATE TABLE IF NOT EXISTS telemetry_events (
  seq BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  body JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS telemetry_events_at ON telemetry_events (at);
`;

/**
 * The telemetry table on PostgreSQL, shared by every instance: one JSON row
 * per record, trimmed to `keep` rows in the same transaction.
 */
export function pgTelemetryLog(pool: pg.Pool, keep: number): TelemetryTable {
  return {
    async append(records) {
      if (records.length === 0) return;
      // One statement, so atomic: the rows go in and the oldest beyond the cap go out together.
      await pool.query(
        `WITH added AS (
           INSERT INTO telemetry_events (at, type, body)
           SELECT (r->>'at')::bigint, r->>'type', r FROM jsonb_array_elements($1::jsonb) AS r
           RETURNING seq
         )
         DELETE FROM telemetry_events WHERE seq <= (SELECT MAX(seq) FROM added) - $2`,
        [JSON.stringify(records), keep],
      );
    },
    async since(since) {
      const { rows } = await pool.query<{ body: TelemetryRecord }>('SELECT body FROM telemetry_events WHERE at >= $1 ORDER BY seq', [since]);
      return rows.map((row) => row.body);
    },
    async count() {
      const { rows } = await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM telemetry_events');
      return Number(rows[0]?.n ?? 0);
    },
  };
}
