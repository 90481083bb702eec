import { useSyncExternalStore } from 'react';
import type { ConflictSession } from './resolver';
import { useConflictKit } from './useConflictKit';

/** The open conflict sessions of the provider's built-in resolver, oldest first (render them, call `resolve` once). */
export function useConflictSessions(): readonly ConflictSession[] {
  const { store } = useConflictKit().sessions;
  const read = () => store.getState().sessions;
  return useSyncExternalStore(store.subscribe, read, read);
}
