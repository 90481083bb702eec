import { useQuery, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Freshness, RegistryKey } from '../core/createVersionRegistry';
import type { Validator } from '../core/etag';
import { useConflictKit } from './useConflictKit';
import { useStaleness } from './useStaleness';

/** The react-query key `useVersionedQuery` uses for a registry key unless given one; the write hooks update it. */
export function versionedQueryKey(registryKey: string): readonly ['conflict-kit', string] {
  return ['conflict-kit', registryKey];
}

/** Options of {@link useVersionedQuery}: react-query's, plus where the record lives. */
export type UseVersionedQueryOptions<T, TData = T> = Omit<UseQueryOptions<T, Error, TData, QueryKey>, 'queryKey' | 'queryFn'> & {
  /** The record's URL. */
  readonly url: string;
  /**
   * The record's registry key.
   * @default the URL, resolved against the client's baseUrl
   */
  readonly key?: RegistryKey;
  /**
   * The react-query key.
   * @default versionedQueryKey(registry key)
   */
  readonly queryKey?: QueryKey;
  /**
   * Revalidate this record on the provider's interval, focus and reconnect (conditional GET).
   * @default true
   */
  readonly revalidate?: boolean;
};

/** The version of the record a {@link useVersionedQuery} holds. */
export interface RecordVersion {
  /** The version the base was read at (`undefined` before the first read). */
  readonly validator: Validator | undefined;
  /** Whether that version is still the server's current one. */
  readonly freshness: Freshness;
}

/** What {@link useVersionedQuery} returns: the query result plus the record's version. */
export type VersionedQueryResult<TData> = UseQueryResult<TData, Error> & {
  readonly version: RecordVersion;
  /** The registry key of the record, for `useDraft`, `useStaleness` and the write hooks. */
  readonly registryKey: string;
};

/**
 * `useQuery` for one record that records its version and base snapshot in
 * the registry; while the user has an unsaved draft of it, a refetch never
 * moves the base under the draft (it marks the record stale instead).
 */
export function useVersionedQuery<T, TData = T>(options: UseVersionedQueryOptions<T, TData>): VersionedQueryResult<TData> {
  const kit = useConflictKit();
  const { url, key, queryKey, revalidate = true, ...queryOptions } = options;
  const registryKey = kit.client.keyFor(url, key);
  const query = useQuery<T, Error, TData, QueryKey>({
    ...queryOptions,
    queryKey: queryKey ?? versionedQueryKey(registryKey),
    queryFn: async ({ signal }) => {
      const read = await kit.client.read<T>(url, { key: registryKey, signal, keepBase: () => kit.drafts.isDirty(registryKey) });
      return read.value;
    },
  });
  const { freshness, entry } = useStaleness(registryKey);
  useEffect(() => (revalidate ? kit.watch(url, registryKey) : undefined), [kit, url, registryKey, revalidate]);
  return { ...query, version: { validator: entry?.validator, freshness }, registryKey };
}
