import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { reopens, type PendingMerge } from './draftEnvelope';
import { guardedMutation, type GuardedMutationInput } from './guardedMutationOptions';
import type { SaveOutcome } from './runGuardedSave';
import { useConflictKit } from './useConflictKit';
import { useUnmountSignal } from './useUnmountSignal';

/** Options of {@link useGuardedSave}: those of `guardedMutationOptions`. */
export type UseGuardedSaveOptions<T> = GuardedMutationInput<T>;

/** What {@link useGuardedSave} returns: react-query's mutation result, plus whether the user is being asked. */
export type GuardedSave<T> = UseMutationResult<SaveOutcome<T>, Error, T> & {
  /** The save waits for the user's answer in a dialog (a merge, or why it could not save); the mutation is still `pending`. */
  readonly isResolving: boolean;
};

/**
 * `useMutation` with {@link guardedMutationOptions}: saves with
 * `mutate(value)` / `mutateAsync(value)`. A save stops at its next step when
 * the component unmounts (no further writes, its dialog closes, the draft is
 * kept); after a reload during a conflict, the merge reopens where the user left it.
 */
export function useGuardedSave<T>(options: UseGuardedSaveOptions<T>): GuardedSave<T> {
  const { sessions, client } = useConflictKit();
  const signal = useUnmountSignal();
  const resume = useRef<PendingMerge | undefined>(undefined);
  const takeResume = useCallback(() => {
    const next = resume.current;
    resume.current = undefined;
    return next;
  }, []);
  const mutation = useMutation(guardedMutation(options, { signal, takeResume }));

  const { key } = options.record;
  const waiting = useCallback(() => sessions.store.getState().waiting.includes(key), [sessions, key]);
  const isResolving = useSyncExternalStore(sessions.store.subscribe, waiting, waiting);

  // After a reload during a conflict: reopen the merge where the user left it, once per mount.
  // A merge the user closed is not reopened; its choices wait for the next save.
  const pending = reopens(options.draft?.pendingMerge);
  const resumedWith = useRef<AbortSignal | undefined>(undefined);
  const { mutate } = mutation;
  const draftValue = options.draft?.draft;
  // A save of this mount that asks sets the draft's pending merge too: that one is open already, not to be resumed.
  const busy = useRef(false);
  busy.current = mutation.isPending;
  useEffect(() => {
    if (!pending || busy.current || waiting() || !client.registry.get(key)) return;
    const live = resumedWith.current;
    if (live && !live.aborted) return;
    const mounted = signal();
    resumedWith.current = mounted;
    queueMicrotask(() => {
      // StrictMode's test unmount aborts the first mount's signal before this runs: only the live mount reopens it.
      if (mounted?.aborted) return;
      resume.current = pending;
      mutate(draftValue as T);
    });
    // Only a newly pending merge (or a remount) reopens it; choices made in the open dialog change `pending` too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending !== undefined, key, client, mutate, signal, waiting]);

  return Object.assign(mutation, { isResolving });
}
