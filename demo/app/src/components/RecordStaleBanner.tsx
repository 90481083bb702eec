import type { ReactNode } from 'react';
import type { RecordHandle } from '../../../../src/react/index';
import { StaleBanner } from '../../../../src/ui/index';
import { fieldLabel } from '../fieldLabel';

/** Props of {@link RecordStaleBanner}. */
export interface RecordStaleBannerProps {
  readonly record: RecordHandle;
  /** Whether the form holds unsaved edits (loading the latest version would throw them away). */
  readonly dirty: boolean;
  /** Throws the unsaved edits away. */
  readonly discard: () => void;
  /** Reads the record again. */
  readonly refetch: () => unknown;
}

/**
 * The kit's stale banner for an edit page. "Load latest" reloads the record;
 * with unsaved edits it asks first, because saving instead would merge them.
 */
export function RecordStaleBanner({ record, dirty, discard, refetch }: RecordStaleBannerProps): ReactNode {
  const onLoadLatest = (): void => {
    if (dirty) {
      if (!window.confirm('Discard your unsaved changes and load the latest version? Saving instead keeps them and merges them with the latest version.')) return;
      discard();
    }
    void refetch();
  };
  return (
    <div className="demo-page-stale">
      <StaleBanner record={record} onLoadLatest={onLoadLatest} label={(_pointer, path) => fieldLabel(path)} />
    </div>
  );
}
