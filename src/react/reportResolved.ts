import type { Conflict } from '../core/conflict';
import type { ConflictClient } from '../core/conflictClientTypes';
import type { ConflictResolutionOutcome } from '../core/telemetry/ConflictEvent';
import { telemetryOf } from '../core/telemetry/conflictTelemetry';
import { emitConflictEvent } from './emitConflictEvent';

/** When a conflict was met, on the client's clock, to time its resolution. @internal */
export function conflictClock(client: ConflictClient): number {
  return telemetryOf(client).now();
}

/** Reports how a create's or an action's conflict ended, and how long since `since`. @internal */
export function reportResolved(client: ConflictClient, conflict: Conflict, outcome: ConflictResolutionOutcome, since: number): void {
  emitConflictEvent(client, conflict, () => ({ type: 'conflict.resolved', outcome, durationMs: Math.max(0, telemetryOf(client).now() - since) }));
}
