import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictEvent } from '../core/telemetry/ConflictEvent';
import { createTelemetrySender, type PageLifecycle } from './createTelemetrySender';

afterEach(() => {
  vi.useRealTimers();
});

const detected = (n: number): ConflictEvent => ({
  type: 'conflict.detected',
  at: 1000 + n,
  conflictId: `c${n}`,
  kind: 'edit',
  resource: '/api/tickets/:id',
  reason: 'version_mismatch',
  status: 412,
  method: 'PUT',
});

/** A page whose lifecycle events the test fires. */
function fakePage() {
  const target = new EventTarget();
  const page: PageLifecycle & { visibilityState: string } = {
    visibilityState: 'visible',
    get document() {
      return { visibilityState: page.visibilityState };
    },
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
  };
  const hide = (persisted = false) => target.dispatchEvent(Object.assign(new Event('pagehide'), { persisted }));
  const hidden = () => {
    page.visibilityState = 'hidden';
    target.dispatchEvent(new Event('visibilitychange'));
  };
  return { page, hide, hidden };
}

/** A beacon that records the batches it was given, decoded. */
function recordingBeacon(accept = true) {
  const batches: ConflictEvent[][] = [];
  const pending: Promise<void>[] = [];
  const beacon = vi.fn((url: string, data: Blob) => {
    expect(url).toBe('/api/telemetry');
    expect(data.type).toBe('text/plain;charset=utf-8');
    pending.push(data.text().then((text) => void batches.push((JSON.parse(text) as { events: ConflictEvent[] }).events)));
    return accept;
  });
  return { beacon, batches, settled: () => Promise.all(pending) };
}

describe('createTelemetrySender', () => {
  it('sends nothing at once: one batch after the interval, by beacon', async () => {
    vi.useFakeTimers();
    const { beacon, batches, settled } = recordingBeacon();
    const sender = createTelemetrySender({ sendBeacon: beacon, fetch: undefined, page: fakePage().page, flushIntervalMs: 1000 });
    sender.send(detected(1));
    sender.send(detected(2));
    expect(beacon).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    await settled();
    expect(batches).toEqual([[detected(1), detected(2)]]);
  });

  it('splits into batches of at most maxBatch events and 64 KiB', async () => {
    const { beacon, batches, settled } = recordingBeacon();
    const sender = createTelemetrySender({ sendBeacon: beacon, fetch: undefined, page: undefined, maxBatch: 100, maxBatchBytes: 100_000 });
    for (let i = 0; i < 250; i++) sender.send({ ...detected(i), resource: `/api/${'x'.repeat(400)}` });
    sender.flush();
    await settled();
    expect(batches.flat()).toHaveLength(250);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify({ events: batch }).length).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('flushes when the page is hidden or goes away, and reports a conflict whose dialog was open as abandoned', async () => {
    const { beacon, batches, settled } = recordingBeacon();
    const { page, hide, hidden } = fakePage();
    const sender = createTelemetrySender({ sendBeacon: beacon, fetch: undefined, page, now: () => 5000 });
    sender.send(detected(1));
    hidden();
    await settled();
    expect(batches).toEqual([[detected(1)]]);
    sender.send({ ...detected(2), type: 'conflict.dialog-shown', at: 2000 } as ConflictEvent);
    sender.send({ ...detected(3), type: 'conflict.dialog-shown', at: 2000 } as ConflictEvent);
    sender.send({ ...detected(3), type: 'conflict.resolved', outcome: 'kept-mine', durationMs: 10 } as ConflictEvent);
    hide(true);
    await settled();
    expect(batches[1]!.map((e) => e.type)).toEqual(['conflict.dialog-shown', 'conflict.dialog-shown', 'conflict.resolved']);
    hide(false);
    await settled();
    expect(batches[2]).toEqual([{ type: 'conflict.resolved', at: 5000, conflictId: 'c2', kind: 'edit', resource: '/api/tickets/:id', outcome: 'abandoned-draft', durationMs: 3000 }]);
  });

  it('falls back to fetch with keepalive when the beacon refuses, and requeues a batch the network lost', async () => {
    vi.useFakeTimers();
    const { beacon } = recordingBeacon(false);
    const bodies: unknown[] = [];
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      expect(init).toMatchObject({ method: 'POST', keepalive: true });
      bodies.push(JSON.parse(init.body as string));
      if (bodies.length === 1) throw new TypeError('Failed to fetch');
      return new Response(null, { status: 202 });
    });
    const sender = createTelemetrySender({ sendBeacon: beacon, fetch, page: undefined, flushIntervalMs: 100 });
    sender.send(detected(1));
    sender.flush();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(bodies[1]).toEqual({ events: [detected(1)] });
  });

  it('keeps at most maxQueue events while the collector cannot be reached, dropping the oldest, and retries only after the interval', async () => {
    vi.useFakeTimers();
    let online = false;
    const delivered: ConflictEvent[] = [];
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      if (!online) throw new TypeError('offline');
      delivered.push(...(JSON.parse(init.body as string) as { events: ConflictEvent[] }).events);
      return new Response(null, { status: 202 });
    });
    const sender = createTelemetrySender({ sendBeacon: undefined, fetch, page: undefined, maxBatch: 10, maxQueue: 20, flushIntervalMs: 1000 });
    for (let i = 0; i < 25; i++) sender.send(detected(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(2);
    online = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(delivered.map((e) => e.conflictId)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i + 5}`));
  });

  it('touches no page until the first event (a sender made at module scope during a server render)', () => {
    const page = { addEventListener: vi.fn(), removeEventListener: vi.fn() };
    const sender = createTelemetrySender({ page, sendBeacon: () => true });
    expect(page.addEventListener).not.toHaveBeenCalled();
    sender.send(detected(1));
    expect(page.addEventListener).toHaveBeenCalledTimes(2);
    sender.stop();
    expect(page.removeEventListener).toHaveBeenCalledTimes(2);
  });
});
