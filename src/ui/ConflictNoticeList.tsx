import type { ReactNode } from 'react';
import type { ConflictNotice } from '../react/resolver';
import { bannerStrings } from './bannerStrings';
import { useStrings, type ConflictKitStrings } from './ConflictKitStringsProvider';

/** Props of {@link ConflictNoticeList}. */
export interface ConflictNoticeListProps {
  /** The notices to show, oldest first. */
  readonly notices: readonly ConflictNotice[];
  /** Removes one notice. */
  readonly onDismiss: (id: string) => void;
  /**
   * Strings to override for this list.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/**
 * A polite live region listing notices that need no decision ("Merged with
 * changes made by Ana at 10:42"), each dismissible. It stays mounted while
 * empty, so screen readers announce what is added to it.
 */
export function ConflictNoticeList({ notices, onDismiss, strings: overrides }: ConflictNoticeListProps): ReactNode {
  const strings = useStrings(bannerStrings, overrides);
  return (
    <div role="status" aria-live="polite" aria-label={strings.noticesLabel} className="ck-notices">
      {notices.length > 0 && (
        <ul>
          {notices.map((notice) => (
            <li key={notice.id} className="ck-notice" data-kind={notice.kind}>
              <span>{strings.notice(notice, notice.changedAt === undefined ? undefined : strings.formatTime(notice.changedAt))}</span>
              <button type="button" aria-label={`${strings.dismiss}: ${strings.notice(notice, undefined)}`} onClick={() => onDismiss(notice.id)}>
                {strings.dismiss}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
