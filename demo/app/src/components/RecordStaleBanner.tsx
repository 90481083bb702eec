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
 * with unsaved edits the banner asks first, and calls this only once the user chose to discard them.
 */
export function RecordStaleBanner({ record, discard, refetch, readOnly = false }: RecordStaleBannerProps): ReactNode {
  const onLoadLatest = (): void => {
    discard();
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
