import type { ReactNode } from 'react';
import type { GuardedSaveStatus } from '../../../../src/react/index';
import { failureMessage } from '../failureMessage';
import { SupportDetails } from './SupportDetails';

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
      return 'Someone else changed this too: choose what to keep in the dialog.';
    case 'saved':
      return dirty ? 'Saved. You have newer unsaved changes.' : 'Saved.';
    case 'cancelled':
      return "Not saved: you closed the conflict dialog. Your changes are kept; save again when you're ready.";
    case 'problem':
    case 'conflict':
      return 'Not saved. Your changes are kept.';
    case 'error':
      return `Not saved: ${failureMessage(error)}. Your changes are kept; try again.`;
    case 'idle':
      return dirty ? 'Unsaved changes (kept if you reload the page).' : '';
    default:
      return status satisfies never;
  }
}

/** A polite live region saying where the save is; a failure's details for support sit under it. */
export function SaveStatus({ id, status, error, dirty }: SaveStatusProps): ReactNode {
  return (
    <div className="demo-save-status-box">
      <p id={id} className="demo-save-status" role="status" data-status={status}>
        {message(status, error, dirty)}
      </p>
      <SupportDetails error={status === 'error' ? error : undefined} />
    </div>
  );
}
