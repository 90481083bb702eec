import { formatETag, parseETag, sameVersion, type Validator, type VersionValue } from '../core/etag';
import type { RegistryKey, VersionRegistry } from '../core/createVersionRegistry';
import { hashRegistryKey } from '../core/hashRegistryKey';
import { devWarning } from './devWarning';

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
  /** Where the news came from: the server's event stream, or another tab of this app. */
  readonly source: 'events' | 'tab';
  /** The server's event as sent, for `source: 'events'`. */
  readonly event?: ServerChangeEvent;
}

/** The part of `BroadcastChannel` the kit uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Options of {@link connectStalenessSources}. */
export interface StalenessSourcesOptions {
  readonly registry: VersionRegistry;
  /** Revalidates every watched record (on focus, reconnect, and each time the event stream opens). */
  readonly revalidateAll: () => void;
  /** @default true */
  readonly revalidateOnFocus?: boolean;
  /** @default true */
  readonly revalidateOnReconnect?: boolean;
  /** @default undefined (no event stream) */
  readonly events?: ConflictEventsOptions;
  /**
   * The BroadcastChannel name shared by the app's tabs, or `false` for none.
   * @default 'conflict-kit'
   */
  readonly channel?: string | false;
  /**
   * Opens the channel; inject one where BroadcastChannel is missing.
   * @default (name) => new BroadcastChannel(name), when the environment has it
   */
  readonly createChannel?: (name: string) => BroadcastChannelLike;
  /**
   * Called for every change a source reports, whether or not the record is on
   * screen (refresh the lists that show it).
   * @default undefined
   */
  readonly onChange?: (change: RecordChange) => void;
}

/** The live connections; `announce` tells other tabs about a save. @internal */
export interface StalenessSources {
  announce(key: string, validator: Validator, changedBy?: string): void;
  disconnect(): void;
}

interface Reported {
  readonly key: RegistryKey;
  readonly validator: Validator;
  readonly changedBy: string | undefined;
  readonly changedAt: number | undefined;
  readonly source: RecordChange['source'];
  readonly event?: ServerChangeEvent;
}

interface SavedMessage {
  readonly type: 'conflict-kit:saved';
  readonly key: string;
  readonly etag?: string;
  readonly version?: VersionValue;
  readonly changedBy?: string;
  readonly changedAt: number;
}

function isSavedMessage(data: unknown): data is SavedMessage {
  if (data === null || typeof data !== 'object') return false;
  const message = data as Record<string, unknown>;
  return message['type'] === 'conflict-kit:saved' && typeof message['key'] === 'string';
}

function toTime(at: unknown): number | undefined {
  if (typeof at === 'number' && Number.isFinite(at)) return at;
  if (typeof at !== 'string') return undefined;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? undefined : ms;
}

function validatorOf(etag: unknown, version: unknown): Validator {
  const tag = typeof etag === 'string' ? parseETag(etag) : null;
  return {
    ...(tag ? { etag: tag } : {}),
    ...(typeof version === 'string' || typeof version === 'number' ? { version } : {}),
  };
}

/**
 * Marks a tracked record stale when another writer changed it. Ignores
 * records nobody loaded and versions the registry already holds (the echo
 * of this tab's own save).
 */
export function markChanged(registry: VersionRegistry, key: RegistryKey, validator: Validator, changedBy?: string, changedAt?: number): void {
  const entry = registry.get(key);
  if (!entry || entry.freshness === 'deleted') return;
  if (sameVersion(entry.validator, validator)) return;
  if (entry.freshness === 'stale' && entry.latest && sameVersion(entry.latest.validator, validator)) return;
  registry.markStale(key, {
    ...(changedBy !== undefined ? { changedBy } : {}),
    ...(changedAt !== undefined ? { changedAt } : {}),
    ...(validator.etag || validator.version !== undefined ? { latest: { validator } } : {}),
  });
}

/**
 * Connects the browser's signals of change to the registry: window focus,
 * `online` and the event stream's (re)opening trigger revalidation, the
 * server's event stream and other tabs'
 * saves (BroadcastChannel) mark records stale. Every browser API is guarded,
 * so this is a no-op during SSR and where an API is missing.
 */
export function connectStalenessSources(options: StalenessSourcesOptions): StalenessSources {
  const cleanups: (() => void)[] = [];
  const report = (change: Reported): void => {
    const { key, validator, changedBy, changedAt, source, event } = change;
    markChanged(options.registry, key, validator, changedBy, changedAt);
    try {
      options.onChange?.({ key: hashRegistryKey(key), validator, source, ...(changedBy !== undefined ? { changedBy } : {}), ...(changedAt !== undefined ? { changedAt } : {}), ...(event ? { event } : {}) });
    } catch (error) {
      devWarning('onChange threw; the change was still recorded.', error);
    }
  };
  const win = typeof window !== 'undefined' ? window : undefined;

  if (win && options.revalidateOnFocus !== false) {
    const onFocus = (): void => options.revalidateAll();
    const onVisible = (): void => {
      if (typeof document !== 'undefined' && document.visibilityState === 'visible') options.revalidateAll();
    };
    win.addEventListener('focus', onFocus);
    // visibilitychange fires on the document, not the window.
    win.document?.addEventListener('visibilitychange', onVisible);
    cleanups.push(() => {
      win.removeEventListener('focus', onFocus);
      win.document?.removeEventListener('visibilitychange', onVisible);
    });
  }
  if (win && options.revalidateOnReconnect !== false) {
    const onOnline = (): void => options.revalidateAll();
    win.addEventListener('online', onOnline);
    cleanups.push(() => win.removeEventListener('online', onOnline));
  }

  const events = options.events;
  const source =
    events &&
    (events.createEventSource
      ? events.createEventSource(events.url)
      : typeof EventSource !== 'undefined'
        ? new EventSource(events.url)
        : undefined);
  if (events && source) {
    // A change saved before the stream was listening (between the page's
    // first read and the connection, or while it was reconnecting) is never
    // announced on it: catch up with one conditional GET per watched record
    // each time the stream (re)opens.
    source.addEventListener('open', () => options.revalidateAll());
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
      const actor = typeof event.actor === 'string' ? event.actor : undefined;
      report({ key, validator: validatorOf(event.etag, event.version), changedBy: actor, changedAt: toTime(event.at), source: 'events', event });
    });
    cleanups.push(() => source.close());
  }

  const name = options.channel ?? 'conflict-kit';
  const channel =
    name === false
      ? undefined
      : options.createChannel
        ? options.createChannel(name)
        : typeof BroadcastChannel !== 'undefined'
          ? new BroadcastChannel(name)
          : undefined;
  if (channel) {
    channel.addEventListener('message', (message) => {
      const data: unknown = message.data;
      if (!isSavedMessage(data)) return;
      report({ key: data.key, validator: validatorOf(data.etag, data.version), changedBy: data.changedBy, changedAt: toTime(data.changedAt), source: 'tab' });
    });
    cleanups.push(() => channel.close());
  }

  return {
    announce: (key, validator, changedBy) => {
      if (!channel) return;
      const message: SavedMessage = {
        type: 'conflict-kit:saved',
        key,
        ...(validator.etag ? { etag: formatETag(validator.etag) } : {}),
        ...(validator.version !== undefined ? { version: validator.version } : {}),
        ...(changedBy !== undefined ? { changedBy } : {}),
        changedAt: Date.now(),
      };
      try {
        channel.postMessage(message);
      } catch {
        // A closed channel (tab being unloaded) must not fail the save that already succeeded.
      }
    },
    disconnect: () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
