import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Freshness } from '../core/createVersionRegistry';
import { bannerStrings, type BannerStrings } from './bannerStrings';
import { useStrings, type ConflictKitStrings } from './ConflictKitStringsProvider';
import { fieldChanges } from './fieldChanges';

/** Props of {@link StaleBanner}. */
export interface StaleBannerProps {
  /** The record's freshness; the banner shows only for `'stale'` and `'deleted'`. */
  readonly freshness: Freshness;
  /**
   * Who changed the record on the server.
   * @default undefined (not named)
   */
  readonly changedBy?: string;
  /**
   * When it changed (ms since epoch).
   * @default undefined (not shown)
   */
  readonly changedAt?: number;
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
   * Called when the user keeps editing; the banner hides until the record changes again.
   * @default undefined
   */
  readonly onKeepEditing?: () => void;
  /**
   * Names a field for people.
   * @default the pointer's segments joined with ' › '
   */
  readonly label?: (pointer: string, path: readonly (string | number)[]) => string;
  /**
   * Strings to override for this banner.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

function show(value: unknown, strings: BannerStrings): string {
  if (value === undefined) return strings.absent;
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/**
 * One value of the review. Long ones scroll inside their cell (styles.css
 * caps the height), so they get a tab stop: a scroller must be reachable from
 * the keyboard (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
function Value({ text }: { readonly text: string }): ReactNode {
  const long = text.length > 240 || text.split('\n', 7).length > 6;
  return (
    <div className="ck-value" {...(long ? { tabIndex: 0, 'data-long': '' } : {})}>
      {text}
    </div>
  );
}

/**
 * "This record changed since you opened it (by Ana at 10:42)" with a review
 * of what changed (field by field, base → latest) before saving, and "Load
 * latest" / "Keep editing".
 */
export function StaleBanner({ freshness, changedBy, changedAt, base, latest, onReview, onLoadLatest, onKeepEditing, label, strings: overrides }: StaleBannerProps): ReactNode {
  const strings = useStrings(bannerStrings, overrides);
  const id = useId();
  const [reviewing, setReviewing] = useState(false);
  const [hiddenFor, setHiddenFor] = useState<string>();
  // The change whose latest version was asked for and has settled (loaded or not).
  const [settledFor, setSettledFor] = useState<string>();
  const stamp = `${freshness}:${changedAt ?? ''}:${changedBy ?? ''}`;
  const fetchLatest = useRef(onReview);
  fetchLatest.current = onReview;
  const needsLatest = reviewing && freshness === 'stale' && base !== undefined && latest === undefined && onReview !== undefined;
  useEffect(() => {
    if (!needsLatest) return;
    let live = true;
    // Asked again for every newer change while the review is open.
    void Promise.resolve()
      .then(() => fetchLatest.current?.())
      .catch(() => undefined)
      .finally(() => {
        if (live) setSettledFor(stamp);
      });
    return () => {
      live = false;
    };
  }, [needsLatest, stamp]);
  if ((freshness !== 'stale' && freshness !== 'deleted') || hiddenFor === stamp) return null;
  const when = changedAt === undefined ? undefined : strings.formatTime(changedAt);
  const canReview = freshness === 'stale' && base !== undefined && (latest !== undefined || onReview !== undefined);
  const changes = reviewing && canReview && latest !== undefined ? fieldChanges(base, latest) : [];
  const name = label ?? ((_pointer: string, path: readonly (string | number)[]) => path.join(' › ') || '(record)');
  return (
    <section role="region" aria-labelledby={`${id}-message`} className="ck-stale" data-state={freshness}>
      <p id={`${id}-message`} role="status">
        {freshness === 'deleted' ? strings.deletedMessage : strings.staleMessage(changedBy, when)}
      </p>
      <div className="ck-actions">
        {canReview && (
          <button type="button" aria-expanded={reviewing} aria-controls={`${id}-changes`} onClick={() => {
              if (!reviewing) setSettledFor(undefined);
              setReviewing(!reviewing);
            }}>
            {strings.reviewChanges}
          </button>
        )}
        {freshness === 'stale' && (
          <button type="button" className="ck-primary" onClick={onLoadLatest}>
            {strings.loadLatest}
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setHiddenFor(stamp);
            onKeepEditing?.();
          }}
        >
          {strings.keepEditing}
        </button>
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
                    <th scope="row">{name(change.pointer, change.path)}</th>
                    <td data-side="base">
                      <Value text={show(change.before, strings)} />
                    </td>
                    <td data-side="theirs">
                      <Value text={show(change.after, strings)} />
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
