import { useContext, useEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { LastFocusContext } from './lastFocus';
import { returnFocus } from './returnFocus';

/** Props of {@link Dialog}. */
export interface DialogProps {
  /**
   * `alertdialog` for questions that interrupt (duplicate, transition, problem).
   * @default 'dialog'
   */
  readonly role?: 'dialog' | 'alertdialog';
  /** Id of the element that names the dialog. */
  readonly labelledBy: string;
  /** Id of the element that describes the dialog. */
  readonly describedBy?: string;
  /** Called when the user asks to close it (Escape); must not lose data. */
  readonly onCancel: () => void;
  /**
   * The element to focus when the dialog opens.
   * @default the element marked `data-autofocus`, else the first focusable element inside
   */
  readonly initialFocus?: RefObject<HTMLElement | null>;
  /**
   * Extra class names for the dialog element.
   * @default undefined
   */
  readonly className?: string;
  /** Keys pressed anywhere inside (after Escape handling). */
  readonly onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
  readonly children?: ReactNode;
}

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]):not([type="hidden"]),select:not([disabled]),textarea:not([disabled]),[tabindex]';

/**
 * The Tab stops inside `root`, in order. An element with a negative tabindex
 * is skipped: of each radio group of a merge item only the checked radio (or
 * the first) has tabindex 0 (MergeItemRow's roving tabindex).
 */
export const focusables = (root: HTMLElement): HTMLElement[] => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.tabIndex >= 0);

/**
 * A modal built on the native `<dialog>` and `showModal()` (focus trap,
 * Escape, inert background); where `showModal` is missing (older engines,
 * jsdom) it falls back to the `open` attribute with its own Tab wrap and
 * Escape. Focus moves in on open and returns to where it was on close, once
 * that element is enabled again (a Save button waiting for its save).
 */
export function Dialog({ role = 'dialog', labelledBy, describedBy, onCancel, initialFocus, className, onKeyDown, children }: DialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const native = useRef(false);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  const lastFocus = useContext(LastFocusContext);
  const returnTo = useRef<HTMLElement | null>(undefined);
  // Where that element sat: should the page drop it while the dialog is open (a workflow step the change
  // removed), focus goes to the first control of its nearest container still there, not to <body>.
  const around = useRef<HTMLElement[]>([]);

  useEffect(() => {
    const dialog = ref.current!;
    // Read on the first mount only: after StrictMode's remount focus may still
    // be inside, when the element to return to could not take it back yet.
    if (returnTo.current === undefined) {
      const active = document.activeElement;
      // A Save button disabled while its save is pending has already lost focus to <body>.
      returnTo.current = active instanceof HTMLElement && active !== document.body && !dialog.contains(active) ? active : (lastFocus?.current ?? null);
      for (let el = returnTo.current?.parentElement; el && el !== document.body; el = el.parentElement) around.current.push(el);
    }
    const previous = returnTo.current;
    native.current = false;
    if (typeof dialog.showModal === 'function') {
      try {
        dialog.showModal();
        native.current = true;
      } catch {
        // Not connected or already open elsewhere: fall back below.
      }
    }
    if (!native.current) {
      dialog.setAttribute('open', '');
      // Without the top layer the dialog needs positioning of its own (styles.css).
      dialog.setAttribute('data-fallback', '');
    }
    const target = initialFocus?.current ?? dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(dialog)[0] ?? dialog;
    target.focus();
    // The browser's cancel (Escape, CloseWatcher) would close the element
    // behind React's back; we keep it open and let the owner decide.
    const onNativeCancel = (event: Event): void => {
      event.preventDefault();
      cancel.current();
    };
    // When cancel was not cancelable (repeated Escape, HTML's close-watcher
    // rules) the dialog closes anyway: treat that as cancel too. A `close`
    // event is queued as a task (HTML §4.11.4), so it can arrive after the
    // dialog was shown again: StrictMode's mount → unmount → mount closes it
    // in the cleanup and reopens it at once. Only a dialog still closed when
    // the event lands was closed by the browser.
    const onClose = (): void => {
      if (ref.current === dialog && dialog.isConnected && !dialog.open) cancel.current();
    };
    dialog.addEventListener('cancel', onNativeCancel);
    dialog.addEventListener('close', onClose);
    return () => {
      dialog.removeEventListener('cancel', onNativeCancel);
      dialog.removeEventListener('close', onClose);
      if (native.current && dialog.open) dialog.close();
      // That control may be disabled for the moment (its action still pending): returnFocus waits for it.
      const near = previous?.isConnected ? previous : around.current.find((el) => el.isConnected)?.querySelector<HTMLElement>('a[href],button,input,select,textarea');
      if (near && !dialog.contains(near)) returnFocus(near);
    };
    // Opening is once per mount; initialFocus is read at that moment only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const handleKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (!native.current && event.key === 'Escape') {
      event.preventDefault();
      cancel.current();
      return;
    }
    if (!native.current && event.key === 'Tab') {
      const list = focusables(event.currentTarget);
      const first = list[0];
      const last = list[list.length - 1];
      if (first && last) {
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    }
    onKeyDown?.(event);
  };

  return (
    <dialog
      ref={ref}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      className={className ? `ck-dialog ${className}` : 'ck-dialog'}
      data-state="open"
      tabIndex={-1}
      onKeyDown={handleKeyDown}
    >
      {children}
    </dialog>
  );
}
