import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { IdempotencyClaimLostError, createIdempotencyHandler, type IdempotencyHandlerOptions } from './createIdempotencyHandler';
import type { IdempotencyStore } from './idempotencyStore';
import { memoryIdempotencyStore } from './memoryIdempotencyStore';
import { PROBLEM_TYPES } from './problemTypes';
import { sqliteIdempotencyStore } from './sqliteIdempotencyStore';

const ORDERS = 'http://api.test/api/orders';

function post(body: string, key: string | null = '"idem_4f901d"', url = ORDERS, method = 'POST'): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key !== null) headers['Idempotency-Key'] = key;
  return new Request(url, { method, headers, body });
}

function created(id: number): Response {
  return new Response(JSON.stringify({ id }), {
    status: 201,
    headers: { 'Content-Type': 'application/json', Location: `/api/orders/${id}`, 'Set-Cookie': 'session=1' },
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** An async wrapper, to prove the handler awaits Promise-returning stores too. */
function asyncStore(inner: IdempotencyStore): IdempotencyStore {
  return {
    begin: async (claim, now) => inner.begin(claim, now),
    complete: async (key, token, response, expiresAt) => inner.complete(key, token, response, expiresAt),
    release: async (key, token) => inner.release(key, token),
  };
}

const stores: ReadonlyArray<readonly [string, () => IdempotencyStore]> = [
  ['memory store', () => memoryIdempotencyStore()],
  ['SQLite store', () => sqliteIdempotencyStore(new Database(':memory:'))],
  ['async store', () => asyncStore(memoryIdempotencyStore())],
];

describe.each(stores)('createIdempotencyHandler with the %s', (_name, makeStore) => {
  function setup(options: Partial<IdempotencyHandlerOptions> = {}) {
    let clock = 1_000_000;
    let next = 0;
    const handler = createIdempotencyHandler({ store: makeStore(), now: () => clock, ...options });
    const run = vi.fn(async () => created(++next));
    return {
      handler,
      run,
      advance: (ms: number) => {
        clock += ms;
      },
    };
  }

  it('runs the first request and replays its response for a retry with the same key and payload', async () => {
    const { handler, run } = setup();
    const first = await handler.handle(post('{"externalId":"order-88421"}'), '{"externalId":"order-88421"}', run);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.headers.get('set-cookie')).toBe('session=1');
    expect(await first.json()).toEqual({ id: 1 });

    const again = await handler.handle(post('{"externalId":"order-88421"}'), '{"externalId":"order-88421"}', run);
    expect(run).toHaveBeenCalledTimes(1);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe('/api/orders/1');
    expect(again.headers.get('content-type')).toBe('application/json');
    // A cookie is never handed to whoever presents the key next.
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.json()).toEqual({ id: 1 });
  });

  it('answers 409 idempotency_key_in_use with Retry-After while the first request still runs', async () => {
    const { handler } = setup({ retryAfterSeconds: 2 });
    const gate = deferred<Response>();
    const running = deferred<void>();
    const slow = vi.fn(() => {
      running.resolve();
      return gate.promise;
    });
    const firstPromise = handler.handle(post('{}'), '{}', slow);
    // The body's digest runs on a worker thread: wait until the first request holds the key.
    await running.promise;
    const second = await handler.handle(post('{}'), '{}', slow);
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('2');
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(await second.json()).toMatchObject({
      type: PROBLEM_TYPES.idempotencyKeyInUse,
      reason: 'idempotency_key_in_use',
      idempotencyKey: 'idem_4f901d',
    });
    gate.resolve(created(7));
    expect((await firstPromise).status).toBe(201);
    expect(slow).toHaveBeenCalledTimes(1);
    const third = await handler.handle(post('{}'), '{}', slow);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(await third.json()).toEqual({ id: 7 });
  });

  it('lets exactly one of many concurrent requests with one key run', async () => {
    const { handler, run } = setup();
    const results = await Promise.all(Array.from({ length: 10 }, () => handler.handle(post('{}'), '{}', run)));
    expect(run).toHaveBeenCalledTimes(1);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length + statuses.filter((s) => s === 409).length).toBe(10);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
  });

  it('answers 422 idempotency_key_reused when the key comes back with another payload, path or method', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{"a":1}'), '{"a":1}', run);
    for (const request of [
      [post('{"a":2}'), '{"a":2}'],
      [post('{"a":1}', '"idem_4f901d"', `${ORDERS}/other`), '{"a":1}'],
      [post('{"a":1}', '"idem_4f901d"', ORDERS, 'PUT'), '{"a":1}'],
      [post('{"a":1}', '"idem_4f901d"', `${ORDERS}?dry=1`), '{"a":1}'],
    ] as const) {
      const res = await handler.handle(request[0], request[1], run);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ type: PROBLEM_TYPES.idempotencyKeyReused, reason: 'idempotency_key_reused' });
    }
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('answers 422 for another payload even while the first request runs', async () => {
    const { handler } = setup();
    const gate = deferred<Response>();
    const running = deferred<void>();
    const first = handler.handle(post('{"a":1}'), '{"a":1}', () => {
      running.resolve();
      return gate.promise;
    });
    // The body's digest runs on a worker thread: wait until the first request holds the key.
    await running.promise;
    expect((await handler.handle(post('{"a":2}'), '{"a":2}', () => gate.promise)).status).toBe(422);
    gate.resolve(created(1));
    await first;
  });

  it('fingerprints bytes and strings alike', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{"é":1}'), '{"é":1}', run);
    const replay = await handler.handle(post('{"é":1}'), new TextEncoder().encode('{"é":1}'), run);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers 400 with a clear detail when a required key is missing, and just runs when it is optional', async () => {
    const required = setup({ required: true });
    const res = await required.handler.handle(post('{}', null), '{}', required.run, { requestId: 'req_2' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: PROBLEM_TYPES.idempotencyKeyMissing,
      reason: 'idempotency_key_missing',
      detail: expect.stringMatching(/requires an Idempotency-Key header/),
      requestId: 'req_2',
    });
    expect(required.run).not.toHaveBeenCalled();

    const optional = setup();
    expect((await optional.handler.handle(post('{}', null), '{}', optional.run)).status).toBe(201);
    expect((await optional.handler.handle(post('{}', null), '{}', optional.run)).status).toBe(201);
    expect(optional.run).toHaveBeenCalledTimes(2);
  });

  it('answers 400 for a malformed key without running', async () => {
    const { handler, run } = setup();
    for (const key of ['"unterminated', '"a", "b"', '""', `"${'x'.repeat(300)}"`]) {
      const res = await handler.handle(post('{}', key), '{}', run);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ reason: 'idempotency_key_malformed' });
    }
    expect(run).not.toHaveBeenCalled();
  });

  it('accepts a bare, unquoted key as the same key as its quoted form', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{}', 'idem_4f901d'), '{}', run);
    const replay = await handler.handle(post('{}', '"idem_4f901d"'), '{}', run);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('forgets a key after ttlMs, so the same key runs again', async () => {
    const { handler, run, advance } = setup({ ttlMs: 60_000 });
    await handler.handle(post('{}'), '{}', run);
    advance(59_999);
    expect((await handler.handle(post('{}'), '{}', run)).headers.get('idempotent-replayed')).toBe('true');
    advance(1);
    const fresh = await handler.handle(post('{}'), '{}', run);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(await fresh.json()).toEqual({ id: 2 });
  });

  it('frees a key held by a request that never finished after inFlightTtlMs', async () => {
    const { handler, run, advance } = setup({ inFlightTtlMs: 5_000 });
    const holding = deferred<void>();
    void handler.handle(post('{}'), '{}', () => {
      holding.resolve();
      return new Promise<Response>(() => undefined);
    });
    await holding.promise;
    expect((await handler.handle(post('{}'), '{}', run)).status).toBe(409);
    advance(5_000);
    expect((await handler.handle(post('{}'), '{}', run)).status).toBe(201);
  });

  it('releases the key on a 5xx so a retry runs again', async () => {
    const { handler } = setup();
    const failing = vi.fn(async () => new Response('down', { status: 503 }));
    expect((await handler.handle(post('{}'), '{}', failing)).status).toBe(503);
    const ok = vi.fn(async () => created(3));
    const retry = await handler.handle(post('{}'), '{}', ok);
    expect(retry.status).toBe(201);
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it('releases the key on 429 and 408, which may succeed on retry', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{}'), '{}', async () => new Response(null, { status: 429 }));
    await handler.handle(post('{}'), '{}', async () => new Response(null, { status: 408 }));
    expect((await handler.handle(post('{}'), '{}', run)).status).toBe(201);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('releases the key and rethrows when run throws', async () => {
    const { handler, run } = setup();
    const boom = new Error('database is locked');
    await expect(handler.handle(post('{}'), '{}', () => Promise.reject(boom))).rejects.toBe(boom);
    expect((await handler.handle(post('{}'), '{}', run)).status).toBe(201);
  });

  it('stores and replays a final 4xx outcome, such as a duplicate 409', async () => {
    const { handler } = setup();
    const dup = vi.fn(async () => new Response('{"reason":"duplicate_external_id"}', { status: 409, headers: { 'Content-Type': 'application/problem+json' } }));
    await handler.handle(post('{}'), '{}', dup);
    const replay = await handler.handle(post('{}'), '{}', dup);
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual({ reason: 'duplicate_external_id' });
    expect(dup).toHaveBeenCalledTimes(1);
  });

  it.each([
    [400, '{"reason":"invalid_json"}'],
    [404, '{"reason":"not_found"}'],
    [412, '{"reason":"version_mismatch"}'],
    [422, '{"reason":"unprocessable"}'],
    [428, '{"reason":"precondition_required"}'],
    [409, '{"reason":"version_mismatch"}'],
    [409, `{"type":"${PROBLEM_TYPES.versionMismatch}"}`],
  ])('does not keep a refusal of the request (%i %s): the corrected retry with the same key runs', async (status, body) => {
    const { handler, run } = setup();
    const refused = vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': 'application/problem+json' } }));
    const first = await handler.handle(post('{}'), '{}', refused);
    expect(first.status).toBe(status);
    expect(await first.json()).toEqual(JSON.parse(body));
    const corrected = await handler.handle(post('{}'), '{}', run);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("keeps the outcome the operation recorded in its own transaction, and stores nothing after it", async () => {
    const { handler } = setup();
    const stored = { status: 201, headers: [['location', '/api/orders/5'] as [string, string]], body: new TextEncoder().encode('{"id":5}') };
    const op = vi.fn(async (idempotency: { key: string | undefined; record: (r: typeof stored) => unknown }) => {
      expect(idempotency.key).toBe('idem_4f901d');
      await idempotency.record(stored);
      return new Response('{"id":5}', { status: 201, headers: { Location: '/api/orders/5' } });
    });
    expect((await handler.handle(post('{}'), '{}', op)).status).toBe(201);
    const replay = await handler.handle(post('{}'), '{}', op);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe('/api/orders/5');
    expect(await replay.json()).toEqual({ id: 5 });
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('makes record throw IdempotencyClaimLostError when the claim lapsed and another request took the key; answers 409 in use', async () => {
    const { handler, advance } = setup({ inFlightTtlMs: 1_000 });
    const holding = deferred<void>();
    const gate = deferred<void>();
    let thrown: unknown;
    const slow = handler.handle(post('{}'), '{}', async (idempotency) => {
      holding.resolve();
      await gate.promise;
      try {
        await idempotency.record({ status: 201, headers: [], body: new Uint8Array() });
      } catch (error) {
        thrown = error;
        throw error;
      }
      return new Response(null, { status: 201 });
    });
    await holding.promise;
    advance(1_000);
    const takingOver = deferred<void>();
    const takeover = deferred<Response>();
    const second = handler.handle(post('{}'), '{}', () => {
      takingOver.resolve();
      return takeover.promise;
    });
    await takingOver.promise;
    gate.resolve();
    const lost = await slow;
    expect(thrown).toBeInstanceOf(IdempotencyClaimLostError);
    expect(lost.status).toBe(409);
    expect(await lost.json()).toMatchObject({ reason: 'idempotency_key_in_use' });
    takeover.resolve(created(2));
    expect((await second).status).toBe(201);
  });

  it('names what the first request created when the key comes back with another payload (422 existing)', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{"a":1}'), '{"a":1}', run);
    const reused = await handler.handle(post('{"a":2}'), '{"a":2}', run);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({
      reason: 'idempotency_key_reused',
      existing: '/api/orders/1',
      existingResourceId: '1',
      detail: expect.stringContaining('/api/orders/1'),
    });
  });

  it('replays a 204 without a body', async () => {
    const { handler } = setup();
    const none = vi.fn(async () => new Response(null, { status: 204 }));
    await handler.handle(post('{}'), '{}', none);
    const replay = await handler.handle(post('{}'), '{}', none);
    expect(replay.status).toBe(204);
    expect(replay.body).toBeNull();
  });

  it('keeps keys of different scopes (clients) apart', async () => {
    const { handler, run } = setup();
    await handler.handle(post('{}'), '{}', run, { scope: 'alice' });
    const bob = await handler.handle(post('{"other":true}'), '{"other":true}', run, { scope: 'bob' });
    expect(bob.status).toBe(201);
    expect(bob.headers.get('idempotent-replayed')).toBeNull();
    expect(run).toHaveBeenCalledTimes(2);
  });
});

describe('createIdempotencyHandler store failures', () => {
  it('still answers with the work done when storing the response fails, and reports it', async () => {
    const inner = memoryIdempotencyStore();
    const failure = new Error('disk full');
    const onStoreError = vi.fn();
    const handler = createIdempotencyHandler({
      store: { ...inner, begin: inner.begin, release: inner.release, complete: () => Promise.reject(failure) },
      onStoreError,
    });
    const res = await handler.handle(post('{}'), '{}', async () => created(1));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 1 });
    expect(onStoreError).toHaveBeenCalledWith(failure);
  });

  it('reports a request that outlived its in-flight claim, whose response could not be stored', async () => {
    let clock = 0;
    const onStoreError = vi.fn();
    const handler = createIdempotencyHandler({ store: memoryIdempotencyStore(), now: () => clock, inFlightTtlMs: 1_000, onStoreError });
    const gate = deferred<Response>();
    const holding = deferred<void>();
    const first = handler.handle(post('{}'), '{}', () => {
      holding.resolve();
      return gate.promise;
    });
    await holding.promise;
    expect((await handler.handle(post('{}'), '{}', async () => created(9))).status).toBe(409);
    clock += 1_000;
    expect((await handler.handle(post('{}'), '{}', async () => created(2))).status).toBe(201);
    gate.resolve(created(1));
    expect((await first).status).toBe(201);
    expect(onStoreError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/lapsed/) }));
  });
});
