import { createContext, useEffect, useRef, type RefObject } from 'react';

/**
 * The element focused last outside any dialog, kept by the dialog host: a
 * Save button that was disabled while its save is pending has lost focus
 * (browsers move it to `<body>`) by the time the dialog the save opened
 * reads where focus was.
 */
export const LastFocusContext = createContext<RefObject<HTMLElement | null> | null>(null);

/** Follows focus in the document and keeps the last element focused outside a dialog. */
export function useLastFocus(): RefObject<HTMLElement | null> {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && active.closest('dialog') === null) last.current = active;
    const onFocusIn = (event: FocusEvent): void => {
      const target = event.target;
      if (target instanceof HTMLElement && target.closest('dialog') === null) last.current = target;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);
  return last;
}
