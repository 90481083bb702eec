import type { Validator } from './etag';

/** What the client believes about the copy it holds of a record. */
export type Freshness = 'fresh' | 'stale' | 'deleted' | 'unknown';

/** A registry key: a string, or an array key hashed with {@link hashKey}. */
export type RegistryKey = string | readonly unknown[];

/** What a revalidation saw on the server when it differed from the base. */
export interface LatestVersion {
  /** The validator of the server's current representation. */
  readonly validator: Validator;
  /** The server's current representation, when it was fetched. */
  readonly value?: unknown;
}

/** One tracked record: its version, the snapshot the user started from, and its freshness. */
export interface VersionEntry {
  /** The validator of {@link VersionEntry.base}. */
  readonly validator: Validator;
  /** The snapshot the user started editing from (the merge base). */
  readonly base: unknown;
  /** When the base was fetched or last confirmed fresh (ms since epoch, from the injected clock). */
  readonly fetchedAt: number;
  /** Whether the base is still the server's current version. */
  readonly freshness: Freshness;
  /** Who changed the record on the server, when known (e.g. from an event stream). */
  readonly changedBy?: string;
  /** When the record changed on the server, when known. */
  readonly changedAt?: number;
  /** What the last revalidation saw, when it differed from the base. */
  readonly latest?: LatestVersion;
}

/** Input of {@link VersionRegistry.record}. */
export interface RecordInput {
  /** The validator of the snapshot. */
  readonly validator: Validator;
  /** The snapshot the user starts from. */
  readonly base: unknown;
  /**
   * When the snapshot was fetched.
   * @default now()
   */
  readonly fetchedAt?: number;
  /**
   * The freshness to record.
   * @default 'fresh'
   */
  readonly freshness?: Freshness;
}

/** Extra facts about a change seen on the server, for {@link VersionRegistry.markStale} and friends. */
export interface ChangeInfo {
  /** Who made the change. */
  readonly changedBy?: string;
  /** When the change happened. */
  readonly changedAt?: number;
  /** The server's current version, when known. */
  readonly latest?: LatestVersion;
}

/** Input of {@link VersionRegistry.markFresh}. */
export interface FreshInfo {
  /** A refreshed validator for the same version (e.g. from a 304). */
  readonly validator?: Validator;
  /**
   * When freshness was confirmed.
   * @default now()
   */
  readonly fetchedAt?: number;
}

/** Called with a key's new entry, or `undefined` when it was removed. */
export type EntryListener = (entry: VersionEntry | undefined) => void;

/** Called with the changed key and its new entry, or `undefined` when it was removed. */
export type RegistryListener = (key: string, entry: VersionEntry | undefined) => void;

/** A vanilla store of record versions with per-key subscriptions. */
export interface VersionRegistry {
  /** The entry for a key; the same object until that key changes (safe for `useSyncExternalStore`). */
  get(key: RegistryKey): VersionEntry | undefined;
  /** Records a fetched or saved snapshot as the new base, clearing any staleness. */
  record(key: RegistryKey, input: RecordInput): VersionEntry;
  /**
   * Marks the base as outdated; no-op (returns `undefined`) for unknown keys.
   * `latest` is replaced; `changedBy` / `changedAt` already known are kept
   * unless `info` carries newer ones (an event names who, the refetch that
   * follows it brings the value without saying who).
   */
  markStale(key: RegistryKey, info?: ChangeInfo): VersionEntry | undefined;
  /** Marks the record as deleted on the server; no-op for unknown keys. */
  markDeleted(key: RegistryKey, info?: Omit<ChangeInfo, 'latest'>): VersionEntry | undefined;
  /** Marks the base's currency as unknown (e.g. a write returned no validator); no-op for unknown keys. */
  markUnknown(key: RegistryKey): VersionEntry | undefined;
  /** Marks the base as confirmed current, clearing change info; no-op for unknown keys. */
  markFresh(key: RegistryKey, info?: FreshInfo): VersionEntry | undefined;
  /** Forgets a key; returns whether it was tracked. */
  remove(key: RegistryKey): boolean;
  /** Listens to one key only; returns the unsubscribe function. */
  subscribe(key: RegistryKey, listener: EntryListener): () => void;
  /** Listens to every change (devtools, persistence); returns the unsubscribe function. */
  subscribeAll(listener: RegistryListener): () => void;
  /** The hashed keys currently tracked. */
  keys(): string[];
}

