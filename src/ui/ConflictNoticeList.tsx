import { useId, type ReactNode } from 'react';
import { parseJsonPointer, type JsonPathSegment } from '../core/jsonPath';
import type { ConflictNotice } from '../react/resolver';
import { changeWords } from './changeWords';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { BOOKKEEPING_FIELDS, isHidden } from './hiddenFields';
import { useConflictKitStrings } from './useConflictKitStrings';

/** Props of {@link ConflictNoticeList}. */
export interface ConflictNoticeListProps {
  /** The notices to show, oldest first. */
  readonly notices: readonly ConflictNotice[];
  /** Removes one notice. */
  readonly onDismiss: (id: string) => void;
  /**
   * Names a merged field for people.
   * @default the strings' `fieldLabel` (readable words of the path: `/assignee` → "Assignee", `/address/city` → "Address › City")
   */
  readonly label?: (pointer: string, path: readonly JsonPathSegment[]) => string;
  /**
   * Merged fields the notices leave unnamed (and everything under them): bookkeeping nobody typed.
   * @default `/id`, `/version`, `/_rev`, `/etag`, `/createdAt`, `/createdBy`, `/updatedAt`, `/updatedBy` and their spellings
   */
  readonly hide?: readonly string[];
  /**
   * Strings to override for this list.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/** A pointer's segments, digits read as array positions (as the merge dialog counts them). */
function pathOf(pointer: string): readonly JsonPathSegment[] | undefined {
  try {
    return parseJsonPointer(pointer).map((segment) => (/^(0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : segment));
  } catch {
    return undefined; // Not a pointer: the notice says less rather than something wrong.
  }
}

/** A notice's text: who through `personName`, when formatted, merged fields by their labels. */
function text(notice: ConflictNotice, strings: ConflictKitStrings, label: NonNullable<ConflictNoticeListProps['label']>, hide: readonly string[]): string {
  const fields = (notice.mergedPaths ?? []).flatMap((pointer) => {
    const path = isHidden(pointer, hide) ? undefined : pathOf(pointer);
    return path === undefined ? [] : [label(pointer, path)];
  });
  const [by, when] = changeWords(strings, notice.changedBy, notice.changedAt);
  return strings.notice(by === undefined ? notice : { ...notice, changedBy: by }, when, [...new Set(fields)]);
}

/**
 * A polite live region listing notices that need no decision ("Your changes
 * are saved, together with Ana's change to Status (made at 10:42)."),
 * each dismissible. It stays mounted while empty, so screen readers announce
 * what is added to it.
 */
export function ConflictNoticeList({ notices, onDismiss, label: labelProp, hide = BOOKKEEPING_FIELDS, strings: overrides }: ConflictNoticeListProps): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const label = labelProp ?? ((_pointer: string, path: readonly JsonPathSegment[]) => strings.fieldLabel(path));
  return (
    <div role="status" aria-live="polite" aria-label={strings.noticesLabel} className="ck-notices">
      {notices.length > 0 && (
        <ul>
          {notices.map((notice) => (
            <li key={notice.id} className="ck-notice" data-kind={notice.kind}>
              <span id={`${id}-${notice.id}`}>{text(notice, strings, label, hide)}</span>
              {/* Described, not labelled, by the notice: field names in its text must not label a button (a form's "Title" is the title's input). */}
              <button type="button" aria-describedby={`${id}-${notice.id}`} onClick={() => onDismiss(notice.id)}>
                {strings.dismiss}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
