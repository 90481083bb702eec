import type { ReactNode } from 'react';
import type { GuardedSaveStatus } from '../../../../src/react/index';

/** Props of {@link SaveStatus}. */
export interface SaveStatusProps {
  readonly id: string;
  readonly status: GuardedSaveStatus;
  readonly error: Error | undefined;
  /** Whether there are unsaved edits. */
  readonly dirty: boolean;
}

function message(status: GuardedSaveStatus, error: Error | undefined, dirty: boolean): string {
  switch (status) {
    case 'saving':
      return 'Saving…';
    case 'resolving':
      return 'Waiting for you to resolve the conflict…';
    case 'saved':
      return dirty ? 'Saved. You have newer unsaved changes.' : 'Saved.';
    case 'cancelled':
      return 'Not saved: the merge was cancelled. Your changes are kept.';
    case 'problem':
    case 'conflict':
      return 'Not saved. Your changes are kept.';
    case 'error':
      return `Not saved: ${error?.message ?? 'the save failed'} Your changes are kept; try again.`;
    case 'idle':
      return dirty ? 'Unsaved changes (kept across reloads).' : '';
    default:
      return status satisfies never;
  }
}

/** A polite live region saying where the save is. */
export function SaveStatus({ id, status, error, dirty }: SaveStatusProps): ReactNode {
  return (
    <p id={id} className="demo-save-status" role="status" data-status={status}>
      {message(status, error, dirty)}
    </p>
  );
}
