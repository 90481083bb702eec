import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, TraceFlags, type Context, type ContextManager, type Meter, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../core/conflictClientTypes';
import { createConflictClient } from '../core/createConflictClient';
import { parseTraceparent } from '../server/parseTraceparent';
import { openTelemetryBridge } from './openTelemetryBridge';

/** The context manager an app's SDK registers in Node (AsyncLocalStorage), so the active trace survives awaits. */
class AsyncContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

beforeAll(() => {
  context.setGlobalContextManager(new AsyncContextManager());
});
afterAll(() => {
  context.disable();
});

interface Recorded {
  name: string;
  options: SpanOptions;
  parentSpanId: string | undefined;
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
  events: string[];
  ended: boolean;
  status?: number;
}

/** A tracer that records its spans, as an SDK's exporter would see them. */
function recordingTracer() {
  const spans: Recorded[] = [];
  let n = 0;
  const tracer: Tracer = {
    startSpan(name, options = {}, parent = context.active()) {
      const parentContext = trace.getSpanContext(parent);
      const traceId = parentContext?.traceId ?? `${String(++n).padStart(2, '0')}${'a'.repeat(30)}`;
      const spanId = `${String(++n).padStart(2, '0')}${'b'.repeat(14)}`;
      const record: Recorded = { name, options, parentSpanId: parentContext?.spanId, traceId, spanId, attributes: { ...options.attributes }, events: [], ended: false };
      spans.push(record);
      const span = {
        spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
        setAttribute: (key: string, value: unknown) => ((record.attributes[key] = value), span),
        setStatus: (status: { code: number }) => ((record.status = status.code), span),
        addEvent: (event: string) => (record.events.push(event), span),
        end: () => void (record.ended = true),
      };
      return span as unknown as Span;
    },
    startActiveSpan: (() => {
      throw new Error('not used');
    }) as Tracer['startActiveSpan'],
  };
  return { tracer, spans };
}

/** A meter that records every measurement. */
function recordingMeter() {
  const points: { name: string; value: number; attributes: Record<string, unknown> }[] = [];
  const instrument = (name: string) => ({ add: (value: number, attributes = {}) => points.push({ name, value, attributes }), record: (value: number, attributes = {}) => points.push({ name, value, attributes }) });
  const meter = { createCounter: instrument, createHistogram: instrument } as unknown as Meter;
  return { meter, points };
}

const problem412 = () => new Response(JSON.stringify({ reason: 'version_mismatch', requestId: 'req_1' }), { status: 412, headers: { 'content-type': 'application/problem+json' } });
const ok = () => new Response(JSON.stringify({ title: 't' }), { status: 200, headers: { 'content-type': 'application/json', etag: '"v2"' } });

function server(...answers: Array<() => Response>) {
  const traceparents: string[] = [];
  const fetch: FetchLike = async (_url, init) => {
    traceparents.push(new Headers(init.headers).get('traceparent') ?? '');
    return answers.shift()!();
  };
  return { fetch, traceparents };
}

describe('openTelemetryBridge', () => {
  it('sends the active trace with the write, even with no SDK recording spans', async () => {
    const s = server(ok);
    const client = createConflictClient({ baseUrl: 'http://api.test', fetch: s.fetch, ...openTelemetryBridge() });
    const app = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
    await context.with(trace.setSpan(context.active(), app), () => client.save('/api/tickets/T-1', {}, { unprotected: true }));
    expect(parseTraceparent(s.traceparents[0])?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('generates a trace when there is no active one and no SDK', async () => {
    const s = server(ok);
    const client = createConflictClient({ baseUrl: 'http://api.test', fetch: s.fetch, ...openTelemetryBridge() });
    await client.save('/api/tickets/T-1', {}, { unprotected: true });
    expect(s.traceparents[0]).toMatch(/^00-(?!0{32})[\da-f]{32}-[\da-f]{16}-01$/);
  });

  it('records write → conflict → retry spans and the conflict, resolution and time-to-resolve metrics', async () => {
    const { tracer, spans } = recordingTracer();
    const { meter, points } = recordingMeter();
    const s = server(problem412, ok);
    const bridge = openTelemetryBridge({ tracer, meter });
    let clock = 1000;
    const client = createConflictClient({ baseUrl: 'http://api.test', fetch: s.fetch, now: () => clock, ...bridge });
    const first = await client.save('/api/tickets/T-1', { title: 'a' }, { unprotected: true });
    if (first.ok) throw new Error('expected a conflict');
    const conflictId = first.conflict.conflictId!;
    clock = 1800;
    await client.save('/api/tickets/T-1', { title: 'a' }, { unprotected: true, conflictId });
    bridge.onConflictEvent({ type: 'conflict.resolved', at: clock, conflictId, kind: 'edit', resource: '/api/tickets/:id', outcome: 'kept-mine', durationMs: 800, choices: { mine: 1, theirs: 0, both: 0, original: 0, edit: 0 } });

    const [write, conflict, retry] = spans;
    expect(spans.map((span) => span.name)).toEqual(['PUT /api/tickets/:id', 'conflict-kit conflict', 'PUT /api/tickets/:id']);
    expect(write).toMatchObject({ attributes: { 'http.response.status_code': 412 }, status: 2, ended: true });
    expect(s.traceparents[0]).toBe(`00-${write!.traceId}-${write!.spanId}-01`);
    expect(conflict).toMatchObject({ parentSpanId: write!.spanId, traceId: write!.traceId, ended: true, attributes: { 'conflict_kit.kind': 'edit', 'conflict_kit.reason': 'version_mismatch', 'conflict_kit.request_id': 'req_1', 'conflict_kit.outcome': 'kept-mine', 'conflict_kit.choices.mine': 1 } });
    expect(retry).toMatchObject({ parentSpanId: conflict!.spanId, attributes: { 'http.response.status_code': 200 }, ended: true });
    expect(retry!.status).toBeUndefined();
    expect(points).toEqual([
      { name: 'conflict_kit.conflicts', value: 1, attributes: { kind: 'edit', reason: 'version_mismatch', resource: '/api/tickets/:id' } },
      { name: 'conflict_kit.resolutions', value: 1, attributes: { kind: 'edit', resource: '/api/tickets/:id', outcome: 'kept-mine' } },
      { name: 'conflict_kit.time_to_resolve', value: 800, attributes: { kind: 'edit', outcome: 'kept-mine' } },
    ]);
  });
});
