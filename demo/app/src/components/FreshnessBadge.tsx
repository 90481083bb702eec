import type { ReactNode } from 'react';
import type { Freshness, Validator } from '../../../../src/index';
import { useStaleness, type RecordHandle } from '../../../../src/react/index';

const LABELS: Record<Freshness | 'offline', string> = {
  fresh: 'fresh',
  stale: 'stale',
  deleted: 'deleted',
  unknown: 'checking',
  offline: 'offline',
};

/** Props of {@link FreshnessBadge}. */
export interface FreshnessBadgeProps {
  /** The record the page shows. */
  readonly record: RecordHandle;
}

/** The version number a validator names, as the demo shows it. */
export function versionOf(validator: Validator | undefined): string | undefined {
  if (validator?.version !== undefined) return String(validator.version);
  // The demo's ETags are "<id>:<version>".
  const tag = validator?.etag?.opaque;
  return tag?.includes(':') ? tag.slice(tag.lastIndexOf(':') + 1) : tag;
}

/** The record's version and whether it is still the server's current one (offline, nobody can say it is). */
export function FreshnessBadge({ record }: FreshnessBadgeProps): ReactNode {
  const { freshness, isOffline, validator } = useStaleness({ record });
  const version = versionOf(validator);
  const shown = isOffline && freshness === 'unknown' ? 'offline' : freshness;
  return (
    <p className="demo-version" data-testid="record-version">
      {version !== undefined ? <span>Version {version}</span> : null}
      <span className="demo-badge" data-freshness={shown} data-testid="freshness">
        {LABELS[shown]}
      </span>
    </p>
  );
}
