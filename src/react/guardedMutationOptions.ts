import type { UseMutationOptions } from '@tanstack/react-query';
import type { RecordMergeOptions } from '../core/mergeRecords';
import type { PendingMerge } from './draftEnvelope';
import { joinInFlight } from './joinInFlight';
import type { RecordHandle } from './RecordHandle';
import { runGuardedSave, type SaveOutcome } from './runGuardedSave';
import type { DraftApi } from './useDraft';
import { writeMutation } from './writeMutation';

/** Options of {@link guardedMutationOptions}: react-query's mutation options, plus what to save and how to merge. */
export type GuardedMutationInput<T> = Omit<UseMutationOptions<SaveOutcome<T>, Error, T>, 'mutationFn'> & {
  /** The record to save, as `useVersionedQuery` returned it. */
  readonly record: RecordHandle;
  /**
   * The draft from `useDraft`: cleared when saved (edits typed meanwhile are kept), kept on cancel, and
   * an open merge is remembered with it so a reload reopens it.
   * @default undefined (no draft coordination)
   */
  readonly draft?: DraftApi<T>;
  /**
   * PUT sends the whole record; PATCH sends a JSON merge patch of the changed fields.
   * @default 'PUT'
   */
  readonly method?: 'PUT' | 'PATCH';
  /**
   * How records are merged three ways (arrays by id, text fields, server-owned fields).
   * @default {}
   */
  readonly merge?: RecordMergeOptions;
  /**
   * Save a clean merge without asking.
   * @default the provider's autoMerge (true)
   */
  readonly autoMerge?: boolean;
  /**
   * Writes per save before giving up while the record keeps changing.
   * @default 3
   */
  readonly maxAttempts?: number;
};

/** How the hook that runs a guarded save steers it. @internal */
export interface SaveLifecycle {
  /** Stops the save at its next step (the component unmounted). */
  readonly signal: () => AbortSignal | undefined;
  /** A merge to reopen (after a reload) instead of writing first; taken once. */
  readonly takeResume: () => PendingMerge | undefined;
}

/** {@link GuardedMutationInput}, or with `draft: 'mounted'`: keep whatever draft a mounted form holds of the record in step (a save from a router action). @internal */
export type GuardedMutationSettings<T> = GuardedMutationInput<T> | (Omit<GuardedMutationInput<T>, 'draft'> & { readonly draft: 'mounted' });

/** {@link guardedMutationOptions} steered by a hook. @internal */
export function guardedMutation<T>(input: GuardedMutationSettings<T>, lifecycle?: SaveLifecycle): UseMutationOptions<SaveOutcome<T>, Error, T> {
  const { record, draft, method = 'PUT', merge, autoMerge, maxAttempts = 3, ...mutation } = input;
  return writeMutation(['conflict-kit', 'save', record.key], mutation, 'A guarded save', lifecycle, (value, kit, signal, queryClient) => {
    const resume = lifecycle?.takeResume();
    return joinInFlight(kit, `save:${record.key}`, signal, async () => {
      const draftStorage = draft ? kit.drafts.storageOf(record.key) : undefined;
      const outcome = await runGuardedSave<T>({ ...record, kit, resolver: kit.resolver, method, merge, autoMerge: autoMerge ?? kit.autoMerge, maxAttempts, draftStorage, signal, resume }, value);
      if (outcome.outcome === 'saved' || outcome.outcome === 'merged') {
        queryClient.setQueryData(record.queryKey, outcome.value);
        kit.announce(record.key, outcome.validator, outcome.value);
      } else if (outcome.outcome === 'problem' && outcome.action === 'reload') {
        // The dialog said Reload discards the user's version (after offering to copy it): show the record as saved.
        kit.drafts.discard(record.key, draftStorage);
        void queryClient.invalidateQueries({ queryKey: record.queryKey });
      }
      return outcome;
    }, { value });
  });
}

/**
 * Mutation options for a save guarded by the record's version, for
 * `useMutation`: on a stale write it reads what the server holds now, merges
 * three ways (saving a clean merge, else asking the resolver) and saves
 * again, never dropping the user's edits. The conflict's outcome is the
 * mutation's data (`saved`, `merged`, `cancelled`, …); real failures are its
 * error. A second save of the same value while one runs joins it; a save of
 * another value waits for the running one, then runs.
 */
export function guardedMutationOptions<T>(input: GuardedMutationInput<T>): UseMutationOptions<SaveOutcome<T>, Error, T> {
  return guardedMutation(input);
}
