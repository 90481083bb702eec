import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

// Loaded with the page (it must show when the network is what failed), so
// its defaults are here and few; defaultStrings repeats them for the rest.
const defaults: Pick<ConflictKitStrings, 'loadFailedTitle' | 'loadFailedDescription' | 'retry' | 'copyDraft' | 'cancel'> = {
  loadFailedTitle: "Couldn't open the conflict dialog",
  loadFailedDescription: 'Nothing was saved; your draft is kept.',
  retry: 'Retry',
  copyDraft: 'Your draft',
  cancel: 'Cancel',
};

/** Props of {@link LoadFailedDialog}. @internal */
export interface LoadFailedDialogProps {
  /** The user's draft, offered for copying; `undefined` hides "Copy my draft". */
  readonly draft: unknown;
  /** Tries loading the dialog again. */
  readonly onRetry: () => void;
  /** Settles the conflict without losing anything (cancel or dismiss). */
  readonly onCancel: () => void;
  /**
   * Strings to override (the `strings` given to ConflictDialogs).
   * @default English
   */
  readonly strings?: Partial<ConflictKitStrings> | undefined;
}

/**
 * Shown instead of a conflict dialog whose code failed to load (offline, a
 * deploy replaced the chunk): retry, copy the draft from the text shown, or cancel. It loads with
 * the page, so it stays small and does not use the lazily loaded `Dialog`.
 * @internal
 */
export function LoadFailedDialog({ draft, onRetry, onCancel, strings: overrides }: LoadFailedDialogProps): ReactNode {
  const strings = { ...defaults, ...overrides };
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const text = draft === undefined ? undefined : typeof draft === 'string' ? draft : (JSON.stringify(draft, null, 2) ?? '');

  useEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement;
    // No showModal in jsdom: shown in place there.
    if (dialog.showModal) dialog.showModal();
    else dialog.setAttribute('open', '');
    // The safe action first: retrying.
    first.current?.focus();
    return () => {
      if (dialog.open) dialog.close?.();
      (previous as HTMLElement | null)?.focus?.();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      className="ck-dialog"
      // The browser's Escape would close the element behind React's back.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{strings.loadFailedTitle}</h2>
      <p id={`${id}-description`}>{strings.loadFailedDescription}</p>
      {text !== undefined && <textarea className="ck-copy-text" readOnly aria-label={strings.copyDraft} value={text} />}
      <footer className="ck-footer">
        <button type="button" onClick={onCancel}>
          {strings.cancel}
        </button>
        <button ref={first} type="button" className="ck-primary" onClick={onRetry}>
          {strings.retry}
        </button>
      </footer>
    </dialog>
  );
}
