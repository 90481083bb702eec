import { useId, useRef, useState, type ReactNode } from 'react';
import type { ProblemOutcome, ProblemRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { useConflictKitStrings } from './useConflictKitStrings';
import { CopyFallback } from './CopyFallback';
import { copyText } from './copyText';
import { Dialog } from './Dialog';

/** Props of {@link ProblemDialog}. */
export interface ProblemDialogProps {
  /** The deleted record or unreadable conflict to explain. */
  readonly request: ProblemRequest;
  /** Called once with reload or dismiss. */
  readonly onResolve: (outcome: ProblemOutcome) => void;
  /**
   * Strings to override for this dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

function draftText(draft: unknown): string {
  return typeof draft === 'string' ? draft : (JSON.stringify(draft, null, 2) ?? '');
}

/** Explains a conflict with no automatic recovery (deleted record, unreadable answer) with the request id, "Copy my draft" and "Reload". */
export function ProblemDialog({ request, onResolve, strings: overrides }: ProblemDialogProps): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const first = useRef<HTMLButtonElement>(null);
  const [copy, setCopy] = useState<'copied' | 'failed'>();
  const { conflict, draft } = request;
  const deleted = conflict.kind === 'deleted';
  const text = (): string => draftText(draft);
  return (
    <Dialog
      role="alertdialog"
      labelledBy={`${id}-title`}
      describedBy={`${id}-description`}
      onCancel={() => onResolve({ action: 'dismiss' })}
      initialFocus={first}
      className="ck-problem"
    >
      <h2 id={`${id}-title`}>{deleted ? strings.deletedTitle : strings.unknownTitle}</h2>
      <div id={`${id}-description`}>
        <p>{deleted ? strings.deletedDescription : strings.unknownDescription}</p>
        {conflict.detail && <p className="ck-detail">{conflict.detail}</p>}
        {conflict.requestId && (
          <p className="ck-request-id">
            <code>{strings.requestId(conflict.requestId)}</code>
          </p>
        )}
      </div>
      {draft !== undefined && <CopyFallback state={copy} text={text} strings={{ ...strings, copyMine: strings.copyDraft }} />}
      <footer className="ck-footer">
        {draft !== undefined && (
          <button ref={first} type="button" onClick={() => void copyText(text()).then((ok) => setCopy(ok ? 'copied' : 'failed'))}>
            {strings.copyDraft}
          </button>
        )}
        <button type="button" onClick={() => onResolve({ action: 'dismiss' })}>
          {strings.close}
        </button>
        <button type="button" className="ck-primary" onClick={() => onResolve({ action: 'reload' })}>
          {strings.reload}
        </button>
      </footer>
    </Dialog>
  );
}
