import type { ServerConflictOutcome } from '../../src/server';
import type { CollectedEvent } from './parseTelemetryBatch';

/**
 * A conflict the server refused or a create it replayed, as the server recorded it: the
 * record the write was for (which client events never name), the route
 * template, and the ids that tie it to the client's events and the log.
 */
export interface ServerOutcome {
  readonly type: 'server.outcome';
  readonly at: number;
  readonly outcome: ServerConflictOutcome;
  readonly status: number;
  readonly method: string;
  /** The route template, such as `/api/tickets/:id`. */
  readonly route: string;
  /** The record's id, when the route names one (`T-1001`). */
  readonly recordId?: string;
  readonly requestId: string;
  readonly traceId: string;
}

/** One row of the telemetry table: a client's event, or the server's own record of a refusal. */
export type TelemetryRecord = CollectedEvent | ServerOutcome;

/** How many telemetry rows a store keeps by default; older ones are dropped as new ones arrive. */
export const DEFAULT_KEEP_TELEMETRY = 50_000;

/**
 * Where collected conflict events live, in the store's own database, capped
 * at a number of rows so a flood of events cannot fill the disk.
 */
export interface TelemetryLog {
  /** Stores the records, all or none, then drops the oldest beyond the cap. */
  append(records: readonly TelemetryRecord[]): Promise<void>;
  /**
   * Queues a record to be appended within {@link TELEMETRY_FLUSH_MS} with
   * whatever else came meanwhile: a burst of conflicts becomes one
   * transaction, off the answer's path. The store's `close` writes what is
   * still queued.
   */
  add(record: TelemetryRecord): void;
  /** Appends what {@link add} queued, now. */
  flush(): Promise<void>;
  /** The records with `at` at or after `since`, oldest first (arrival order). */
  since(since: number): Promise<TelemetryRecord[]>;
  /** How many records are kept now. */
  count(): Promise<number>;
}

/** How long {@link TelemetryLog.add} waits to write a batch, in ms. */
export const TELEMETRY_FLUSH_MS = 100;

/** Most records {@link TelemetryLog.add} queues before it writes them at once. */
const MAX_QUEUED = 500;

/** The table operations a store implements; {@link bufferedTelemetryLog} adds the queue. */
export type TelemetryTable = Pick<TelemetryLog, 'append' | 'since' | 'count'>;

/**
 * A {@link TelemetryLog} over a store's table: `add` queues, a timer or a
 * full queue appends. A failed batch goes to `onError` (the answers it
 * belonged to went out long ago).
 */
export function bufferedTelemetryLog(table: TelemetryTable, onError: (error: unknown) => void = (error) => console.error('[telemetry] could not store server records:', error)): TelemetryLog {
  let pending: TelemetryRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      await table.append(batch);
    } catch (error) {
      onError(error);
    }
  };
  return {
    append: (records) => table.append(records),
    since: (since) => table.since(since),
    count: () => table.count(),
    add(record) {
      pending.push(record);
      if (pending.length >= MAX_QUEUED) void flush();
      else timer ??= setTimeout(() => void flush(), TELEMETRY_FLUSH_MS);
    },
    flush,
  };
}

/** The telemetry table in memory (the memory store's, and the browser's). */
export function memoryTelemetryLog(keep: number = DEFAULT_KEEP_TELEMETRY): TelemetryLog {
  const rows: TelemetryRecord[] = [];
  return bufferedTelemetryLog({
    async append(records) {
      rows.push(...records.map((record) => structuredClone(record)));
      if (rows.length > keep) rows.splice(0, rows.length - keep);
    },
    async since(since) {
      return rows.filter((row) => row.at >= since).map((row) => structuredClone(row));
    },
    async count() {
      return rows.length;
    },
  });
}
