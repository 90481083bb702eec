import { createStore } from 'zustand/vanilla';
import { sameVersion, type Validator } from './etag';
import { hashRegistryKey } from './hashRegistryKey';
import { compact } from './readers/bodyMembers';

/** What the client believes about the copy it holds of a record. */
export type Freshness = 'fresh' | 'stale' | 'deleted' | 'unknown';

/** A registry key: a string, or an array hashed stably (object keys sorted), as TanStack Query's keys are. */
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
  /** The change was saved in another tab of this app, in this browser. */
  readonly inOtherTab?: boolean;
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
  /** The change was saved in another tab of this app, in this browser. */
  readonly inOtherTab?: boolean;
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
   * follows it brings the value without saying who); `inOtherTab` is kept
   * while `info.latest` is the version already known.
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

/** The registry's zustand state: every entry, and the key the last change touched. */
interface RegistryState {
  readonly entries: ReadonlyMap<string, VersionEntry>;
  readonly changed: string | undefined;
}

/**
 * Creates a registry of record versions on a vanilla zustand store. Listeners
 * are kept per key behind one store subscription, so a change to one record
 * wakes only the components that show it, however many records are tracked.
 */
export function createVersionRegistry(options: VersionRegistryOptions = {}): VersionRegistry {
  const now = options.now ?? Date.now;
  const store = createStore<RegistryState>()(() => ({ entries: new Map(), changed: undefined }));
  const listeners = new Map<string, Set<EntryListener>>();

  store.subscribe(({ entries, changed }) => {
    if (changed === undefined) return;
    // Copy so that listeners may unsubscribe (or subscribe) while being called.
    for (const listener of [...(listeners.get(changed) ?? [])]) listener(entries.get(changed));
  });

  /** Stores (or, with `undefined`, removes) one key's entry and returns it. */
  const set = <E extends VersionEntry | undefined>(hash: string, entry: E): E => {
    const entries = new Map(store.getState().entries);
    if (entry) entries.set(hash, entry);
    else entries.delete(hash);
    store.setState({ entries, changed: hash });
    return entry;
  };

  /** Applies `change` to an existing entry; unknown keys are left alone. */
  const update = (key: RegistryKey, change: (entry: VersionEntry) => VersionEntry): VersionEntry | undefined => {
    const hash = hashRegistryKey(key);
    const entry = store.getState().entries.get(hash);
    return entry ? set(hash, change(entry)) : undefined;
  };

  /** The entry without change info (`changedBy`, `changedAt`, `inOtherTab`, `latest`). */
  const withoutChange = ({ changedBy: _by, changedAt: _at, inOtherTab: _tab, latest: _latest, ...rest }: VersionEntry) => rest;

  return {
    get: (key) => store.getState().entries.get(hashRegistryKey(key)),

    record: (key, input) =>
      set(hashRegistryKey(key), {
        validator: input.validator,
        base: input.base,
        fetchedAt: input.fetchedAt ?? now(),
        freshness: input.freshness ?? 'fresh',
      }),

    markStale: (key, info = {}) =>
      update(key, (entry) => {
        // Only a stale entry's change info describes a change the base has not caught up with.
        const known: ChangeInfo = entry.freshness === 'stale' ? entry : {};
        return {
          ...withoutChange(entry),
          ...compact({
            changedBy: info.changedBy ?? known.changedBy,
            changedAt: info.changedAt ?? known.changedAt,
            inOtherTab: info.inOtherTab ?? (known.latest && info.latest && sameVersion(known.latest.validator, info.latest.validator) ? known.inOtherTab : undefined),
            latest: info.latest,
          }),
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
      const hash = hashRegistryKey(key);
      if (!store.getState().entries.has(hash)) return false;
      set(hash, undefined);
      return true;
    },

    subscribe: (key, listener) => {
      const hash = hashRegistryKey(key);
      let own = listeners.get(hash);
      if (!own) listeners.set(hash, (own = new Set()));
      own.add(listener);
      return () => {
        own.delete(listener);
        if (own.size === 0 && listeners.get(hash) === own) listeners.delete(hash);
      };
    },

    subscribeAll: (listener) => {
      const unsubscribe = store.subscribe(({ entries, changed }) => {
        if (changed !== undefined) listener(changed, entries.get(changed));
      });
      return () => {
        unsubscribe();
      };
    },

    keys: () => [...store.getState().entries.keys()],
  };
}
