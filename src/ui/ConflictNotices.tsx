import { lazy, Suspense, type ReactNode } from 'react';
import { useConflictNotices } from '../react/useConflictNotices';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';

// The list (and its strings) loads when ConflictNotices mounts, not with the
// page; notices arrive only after a save, by when the live region is in place.
const ConflictNoticeList = lazy(() => import('./ConflictNoticeList').then((m) => ({ default: m.ConflictNoticeList })));

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
  return (
    <Suspense fallback={null}>
      <ConflictNoticeList notices={notices} onDismiss={dismiss} {...(strings ? { strings } : {})} />
    </Suspense>
  );
}
