import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from './appEnv';
import type { ChangeEvent, EventBus } from './createEventBus';

/** Options for {@link eventRoutes}. */
export interface EventRoutesOptions {
  readonly events: EventBus;
  /** Milliseconds between heartbeat comments that keep proxies from closing an idle stream. */
  readonly heartbeatMs: number;
}

/**
 * Mounts `GET /api/events`: server-sent events, one `change` event per write
 * (`{ resource, id, etag, version, actor, at }`), a `ready` event first, and
 * a heartbeat comment when idle. The subscription ends when the client goes
 * away (the stream is cancelled or the request aborted).
 */
export function eventRoutes(app: Hono<AppEnv>, options: EventRoutesOptions): void {
  app.get('/api/events', (c) => {
    const requestId = c.get('requestId');
    const signal = c.req.raw.signal;
    return streamSSE(c, async (stream) => {
      const queue: ChangeEvent[] = [];
      let wake: (() => void) | undefined;
      let closed = false;
      const unsubscribe = options.events.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      const close = (): void => {
        closed = true;
        unsubscribe();
        wake?.();
      };
      stream.onAbort(close);
      signal.addEventListener('abort', close, { once: true });
      try {
        // `retry` tells EventSource how soon to reconnect after a drop.
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ requestId }), retry: 2000 });
        let sequence = 0;
        while (!closed && !stream.aborted) {
          if (queue.length === 0) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await new Promise<void>((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, options.heartbeatMs);
            });
            clearTimeout(timer);
            wake = undefined;
            if (closed) break;
            // A comment line: EventSource ignores it, proxies see traffic.
            if (queue.length === 0) await stream.write(': heartbeat\n\n');
            continue;
          }
          const event = queue.shift();
          if (event) await stream.writeSSE({ event: 'change', id: String(++sequence), data: JSON.stringify(event) });
        }
      } finally {
        signal.removeEventListener('abort', close);
        unsubscribe();
      }
    });
  });
}
