import type { ReactNode } from 'react';
import type { Freshness, Validator } from '../../../../src/core/index';

const LABELS: Record<Freshness, string> = {
  fresh: 'fresh',
  stale: 'stale',
  deleted: 'deleted',
  unknown: 'checking',
};

/** Props of {@link FreshnessBadge}. */
export interface FreshnessBadgeProps {
  readonly freshness: Freshness;
  /** The version the page shows. */
  readonly validator: Validator | undefined;
}

function versionOf(validator: Validator | undefined): string | undefined {
  if (validator?.version !== undefined) return String(validator.version);
  // The demo's ETags are "<id>:<version>".
  const tag = validator?.etag?.opaque;
  return tag?.includes(':') ? tag.slice(tag.lastIndexOf(':') + 1) : tag;
}

/** The record's version and whether it is still the server's current one. */
export function FreshnessBadge({ freshness, validator }: FreshnessBadgeProps): ReactNode {
  const version = versionOf(validator);
  return (
    <p className="demo-version" data-testid="record-version">
      {version !== undefined ? <span>Version {version}</span> : null}
      <span className="demo-badge" data-freshness={freshness} data-testid="freshness">
        {LABELS[freshness]}
      </span>
    </p>
  );
}
