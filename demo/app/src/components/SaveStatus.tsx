import type { ReactNode } from 'react';
import type { GuardedSave } from '../../../../src/react/index';
import { failureMessage } from '../failureMessage';
import { SupportDetails } from './SupportDetails';

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
      return isResolving ? 'Not saved yet: the dialog needs your answer.' : 'Saving…';
    case 'error':
      return `Not saved: ${failureMessage(error ?? undefined)}.${dirty ? ' Your changes are kept; try again.' : ''}`;
    case 'idle':
      return dirty ? 'Unsaved changes (kept if you reload the page).' : '';
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
      return `Not saved: you closed the conflict dialog.${dirty ? " Your changes are kept; save again when you're ready." : ''}`;
    case 'problem':
    case 'refused':
    case undefined:
      return dirty ? 'Not saved. Your changes are kept.' : 'Not saved.';
    default:
      return data satisfies never;
  }
}

/** A polite live region saying where the save is; a failure's details for support sit under it. */
export function SaveStatus({ id, save, dirty }: SaveStatusProps): ReactNode {
  const shown = save.status === 'success' ? save.data?.outcome : save.isResolving ? 'resolving' : save.status;
  return (
    <div className="demo-save-status-box">
      <p id={id} className="demo-save-status" role="status" data-status={shown}>
        {message(save, dirty)}
      </p>
      <SupportDetails error={save.status === 'error' ? (save.error ?? undefined) : undefined} />
    </div>
  );
}
