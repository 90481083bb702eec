import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import { isDev } from '../core/devWarning';
import { ConflictKitError } from '../core/errors';
import { guardedMutation, type GuardedMutationInput } from './guardedMutationOptions';
import { kitOf } from './kitOfQueryClient';
import type { RecordHandle } from './RecordHandle';
import type { SaveOutcome } from './runGuardedSave';
import type { VersionedQueryOptions } from './versionedQueryOptions';

/** Options of {@link guardedSave}: those of `guardedMutationOptions` (but `draft`), plus the value and a stop signal. */
export type GuardedSaveInput<T> = Omit<GuardedMutationInput<T>, 'record' | 'draft'> & {
  /** The record: its handle, or the `versionedQueryOptions` its loader reads it with. */
  readonly record: RecordHandle | Pick<VersionedQueryOptions<T>, 'url' | 'key' | 'queryKey' | 'queryFn'>;
  /** What to save, or the edits as a function of the version the user started from (`(base) => ({ ...base, ...updates })`). */
  readonly value: T | ((base: T) => T);
  /**
   * Stops the save at its next step (a router action's `request.signal`, aborted when the user navigates away):
   * its dialog closes, the draft and an open merge are kept to reopen.
   * @default undefined (the save runs until it ends)
   */
  readonly signal?: AbortSignal;
};

const isQueryOptions = <T,>(record: GuardedSaveInput<T>['record']): record is Pick<VersionedQueryOptions<T>, 'url' | 'key' | 'queryKey' | 'queryFn'> =>
  'queryFn' in record;

/**
 * A guarded save started outside a component, such as in a React Router
 * `action`: the same mutation as `guardedMutationOptions` (it shows in
 * Devtools and `useMutationState`), run on the QueryClient the app's
 * `ConflictKitProvider` is connected to, so a conflict still reaches its
 * dialogs and the promise settles once the user resolved it. A draft that a
 * mounted form holds of the record (`useDraft`, `useFormDraft`) is kept in
 * step, and a merge that was open when the page went away reopens.
 */
export async function guardedSave<T>(queryClient: QueryClient, input: GuardedSaveInput<T>): Promise<SaveOutcome<T>> {
  const kit = kitOf(queryClient, 'guardedSave');
  const { record: given, value, signal, ...options } = input;
  const record: RecordHandle = isQueryOptions(given)
    ? { url: given.url, key: kit.client.keyFor(given.url, given.key), queryKey: given.queryKey }
    : given;
  const storage = kit.drafts.storageOf(record.key);
  const envelope = storage ? kit.drafts.read<T>(record.key, storage) : undefined;
  let resolved: T;
  if (typeof value === 'function') {
    const base = (storage ? kit.drafts.draftBase(record.key, storage)?.base : undefined) ?? kit.client.registry.get(record.key)?.base;
    if (base === undefined) {
      throw new ConflictKitError(
        isDev
          ? `guardedSave has no version of the record to start from: it was never read. Read it first (a loader's queryClient.ensureQueryData(versionedQueryOptions(...)), or useVersionedQuery), or pass the whole value.`
          : 'guardedSave has no version of the record to start from: it was never read.',
        { method: options.method ?? 'PUT', url: record.url },
      );
    }
    resolved = (value as (base: T) => T)(base as T);
  } else {
    resolved = value;
  }
  let resume = envelope?.pendingMerge;
  const observer = new MutationObserver(
    queryClient,
    guardedMutation<T>(
      { ...options, record, draft: 'mounted' },
      {
        signal: () => signal,
        takeResume: () => {
          const next = resume;
          resume = undefined;
          return next;
        },
      },
    ),
  );
  try {
    return await observer.mutate(resolved);
  } finally {
    // Without an observer the settled mutation is garbage-collected after its gcTime, as useMutation's are.
    observer.reset();
  }
}
