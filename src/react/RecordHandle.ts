import type { QueryKey } from '@tanstack/react-query';

/**
 * One record's identity, from its read to its draft, its save and its
 * banner: what `useVersionedQuery` returns as `record`, and what
 * `useDraft`, `useGuardedSave`, `useStaleness` and `StaleBanner` take.
 */
export interface RecordHandle {
  /** The record's URL, as the query was given it. */
  readonly url: string;
  /** The registry key its version is kept under (derived once, by the client). */
  readonly key: string;
  /** The react-query key its data is cached under. */
  readonly queryKey: QueryKey;
}
