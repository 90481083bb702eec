import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { RecordHandle } from './RecordHandle';
import { useConflictKit } from './useConflictKit';
import { versionedQueryOptions, type VersionedQueryInput } from './versionedQueryOptions';

/** Options of {@link useVersionedQuery}: those of `versionedQueryOptions` (or its result), plus revalidation. */
export type UseVersionedQueryOptions<T, TData = T> = VersionedQueryInput<T, TData> & {
  /**
   * Revalidate this record on the provider's interval, focus and reconnect (conditional GET).
   * @default true
   */
  readonly revalidate?: boolean;
};

/** What {@link useVersionedQuery} returns: react-query's result itself (tracked properties intact), plus the record handle. */
export type VersionedQueryResult<TData> = UseQueryResult<TData, Error> & {
  /** The record's identity, for `useDraft`, `useGuardedSave`, `useStaleness` and `StaleBanner`. */
  readonly record: RecordHandle;
};

/**
 * `useQuery` for one record through {@link versionedQueryOptions}, watched for
 * changes on the server while it is on screen; returns the query result with
 * the record handle the other hooks take.
 */
export function useVersionedQuery<T, TData = T>(options: UseVersionedQueryOptions<T, TData>): VersionedQueryResult<TData> {
  const kit = useConflictKit();
  const { revalidate = true, ...input } = options;
  const built = versionedQueryOptions<T, TData>(input);
  const { url } = built;
  const key = kit.client.keyFor(url, built.key);
  const queryClient = useQueryClient();
  // Data in the cache that the kit did not read here (hydrated from a server render, put there by
  // the app) has its version where it was read. It becomes the base with no version: the next read
  // compares it by content, and a save reads the version first. Before useQuery's own effect, so
  // a refetch on mount finds it.
  // Not `initialData`: often a list's row, not the whole record.
  const hydrated = built.initialData === undefined;
  useEffect(() => {
    const data = hydrated ? queryClient.getQueryData(built.queryKey) : undefined;
    if (data !== undefined && !kit.client.registry.get(key)) kit.client.registry.record(key, { validator: {}, base: data, freshness: 'unknown' });
    // The query key is identified by its hash, as below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kit, key, queryClient, hydrated, hashRegistryKey(built.queryKey)]);
  const query = useQuery(built);
  const queryHash = hashRegistryKey(built.queryKey);
  // The query key is identified by its hash: a new array with the same parts is the same record.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const record = useMemo<RecordHandle>(() => ({ url, key, queryKey: built.queryKey }), [url, key, queryHash]);
  useEffect(() => (revalidate ? kit.watch(url, key) : undefined), [kit, url, key, revalidate]);
  // Not spread: react-query's result tracks which properties a component reads, and re-renders only for those.
  return Object.assign(query, { record });
}
