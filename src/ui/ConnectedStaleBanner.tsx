import { useSyncExternalStore, type ReactNode } from 'react';
import type { RecordHandle } from '../react/RecordHandle';
import { useConflictKit } from '../react/useConflictKit';
import { useLoadLatest } from '../react/useLoadLatest';
import { useStaleness } from '../react/useStaleness';
import { StaleBanner, type StaleBannerProps } from './StaleBanner';

/** Props of {@link ConnectedStaleBanner}. */
export interface ConnectedStaleBannerProps extends Omit<StaleBannerProps, 'freshness' | 'changedBy' | 'changedAt' | 'inOtherTab' | 'latest' | 'base' | 'onLoadLatest' | 'dirty'> {
  /** The record, as `useVersionedQuery` returned it. */
  readonly record: RecordHandle;
  /**
   * Replaces the form's copy with the latest version; when the record has
   * unsaved edits, the banner calls it only after the user chose to discard them.
   * @default drops the record's unsaved draft, if any, and reads the record again
   */
  readonly onLoadLatest?: () => void;
}

/**
 * The stale banner fed by the record's staleness: shows itself when the
 * record changes on the server. When only an event said so, "Review
 * changes" revalidates the record through the provider to fetch the latest version.
 * While the record has an unsaved draft, "Load latest" asks before discarding it.
 */
export function ConnectedStaleBanner({ record, onReview, onLoadLatest, ...props }: ConnectedStaleBannerProps): ReactNode {
  const staleness = useStaleness({ record });
  const { client, drafts } = useConflictKit();
  const { key } = record;
  // Drafts of the default storages too: with no form mounted, the default Load latest still discards them.
  const dirty = useSyncExternalStore(
    drafts.store.subscribe,
    () => drafts.read(key, drafts.storageFor('local')) !== undefined || drafts.read(key, drafts.storageFor('session')) !== undefined,
    () => false,
  );
  // The base is in the registry entry useStaleness subscribes to: each change of it renders this again.
  const base = client.registry.get(key)?.base;
  const loadLatest = useLoadLatest(record);
  return (
    <StaleBanner
      {...props}
      freshness={staleness.freshness}
      changedBy={staleness.changedBy}
      changedAt={staleness.changedAt}
      inOtherTab={staleness.inOtherTab}
      latest={staleness.latest?.value}
      base={base}
      dirty={dirty}
      // Straight to the client with the record's URL: a record read with `revalidate: false` is not in the provider's watch list.
      onReview={onReview ?? staleness.revalidate}
      onLoadLatest={onLoadLatest ?? loadLatest}
    />
  );
}
