import { useEffect, useId, useRef, type ReactNode, type SyntheticEvent } from 'react';

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

/**
 * Asks before a step that cannot be undone; the safe answer has the focus,
 * Escape backs out. A native modal `<dialog>` in the kit's dialog style; only
 * Escape's `cancel` event is an answer, never `close`, which StrictMode's
 * test unmount also fires.
 */
export function ConfirmDialog({ title, description, confirmLabel, backLabel, onConfirm, onBack }: ConfirmDialogProps): ReactNode {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    back.current?.focus();
    return () => {
      if (element.open) element.close();
    };
  }, []);
  const onCancel = (event: SyntheticEvent<HTMLDialogElement>): void => {
    event.preventDefault();
    onBack();
  };
  return (
    <dialog ref={dialog} role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-description`} onCancel={onCancel} className="ck-dialog demo-confirm">
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
    </dialog>
  );
}
