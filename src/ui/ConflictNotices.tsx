import type { ReactNode } from 'react';
import { useConflictNotices } from '../react/useConflictNotices';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { ConflictNoticeList } from './ConflictNoticeList';

/** Props of {@link ConflictNotices}. */
export interface ConflictNoticesProps {
  /**
   * Strings to override for this list.
   * @default the strings of the nearest ConflictKitStringsProvider
   */
  readonly strings?: Partial<ConflictKitStrings>;
}

/** The provider's notices as a polite, dismissible live region; drop it inside `ConflictKitProvider`. */
export function ConflictNotices({ strings }: ConflictNoticesProps): ReactNode {
  const { notices, dismiss } = useConflictNotices();
  return <ConflictNoticeList notices={notices} onDismiss={dismiss} {...(strings ? { strings } : {})} />;
}
