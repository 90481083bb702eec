import type { ConflictMetrics } from '../../src/server';
import type { CollectedEvent } from './parseTelemetryBatch';

/**
 * What the reference API counts, for `GET /metrics`. The Node server makes
 * one with Prometheus text output (`createPromMetrics`); the in-browser app
 * runs without.
 */
export interface DemoMetrics {
  /** Refusals and replays of guarded writes, by outcome and route template (conflict-kit/server's counter). */
  readonly conflicts: ConflictMetrics;
  /** Counts one answered write, for the conflict rate's denominator. */
  write(route: string, method: string, status: number): void;
  /** Counts client events the collector accepted. */
  collected(events: readonly CollectedEvent[]): void;
  /** Counts one collector batch, accepted or refused. */
  telemetryBatch(result: 'accepted' | 'refused'): void;
  /** The exposition of every metric. */
  exposition(): Promise<{ readonly contentType: string; readonly body: string }>;
}
