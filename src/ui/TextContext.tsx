import { useEffect, useRef, useState, type ReactNode } from 'react';
import { splitLines } from '../core/diff/interning';
import type { TextMergeResult } from '../core/mergeText';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

/** Lines shown around a conflict before the rest of a quiet region is folded. */
const CONTEXT_LINES = 2;

/** A run of the merged text between conflicts (or at either end). */
export interface TextContextSegment {
  readonly type: 'context';
  /** The lines as merged. */
  readonly text: string;
  /** Whether some lines came from a change merged without conflict (else all unchanged). */
  readonly merged: boolean;
  /** Where the run sits: folded from the far side at the ends. */
  readonly position: 'start' | 'middle' | 'end';
}

/** A conflicting hunk, by its `index` in the text merge. */
export interface TextHunkSegment {
  readonly type: 'hunk';
  readonly index: number;
}

/** Splits a text merge into conflict hunks and the quiet runs between them. */
export function textSegments(text: TextMergeResult): Array<TextContextSegment | TextHunkSegment> {
  const out: Array<TextContextSegment | TextHunkSegment> = [];
  let run = '';
  let merged = false;
  const flush = (position: TextContextSegment['position']): void => {
    if (run) out.push({ type: 'context', text: run, merged, position });
    run = '';
    merged = false;
  };
  for (const hunk of text.hunks) {
    if (hunk.kind === 'conflict') {
      flush(out.length === 0 ? 'start' : 'middle');
      out.push({ type: 'hunk', index: hunk.index });
    } else {
      run += hunk.text;
      merged ||= hunk.kind !== 'stable';
    }
  }
  flush('end');
  return out;
}

/** A quiet run of a text merge: a few lines of context, the rest folded behind a button. */
export function TextContext({ segment, strings }: { segment: TextContextSegment; strings: ConflictKitStrings }): ReactNode {
  const [open, setOpen] = useState(false);
  const shown = useRef<HTMLPreElement>(null);
  // The fold button disappears on expanding: keep keyboard focus where it was.
  useEffect(() => {
    if (open) shown.current?.focus();
  }, [open]);
  const all = splitLines(segment.text);
  const head = segment.position === 'start' ? 0 : CONTEXT_LINES;
  const tail = segment.position === 'end' ? 0 : CONTEXT_LINES;
  if (open || all.length <= head + tail + 1) {
    return (
      <pre ref={shown} className="ck-context" tabIndex={open ? -1 : undefined}>
        {segment.text}
      </pre>
    );
  }
  const hidden = all.length - head - tail;
  return (
    <div className="ck-context">
      {head > 0 && <pre>{all.slice(0, head).join('')}</pre>}
      <button type="button" className="ck-fold" onClick={() => setOpen(true)}>
        {strings.collapsed(hidden, segment.merged)}
      </button>
      {tail > 0 && <pre>{all.slice(all.length - tail).join('')}</pre>}
    </div>
  );
}
