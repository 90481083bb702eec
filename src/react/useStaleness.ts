import { onlineManager } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Freshness, LatestVersion } from '../core/createVersionRegistry';
import type { Validator } from '../core/etag';
import { compact } from '../core/readers/bodyMembers';
import type { RecordHandle } from './RecordHandle';
import { useConflictKit } from './useConflictKit';

/** Options of {@link useStaleness}. */
export interface UseStalenessOptions {
  /** The record, as `useVersionedQuery` returned it. */
  readonly record: RecordHandle;
}

/** What {@link useStaleness} returns. */
export interface Staleness {
  /**
   * Whether the copy on screen is still the server's current version:
   * `'unknown'` before it is loaded, and while offline unless it is already
   * known to be stale or deleted (offline, nobody can say it is fresh).
   */
  readonly freshness: Freshness;
  /** `freshness === 'stale'`: autosave should pause while this is true. */
  readonly isStale: boolean;
  /** The browser is offline (react-query's `onlineManager`): changes on the server cannot be seen. */
  readonly isOffline: boolean;
  /** The version the copy on screen was read at. */
  readonly validator?: Validator;
  /** Who changed the record on the server, when known. */
  readonly changedBy?: string;
  /** When (ms since epoch), when known. */
  readonly changedAt?: number;
  /** The change was saved in another tab of this app, in this browser. */
  readonly inOtherTab?: boolean;
  /** The server's newer version, when seen. */
  readonly latest?: LatestVersion;
  /** Asks the server now (a conditional GET): a change marks the record stale, never replaces what is on screen. Never rejects. */
  readonly revalidate: () => Promise<void>;
}

const subscribeOnline = (onChange: () => void): (() => void) => onlineManager.subscribe(onChange);
const isOnline = (): boolean => onlineManager.isOnline();
const onServer = (): boolean => true;
/** What a server render and the hydration after it show: nothing known, since the version a server read stays on the server. */
const notKnown = (): undefined => undefined;

/**
 * Whether one record changed on the server since it was loaded; re-renders
 * only when that record's version entry (or the connection) changes.
 */
export function useStaleness({ record }: UseStalenessOptions): Staleness {
  const { client } = useConflictKit();
  const { registry } = client;
  const { key } = record;
  const subscribe = useCallback((onChange: () => void) => registry.subscribe(key, onChange), [registry, key]);
  const read = () => registry.get(key);
  const entry = useSyncExternalStore(subscribe, read, notKnown);
  const online = useSyncExternalStore(subscribeOnline, isOnline, onServer);
  const { url } = record;
  const revalidate = useCallback(async () => {
    // A failed check (offline) teaches nothing: the freshness stays as it was.
    await client.revalidate(url, { key }).catch(() => undefined);
  }, [client, url, key]);
  return useMemo(() => {
    const known = entry?.freshness ?? 'unknown';
    const freshness = !online && known === 'fresh' ? 'unknown' : known;
    return {
      freshness,
      isStale: freshness === 'stale',
      isOffline: !online,
      ...compact({ validator: entry?.validator, changedBy: entry?.changedBy, changedAt: entry?.changedAt, inOtherTab: entry?.inOtherTab, latest: entry?.latest }),
      revalidate,
    };
  }, [entry, online, revalidate]);
}
