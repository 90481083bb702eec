import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Freshness } from '../core/createVersionRegistry';
import { changeWords } from './changeWords';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { focusables } from './Dialog';
import { displayValue } from './displayValue';
import { fieldChanges } from './fieldChanges';
import { BOOKKEEPING_FIELDS } from './hiddenFields';
import { useConflictKitStrings } from './useConflictKitStrings';

/** Props of {@link StaleBanner}. */
export interface StaleBannerProps {
  /** The record's freshness; the banner shows only for `'stale'` and `'deleted'`. */
  readonly freshness: Freshness;
  /**
   * Who changed the record on the server.
   * @default undefined (not named)
   */
  readonly changedBy?: string | undefined;
  /**
   * When it changed (ms since epoch).
   * @default undefined (not shown)
   */
  readonly changedAt?: number | undefined;
  /**
   * The change was saved in another tab of this app: the message says so when it cannot say who.
   * @default false
   */
  readonly inOtherTab?: boolean | undefined;
  /**
   * The version the user opened, for "Review changes".
   * @default undefined (no review)
   */
  readonly base?: unknown;
  /**
   * The server's current version, for "Review changes".
   * @default undefined (no review, unless `onReview` can fetch it)
   */
  readonly latest?: unknown;
  /**
   * Fetches the latest version when the review opens without one (an event
   * said only that the record changed); the banner shows the review once
   * `latest` arrives, or says it could not when the promise settles without it.
   * @default undefined (the review needs `latest`)
   */
  readonly onReview?: () => unknown;
  /** Replaces the form's copy with the latest version (the app decides what happens to the draft). */
  readonly onLoadLatest: () => void;
  /**
   * The user has unsaved edits of the record: Load latest first says it
   * discards them, with Keep editing as the safe, focused answer.
   * @default false
   */
  readonly dirty?: boolean;
  /**
   * Called when the user keeps editing; the banner hides until the record changes again.
   * @default undefined
   */
  readonly onKeepEditing?: () => void;
  /**
   * Called when the user dismisses a read-only page's banner; it hides until the record changes again.
   * @default undefined
   */
  readonly onDismiss?: () => void;
  /**
   * The page only shows the record (no form, no draft): the banner offers
   * "Dismiss" instead of "Keep editing" (as it does for a deleted record).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Names a field for people; the app's own labels, as its form shows them.
   * @default the strings' `fieldLabel` (readable words of the path: `dueDate` → "Due date", `/address/city` → "Address › City")
   */
  readonly label?: (pointer: string, path: readonly (string | number)[]) => string;
  /**
   * Fields the review leaves out (JSON pointers; everything under them too):
   * bookkeeping the server keeps for itself.
   * @default `/id`, `/version`, `/_rev`, `/etag`, `/createdAt`, `/createdBy`, `/updatedAt`, `/updatedBy` and their spellings
   */
  readonly hide?: readonly string[];
  /**
   * Shows a value as the app does (`in_progress` → "In progress"); return
   * `undefined` for the default: text as it is, dates and times in the
   * reader's locale.
   * @default undefined
   */
  readonly formatValue?: (value: unknown, pointer: string) => string | undefined;
  /**
   * Strings to override for this banner.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * One value of the review. Long ones scroll inside their cell (styles.css
 * caps the height), so they get a tab stop: a scroller must be reachable from
 * the keyboard (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
function Value({ text }: { readonly text: string }): ReactNode {
  const long = text.length > 240 || text.split('\n', 7).length > 6;
  return (
    <div className="ck-value" tabIndex={long ? 0 : undefined} data-long={long ? '' : undefined}>
      {text}
    </div>
  );
}

/**
 * "Ana changed this record at 10:42, after you opened it", with a review of
 * what changed (field by field, base → latest, in the app's labels,
 * bookkeeping left out) before saving, and "Load latest" / "Keep editing"
 * ("Dismiss" on a read-only page). With unsaved edits, Load latest asks
 * before it discards them.
 */
export function StaleBanner({
  freshness,
  changedBy,
  changedAt,
  inOtherTab,
  base,
  latest,
  onReview,
  onLoadLatest,
  dirty = false,
  onKeepEditing,
  onDismiss,
  readOnly = false,
  label,
  hide = BOOKKEEPING_FIELDS,
  formatValue,
  strings: overrides,
}: StaleBannerProps): ReactNode {
  const strings = useConflictKitStrings(overrides);
  const id = useId();
  const [reviewing, setReviewing] = useState(false);
  const [hiddenFor, setHiddenFor] = useState<string>();
  // The change for which Load latest asked whether to discard the edits.
  const [askedFor, setAskedFor] = useState<string>();
  // The change whose latest version was asked for and has settled (loaded or not).
  const [settledFor, setSettledFor] = useState<string>();
  const stamp = `${freshness}:${changedAt ?? ''}:${changedBy ?? ''}`;
  const section = useRef<HTMLElement>(null);
  /** The banner goes with this answer: focus moves on to what follows it (the form), not to the page. */
  const moveOn = (): void => {
    const here = section.current;
    if (here?.contains(document.activeElement)) focusables(document.body).find((el) => !here.contains(el) && here.compareDocumentPosition(el) & 4)?.focus();
  };
  const asking = dirty && askedFor === stamp;
  const canReview = freshness === 'stale' && base !== undefined && (latest !== undefined || onReview !== undefined);
  const needsLatest = reviewing && canReview && latest === undefined;
  useEffect(() => {
    if (!needsLatest) return;
    let live = true;
    const settled = (): void => {
      if (live) setSettledFor(stamp);
    };
    // Asked again for every newer change while the review is open.
    void Promise.resolve()
      .then(() => onReview?.())
      .then(settled, settled);
    return () => {
      live = false;
    };
    // Not on a new onReview: an inline function would ask again at every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needsLatest, stamp]);
  if ((freshness !== 'stale' && freshness !== 'deleted') || hiddenFor === stamp) return null;
  const changes = reviewing && canReview && !needsLatest ? fieldChanges(base, latest, { hide, limit: 200 }) : [];
  const show = (value: unknown, pointer: string): string => (value === undefined ? undefined : formatValue?.(value, pointer)) ?? displayValue(value, strings);
  return (
    <section ref={section} role="region" aria-labelledby={`${id}-message`} className="ck-stale" data-state={freshness}>
      <p id={`${id}-message`} role="status">
        {freshness === 'deleted' ? strings.deletedMessage : strings.staleMessage(...changeWords(strings, changedBy, changedAt), inOtherTab === true)}
      </p>
      {asking && <p id={`${id}-discard`}>{strings.discardWarning}</p>}
      <div className="ck-actions">
        {!asking && canReview && (
          <button type="button" aria-expanded={reviewing} aria-controls={`${id}-changes`} onClick={() => {
              if (!reviewing) setSettledFor(undefined);
              setReviewing(!reviewing);
            }}>
            {strings.reviewChanges}
          </button>
        )}
        {!asking && freshness === 'stale' && (
          <button type="button" className="ck-primary" onClick={dirty ? () => setAskedFor(stamp) : () => {
              moveOn();
              onLoadLatest();
            }}>
            {strings.loadLatest}
          </button>
        )}
        <button
          // The safe answer comes first and takes the focus, as an alert dialog's does (a new element: autoFocus acts on mount).
          key={String(asking)}
          type="button"
          className={asking ? 'ck-primary' : undefined}
          autoFocus={asking}
          aria-describedby={asking ? `${id}-discard` : undefined}
          onClick={() => {
            moveOn();
            setHiddenFor(stamp);
            if (readOnly) onDismiss?.();
            else onKeepEditing?.();
          }}
        >
          {/* A deleted record can't take the edits: "Keep editing" would promise what a save can't keep. */}
          {readOnly || freshness === 'deleted' ? strings.dismiss : strings.keepEditing}
        </button>
        {asking && (
          <button type="button" onClick={() => {
              moveOn();
              setAskedFor(undefined);
              onLoadLatest();
            }}>
            {strings.discardChanges}
          </button>
        )}
      </div>
      <div id={`${id}-changes`} hidden={!reviewing}>
        {reviewing &&
          (needsLatest ? (
            <p role="status">{settledFor === stamp ? strings.latestUnavailable : strings.loadingLatest}</p>
          ) : changes.length === 0 ? (
            <p>{strings.noChanges}</p>
          ) : (
            <table className="ck-changes">
              <thead>
                <tr>
                  <th scope="col">{strings.field}</th>
                  <th scope="col">{strings.before}</th>
                  <th scope="col">{strings.now}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((change) => (
                  <tr key={change.pointer}>
                    <th scope="row">{label ? label(change.pointer, change.path) : strings.fieldLabel(change.path)}</th>
                    <td data-side="base">
                      <Value text={show(change.before, change.pointer)} />
                    </td>
                    <td data-side="theirs">
                      <Value text={show(change.after, change.pointer)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </div>
    </section>
  );
}
