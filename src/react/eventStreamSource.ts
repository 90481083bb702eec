import type { SourceChange, StalenessSource } from '../core/stalenessSource';
import type { ConflictEventsOptions, EventSourceLike, ServerChangeEvent } from './connectStalenessSources';

/** `EventSource.CLOSED`: the stream gave up and will not reconnect by itself. */
const CLOSED = 2;
/** Pause before a refused stream is opened again; it doubles up to {@link LAST_PAUSE_MS}. */
const FIRST_PAUSE_MS = 5_000;
const LAST_PAUSE_MS = 60_000;

/**
 * The server's event stream (server-sent events) as a staleness source: each
 * `change` event names a record through `toKey`, and each (re)opening asks
 * for a resync. A stream the browser gave up on (refused by the server) is
 * opened again after 5 s, then 10, 20, … up to a minute, for as long as the
 * page listens: EventSource hides the status, so a 204 meant as "stop" or a
 * 401 after a session expired is retried at that pace too. Without
 * `EventSource` (SSR, old runtimes) it does nothing.
 * @internal
 */
export function eventStreamSource(events: ConflictEventsOptions): StalenessSource {
  return {
    subscribe: (listener) => {
      const create = (): EventSourceLike | undefined =>
        events.createEventSource ? events.createEventSource(events.url) : typeof EventSource !== 'undefined' ? new EventSource(events.url) : undefined;
      let source: EventSourceLike | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let pause = FIRST_PAUSE_MS;
      let stopped = false;
      const scheduleRetry = (): void => {
        if (stopped || retry !== undefined) return;
        retry = setTimeout(() => {
          try {
            connect();
          } catch {
            // The app's createEventSource failed (a token that would not refresh): try again later.
            retry = undefined;
            scheduleRetry();
          }
        }, pause);
        pause = Math.min(pause * 2, LAST_PAUSE_MS);
      };
      const connect = (): void => {
        retry = undefined;
        const opened = (source = create());
        if (!opened) return;
        // A change saved before the stream was listening (between the page's
        // first read and the connection, or while it was reconnecting) is never
        // announced on it: catch up with one conditional GET per watched record
        // each time the stream (re)opens.
        opened.addEventListener('open', () => {
          pause = FIRST_PAUSE_MS;
          listener.resync();
        });
        // The browser reconnects a dropped stream by itself, but gives up for good
        // when the server answers anything but 200 (a 429 or 503 at its stream
        // limit, a 502 from a proxy): then open a new one, waiting longer each time.
        opened.addEventListener('error', () => {
          if (opened.readyState !== CLOSED || source !== opened) return;
          opened.close();
          source = undefined;
          scheduleRetry();
        });
        opened.addEventListener(events.eventType ?? 'change', (message) => {
          let data: unknown;
          try {
            data = typeof message.data === 'string' ? JSON.parse(message.data) : undefined;
          } catch {
            return; // A malformed event says nothing reliable about any record.
          }
          if (data === null || typeof data !== 'object') return;
          const event = data as ServerChangeEvent;
          const key = events.toKey(event);
          if (key === undefined) return;
          // The members are checked where they are read (validatorOf, readChangeInfo): a server's event is input.
          listener.change({ key, event, etag: event.etag, version: event.version, changedBy: event.actor, changedAt: event.at } as SourceChange);
        });
      };
      connect();
      return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
        source = undefined;
      };
    },
  };
}
