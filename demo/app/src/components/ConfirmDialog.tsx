import { useId, useRef, type ReactNode } from 'react';
import { Dialog } from '../../../../src/ui/index';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  readonly title: string;
  readonly description: string;
  /** The destructive step, as its button names it ("Cancel order"). */
  readonly confirmLabel: string;
  /** Backs out, leaving everything as it is ("Keep order"); focused first. */
  readonly backLabel: string;
  readonly onConfirm: () => void;
  readonly onBack: () => void;
}

/** Asks before a step that cannot be undone; the safe answer has the focus, Escape backs out. */
export function ConfirmDialog({ title, description, confirmLabel, backLabel, onConfirm, onBack }: ConfirmDialogProps): ReactNode {
  const id = useId();
  const back = useRef<HTMLButtonElement>(null);
  return (
    <Dialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-description`} onCancel={onBack} initialFocus={back} className="demo-confirm">
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-description`}>{description}</p>
      <footer className="ck-footer">
        <button ref={back} type="button" onClick={onBack}>
          {backLabel}
        </button>
        <button type="button" className="ck-danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </footer>
    </Dialog>
  );
}
