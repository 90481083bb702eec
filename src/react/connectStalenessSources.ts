import type { RegistryKey } from '../core/createVersionRegistry';
import { devWarning, isDev } from '../core/devWarning';
import type { Validator, VersionValue } from '../core/etag';
import { authorOf, markChanged, validatorOf } from '../core/remoteChange';
import type { SourceChange, StalenessSource } from '../core/stalenessSource';
import { toStoredVersion } from './draftEnvelope';
import type { ConflictKit } from './ConflictKitContext';
import type { ConflictKitProviderProps } from './ConflictKitProvider';
import { eventStreamSource } from './eventStreamSource';

/** A change the server announced on its event stream (the demo sends `{ resource, id, etag, version, actor, at }`). */
export interface ServerChangeEvent {
  readonly resource?: string;
  readonly id?: string;
  /** The new ETag, as the header value (`"T-1001:4"`). */
  readonly etag?: string;
  /** The new body version. */
  readonly version?: VersionValue;
  /** Who made the change. */
  readonly actor?: string;
  /** When (an ISO date or ms since epoch). */
  readonly at?: string | number;
  readonly [member: string]: unknown;
}

/** The part of `EventSource` the kit uses. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
  /** `2` (`EventSource.CLOSED`) once the stream has given up: the kit then opens a new one after a pause. */
  readonly readyState?: number;
}

/** The server's change feed (server-sent events) that marks records stale the moment someone else saves them. */
export interface ConflictEventsOptions {
  /** The event stream URL (`/api/events`). */
  readonly url: string;
  /** The registry key of the record an event is about, or `undefined` to ignore the event. */
  readonly toKey: (event: ServerChangeEvent) => RegistryKey | undefined;
  /**
   * The SSE event type that announces a change.
   * @default 'change'
   */
  readonly eventType?: string;
  /**
   * Opens the stream; inject one in tests or for polyfills.
   * @default (url) => new EventSource(url), when the environment has EventSource
   */
  readonly createEventSource?: (url: string) => EventSourceLike;
}

/** A change another writer made, as a staleness source reported it. */
export interface RecordChange {
  /** The registry key of the record that changed. */
  readonly key: string;
  /** Its new version, as far as the source said. */
  readonly validator: Validator;
  /** Who made the change, when known. */
  readonly changedBy?: string;
  /** When (ms since epoch), when known. */
  readonly changedAt?: number;
  /** Where the news came from: the server's event stream (`events`), another tab of this app, or one of the provider's `sources` (`feed`). */
  readonly source: 'events' | 'tab' | 'feed';
  /** The server's event as sent (`source: 'events'`), or the message a source passed on (`feed`). */
  readonly event?: unknown;
  /** The record was deleted. */
  readonly deleted?: boolean;
}

/** The live connections; `announce` tells other tabs about a save. @internal */
export interface StalenessSources {
  announce(key: string, validator: Validator, changedBy?: string): void;
  disconnect(): void;
}


interface SavedMessage {
  readonly type: 'conflict-kit:saved';
  readonly key: string;
  readonly etag?: string;
  readonly version?: VersionValue;
  readonly changedBy?: string;
  readonly changedAt: number;
}

/** The provider props this connection reads (a type-only import: nothing of the provider loads here). */
type StalenessProps = Pick<ConflictKitProviderProps, 'revalidateOnFocus' | 'revalidateOnReconnect' | 'events' | 'sources' | 'broadcastChannel' | 'onChange'>;

/**
 * Connects the browser's signals of change to the registry: window focus,
 * `online` and a source's (re)connection revalidate every watched record; the
 * server's event stream, the app's own sources (websockets, change feeds)
 * and other tabs' saves (BroadcastChannel) mark records stale. Reads the
 * provider's props once, and its `toKey` and `onChange` at each event (a new
 * inline function does not reconnect). Every browser API is guarded, so this
 * is a no-op during SSR and where an API is missing.
 */
export function connectStalenessSources(
  runtime: Pick<ConflictKit, 'client' | 'revalidate'>,
  latest: { readonly current: StalenessProps },
): StalenessSources {
  const { events, sources = [], broadcastChannel = 'conflict-kit', revalidateOnFocus, revalidateOnReconnect } = latest.current;
  const cleanups: (() => void)[] = [];
  const report = (change: SourceChange, source: RecordChange['source']): void => {
    const key = runtime.client.keyFor('url' in change ? change.url : '', change.key);
    markChanged(runtime.client.registry, key, change, source === 'tab' || undefined);
    const { event } = change;
    try {
      latest.current.onChange?.({
        key,
        validator: validatorOf(change.etag, change.version),
        source,
        ...authorOf(change),
        ...(change.deleted === true ? { deleted: true } : {}),
        ...(event !== undefined ? { event } : {}),
      });
    } catch (error) {
      devWarning('onChange threw; the change was still recorded.', error);
    }
  };
  const revalidate = (): void => void runtime.revalidate();
  const listen = (target: Window | Document, type: string, listener: () => void): void => {
    target.addEventListener(type, listener);
    cleanups.push(() => target.removeEventListener(type, listener));
  };
  if (typeof window !== 'undefined') {
    if (revalidateOnFocus !== false) {
      listen(window, 'focus', revalidate);
      // visibilitychange fires on the document, not the window.
      listen(document, 'visibilitychange', () => {
        if (document.visibilityState === 'visible') revalidate();
      });
    }
    if (revalidateOnReconnect !== false) listen(window, 'online', revalidate);
  }

  const subscribe = (source: StalenessSource, kind: RecordChange['source']): void => {
    try {
      cleanups.push(source.subscribe({ change: (change) => report(change, kind), resync: revalidate }));
    } catch (error) {
      if (isDev) devWarning('A staleness source threw while subscribing; the others still run.', error);
    }
  };
  if (events) subscribe(eventStreamSource({ ...events, toKey: (event) => latest.current.events?.toKey(event) }), 'events');
  for (const source of sources) subscribe(source, 'feed');

  const channel = broadcastChannel !== false && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(broadcastChannel) : undefined;
  if (channel) {
    channel.addEventListener('message', (message) => {
      const data = message.data as Partial<SavedMessage> | null;
      // The other members are checked where used: another tab's message is input like any other.
      if (data?.type === 'conflict-kit:saved' && typeof data.key === 'string') report(data as SourceChange, 'tab');
    });
    cleanups.push(() => channel.close());
  }

  return {
    announce: (key, validator, changedBy) => {
      const message: SavedMessage = {
        type: 'conflict-kit:saved',
        key,
        ...toStoredVersion(validator),
        ...(changedBy !== undefined ? { changedBy } : {}),
        changedAt: Date.now(),
      };
      try {
        channel?.postMessage(message);
      } catch {
        // A closed channel (tab being unloaded) must not fail the save that already succeeded.
      }
    },
    disconnect: () => {
      for (const cleanup of cleanups.splice(0)) {
        try {
          cleanup();
        } catch (error) {
          // One source failing to stop must not keep the others running.
          if (isDev) devWarning('A staleness source threw while stopping.', error);
        }
      }
    },
  };
}
