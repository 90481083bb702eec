import { useSyncExternalStore } from 'react';
import type { ConflictNotice } from './resolver';
import { useConflictKit } from './useConflictKit';

/** What {@link useConflictNotices} returns. */
export interface ConflictNoticesApi {
  /** Notices that need no decision ("merged with changes by …"), oldest first. */
  readonly notices: readonly ConflictNotice[];
  /** Removes a notice. */
  dismiss(id: string): void;
}

/** The provider's notices, for a toast or banner of your own, and a way to dismiss them. */
export function useConflictNotices(): ConflictNoticesApi {
  const { sessions } = useConflictKit();
  const read = () => sessions.store.getState().notices;
  const notices = useSyncExternalStore(sessions.store.subscribe, read, read);
  return { notices, dismiss: sessions.dismiss };
}
