import { describe, expect, it } from 'vitest';
import { createEventBus } from './createEventBus';
import { testApp } from './testRequests';

/** Reads SSE frames from a response body until `count` frames arrived. */
function frameReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    reader,
    async next(): Promise<string> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return frame;
        }
        const { done, value } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

const dataOf = (frame: string): unknown =>
  JSON.parse(
    frame
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n'),
  );

describe('GET /api/events', () => {
  it('streams a ready event, then one change event per write, then heartbeats; unsubscribes when cancelled', async () => {
    const events = createEventBus();
    const t = testApp({ events, heartbeatMs: 30 });
    const res = await t.app.request('/api/events');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const frames = frameReader(res.body!);
    const ready = await frames.next();
    expect(ready).toMatch(/^event: ready\n/);
    expect(ready).toContain('retry: 2000');
    // The test app's own listener plus the stream.
    expect(events.size).toBe(2);

    await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, { 'If-Match': '"T-1004:1"', 'X-Actor': 'ana' });
    await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' });
    const first = await frames.next();
    expect(first).toMatch(/^event: change\n/);
    expect(dataOf(first)).toEqual({ resource: 'tickets', id: 'T-1004', etag: '"T-1004:2"', version: 2, actor: 'ana', at: expect.any(String) });
    expect(dataOf(await frames.next())).toMatchObject({ resource: 'orders', id: 'O-1001', etag: '"O-1001:2"', version: 2 });

    expect(await frames.next()).toBe(': heartbeat');
    await frames.reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.size).toBe(1);
  });

  it('ends the subscription when the request is aborted', async () => {
    const events = createEventBus();
    const t = testApp({ events, heartbeatMs: 1_000 });
    const controller = new AbortController();
    const res = await t.app.request('/api/events', { signal: controller.signal });
    const frames = frameReader(res.body!);
    await frames.next();
    expect(events.size).toBe(2);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.size).toBe(1);
  });

  it('does not announce refused writes', async () => {
    const t = testApp();
    await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, { 'If-Match': '"T-1004:9"' });
    await t.send('POST', '/api/orders/O-1003/transitions', { to: 'cancelled' });
    expect(t.published).toEqual([]);
  });
});
