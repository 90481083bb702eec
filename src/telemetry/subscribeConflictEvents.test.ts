import { describe, expect, it, vi } from 'vitest';
import type { ConflictClient, FetchLike, WriteTracer } from '../core/conflictClientTypes';
import { createConflictClient } from '../core/createConflictClient';
import { memoryIntentStorage } from '../core/intentStorage';
import type { ConflictEvent } from '../core/telemetry/ConflictEvent';
import { routeTemplate } from '../core/telemetry/routeTemplate';
import { parseTraceparent } from '../server/parseTraceparent';
import { subscribeConflictEvents } from './subscribeConflictEvents';

const BASE = 'http://api.test';
const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });
const ok = (body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', etag: '"v2"', ...headers } });

/** A fetch that answers from a queue and records the headers of every request. */
function scripted(...answers: Array<() => Response>) {
  const sent: Headers[] = [];
  const fetch: FetchLike = async (_input, init) => {
    sent.push(new Headers(init.headers));
    const next = answers.shift();
    if (!next) throw new Error('no answer left');
    return next();
  };
  return { fetch, sent };
}

/** The client, its events pushed into `events`. */
const listening = (client: ConflictClient, events: ConflictEvent[]): ConflictClient => {
  subscribeConflictEvents(client, (e) => events.push(e));
  return client;
};

const seed = (client: ReturnType<typeof createConflictClient>) =>
  client.registry.record(client.keyFor(`${BASE}/api/tickets/T-1001`), { validator: { etag: { weak: false, opaque: 'v1' } }, base: { title: 'Printer jammed', secret: 'hunter2' } });

describe('subscribeConflictEvents', () => {
  it('reports a refused save once, with the route, kind, reason, status, request id and the trace id it sent, and never a field value', async () => {
    const server = scripted(() => problem(412, { reason: 'version_mismatch', requestId: 'req_77', current: { title: 'Their secret title' } }));
    const events: ConflictEvent[] = [];
    const client = listening(createConflictClient({ baseUrl: `${BASE}/api`, fetch: server.fetch, now: () => 1_700_000_000_000 }), events);
    seed(client);
    const result = await client.save('/tickets/T-1001?draft=yes', { title: 'My secret title', secret: 'hunter2' }, { key: `${BASE}/api/tickets/T-1001` });

    expect(result.ok).toBe(false);
    const traceId = parseTraceparent(server.sent[0]!.get('traceparent'))?.traceId;
    expect(traceId).toMatch(/^[\da-f]{32}$/);
    expect(events).toEqual([
      {
        type: 'conflict.detected',
        at: 1_700_000_000_000,
        conflictId: expect.any(String),
        kind: 'edit',
        resource: '/api/tickets/:id',
        requestId: 'req_77',
        traceId,
        reason: 'version_mismatch',
        status: 412,
        method: 'PUT',
      },
    ]);
    if (!result.ok) expect(result.conflict).toMatchObject({ traceId, conflictId: events[0]!.conflictId, requestId: 'req_77' });
    expect(JSON.stringify(events)).not.toMatch(/secret|hunter2|draft=yes/);
  });

  it("names the request by its own X-Request-Id, where a replayed body names the first request's", async () => {
    const server = scripted(() => problem(409, { reason: 'duplicate_external_id', requestId: 'req_first' }, { 'x-request-id': 'req_this' }));
    const events: ConflictEvent[] = [];
    const client = listening(createConflictClient({ baseUrl: BASE, fetch: server.fetch, intentStorage: memoryIntentStorage() }), events);
    const result = await client.create('/api/orders', { externalId: 'x' }, { intent: 'orders/new:x' });
    expect(events[0]?.requestId).toBe('req_this');
    if (!result.ok) expect(result.conflict.requestId).toBe('req_first');
  });

  it('keeps the conflict id a retry passes, so a second refusal joins the first conflict', async () => {
    const server = scripted(
      () => problem(412, { reason: 'version_mismatch' }),
      () => problem(412, { reason: 'version_mismatch' }),
    );
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch });
    const events: ConflictEvent[] = [];
    subscribeConflictEvents(client, (e) => events.push(e));
    seed(client);
    const first = await client.save('/api/tickets/T-1001', { title: 'a' });
    const id = first.ok ? undefined : first.conflict.conflictId;
    await client.save('/api/tickets/T-1001', { title: 'b' }, { conflictId: id! });
    expect(events.map((e) => e.conflictId)).toEqual([id, id]);
  });

  it('counts a 409 duplicate, an invalid transition and a 428 by their kinds', async () => {
    const server = scripted(
      () => problem(409, { reason: 'duplicate_external_id', existingResourceId: 'orders/O-9' }),
      () => problem(409, { reason: 'invalid_transition', currentState: 'shipped', allowedTransitions: [] }),
      () => problem(428, { title: 'Precondition Required' }),
      () => problem(409, { reason: 'idempotency_key_in_use' }, { 'retry-after': '1' }),
    );
    const events: ConflictEvent[] = [];
    const client = listening(createConflictClient({ baseUrl: BASE, fetch: server.fetch, intentStorage: memoryIntentStorage() }), events);
    await client.create('/api/orders', { externalId: 'x' }, { intent: 'orders/new:x' });
    await client.transition('/api/orders/O-1002/transitions', { to: 'cancelled' });
    await client.save('/api/tickets/T-1001', { title: 'a' }, { unprotected: true });
    await client.create('/api/orders', { externalId: 'y' }, { intent: 'orders/new:y' });
    expect(events.map((e) => [e.kind, e.resource, e.type === 'conflict.detected' ? `${e.method} ${e.status} ${e.reason}` : ''])).toEqual([
      ['duplicate', '/api/orders', 'POST 409 duplicate_external_id'],
      ['transition', '/api/orders/:id/transitions', 'POST 409 invalid_transition'],
      ['precondition-required', '/api/tickets/:id', 'PUT 428 precondition-required'],
      ['other', '/api/orders', 'POST 409 idempotency_key_in_use'],
    ]);
  });

  it('reports a create the server replayed (a lost answer recovered), with the request id it answered with', async () => {
    const server = scripted(() =>
      new Response(JSON.stringify({ id: 'O-9' }), { status: 201, headers: { 'content-type': 'application/json', location: '/api/orders/O-9', 'idempotent-replayed': 'true', 'x-request-id': 'req_r' } }),
    );
    const events: ConflictEvent[] = [];
    const client = listening(createConflictClient({ baseUrl: BASE, fetch: server.fetch, intentStorage: memoryIntentStorage() }), events);
    await client.create('/api/orders', { externalId: 'x' }, { intent: 'orders/new:x' });
    expect(events).toMatchObject([{ type: 'create.replayed', kind: 'duplicate', resource: '/api/orders', requestId: 'req_r' }]);
  });

  it('sends a fresh W3C traceparent (version 00, sampled) on every guarded write, and none on reads', async () => {
    const server = scripted(() => ok({ title: 'a' }), () => ok({ title: 'b' }), () => ok({ title: 'c' }));
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch });
    await client.read('/api/tickets/T-1001');
    await client.save('/api/tickets/T-1001', { title: 'b' });
    await client.save('/api/tickets/T-1001', { title: 'c' });
    expect(server.sent[0]!.has('traceparent')).toBe(false);
    const [a, b] = [server.sent[1]!.get('traceparent')!, server.sent[2]!.get('traceparent')!];
    expect(a).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/);
    expect(parseTraceparent(a)!.traceId).not.toBe(parseTraceparent(b)!.traceId);
  });

  it("keeps the app's own traceparent header, and sends none with tracer: false", async () => {
    const mine = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const server = scripted(() => ok({}), () => ok({}));
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch, headers: { traceparent: mine } });
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(server.sent[0]!.get('traceparent')).toBe(mine);
    const off = createConflictClient({ baseUrl: BASE, fetch: server.fetch, tracer: false });
    await off.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(server.sent[1]!.has('traceparent')).toBe(false);
  });

  it("sends the tracer's traceparent and ends its trace with the status, or with undefined when the network failed", async () => {
    const ended: Array<number | undefined> = [];
    const tracer: WriteTracer = {
      startWrite: (write) => {
        expect(write).toEqual({ method: 'PUT', resource: '/api/tickets/:id' });
        return { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', end: (status) => ended.push(status) };
      },
    };
    const fetch: FetchLike = vi.fn<FetchLike>().mockResolvedValueOnce(problem(412, {})).mockRejectedValueOnce(new TypeError('offline'));
    const events: ConflictEvent[] = [];
    const client = listening(createConflictClient({ baseUrl: BASE, fetch, tracer }), events);
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    await expect(client.save('/api/tickets/T-1001', {}, { unprotected: true })).rejects.toThrow();
    expect(ended).toEqual([412, undefined]);
    expect(events[0]!.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('builds no event when nobody listens, and a listener that throws never fails the save', async () => {
    const server = scripted(() => problem(412, {}), () => problem(412, {}));
    const resourceOf = vi.fn(routeTemplate);
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch, resourceOf });
    const result = await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(result.ok).toBe(false);
    expect(resourceOf).not.toHaveBeenCalled();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stop = subscribeConflictEvents(client, () => {
      throw new Error('listener bug');
    });
    expect((await client.save('/api/tickets/T-1001', {}, { unprotected: true })).ok).toBe(false);
    expect(error).toHaveBeenCalledTimes(1);
    stop();
    error.mockRestore();
  });

  it('stops calling a listener once unsubscribed', async () => {
    const server = scripted(() => problem(412, {}), () => problem(412, {}));
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch });
    const listener = vi.fn();
    const stop = subscribeConflictEvents(client, listener);
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    stop();
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('builds no event again once the last listener has gone', async () => {
    const server = scripted(() => problem(412, {}), () => problem(412, {}));
    const resourceOf = vi.fn(routeTemplate);
    const client = createConflictClient({ baseUrl: BASE, fetch: server.fetch, resourceOf });
    const stopFirst = subscribeConflictEvents(client, () => {});
    const stopSecond = subscribeConflictEvents(client, () => {});
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(resourceOf).toHaveBeenCalledTimes(1);
    stopFirst();
    stopSecond();
    await client.save('/api/tickets/T-1001', {}, { unprotected: true });
    expect(resourceOf).toHaveBeenCalledTimes(1);
  });

  it('warns in development when the removed onConflictEvent option is still passed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createConflictClient({ onConflictEvent: () => {} } as never);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('subscribeConflictEvents(client, listener)'));
    warn.mockRestore();
  });

  it('tells an app that passes a client of its own that it has no events', () => {
    const own = { ...createConflictClient() };
    expect(() => subscribeConflictEvents(own, () => {})).toThrow(/client made by createConflictClient/);
  });
});

describe('routeTemplate', () => {
  it.each([
    ['http://x/api/tickets/T-1001?draft=1#f', '/api/tickets/:id'],
    ['/api/orders/O-1002/transitions', '/api/orders/:id/transitions'],
    ['/api/orders', '/api/orders'],
    ['/v2/users/ana@example.com', '/v2/users/:id'],
    ['/api/documents/3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b', '/api/documents/:id'],
    ['relative/42', '/relative/:id'],
  ])('%s → %s', (url, template) => {
    expect(routeTemplate(url)).toBe(template);
  });
});
