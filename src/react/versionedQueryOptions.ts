import type { DataTag, QueryFunction, QueryKey, UseQueryOptions } from '@tanstack/react-query';
import type { ConflictClient } from '../core/conflictClientTypes';
import type { RegistryKey } from '../core/createVersionRegistry';
import { isDev } from '../core/devWarning';
import { ConflictKitError } from '../core/errors';
import { kitsByQueryClient } from './kitOfQueryClient';

/** Options of {@link versionedQueryOptions}: react-query's, plus where the record lives. */
export type VersionedQueryInput<T, TData = T> = Omit<UseQueryOptions<T, Error, TData, QueryKey>, 'queryKey' | 'queryFn'> & {
  /** The record's URL (relative ones resolve against the client's `baseUrl`). */
  readonly url: string;
  /**
   * The registry key the record's version is kept under, such as the id your change events name.
   * @default the URL, resolved against the client's baseUrl
   */
  readonly key?: RegistryKey;
  /**
   * The react-query key.
   * @default ['conflict-kit', key ?? url]
   */
  readonly queryKey?: QueryKey;
  /**
   * The conflict client to read with. Needed only where the query runs before
   * `<ConflictKitProvider>` renders (a router loader, a server prefetch);
   * inside the provider its client is used.
   * @default the client of the ConflictKitProvider connected to the QueryClient
   */
  readonly client?: ConflictClient;
};

/** What {@link versionedQueryOptions} returns: options for `useQuery`, `useSuspenseQuery`, `prefetchQuery`, `ensureQueryData` and `useVersionedQuery`. */
export type VersionedQueryOptions<T, TData = T> = Omit<UseQueryOptions<T, Error, TData, QueryKey>, 'queryKey' | 'queryFn'> & {
  readonly url: string;
  readonly key?: RegistryKey;
  readonly queryKey: DataTag<QueryKey, T, Error>;
  readonly queryFn: QueryFunction<T, QueryKey>;
};

const BUILT = Symbol.for('conflict-kit.versionedQuery');

/** Whether options already came out of {@link versionedQueryOptions}. @internal */
export function isVersionedQuery<T, TData>(options: object): options is VersionedQueryOptions<T, TData> {
  return BUILT in options;
}

/**
 * Query options for one record that record its version and base snapshot in
 * the conflict client's registry as the query reads it; while the user has an
 * unsaved draft of it, a refetch never moves the base under the draft (it
 * marks the record stale instead). Works with a plain `useQuery`, with
 * `useSuspenseQuery`, `prefetchQuery` and `ensureQueryData`.
 */
export function versionedQueryOptions<T, TData = T>(options: VersionedQueryInput<T, TData>): VersionedQueryOptions<T, TData> {
  if (isVersionedQuery<T, TData>(options)) return options;
  const { url, key, queryKey, client, ...rest } = options;
  const queryFn: QueryFunction<T, QueryKey> = async ({ client: queryClient, signal }) => {
    const kit = kitsByQueryClient.get(queryClient);
    const conflicts = client ?? kit?.client;
    if (!conflicts) {
      throw new ConflictKitError(
        isDev
          ? `The versioned query of ${url} ran with no conflict client: it ran outside <ConflictKitProvider> (a router loader or a prefetch before React rendered?) and none was given. Pass the client to the factory, versionedQueryOptions({ url, client: conflicts }), or run the query inside <ConflictKitProvider client={conflicts}>.`
          : `The versioned query of ${url} ran with no conflict client.`,
      );
    }
    const registryKey = conflicts.keyFor(url, key);
    const drafts = kit?.client === conflicts ? kit.drafts : undefined;
    const read = await conflicts.read<T>(url, { key: registryKey, signal, keepBase: () => drafts?.isDirty(registryKey) ?? false });
    return read.value;
  };
  return {
    ...rest,
    url,
    ...(key !== undefined ? { key } : {}),
    queryKey: (queryKey ?? ['conflict-kit', key ?? url]) as DataTag<QueryKey, T, Error>,
    queryFn,
    [BUILT]: true,
  } as VersionedQueryOptions<T, TData>;
}
