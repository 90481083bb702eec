import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createChangeHub } from './createChangeHub';
import { memoryStore } from './memoryStore';
import { sqliteStore } from './sqliteStore';
import { testApp } from './testRequests';
import { sseReader } from './testStreams';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

const patchT1004 = { 'If-Match': '"T-1004:1"', 'X-Actor': 'ana', 'Content-Type': 'application/merge-patch+json' };

describe('GET /api/events', () => {
  it('streams ready (its id the feed position), then each write as a change whose id is the change sequence, then heartbeats; ends when cancelled', async () => {
    const t = testApp({ heartbeatMs: 30 });
    const res = await t.app.request('/api/events');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const stream = sseReader(res.body!);
    const ready = await stream.next();
    expect(ready.event).toBe('ready');
    expect(ready.raw).toContain('retry: 2000');
    expect(ready.id).toBe('0');
    expect(ready.data).toMatchObject({ lastEventId: '0', resumed: false, requestId: res.headers.get('x-request-id') });
    expect(t.hub.streams).toBe(1);

    await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, patchT1004);
    await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' });
    const first = await stream.next();
    expect(first).toMatchObject({ event: 'change', id: '1' });
    expect(first.data).toEqual({ resource: 'tickets', id: 'T-1004', etag: '"T-1004:2"', version: 2, actor: 'ana', at: expect.any(String) });
    const second = await stream.next();
    expect(second).toMatchObject({ event: 'change', id: '2', data: { resource: 'orders', id: 'O-1001', etag: '"O-1001:2"', version: 2 } });

    expect((await stream.next()).raw).toBe(': heartbeat');
    await stream.cancel();
    await expect.poll(() => t.hub.streams).toBe(0);
  });

  it('ends the stream when the request is aborted', async () => {
    const t = testApp();
    const controller = new AbortController();
    const res = await t.app.request('/api/events', { signal: controller.signal });
    await sseReader(res.body!).next();
    expect(t.hub.streams).toBe(1);
    controller.abort();
    await expect.poll(() => t.hub.streams).toBe(0);
  });

  it('does not announce refused writes', async () => {
    const t = testApp();
    await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, { 'If-Match': '"T-1004:9"' });
    await t.send('POST', '/api/orders/O-1003/transitions', { to: 'cancelled' });
    expect(t.published).toEqual([]);
  });

  it('resumes after Last-Event-ID with exactly the changes missed while disconnected', async () => {
    const t = testApp();
    const first = sseReader((await t.app.request('/api/events')).body!);
    await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, patchT1004);
    const seen = await first.nextOf('change');
    await first.cancel();

    await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' });
    await t.send('POST', '/api/orders/O-1001/transitions', { to: 'fulfilling' });
    const again = sseReader((await t.app.request('/api/events', { headers: { 'Last-Event-ID': seen.id ?? '' } })).body!);
    const ready = await again.next();
    expect(ready.data).toMatchObject({ resumed: true });
    const missed = [await again.next(), await again.next()];
    expect(missed.map((frame) => frame.id)).toEqual(['2', '3']);
    expect(missed.map((frame) => (frame.data as { version: number }).version)).toEqual([2, 3]);
  });

  it('starts from now, saying so, when the changes after Last-Event-ID were pruned or the id is unknown', async () => {
    const store = memoryStore({ keepChanges: 2 });
    const t = testApp({ store, hub: createChangeHub({ changes: store.changes, bufferSize: 1 }) });
    for (const to of ['paid', 'fulfilling', 'shipped'] as const) await t.send('POST', '/api/orders/O-1001/transitions', { to });
    for (const lastEventId of ['0', '999', 'abc']) {
      const stream = sseReader((await t.app.request('/api/events', { headers: { 'Last-Event-ID': lastEventId } })).body!);
      const ready = await stream.next();
      expect(ready).toMatchObject({ id: '3', data: { resumed: false } });
      await stream.cancel();
    }
    t.hub.close();
  });

  it('keeps event ids across a restart (SQLite), so a client resumes on the new process', async () => {
    const path = join(dir, 'restart.db');
    const before = testApp({ store: sqliteStore({ path }) });
    await before.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, patchT1004);
    await before.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' });
    before.hub.close();
    await before.store.close();

    const after = testApp({ store: sqliteStore({ path }) });
    try {
      await after.send('POST', '/api/orders/O-1001/transitions', { to: 'fulfilling' });
      const stream = sseReader((await after.app.request('/api/events', { headers: { 'Last-Event-ID': '1' } })).body!);
      expect((await stream.next()).data).toMatchObject({ resumed: true });
      expect([(await stream.next()).id, (await stream.next()).id]).toEqual(['2', '3']);
      await stream.cancel();
    } finally {
      after.hub.close();
      await after.store.close();
    }
  });

  it("reaches this process's streams when another process writes the same SQLite file", async () => {
    const path = join(dir, 'two-processes.db');
    const other = sqliteStore({ path });
    const t = testApp({ store: sqliteStore({ path, pollMs: 20 }) });
    try {
      const stream = sseReader((await t.app.request('/api/events')).body!);
      await stream.next();
      await other.orders.transition('O-1002', 'fulfilling', { actor: 'warehouse', at: '2026-11-25T12:00:00.000Z' });
      expect((await stream.nextOf('change')).data).toMatchObject({ id: 'O-1002', version: 3, actor: 'warehouse' });
      await stream.cancel();
    } finally {
      t.hub.close();
      await t.store.close();
      await other.close();
    }
  });

  it('writes each stream once per batch, however many changes the batch holds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const store = memoryStore();
    const hub = createChangeHub({ changes: store.changes, batchMs: 50 });
    const t = testApp({ store, hub });
    const streams = await Promise.all([1, 2, 3].map(async () => sseReader((await t.app.request('/api/events')).body!)));
    for (const stream of streams) await stream.next();
    for (let i = 0; i < 20; i++) {
      await store.tickets.update('T-1004', i + 1, { title: `t${i}`, status: 'open', assignee: null, description: '' }, { actor: 'ana', at: 'now' });
    }
    await hub.settled();
    vi.advanceTimersByTime(50);
    for (const stream of streams) {
      const ids: (string | undefined)[] = [];
      for (let i = 0; i < 20; i++) ids.push((await stream.next()).id);
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
      // One chunk for ready, one for the whole batch.
      expect(stream.chunks).toBe(2);
    }
    hub.close();
  });

  it('sends a change within maxBatchDelayMs however slow the last fan-out seemed (a server starved of CPU)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate'] });
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const store = memoryStore();
    const hub = createChangeHub({ changes: store.changes });
    const t = testApp({ store, hub });
    const stream = sseReader((await t.app.request('/api/events')).body!);
    await stream.next();
    const edit = (version: number) =>
      store.tickets.update('T-1004', version, { title: `t${version}`, status: 'open', assignee: null, description: '' }, { actor: 'ana', at: 'now' });

    await edit(1);
    await hub.settled();
    expect((await stream.next()).id).toBe('1');
    // The fan-out's measure runs late: 400 ms of wall time, which at the default share would hold the next batch back 16 s.
    clock = 400;
    await vi.advanceTimersByTimeAsync(0);

    await edit(2);
    let received: string | undefined;
    void stream.next().then((event) => (received = event.id));
    await vi.advanceTimersByTimeAsync(550);
    clock = 950;
    expect(received).toBeUndefined();
    clock = 1_000;
    await vi.advanceTimersByTimeAsync(100);
    expect(received).toBe('2');
    hub.close();
  });

  it('caps streams per client (429) and in total (503), and frees a slot when a stream ends', async () => {
    const store = memoryStore();
    const hub = createChangeHub({ changes: store.changes, maxStreams: 3, maxStreamsPerClient: 2 });
    const t = testApp({ store, hub, clientKey: (c) => c.req.header('x-client') ?? 'a' });
    const open = (client: string) => t.app.request('/api/events', { headers: { 'X-Client': client } });
    const a1 = await open('a');
    await open('a');
    const a3 = await open('a');
    expect(a3.status).toBe(429);
    expect(a3.headers.get('retry-after')).toBe('30');
    expect(await a3.json()).toMatchObject({ reason: 'too_many_streams', status: 429 });
    await open('b');
    const b2 = await open('b');
    expect(b2.status).toBe(503);
    expect(await b2.json()).toMatchObject({ reason: 'streams_full' });
    await a1.body!.cancel();
    await expect.poll(() => hub.streams).toBe(2);
    expect((await open('c')).status).toBe(200);
    hub.close();
  });

  it('ends the stream of a client that stops reading instead of buffering without bound', async () => {
    const store = memoryStore();
    const hub = createChangeHub({ changes: store.changes, maxQueuedBytes: 2_000, batchMs: 1 });
    const t = testApp({ store, hub });
    const res = await t.app.request('/api/events');
    expect(hub.streams).toBe(1);
    for (let i = 0; i < 40; i++) {
      await t.send('PATCH', '/api/tickets/T-1004', { title: `t${i}` }, { 'If-Match': `"T-1004:${i + 1}"`, 'Content-Type': 'application/merge-patch+json' });
    }
    await expect.poll(() => hub.streams).toBe(0);
    expect(await sseReader(res.body!).ended()).toBe(true);
    hub.close();
  });
});
