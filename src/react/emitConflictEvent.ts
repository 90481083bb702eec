import type { Conflict } from '../core/conflict';
import type { ConflictClient } from '../core/conflictClientTypes';
import { eventSlotOf, type EventReport } from '../core/telemetry/eventSlot';

/**
 * Reports a step of a conflict's life through its client, when
 * conflict-kit/telemetry listens to it.
 * @internal
 */
export function emitConflictEvent(client: ConflictClient, conflict: Conflict, report: EventReport): void {
  eventSlotOf(client)?.report?.(conflict, report);
}
