import type { ServerConflictOutcome } from '../../src/server';
import type { CollectedEvent } from './parseTelemetryBatch';

/**
 * A conflict the server refused or replayed, as it recorded it itself: the
 * record the write was for (which client events never name), the route
 * template, and the ids that tie it to the client's events and the log.
 */
export interface ServerRefusal {
  readonly type: 'server.refused';
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
export type TelemetryRecord = CollectedEvent | ServerRefusal;

/** How many telemetry rows a store keeps by default; older ones are dropped as new ones arrive. */
export const DEFAULT_KEEP_TELEMETRY = 50_000;

/**
 * Where collected conflict events live, in the store's own database, capped
 * at a number of rows so a flood of events cannot fill the disk.
 */
export interface TelemetryLog {
  /** Stores the records, all or none, then drops the oldest beyond the cap. */
  append(records: readonly TelemetryRecord[]): Promise<void>;
  /** The records with `at` at or after `since`, oldest first (arrival order). */
  since(since: number): Promise<TelemetryRecord[]>;
  /** How many records are kept now. */
  count(): Promise<number>;
}

/** The telemetry table in memory (the memory store's, and the browser's). */
export function memoryTelemetryLog(keep: number = DEFAULT_KEEP_TELEMETRY): TelemetryLog {
  const rows: TelemetryRecord[] = [];
  return {
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
  };
}
