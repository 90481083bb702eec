import type { SourceChange, StalenessSource } from '../core/stalenessSource';
import type { ConflictEventsOptions, ServerChangeEvent } from './connectStalenessSources';

/**
 * The server's event stream (server-sent events) as a staleness source: each
 * `change` event names a record through `toKey`, and each (re)opening asks
 * for a resync. Without `EventSource` (SSR, old runtimes) it does nothing.
 * @internal
 */
export function eventStreamSource(events: ConflictEventsOptions): StalenessSource {
  return {
    subscribe: (listener) => {
      const source = events.createEventSource
        ? events.createEventSource(events.url)
        : typeof EventSource !== 'undefined'
          ? new EventSource(events.url)
          : undefined;
      if (!source) return () => undefined;
      // A change saved before the stream was listening (between the page's
      // first read and the connection, or while it was reconnecting) is never
      // announced on it: catch up with one conditional GET per watched record
      // each time the stream (re)opens.
      source.addEventListener('open', () => listener.resync());
      source.addEventListener(events.eventType ?? 'change', (message) => {
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
      return () => source.close();
    },
  };
}
