import type { ReactNode } from 'react';
import type { DraftApi, GuardedSave } from '../../../../src/react/index';
import { SaveStatus } from './SaveStatus';

/** Props of {@link DraftFormActions}. */
export interface DraftFormActionsProps {
  /** The status line's element id, which the form is described by. */
  readonly statusId: string;
  readonly draft: Pick<DraftApi<unknown>, 'dirty' | 'discard'>;
  readonly save: Pick<GuardedSave<unknown>, 'status' | 'data' | 'error' | 'isResolving' | 'reset'>;
  /** Whether a save is under way; both buttons wait for it. */
  readonly busy: boolean;
}

/** The actions under an edit form: Save (submits), Discard changes while there are any, and the save status. */
export function DraftFormActions({ statusId, draft, save, busy }: DraftFormActionsProps): ReactNode {
  return (
    <div className="demo-actions">
      <button type="submit" className="demo-button demo-button-primary" disabled={busy}>
        Save
      </button>
      {draft.dirty ? (
        <button
          type="button"
          className="demo-button"
          onClick={() => {
            draft.discard();
            // The last save's outcome said what happened to these edits; they are gone now.
            save.reset();
          }}
          disabled={busy}
        >
          Discard changes
        </button>
      ) : null}
      <SaveStatus id={statusId} save={save} dirty={draft.dirty} />
    </div>
  );
}
