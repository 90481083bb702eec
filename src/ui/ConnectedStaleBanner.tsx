import type { ReactNode } from 'react';
import type { RegistryKey } from '../core/index';
import { useStaleness } from '../react/useStaleness';
import { StaleBanner, type StaleBannerProps } from './StaleBanner';

/** Props of {@link ConnectedStaleBanner}. */
export interface ConnectedStaleBannerProps extends Omit<StaleBannerProps, 'freshness' | 'changedBy' | 'changedAt' | 'latest'> {
  /** The record's registry key, as given to the data hooks. */
  readonly recordKey: RegistryKey;
}

/** {@link StaleBanner} fed by `useStaleness(recordKey)`: shows itself when the record changes on the server. */
export function ConnectedStaleBanner({ recordKey, base, ...props }: ConnectedStaleBannerProps): ReactNode {
  const staleness = useStaleness(recordKey);
  return (
    <StaleBanner
      {...props}
      freshness={staleness.freshness}
      {...(staleness.changedBy !== undefined ? { changedBy: staleness.changedBy } : {})}
      {...(staleness.changedAt !== undefined ? { changedAt: staleness.changedAt } : {})}
      {...(staleness.latest?.value !== undefined ? { latest: staleness.latest.value } : {})}
      base={base ?? staleness.entry?.base}
    />
  );
}
