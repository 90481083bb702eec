import { useEffect, useRef, useState, type ReactNode } from 'react';
import { splitLines } from '../core/diff/interning';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** Lines shown around a conflict before the rest of a quiet region is folded. */
const CONTEXT_LINES = 2;

/** Where a quiet run of a text merge sits: folded from the far side at the ends. */
export type ContextPosition = 'start' | 'middle' | 'end';

/** Props of {@link TextContext}. */
export interface TextContextProps {
  /** The lines as merged. */
  readonly text: string;
  /** Whether some lines came from a change merged without conflict (else all unchanged). */
  readonly merged: boolean;
  readonly position: ContextPosition;
  readonly strings: ConflictKitStrings;
}

/** A quiet run of a text merge: a few lines of context, the rest folded behind a button. */
export function TextContext({ text, merged, position, strings }: TextContextProps): ReactNode {
  const [open, setOpen] = useState(false);
  const shown = useRef<HTMLPreElement>(null);
  // The fold button disappears on expanding: keep keyboard focus where it was.
  useEffect(() => {
    if (open) shown.current?.focus();
  }, [open]);
  const all = splitLines(text);
  const head = position === 'start' ? 0 : CONTEXT_LINES;
  const tail = position === 'end' ? 0 : CONTEXT_LINES;
  if (open || all.length <= head + tail + 1) {
    return (
      <pre ref={shown} className="ck-context" tabIndex={open ? -1 : undefined}>
        {text}
      </pre>
    );
  }
  const hidden = all.length - head - tail;
  return (
    <div className="ck-context">
      {head > 0 && <pre>{all.slice(0, head).join('')}</pre>}
      <button type="button" className="ck-fold" onClick={() => setOpen(true)}>
        {strings.collapsed(hidden, merged)}
      </button>
      {tail > 0 && <pre>{all.slice(all.length - tail).join('')}</pre>}
    </div>
  );
}
