import { context, metrics, SpanKind, SpanStatusCode, trace, type Context, type Meter, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import type { WriteTracer } from '../core/conflictClientTypes';
import type { ConflictEvent, ConflictEventListener } from '../core/telemetry/ConflictEvent';
import { newTraceparent } from '../core/telemetry/traceparent';

/** Options of {@link openTelemetryBridge}. */
export interface OpenTelemetryBridgeOptions {
  /**
   * Records the spans.
   * @default trace.getTracer('conflict-kit')
   */
  readonly tracer?: Tracer;
  /**
   * Records the metrics.
   * @default metrics.getMeter('conflict-kit')
   */
  readonly meter?: Meter;
}

/**
 * What {@link openTelemetryBridge} returns: pass `tracer` to
 * `createConflictClient`, and `onConflictEvent` to `subscribeConflictEvents`
 * (conflict-kit/telemetry).
 */
export interface OpenTelemetryBridge {
  /** Records the conflict's span and the metrics from the client's events. */
  readonly onConflictEvent: ConflictEventListener;
  /** Starts a client span per guarded write, in the active context, and sends its context as `traceparent`. */
  readonly tracer: WriteTracer;
}

/** Open spans kept at most; the oldest ends when more open (a conflict nobody resolves). */
const LIMIT = 500;

const isValid = (ctx: SpanContext): boolean => /^(?!0+$)[\da-f]{32}$/.test(ctx.traceId) && /^(?!0+$)[\da-f]{16}$/.test(ctx.spanId);

function remember<V>(map: Map<string, V>, key: string, value: V, evict?: (value: V) => void): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > LIMIT) {
    const [oldest, dropped] = map.entries().next().value!;
    map.delete(oldest);
    evict?.(dropped);
  }
}

/**
 * Records conflicts with OpenTelemetry: a client span per guarded write
 * (its context is the `traceparent` the write sends, in the app's active
 * trace when there is one), a `conflict-kit conflict` span from detection to
 * resolution under the write that met it (retries are its children; merges,
 * dialogs and retries are its events), and the metrics
 * `conflict_kit.conflicts` (by kind, reason, resource),
 * `conflict_kit.resolutions` (by outcome, kind, resource) and
 * `conflict_kit.time_to_resolve` (ms, by kind and outcome). Without an
 * OpenTelemetry SDK registered, spans are not recorded but the active
 * trace id is still sent.
 */
export function openTelemetryBridge(options: OpenTelemetryBridgeOptions = {}): OpenTelemetryBridge {
  const tracer = options.tracer ?? trace.getTracer('conflict-kit');
  const meter = options.meter ?? metrics.getMeter('conflict-kit');
  const conflicts = meter.createCounter('conflict_kit.conflicts', { description: 'Writes refused as conflicts, by kind, reason and resource.', unit: '{conflict}' });
  const resolutions = meter.createCounter('conflict_kit.resolutions', { description: 'Conflicts resolved, by outcome.', unit: '{conflict}' });
  const timeToResolve = meter.createHistogram('conflict_kit.time_to_resolve', { description: 'Time from a conflict to its resolution.', unit: 'ms' });
  /** The conflict spans still open, by conflict id. */
  const open = new Map<string, Span>();
  /** The span context of the latest write of each trace, for the conflict it may meet. */
  const writes = new Map<string, SpanContext>();

  const startWrite: WriteTracer['startWrite'] = ({ method, resource, conflictId }) => {
    const retried = conflictId !== undefined ? open.get(conflictId) : undefined;
    const parent: Context = retried ? trace.setSpan(context.active(), retried) : context.active();
    const span = tracer.startSpan(`${method} ${resource}`, { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'url.template': resource } }, parent);
    const ctx = span.spanContext();
    if (!isValid(ctx)) return { traceparent: newTraceparent(), end: () => span.end() };
    remember(writes, ctx.traceId, ctx);
    return {
      traceparent: `00-${ctx.traceId}-${ctx.spanId}-${(ctx.traceFlags & 0xff).toString(16).padStart(2, '0')}`,
      end: (status) => {
        if (status !== undefined) span.setAttribute('http.response.status_code', status);
        // OpenTelemetry's HTTP conventions: a client span with no answer or a 4xx/5xx is an error.
        if (status === undefined || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, ...(status === undefined ? { message: 'no response' } : {}) });
        span.end();
      },
    };
  };

  const onConflictEvent = (event: ConflictEvent): void => {
    const span = open.get(event.conflictId);
    const common = { kind: event.kind, resource: event.resource };
    switch (event.type) {
      case 'conflict.detected': {
        conflicts.add(1, { ...common, reason: event.reason });
        const attributes = {
          'conflict_kit.kind': event.kind,
          'conflict_kit.reason': event.reason,
          'conflict_kit.resource': event.resource,
          'http.response.status_code': event.status,
          ...(event.requestId !== undefined ? { 'conflict_kit.request_id': event.requestId } : {}),
        };
        if (span) {
          span.addEvent(event.type, attributes, event.at);
          return;
        }
        const write = event.traceId !== undefined ? writes.get(event.traceId) : undefined;
        const parent = write ? trace.setSpanContext(context.active(), write) : context.active();
        const started = tracer.startSpan('conflict-kit conflict', { kind: SpanKind.INTERNAL, startTime: event.at, attributes: { ...attributes, 'conflict_kit.conflict_id': event.conflictId } }, parent);
        remember(open, event.conflictId, started, (dropped) => dropped.end());
        return;
      }
      case 'conflict.resolved': {
        resolutions.add(1, { ...common, outcome: event.outcome });
        timeToResolve.record(event.durationMs, { kind: event.kind, outcome: event.outcome });
        if (!span) return;
        span.setAttribute('conflict_kit.outcome', event.outcome);
        if (event.choices) for (const [side, count] of Object.entries(event.choices)) span.setAttribute(`conflict_kit.choices.${side}`, count);
        span.end(event.at);
        open.delete(event.conflictId);
        return;
      }
      case 'conflict.auto-merged':
        span?.addEvent(event.type, { 'conflict_kit.fields': event.fields, 'conflict_kit.hunks': event.hunks }, event.at);
        return;
      case 'save.retried':
        span?.addEvent(event.type, { 'conflict_kit.attempt': event.attempt }, event.at);
        return;
      case 'conflict.dialog-shown':
      case 'create.replayed':
        span?.addEvent(event.type, {}, event.at);
        return;
      default:
        event satisfies never;
    }
  };

  return { onConflictEvent, tracer: { startWrite } };
}
