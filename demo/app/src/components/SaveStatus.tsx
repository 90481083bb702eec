import type { ReactNode } from 'react';
import type { GuardedSave } from '../../../../src/react/index';

/** Props of {@link SaveStatus}. */
export interface SaveStatusProps {
  readonly id: string;
  readonly save: Pick<GuardedSave<unknown>, 'status' | 'data' | 'error' | 'isResolving'>;
  /** Whether there are unsaved edits. */
  readonly dirty: boolean;
}

function message({ status, data, error, isResolving }: SaveStatusProps['save'], dirty: boolean): string {
  switch (status) {
    case 'pending':
      return isResolving ? 'Waiting for you to resolve the conflict…' : 'Saving…';
    case 'error':
      return `Not saved: ${error?.message ?? 'the save failed'} Your changes are kept; try again.`;
    case 'idle':
      return dirty ? 'Unsaved changes (kept across reloads).' : '';
    case 'success':
      break;
    default:
      return status satisfies never;
  }
  switch (data?.outcome) {
    case 'saved':
    case 'merged':
      return dirty ? 'Saved. You have newer unsaved changes.' : 'Saved.';
    case 'cancelled':
      return 'Not saved: the merge was cancelled. Your changes are kept.';
    case 'problem':
    case 'refused':
    case undefined:
      return 'Not saved. Your changes are kept.';
    default:
      return data satisfies never;
  }
}

/** A polite live region saying where the save is. */
export function SaveStatus({ id, save, dirty }: SaveStatusProps): ReactNode {
  return (
    <p id={id} className="demo-save-status" role="status" data-status={save.status === 'success' ? save.data?.outcome : save.isResolving ? 'resolving' : save.status}>
      {message(save, dirty)}
    </p>
  );
}
