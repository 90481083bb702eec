import { useId, useRef, type ReactNode } from 'react';
import type { DuplicateOutcome, DuplicateRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { useConflictKitStrings } from './useConflictKitStrings';
import { Dialog } from './Dialog';
import { existingLabel } from './existingLabel';
import { safeHref } from './safeHref';

/** Props of {@link DuplicatePrompt}. */
export interface DuplicatePromptProps {
  /** The duplicate create to explain. */
  readonly request: DuplicateRequest;
  /** Called once with the user's answer. */
  readonly onResolve: (outcome: DuplicateOutcome) => void;
  /**
   * Strings to override for this dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * "Already created": offers the existing resource (focused first, the safe
 * action) instead of creating it again, named by its id.
 */
export function DuplicatePrompt({ request, onResolve, strings: overrides }: DuplicatePromptProps): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const view = useRef<HTMLButtonElement>(null);
  const { existing, current } = request.conflict;
  const href = safeHref(request.existingHref ?? existing);
  // The link goes to the app's page; its text names the record, never the API URL behind it.
  const label = existingLabel(existing, current, request.existingHref);
  const dismiss = (): void => onResolve({ action: 'dismiss' });
  return (
    <Dialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-description`} onCancel={dismiss} initialFocus={view} className="ck-duplicate">
      <h2 id={`${id}-title`}>{strings.duplicateTitle}</h2>
      <div id={`${id}-description`}>
        <p>{strings.duplicateDescription}</p>
        {label !== undefined && (
          <p className="ck-existing">
            {strings.existing} {href ? <a href={href}>{label}</a> : <code>{label}</code>}
          </p>
        )}
      </div>
      <footer className="ck-footer">
        <button type="button" onClick={dismiss}>
          {strings.dismiss}
        </button>
        <button ref={view} type="button" className="ck-primary" onClick={() => onResolve({ action: 'view-existing' })}>
          {strings.viewExisting}
        </button>
      </footer>
    </Dialog>
  );
}
