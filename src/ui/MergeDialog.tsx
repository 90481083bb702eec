import { startTransition, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { FieldConflict } from '../core/mergeRecords';
import type { MergeOutcome, MergeRequest } from '../react/resolver';
import { useMergeSession, type MergeItem, type MergeSession } from '../react/useMergeSession';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { changeWords } from './changeWords';
import { useConflictKitStrings } from './useConflictKitStrings';
import { CopyFallback } from './CopyFallback';
import { useCopy } from './useCopy';
import { Dialog } from './Dialog';
import { BOOKKEEPING_FIELDS } from './hiddenFields';
import { recordText } from './recordText';
import { MergeItemRow } from './MergeItemRow';
import { SupportDetails } from './SupportDetails';
import { TextContext, type ContextPosition } from './TextContext';

/** Props of {@link MergeDialog}. */
export interface MergeDialogProps<T> {
  /** The merge to resolve. */
  readonly request: MergeRequest<T>;
  /** Called once with the merged value to save, or cancel. */
  readonly onResolve: (outcome: MergeOutcome<T>) => void;
  /**
   * Names a field for people (e.g. `'/title'` → "Title").
   * @default the strings' `fieldLabel` (readable words of the path: `first` → "First", `/address/city` → "Address › City")
   */
  readonly label?: (conflict: FieldConflict) => string;
  /**
   * What "Copy my version" puts on the clipboard: the user's fields as
   * readable text ("Title: …", one per line), or the draft as JSON.
   * @default 'text'
   */
  readonly copyAs?: 'text' | 'json';
  /**
   * Pointers the readable copy leaves out (and everything under them).
   * @default bookkeeping fields: `/id`, `/version`, `/_rev`, `/createdAt`, `/updatedBy`, …
   */
  readonly hide?: readonly string[];
  /**
   * Strings to override for this dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/** Items rendered at first; the rest follow in chunks so a huge merge opens at once. */
const FIRST_CHUNK = 30;
const CHUNK = 100;

/** How many items are rendered: the first chunk at once, the rest in chunks after paint, so a huge merge opens at once. */
function useRevealedCount(total: number): number {
  const [limit, setLimit] = useState(FIRST_CHUNK);
  useEffect(() => {
    if (limit >= total) return;
    const timer = setTimeout(() => startTransition(() => setLimit((n) => n + CHUNK)), 16);
    return () => clearTimeout(timer);
  }, [limit, total]);
  return limit;
}

/** Next/previous that move focus to the new current conflict's choice, once it has rendered. */
function useStepWithFocus(session: MergeSession<unknown>, body: RefObject<HTMLDivElement | null>): (step: 1 | -1) => void {
  const focusPending = useRef(false);
  const { current, total } = session;
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const row = body.current?.querySelector<HTMLElement>(`[data-item="${current}"]`);
    // Moving on is the user's own step: focus lands on that conflict's choice.
    row?.querySelector<HTMLElement>('[data-choice-focus]')?.focus();
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [current, body]);
  return (step) => {
    // At either end there is nowhere to go, and no focus to move later.
    if (current + step < 0 || current + step >= total) return;
    focusPending.current = true;
    session.goTo(current + step);
  };
}

/**
 * A text field's hunks and the quiet runs between them, up to the first hunk
 * not rendered yet. The field's items follow `first` in `items`, one per
 * conflicting hunk, in order.
 */
function textParts(items: readonly MergeItem[], first: MergeItem, shown: number, row: (item: MergeItem) => ReactNode, strings: ConflictKitStrings): ReactNode[] {
  const parts: ReactNode[] = [];
  let run = '';
  let merged = false;
  let next = first.index;
  const flush = (position: ContextPosition): void => {
    if (run) parts.push(<TextContext key={`c${parts.length}`} text={run} merged={merged} position={position} strings={strings} />);
    run = '';
    merged = false;
  };
  for (const hunk of first.conflict.text?.hunks ?? []) {
    if (hunk.kind !== 'conflict') {
      run += hunk.text;
      merged ||= hunk.kind !== 'stable';
      continue;
    }
    flush(parts.length === 0 ? 'start' : 'middle');
    const item = items[next++]!;
    if (item.index >= shown) return parts;
    parts.push(row(item));
  }
  flush('end');
  return parts;
}

/**
 * The three-way merge dialog: each conflicting field (or text hunk) with the
 * original, your version, their version and the result; a choice per item,
 * next/previous, progress, copy my version, and save once all are resolved.
 */
export function MergeDialog<T>({ request, onResolve, label, copyAs = 'text', hide = BOOKKEEPING_FIELDS, strings: overrides }: MergeDialogProps<T>): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const session = useMergeSession({ request, onResolve, label: label ?? ((conflict) => strings.fieldLabel(conflict.path)) });
  const prefix = useId();
  const [copied, copy] = useCopy();
  const body = useRef<HTMLDivElement>(null);
  const { items, current, total } = session;
  const shown = Math.max(useRevealedCount(total), current + 1);
  const go = useStepWithFocus(session, body);
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (!event.altKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    go(event.key === 'ArrowDown' ? 1 : -1);
  };
  const mineText = (): string => {
    if (copyAs === 'json') return session.copyMineText();
    // Conflicting fields go by the names the dialog shows them under; the rest by readable words.
    const names = new Map(items.map((item) => [item.pointer, item.label]));
    return recordText(request.mine, { label: (pointer, path) => names.get(pointer) ?? strings.fieldLabel(path), hide, strings });
  };

  const row = (item: MergeItem): ReactNode => (
    // The current conflict follows the user: clicking or tabbing into a row makes it current,
    // so previous/next and Alt+↑/↓ move from where the user is, not where they were.
    <div key={item.id} data-item={item.index} className="ck-item-slot" onFocus={item.index === current ? undefined : () => session.goTo(item.index)}>
      <MergeItemRow
        item={item}
        id={`${prefix}-item-${item.index}`}
        name={`${prefix}-choice-${item.index}`}
        choice={session.choices[item.id]}
        preview={session.preview(item.id)}
        current={item.index === current}
        strings={strings}
        onChoose={session.choose}
        onClear={session.clear}
        onAcceptSuggestion={session.acceptSuggestion}
      />
    </div>
  );

  return (
    <Dialog labelledBy={`${prefix}-title`} describedBy={`${prefix}-description`} onCancel={session.cancel} onKeyDown={onKeyDown} className="ck-merge">
      <header className="ck-header">
        <h2 id={`${prefix}-title`}>{strings.mergeTitle}</h2>
        <p id={`${prefix}-description`}>{strings.mergeDescription(...changeWords(strings, request.changedBy, request.changedAt), request.inOtherTab === true)}</p>
        <div className="ck-toolbar">
          <p role="status" className="ck-progress" data-complete={session.resolvedCount === total ? '' : undefined}>
            {strings.progress(session.resolvedCount, total)}
          </p>
          <button type="button" onClick={() => go(-1)} disabled={current <= 0} aria-keyshortcuts="Alt+ArrowUp">
            {strings.previous}
          </button>
          <button type="button" onClick={() => go(1)} disabled={current >= total - 1} aria-keyshortcuts="Alt+ArrowDown">
            {strings.next}
          </button>
          <button type="button" onClick={() => copy(mineText())}>
            {strings.copyMine}
          </button>
        </div>
        <CopyFallback state={copied} text={mineText} label={strings.copyMine} strings={strings} />
      </header>
      <div className="ck-body" ref={body}>
        {items.map((item) => {
          if (item.index >= shown) return null;
          if (!item.hunk) return row(item);
          // A text field is one section, opened by its first hunk.
          if (item.hunkNumber !== 1) return null;
          return (
            <section key={item.pointer} className="ck-text" aria-labelledby={`${prefix}-field-${item.index}`}>
              <h3 id={`${prefix}-field-${item.index}`}>{item.label}</h3>
              {textParts(items, item, shown, row, strings)}
            </section>
          );
        })}
      </div>
      <footer className="ck-footer">
        <SupportDetails conflict={request.conflict} strings={strings} />
        {session.error && <p className="ck-error">{session.error}</p>}
        <button type="button" onClick={session.cancel}>
          {strings.cancel}
        </button>
        <button type="button" className="ck-primary" onClick={session.save} disabled={!session.canSave}>
          {strings.save}
        </button>
      </footer>
    </Dialog>
  );
}
