// conflict-kit/telemetry: the client's conflict events (subscribeConflictEvents)
// and a sender that batches them to a collector (the reference server's
// POST /api/telemetry) by sendBeacon or fetch keepalive. An app that does not
// import this entry builds no event and loads none of it. OpenTelemetry:
// conflict-kit/otel.

export { subscribeConflictEvents } from './subscribeConflictEvents';
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
