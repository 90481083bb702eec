import type { Conflict } from '../core/conflict';
import type { ConflictClient } from '../core/conflictClientTypes';
import { telemetryOf, type EventBody } from '../core/telemetry/conflictTelemetry';

/**
 * Reports an event of a conflict through its client's event stream; builds
 * nothing when nobody listens.
 * @internal
 */
export function emitConflictEvent(client: ConflictClient, conflict: Conflict, body: EventBody | (() => EventBody)): void {
  telemetryOf(client)?.emit(conflict, body);
}
