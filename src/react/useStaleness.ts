import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { Freshness, LatestVersion, RegistryKey, VersionEntry } from '../core/createVersionRegistry';
import { useConflictKit } from './useConflictKit';

/** What {@link useStaleness} returns. */
export interface Staleness {
  /** Whether the copy on screen is still the server's current version (`'unknown'` before it is loaded). */
  readonly freshness: Freshness;
  /** `freshness === 'stale'`: autosave pauses while this is true. */
  readonly isStale: boolean;
  /** Who changed the record on the server, when known. */
  readonly changedBy?: string;
  /** When (ms since epoch), when known. */
  readonly changedAt?: number;
  /** The server's newer version, when seen. */
  readonly latest?: LatestVersion;
  /** The registry entry itself. */
  readonly entry?: VersionEntry;
}

/**
 * Whether one record changed on the server since it was loaded; re-renders
 * only when that record's registry entry changes.
 */
export function useStaleness(key: RegistryKey): Staleness {
  const { registry } = useConflictKit();
  const hashed = hashRegistryKey(key);
  const subscribe = useCallback((onChange: () => void) => registry.subscribe(hashed, onChange), [registry, hashed]);
  const read = () => registry.get(hashed);
  const entry = useSyncExternalStore(subscribe, read, read);
  return useMemo(() => {
    const freshness = entry?.freshness ?? 'unknown';
    return {
      freshness,
      isStale: freshness === 'stale',
      ...(entry?.changedBy !== undefined ? { changedBy: entry.changedBy } : {}),
      ...(entry?.changedAt !== undefined ? { changedAt: entry.changedAt } : {}),
      ...(entry?.latest !== undefined ? { latest: entry.latest } : {}),
      ...(entry !== undefined ? { entry } : {}),
    };
  }, [entry]);
}
