import { lazy, Suspense, useCallback, type ReactNode } from 'react';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { RegistryKey } from '../core/createVersionRegistry';
import { useConflictKit } from '../react/useConflictKit';
import { useStaleness } from '../react/useStaleness';
import type { StaleBannerProps } from './StaleBanner';

// The banner (with its review of changes) loads when a connected banner
// mounts, not with the page: it shows nothing until the record goes stale,
// which an event or a revalidation reports later still.
const StaleBanner = lazy(() => import('./StaleBanner').then((m) => ({ default: m.StaleBanner })));

/** Props of {@link ConnectedStaleBanner}. */
export interface ConnectedStaleBannerProps extends Omit<StaleBannerProps, 'freshness' | 'changedBy' | 'changedAt' | 'latest'> {
  /** The record's registry key, as given to the data hooks. */
  readonly recordKey: RegistryKey;
}

/**
 * {@link StaleBanner} fed by `useStaleness(recordKey)`: shows itself when the
 * record changes on the server. When only an event said so, "Review changes"
 * revalidates the record through the provider to fetch the latest version.
 */
export function ConnectedStaleBanner({ recordKey, base, onReview, ...props }: ConnectedStaleBannerProps): ReactNode {
  const staleness = useStaleness(recordKey);
  const { revalidate } = useConflictKit();
  const hashed = hashRegistryKey(recordKey);
  const fetchLatest = useCallback(() => revalidate(hashed), [revalidate, hashed]);
  return (
    <Suspense fallback={null}>
      <StaleBanner
        {...props}
        freshness={staleness.freshness}
        {...(staleness.changedBy !== undefined ? { changedBy: staleness.changedBy } : {})}
        {...(staleness.changedAt !== undefined ? { changedAt: staleness.changedAt } : {})}
        {...(staleness.latest?.value !== undefined ? { latest: staleness.latest.value } : {})}
        onReview={onReview ?? fetchLatest}
        base={base ?? staleness.entry?.base}
      />
    </Suspense>
  );
}
