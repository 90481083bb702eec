import type Database from 'better-sqlite3';
import { localWatchers, type ChangeLog, type StoredChange } from './changeLog';
import type { VersionedRecord } from './demoStore';
import type { ResourceName } from './recordId';

/** The change table, part of the store's schema. */
export const SQLITE_CHANGES_SCHEMA = `
-- AUTOINCREMENT: a sequence number is never reused, even after pruning, so
-- event ids stay monotonic across restarts.
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  resource TEXT NOT NULL,
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

type Row = Record<string, unknown>;

/** The change table of one SQLite database, as this connection sees it. */
export interface SqliteChangeLog extends ChangeLog {
  /** Inside a write's transaction: appends the change. */
  append(resource: ResourceName, record: VersionedRecord): void;
  /** After a write's commit: wakes this process's watchers and prunes now and then. */
  committed(): void;
  stop(): void;
}

/**
 * Follows the change table of a SQLite file: local writes wake the watchers
 * at once, another process's within `pollMs` (`PRAGMA data_version`).
 */
export function sqliteChangeLog(db: Database.Database, keep: number, pollMs: number, polls: boolean): SqliteChangeLog {
  const insert = db.prepare('INSERT INTO changes (resource, record_id, version, actor, at) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare('SELECT seq, resource, record_id, version, actor, at FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const latest = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck();
  const oldest = db.prepare('SELECT MIN(seq) FROM changes').pluck();
  const prune = db.prepare('DELETE FROM changes WHERE seq <= ?');
  const watchers = localWatchers();
  let writes = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let seenVersion = 0;
  const dataVersion = (): number => db.pragma('data_version', { simple: true }) as number;

  const startPolling = (): void => {
    if (!polls || timer !== undefined) return;
    seenVersion = dataVersion();
    // data_version changes when another connection (another process) commits.
    timer = setInterval(() => {
      if (!db.open) return;
      const now = dataVersion();
      if (now !== seenVersion) {
        seenVersion = now;
        watchers.wake();
      }
    }, pollMs);
    timer.unref?.();
  };
  const stopPolling = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  return {
    append(resource, record) {
      insert.run(resource, record.id, record.version, record.updatedBy, record.updatedAt);
    },
    committed() {
      if (++writes % 256 === 0) {
        const last = Number(latest.get() ?? 0);
        if (last > keep) prune.run(last - keep);
      }
      watchers.wake();
    },
    async after(seq, limit) {
      return (select.all(seq, limit) as Row[]).map(
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
      const last = Number(latest.get() ?? 0);
      const first = oldest.get();
      return { latest: last, oldest: first === null || first === undefined ? last + 1 : Number(first) };
    },
    watch(wake) {
      const remove = watchers.add(wake);
      startPolling();
      return () => {
        remove();
        if (watchers.size === 0) stopPolling();
      };
    },
    stop: stopPolling,
  };
}
