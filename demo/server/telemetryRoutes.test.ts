import { describe, expect, it } from 'vitest';
import { createPromMetrics } from './createPromMetrics';
import type { Insights } from './aggregateInsights';
import { MAX_BATCH_EVENTS } from './parseTelemetryBatch';
import type { RefusedWriteLine } from './observeRequests';
import { TEST_NOW, testApp } from './testRequests';

const NOW = Date.parse(TEST_NOW);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${TRACE}-00f067aa0ba902b7-01`;

const detected = (i = 0, extra: Record<string, unknown> = {}) => ({
  type: 'conflict.detected',
  at: NOW - 1_000,
  conflictId: `c-${i}`,
  kind: 'edit',
  resource: '/api/tickets/:id',
  requestId: `req_${i}`,
  traceId: TRACE,
  reason: 'version_mismatch',
  status: 412,
  method: 'PUT',
  ...extra,
});
const resolved = (i: number, outcome: string, durationMs: number) => ({
  type: 'conflict.resolved',
  at: NOW - 500,
  conflictId: `c-${i}`,
  kind: 'edit',
  resource: '/api/tickets/:id',
  outcome,
  durationMs,
  ...(outcome === 'mixed' ? { choices: { mine: 1, theirs: 1, both: 0, original: 0, edit: 0 } } : {}),
});

describe('POST /api/telemetry', () => {
  it('keeps a valid batch (JSON, or text/plain as sendBeacon sends it) and answers 202 with no body', async () => {
    const { send, store } = testApp();
    const res = await send('POST', '/api/telemetry', { events: [detected(1), resolved(1, 'kept-mine', 4_000)] });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const beacon = await send('POST', '/api/telemetry', JSON.stringify({ events: [{ ...detected(2), type: 'conflict.dialog-shown', reason: undefined, status: undefined, method: undefined }] }), {
      'Content-Type': 'text/plain;charset=UTF-8',
    });
    expect(beacon.status).toBe(202);
    expect((await store.telemetry.since(0)).map((e) => e.type)).toEqual(['conflict.detected', 'conflict.resolved', 'conflict.dialog-shown']);
  });

  const hostile: [string, unknown, number][] = [
    ['an unknown event type', { events: [{ ...detected(), type: 'conflict.exploded' }] }, 422],
    ['an extra member (a field value riding along)', { events: [detected(0, { value: 'secret draft text' })] }, 422],
    ['an extra member in choices', { events: [{ ...resolved(0, 'mixed', 1), choices: { mine: 1, theirs: 0, both: 0, original: 0, edit: 0, title: 'x' } }] }, 422],
    ['a trace id that is not 32 lowercase hex digits', { events: [detected(0, { traceId: 'ABC' })] }, 422],
    ['a request id with markup', { events: [detected(0, { requestId: '<img src=x>' })] }, 422],
    ['a resource with a query string', { events: [detected(0, { resource: '/api/tickets/:id?title=secret' })] }, 422],
    ['a long reason', { events: [detected(0, { reason: 'x'.repeat(65) })] }, 422],
    ['a negative duration', { events: [resolved(0, 'kept-mine', -1)] }, 422],
    ['an unknown outcome', { events: [resolved(0, 'deleted-everything', 1)] }, 422],
    ['a time far in the future', { events: [detected(0, { at: NOW + 3 * 86_400_000 })] }, 422],
    ['no events', { events: [] }, 422],
    ['too many events', { events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, (_, i) => detected(i)) }, 422],
    ['a member beside events', { events: [detected()], more: 1 }, 422],
    ['not JSON', '{"events": [', 400],
    ['more than 64 KiB', { events: [detected(0, { pad: 'x'.repeat(70_000) })] }, 413],
    ['deep nesting', `{"events":[${'['.repeat(50)}${']'.repeat(50)}]}`, 422],
  ];
  it.each(hostile)('refuses %s with a problem and stores nothing, not even the good events beside it', async (_, body, status) => {
    const metrics = createPromMetrics();
    const { send, store } = testApp({ metrics });
    // A good event goes first, so a refusal proves the whole batch is dropped.
    const given = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
    const withGood = Array.isArray(given) && given.length > 0 && given.length < MAX_BATCH_EVENTS ? { ...(body as object), events: [detected(9), ...given] } : body;
    const res = await send('POST', '/api/telemetry', withGood);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await store.telemetry.count()).toBe(0);
    expect((await metrics.exposition()).body).toContain('conflict_kit_telemetry_batches_total{result="refused"} 1');
  });

  it('names the member at fault', async () => {
    const { send } = testApp();
    const res = await send('POST', '/api/telemetry', { events: [detected(0), detected(1, { traceId: 'nope' })] });
    expect(await res.json()).toMatchObject({ status: 422, field: 'events[1].traceId' });
  });

  it('refuses other media types and methods', async () => {
    const { send, store } = testApp();
    expect((await send('POST', '/api/telemetry', { events: [detected()] }, { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await send('PUT', '/api/telemetry', { events: [detected()] })).status).toBe(405);
    expect(await store.telemetry.count()).toBe(0);
  });

  it('keeps the origin policy: another site cannot post events', async () => {
    const { send, store } = testApp();
    const res = await send('POST', '/api/telemetry', { events: [detected()] }, { Origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await store.telemetry.count()).toBe(0);
  });
});

describe('correlation, counting and the refused-write line', () => {
  it('puts the trace id of traceparent in every problem body, and a fresh one without it', async () => {
    const { send } = testApp();
    const stale = await send('PUT', '/api/tickets/T-1001', { title: 'x', status: 'open', description: '' }, { 'If-Match': '"T-1001:1"', traceparent });
    expect(await stale.json()).toMatchObject({ status: 412, traceId: TRACE, requestId: expect.stringMatching(/^req_/) });
    const missing = await send('GET', '/api/nowhere', undefined, { traceparent });
    expect(await missing.json()).toMatchObject({ status: 404, traceId: TRACE });
    const invalid = await send('PATCH', '/api/tickets/T-1001', { title: 'x' }, { traceparent: `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01` });
    const body = (await invalid.json()) as { traceId: string; status: number };
    expect(body.status).toBe(428);
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.traceId).not.toBe(TRACE);
  });

  it('reports one line per refused write with request id, trace id, status, reason and route template, and none for reads or successes', async () => {
    const lines: RefusedWriteLine[] = [];
    const { send } = testApp({ onRefusedWrite: (line) => lines.push(line) });
    await send('GET', '/api/tickets/T-1001');
    await send('PATCH', '/api/tickets/T-1001', { title: 'ok' }, { 'If-Match': '"T-1001:3"' });
    await send('PATCH', '/api/tickets/T-1001', { title: 'stale' }, { 'If-Match': '"T-1001:3"', traceparent, 'X-Request-Id': 'req_stale' });
    await send('POST', '/api/orders/O-1003/transitions', { to: 'cancelled' });
    await send('GET', '/api/tickets/T-4242');
    expect(lines).toEqual([
      { requestId: 'req_stale', traceId: TRACE, status: 412, reason: 'version_mismatch', outcome: 'precondition_failed', method: 'PATCH', route: '/api/tickets/:id' },
      { requestId: expect.stringMatching(/^req_/), traceId: expect.stringMatching(/^[0-9a-f]{32}$/), status: 409, reason: 'invalid_transition', outcome: 'invalid_transition', method: 'POST', route: '/api/orders/:id/transitions' },
    ]);
  });

  it('exposes server counters by route template and the collected client events on GET /metrics', async () => {
    const metrics = createPromMetrics();
    const { send } = testApp({ metrics });
    await send('PATCH', '/api/tickets/T-1001', { title: 'stale' }, { 'If-Match': '"T-1001:1"' });
    await send('PATCH', '/api/tickets/T-1001', { title: 'blind' });
    await send('PATCH', '/api/tickets/T-1004', { title: 'ok' }, { 'If-Match': '"T-1004:1"' });
    await send('POST', '/api/orders', { externalId: 'shop-2026-88419', items: [{ sku: 'A', quantity: 1 }] }, { 'Idempotency-Key': '"k-dup"' });
    await send('POST', '/api/telemetry', { events: [detected(1), resolved(1, 'kept-theirs', 2_000), resolved(2, 'auto-merged', 50)] });
    const res = await send('GET', '/metrics');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const line of [
      'conflict_kit_server_outcomes_total{method="PATCH",outcome="precondition_failed",route="/api/tickets/:id"} 1',
      'conflict_kit_server_outcomes_total{method="PATCH",outcome="precondition_required",route="/api/tickets/:id"} 1',
      'conflict_kit_server_outcomes_total{method="POST",outcome="duplicate",route="/api/orders"} 1',
      'conflict_kit_server_writes_total{route="/api/tickets/:id",method="PATCH",status="200"} 1',
      'conflict_kit_server_writes_total{route="/api/tickets/:id",method="PATCH",status="412"} 1',
      'conflict_kit_client_events_total{type="conflict.detected",kind="edit",resource="/api/tickets/:id"} 1',
      'conflict_kit_client_resolutions_total{outcome="kept-theirs",kind="edit",resource="/api/tickets/:id"} 1',
      'conflict_kit_client_time_to_resolve_seconds_bucket{le="2.5",kind="edit",outcome="kept-theirs"} 1',
      'conflict_kit_client_time_to_resolve_seconds_bucket{le="1",kind="edit",outcome="kept-theirs"} 0',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('feeds GET /api/insights: conflicts per route and record from the server, kinds, outcomes and time to resolve from clients', async () => {
    const { send } = testApp();
    await send('PATCH', '/api/tickets/T-1001', { title: 'stale' }, { 'If-Match': '"T-1001:1"' });
    await send('PATCH', '/api/tickets/T-1001', { title: 'stale' }, { 'If-Match': '"T-1001:2"' });
    await send('PATCH', '/api/tickets/T-1002', { title: 'stale' }, { 'If-Match': '"T-1002:1"' });
    await send('POST', '/api/telemetry', {
      events: [detected(1), detected(2, { kind: 'duplicate', reason: 'duplicate_external_id', resource: '/api/orders' }), resolved(1, 'kept-mine', 1_000), resolved(2, 'mixed', 3_000), resolved(3, 'adopted-existing', 9_000)],
    });
    await expect
      .poll(async () => ((await (await send('GET', '/api/insights')).json()) as Insights).totals.serverConflicts)
      .toBe(3);
    const insights = (await (await send('GET', '/api/insights?hours=24')).json()) as Insights;
    expect(insights.topRecords).toEqual([
      { route: '/api/tickets/:id', recordId: 'T-1001', count: 2 },
      { route: '/api/tickets/:id', recordId: 'T-1002', count: 1 },
    ]);
    expect(insights.timeline.series).toEqual([{ resource: '/api/tickets/:id', counts: expect.arrayContaining([3]) }]);
    expect(insights.byKind).toEqual([
      { key: 'duplicate', count: 1 },
      { key: 'edit', count: 1 },
    ]);
    expect(insights.byReason.map((t) => t.key).sort()).toEqual(['duplicate_external_id', 'version_mismatch']);
    expect(insights.resolutions).toContainEqual({ key: 'adopted-existing', count: 1 });
    expect(insights.resolutions).toContainEqual({ key: 'cancelled', count: 0 });
    expect(insights.timeToResolve).toEqual({ count: 3, p50Ms: 3_000, p95Ms: 9_000 });
    expect((await send('GET', '/api/insights?hours=0')).status).toBe(400);
  });
});
