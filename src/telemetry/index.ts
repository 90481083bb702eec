// conflict-kit/telemetry: sends the client's conflict events to a collector
// (the reference server's POST /api/telemetry), batched, by sendBeacon or
// fetch keepalive. The events themselves come from the client and the
// provider (`onConflictEvent`); OpenTelemetry: conflict-kit/otel.

export { createTelemetrySender } from './createTelemetrySender';
export type { PageLifecycle, TelemetrySender, TelemetrySenderOptions } from './createTelemetrySender';
export type {
  ConflictChoiceCounts,
  ConflictEvent,
  ConflictEventBase,
  ConflictEventKind,
  ConflictEventListener,
  ConflictEventType,
  ConflictResolutionOutcome,
} from '../core/telemetry/ConflictEvent';
