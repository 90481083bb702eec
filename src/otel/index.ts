// conflict-kit/otel: the OpenTelemetry bridge. Loads @opentelemetry/api (an
// optional peer dependency); an app that does not import this entry loads
// nothing of it.
//
//   const otel = openTelemetryBridge();
//   const client = createConflictClient({ baseUrl: '/api', tracer: otel.tracer });
//   subscribeConflictEvents(client, otel.onConflictEvent); // from conflict-kit/telemetry

export { openTelemetryBridge } from './openTelemetryBridge';
export type { OpenTelemetryBridge, OpenTelemetryBridgeOptions } from './openTelemetryBridge';
export type { TracedWrite, WriteTrace, WriteTracer } from '../core/conflictClientTypes';
export type {
  ConflictChoiceCounts,
  ConflictEvent,
  ConflictEventBase,
  ConflictEventKind,
  ConflictEventListener,
  ConflictResolutionOutcome,
} from '../core/telemetry/ConflictEvent';
