import { useId, useRef, type MouseEvent, type ReactNode } from 'react';
import type { JsonPathSegment } from '../core/jsonPath';
import { namesTakenField } from '../core/readers/conflictFromReason';
import type { DuplicateOutcome, DuplicateRequest } from '../react/resolver';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { changeWords } from './changeWords';
import { useConflictKitStrings } from './useConflictKitStrings';
import { Dialog } from './Dialog';
import { displayValue } from './displayValue';
import { existingLabel } from './existingLabel';
import { fieldChanges } from './fieldChanges';
import { BOOKKEEPING_FIELDS } from './hiddenFields';
import { safeHref } from './safeHref';
import { SupportDetails } from './SupportDetails';
import { useReportShown } from '../react/useReportShown';

/** Props of {@link DuplicatePrompt}. */
export interface DuplicatePromptProps {
  /** The duplicate create to explain. */
  readonly request: DuplicateRequest;
  /** Called once with the user's answer. */
  readonly onResolve: (outcome: DuplicateOutcome) => void;
  /**
   * Names a field in the comparison of what the user entered with what exists.
   * @default the strings' `fieldLabel` (readable words of the path: `externalId` → "External ID", `/items/0/quantity` → "Items › 1 › Quantity")
   */
  readonly label?: (pointer: string, path: readonly JsonPathSegment[]) => string;
  /**
   * Pointers left out of that comparison (and everything under them).
   * @default bookkeeping fields: `/id`, `/version`, `/_rev`, `/createdAt`, `/updatedBy`, …
   */
  readonly hide?: readonly string[];
  /**
   * Strings to override for this dialog.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * "Already created": what exists (named by its id), who created it
 * and when, that this person's request created nothing, the server's own
 * words when they name the field taken (quoted), and how what they
 * entered differs from the existing record; "View existing" (focused first,
 * the safe action) answers `view-existing`, on which the app navigates;
 * nothing is created again. With the app's `existingHref` the record's name
 * is also a link to its page (a plain click on it answers the same).
 */
export function DuplicatePrompt({ request, onResolve, label, hide = BOOKKEEPING_FIELDS, strings: overrides }: DuplicatePromptProps): ReactNode {
  useReportShown(request.conflict);
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const view = useRef<HTMLButtonElement>(null);
  const { conflict, sent } = request;
  const { existing, current } = conflict;
  // Only the app's link: the server's `existing` is an API URL, not a page of the app.
  const href = safeHref(request.existingHref);
  const name = existingLabel(existing, current, request.existingHref);
  const created = strings.duplicateCreated(...changeWords(strings, conflict.createdBy, conflict.createdAt));
  // The server's words, where they name what is taken (`duplicate_slug`): for the reasons the kit knows, its own sentence says it, and the server's stay in the details.
  const said = conflict.reason !== undefined && namesTakenField(conflict.reason) ? (conflict.detail ?? conflict.title) : undefined;
  const comparable = sent !== undefined && current !== undefined;
  const differences = comparable ? fieldChanges(sent, current, { hide, limit: 50, entered: true }) : [];
  const dismiss = (): void => onResolve({ action: 'dismiss' });
  const adopt = (): void => onResolve({ action: 'view-existing' });
  // A click that opens the link elsewhere (a new tab or window) leaves this page, and its form, as they are.
  const follow = (event: MouseEvent): void => {
    if (!(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) adopt();
  };
  return (
    <Dialog role="alertdialog" labelledBy={`${id}-title`} describedBy={`${id}-description`} onCancel={dismiss} initialFocus={view} className="ck-duplicate">
      <h2 id={`${id}-title`}>{strings.duplicateTitle}</h2>
      <div id={`${id}-description`}>
        {name !== undefined && (
          <p className="ck-existing">
            {strings.existing} {href ? (
              <a href={href} onClick={follow}>
                {name}
              </a>
            ) : (
              <code>{name}</code>
            )}
          </p>
        )}
        {created && <p className="ck-created">{created}</p>}
        <p>{strings.duplicateDescription}</p>
        {said !== undefined && <p>{strings.duplicateServerSaid(said)}</p>}
        {comparable && differences.length === 0 && <p>{strings.duplicateMatches}</p>}
      </div>
      {differences.length > 0 && (
        <table className="ck-changes ck-compare" aria-labelledby={`${id}-differs`}>
          <caption id={`${id}-differs`}>{strings.duplicateDiffers}</caption>
          <thead>
            <tr>
              <th scope="col">{strings.field}</th>
              <th scope="col">{strings.youEntered}</th>
              <th scope="col">{strings.existingValue}</th>
            </tr>
          </thead>
          <tbody>
            {differences.map((difference) => (
              <tr key={difference.pointer}>
                <th scope="row">{label ? label(difference.pointer, difference.path) : strings.fieldLabel(difference.path)}</th>
                <td data-side="mine">{displayValue(difference.before, strings)}</td>
                <td data-side="theirs">{displayValue(difference.after, strings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SupportDetails conflict={conflict} strings={strings} />
      <footer className="ck-footer">
        <button type="button" onClick={dismiss}>
          {strings.dismiss}
        </button>
        <button ref={view} type="button" className="ck-primary" onClick={adopt}>
          {strings.viewExisting}
        </button>
      </footer>
    </Dialog>
  );
}