/** Options of {@link createVersionRegistry}. */
export interface VersionRegistryOptions {
  /**
   * The clock.
   * @default Date.now
   */
  readonly now?: () => number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Hashes a key stably: strings pass through, arrays become JSON with object
 * keys sorted, so `['t', { a: 1, b: 2 }]` and `['t', { b: 2, a: 1 }]` agree.
 */
export function hashKey(key: RegistryKey): string {
  if (typeof key === 'string') return key;
  return JSON.stringify(key, (_, value: unknown) => {
    if (!isPlainObject(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) sorted[k] = value[k];
    return sorted;
  });
}

/**
 * Creates a registry of record versions. Listeners are kept per key, so a
 * change to one record wakes only the components that show it, however many
 * records are tracked.
 */
export function createVersionRegistry(options: VersionRegistryOptions = {}): VersionRegistry {
  const now = options.now ?? Date.now;
  const entries = new Map<string, VersionEntry>();
  const listeners = new Map<string, Set<EntryListener>>();
  const allListeners = new Set<RegistryListener>();

  const emit = (hash: string, entry: VersionEntry | undefined): void => {
    const own = listeners.get(hash);
    // Copy so that listeners may unsubscribe (or subscribe) while being called.
    if (own) for (const listener of [...own]) listener(entry);
    for (const listener of [...allListeners]) listener(hash, entry);
  };

  const set = (hash: string, entry: VersionEntry): VersionEntry => {
    entries.set(hash, entry);
    emit(hash, entry);
    return entry;
  };

  /** Applies `change` to an existing entry; unknown keys are left alone. */
  const update = (key: RegistryKey, change: (entry: VersionEntry) => VersionEntry): VersionEntry | undefined => {
    const hash = hashKey(key);
    const entry = entries.get(hash);
    return entry ? set(hash, change(entry)) : undefined;
  };

  /** The entry without change info (`changedBy`, `changedAt`, `latest`). */
  const withoutChange = ({ changedBy: _by, changedAt: _at, latest: _latest, ...rest }: VersionEntry) => rest;

  return {
    get: (key) => entries.get(hashKey(key)),

    record: (key, input) =>
      set(hashKey(key), {
        validator: input.validator,
        base: input.base,
        fetchedAt: input.fetchedAt ?? now(),
        freshness: input.freshness ?? 'fresh',
      }),

    markStale: (key, info = {}) =>
      update(key, (entry) => {
        // Only a stale entry's change info describes a change the base has not caught up with.
        const known: ChangeInfo = entry.freshness === 'stale' ? entry : {};
        const changedBy = info.changedBy ?? known.changedBy;
        const changedAt = info.changedAt ?? known.changedAt;
        return {
          ...withoutChange(entry),
          ...(changedBy !== undefined ? { changedBy } : {}),
          ...(changedAt !== undefined ? { changedAt } : {}),
          ...(info.latest !== undefined ? { latest: info.latest } : {}),
          freshness: 'stale',
        };
      }),

    markDeleted: (key, info = {}) =>
      update(key, (entry) => ({ ...withoutChange(entry), ...info, freshness: 'deleted' })),

    markUnknown: (key) => update(key, (entry) => ({ ...entry, freshness: 'unknown' })),

    markFresh: (key, info = {}) =>
      update(key, (entry) => ({
        ...withoutChange(entry),
        validator: info.validator ?? entry.validator,
        fetchedAt: info.fetchedAt ?? now(),
        freshness: 'fresh',
      })),

    remove: (key) => {
      const hash = hashKey(key);
      if (!entries.delete(hash)) return false;
      emit(hash, undefined);
      return true;
    },

    subscribe: (key, listener) => {
      const hash = hashKey(key);
      let own = listeners.get(hash);
      if (!own) listeners.set(hash, (own = new Set()));
      own.add(listener);
      return () => {
        own.delete(listener);
        if (own.size === 0 && listeners.get(hash) === own) listeners.delete(hash);
      };
    },

    subscribeAll: (listener) => {
      allListeners.add(listener);
      return () => {
        allListeners.delete(listener);
      };
    },

    keys: () => [...entries.keys()],
  };
}
