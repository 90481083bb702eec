import { useId, useRef, type ReactNode } from 'react';
import type { ProblemOutcome, ProblemRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { useConflictKitStrings } from './useConflictKitStrings';
import { CopyFallback } from './CopyFallback';
import { useCopy } from './useCopy';
import { Dialog } from './Dialog';
import { BOOKKEEPING_FIELDS } from './hiddenFields';
import { recordText } from './recordText';
import { SupportDetails } from './SupportDetails';
import { useReportShown } from '../react/useReportShown';

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


/**
 * Explains a conflict with no automatic recovery (deleted record, unreadable
 * answer) in plain words, quoting the server's own message for an unreadable one, with
 * "Copy my version" (the whole draft) and "Reload" (which discards it); the request id and
 * the reason code wait in "Details for support".
 */
export function ProblemDialog({ request, onResolve, strings: overrides }: ProblemDialogProps): ReactNode {
  useReportShown(request.conflict);
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const first = useRef<HTMLButtonElement>(null);
  const [copied, copy] = useCopy();
  const { conflict, draft } = request;
  const deleted = conflict.kind === 'deleted';
  const said = conflict.detail ?? conflict.title;
  const text = (): string => recordText(draft, { label: (_pointer, path) => strings.fieldLabel(path), hide: BOOKKEEPING_FIELDS, strings });
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
        <p>{deleted ? strings.deletedDescription : said === undefined ? strings.unknownDescription : strings.serverSaid(said)}</p>
        {draft !== undefined && <p>{strings.reloadDiscards}</p>}
      </div>
      <SupportDetails conflict={conflict} strings={strings} />
      {draft !== undefined && <CopyFallback state={copied} text={text} label={strings.copyDraft} strings={strings} />}
      <footer className="ck-footer">
        {draft !== undefined && (
          <button ref={first} type="button" onClick={() => copy(text())}>
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
