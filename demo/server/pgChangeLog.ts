import pg from 'pg';
import { localWatchers, type ChangeLog, type StoredChange } from './changeLog';
import type { VersionedRecord } from './demoStore';
import type { ResourceName } from './recordId';

/** The channel the change table announces new feed positions on. */
export const CHANGES_CHANNEL = 'conflict_kit_changes';

// An arbitrary but fixed advisory lock key: feed positions are handed out by
// one caller at a time.
const CHANGES_LOCK = 7_210_460_183;

/** The change table and its sequencer, part of the store's schema. */
export const PG_CHANGES_SCHEMA = `
CREATE TABLE IF NOT EXISTS changes (
  seq BIGSERIAL PRIMARY KEY,
  pos BIGINT UNIQUE,
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_unsequenced ON changes (seq) WHERE pos IS NULL;
-- A write appends its change row (seq) in its own transaction, without any
-- lock, so commits stay concurrent. Sequence numbers follow the order of the
-- calls, not of the commits: 12 may commit before 11, and a reader that saw
-- 12 would never look back for 11. So the feed position (pos, the event id)
-- is given after the commit, here: one caller at a time (the lock is held to
-- the commit), to committed rows only, in seq order (a record's versions
-- are appended in version order), above every position given before. Each
-- batch of positions becomes visible at once and after the previous one, so
-- "everything up to the highest position" is a safe cursor on every
-- instance. The notification wakes the other instances.
CREATE OR REPLACE FUNCTION conflict_kit_sequence_changes() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
  assigned BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(${CHANGES_LOCK});
  WITH pending AS (
    SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM changes WHERE pos IS NULL ORDER BY seq LIMIT 10000
  ), base AS (
    SELECT COALESCE(MAX(pos), 0) AS start FROM changes
  )
  UPDATE changes SET pos = base.start + pending.n FROM pending, base WHERE changes.seq = pending.seq;
  GET DIAGNOSTICS assigned = ROW_COUNT;
  IF assigned > 0 THEN
    PERFORM pg_notify('${CHANGES_CHANNEL}', '');
  END IF;
  RETURN assigned;
END $$;
`;

type Row = Record<string, unknown>;

/** The change table of a PostgreSQL database, as one instance follows it. */
export interface PgChangeLog extends ChangeLog {
  /** Inside a write's transaction: appends the change (its feed position comes after the commit). */
  append(client: pg.PoolClient, resource: ResourceName, record: VersionedRecord): Promise<void>;
  /** After a write's commit: gives it a feed position, wakes this process's watchers, prunes now and then. */
  committed(): void;
  stop(): Promise<void>;
}

/**
 * Follows the change table: a listening connection for the other instances'
 * notifications and a poll every `pollMs` as the safety net; gives committed
 * changes their feed positions after each local write.
 */
export function pgChangeLog(
  pool: pg.Pool,
  connectionString: string,
  keep: number,
  pollMs: number,
  onError: (error: unknown) => void,
): PgChangeLog {
  const watchers = localWatchers();
  let writes = 0;
  let sequencing = false;
  let sequenceAgain = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let listener: pg.Client | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const listen = (): void => {
    if (stopped || listener) return;
    const client = new pg.Client({ connectionString });
    listener = client;
    const reconnect = (error?: unknown): void => {
      if (error !== undefined && !stopped) onError(error);
      if (listener !== client) return;
      listener = undefined;
      client.end().catch(() => undefined);
      if (stopped || watchers.size === 0) return;
      // Changes committed meanwhile are found by the poll and this wake.
      retry = setTimeout(() => {
        retry = undefined;
        listen();
        watchers.wake();
      }, 1_000);
      retry.unref?.();
    };
    client.on('notification', () => watchers.wake());
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANGES_CHANNEL}`))
      .then(() => watchers.wake())
      .catch(reconnect);
  };

  /** Gives committed changes their feed positions (one run per instance at a time), then wakes the watchers. */
  const sequence = async (): Promise<void> => {
    if (sequencing) {
      sequenceAgain = true;
      return;
    }
    sequencing = true;
    try {
      do {
        sequenceAgain = false;
        await pool.query('SELECT conflict_kit_sequence_changes()');
        watchers.wake();
      } while (sequenceAgain && !stopped);
    } catch (error) {
      if (!stopped) onError(error);
    } finally {
      sequencing = false;
    }
  };

  const start = (): void => {
    listen();
    if (timer === undefined) {
      // Also sequences what an instance that died after its commit left without a position.
      timer = setInterval(() => void sequence(), pollMs);
      timer.unref?.();
    }
  };
  const stopListening = async (): Promise<void> => {
    if (timer !== undefined) clearInterval(timer);
    if (retry !== undefined) clearTimeout(retry);
    timer = undefined;
    retry = undefined;
    const client = listener;
    listener = undefined;
    await client?.end().catch(() => undefined);
  };

  return {
    async append(client, resource, record) {
      await client.query('INSERT INTO changes (resource, record_id, version, actor, at) VALUES ($1, $2, $3, $4, $5)', [
        resource,
        record.id,
        record.version,
        record.updatedBy,
        record.updatedAt,
      ]);
    },
    committed() {
      if (++writes % 256 === 0) {
        pool
          .query('DELETE FROM changes WHERE pos <= (SELECT MAX(pos) FROM changes) - $1', [keep])
          .catch((error: unknown) => onError(error));
      }
      void sequence();
    },
    async after(seq, limit) {
      const { rows } = await pool.query<Row>(
        'SELECT pos AS seq, resource, record_id, version, actor, at FROM changes WHERE pos > $1 ORDER BY pos LIMIT $2',
        [seq, limit],
      );
      return rows.map(
        (row): StoredChange => ({
          seq: Number(row.seq),
          resource: row.resource as ResourceName,
          id: row.record_id as string,
          version: Number(row.version),
          actor: row.actor as string,
          at: row.at as string,
        }),
      );
    },
    async bounds() {
      const { rows } = await pool.query<Row>('SELECT COALESCE(MAX(pos), 0) AS latest, MIN(pos) AS oldest FROM changes');
      const latest = Number(rows[0]?.latest ?? 0);
      const oldest = rows[0]?.oldest;
      return { latest, oldest: oldest === null || oldest === undefined ? latest + 1 : Number(oldest) };
    },
    watch(wake) {
      const remove = watchers.add(wake);
      start();
      return () => {
        remove();
        if (watchers.size === 0) void stopListening();
      };
    },
    async stop() {
      stopped = true;
      await stopListening();
    },
  };
}
