import type { ReactNode } from 'react';
import type { RecordHandle } from '../../../../src/react/index';
import { StaleBanner } from '../../../../src/ui/index';
import { fieldLabel } from '../fieldLabel';
import { orderStateLabel } from '../orderState';
import { TICKET_STATUS_OPTIONS } from '../ticketStatus';

/** Props of {@link RecordStaleBanner}. */
export interface RecordStaleBannerProps {
  /** The record, as its query returned it. */
  readonly record: RecordHandle;
  /** Whether the form holds unsaved edits (loading the latest version would throw them away). */
  readonly dirty: boolean;
  /** Throws the unsaved edits away. */
  readonly discard: () => void;
  /** Reads the record again. */
  readonly refetch: () => unknown;
  /**
   * The page only shows the record: the banner offers "Dismiss", not "Keep editing".
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Values as the pages show them: ticket statuses and order states by their labels. */
function formatValue(value: unknown, pointer: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (pointer === '/status') return TICKET_STATUS_OPTIONS.find((option) => option.value === value)?.label;
  if (pointer === '/state') return orderStateLabel(value);
  return undefined;
}

/**
 * The kit's stale banner for a record page. "Load latest" reloads the record;
 * with unsaved edits it asks first, because saving instead would merge them.
 */
export function RecordStaleBanner({ record, dirty, discard, refetch, readOnly = false }: RecordStaleBannerProps): ReactNode {
  const onLoadLatest = (): void => {
    if (dirty) {
      if (!window.confirm('Load the latest version and throw away your unsaved changes?\n\nTo keep them, choose Cancel and save instead: your changes will be combined with the latest version.')) return;
      discard();
    }
    void refetch();
  };
  return (
    <div className="demo-page-stale">
      <StaleBanner
        record={record}
        onLoadLatest={onLoadLatest}
        readOnly={readOnly}
        label={(_pointer, path) => fieldLabel(path)}
        formatValue={formatValue}
      />
    </div>
  );
}
