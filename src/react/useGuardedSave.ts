import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordMergeOptions } from '../core/mergeRecords';
import type { RegistryKey } from '../core/createVersionRegistry';
import type { ConflictNotice } from './resolver';
import { runGuardedSave, type ResumeMerge, type SaveOutcome } from './runGuardedSave';
import type { DraftApi } from './useDraft';
import { useConflictKit } from './useConflictKit';
import { useStaleness } from './useStaleness';
import { versionedQueryKey } from './useVersionedQuery';

/** Options of {@link useGuardedSave}. */
export interface UseGuardedSaveOptions<T> {
  /** The record's URL. */
  readonly url: string;
  /**
   * The record's registry key.
   * @default the draft's key, else the URL resolved against the client's baseUrl
   */
  readonly key?: RegistryKey;
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
  /**
   * The draft from `useDraft`: cleared when saved, kept on cancel, and an open merge reopens after a reload.
   * @default undefined (no draft coordination)
   */
  readonly draft?: DraftApi<T>;
  /**
   * The react-query key to update with the saved record.
   * @default versionedQueryKey(registry key), as `useVersionedQuery` uses
   */
  readonly queryKey?: QueryKey;
  /**
   * Called after a successful save with the saved record.
   * @default undefined
   */
  readonly onSaved?: (value: T) => void;
}

/** Where a guarded save is. */
export type GuardedSaveStatus = 'idle' | 'saving' | 'resolving' | SaveOutcome<unknown>['status'];

/** What {@link useGuardedSave} returns. */
export interface GuardedSave<T> {
  /** Saves the value under a precondition, recovering from conflicts; a second call while one runs joins it. */
  save(value: T): Promise<SaveOutcome<T>>;
  readonly status: GuardedSaveStatus;
  /** The failure of the last save, when it failed. */
  readonly error: Error | undefined;
  /** The notice of the last automatic merge. */
  readonly lastNotice: ConflictNotice | undefined;
  /** The record changed on the server since it was loaded: autosave should pause. */
  readonly isStale: boolean;
}

/**
 * Saves a record guarded by its version; on a stale write merges with the
 * current version (automatically when clean, else through the resolver) and
 * saves again, never dropping the user's edits.
 */
export function useGuardedSave<T>(options: UseGuardedSaveOptions<T>): GuardedSave<T> {
  const kit = useConflictKit();
  const queryClient = useQueryClient();
  const { url, draft } = options;
  const key = options.key !== undefined ? kit.client.keyFor(url, options.key) : (draft?.key ?? kit.client.keyFor(url));
  const [state, setState] = useState<Omit<GuardedSave<T>, 'save' | 'isStale'>>({ status: 'idle', error: undefined, lastNotice: undefined });
  const inFlight = useRef<Promise<SaveOutcome<T>> | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const { isStale } = useStaleness(key);

  const run = useCallback(
    (value: T, resume?: ResumeMerge): Promise<SaveOutcome<T>> => {
      if (inFlight.current) return inFlight.current;
      const opts = latest.current;
      const promise = runGuardedSave<T>(
        {
          client: kit.client,
          resolver: kit.resolver,
          url: opts.url,
          key,
          method: opts.method ?? 'PUT',
          autoMerge: opts.autoMerge ?? kit.autoMerge,
          maxAttempts: opts.maxAttempts ?? 3,
          notify: kit.notices.notify,
          onPhase: (status) => setState((s) => ({ ...s, status })),
          ...(opts.merge ? { merge: opts.merge } : {}),
          ...(opts.draft ? { draft: opts.draft } : {}),
        },
        value,
        resume,
      ).then((outcome) => {
        inFlight.current = null;
        setState((s) => ({
          status: outcome.status,
          error: outcome.status === 'error' ? outcome.error : undefined,
          lastNotice: outcome.status === 'saved' && outcome.notice ? outcome.notice : s.lastNotice,
        }));
        const queryKey = opts.queryKey ?? versionedQueryKey(key);
        if (outcome.status === 'saved') {
          queryClient.setQueryData(queryKey, outcome.value);
          const saved: unknown = outcome.value;
          const by = saved !== null && typeof saved === 'object' ? (saved as { updatedBy?: unknown }).updatedBy : undefined;
          kit.announce(key, outcome.validator, typeof by === 'string' ? by : undefined);
          opts.onSaved?.(outcome.value);
        } else if (outcome.status === 'problem' && outcome.action === 'reload') {
          void queryClient.invalidateQueries({ queryKey });
        }
        return outcome;
      });
      inFlight.current = promise;
      return promise;
    },
    [kit, key, queryClient],
  );

  // After a reload during a conflict: reopen the merge where the user left it.
  const resumed = useRef(false);
  const pending = draft?.pendingConflict;
  useEffect(() => {
    if (!pending || !draft || resumed.current || !kit.registry.get(key)) return;
    resumed.current = true;
    void run(draft.draft, { initialChoices: pending.choices });
  }, [pending, draft, run, kit, key]);

  const save = useCallback((value: T) => run(value), [run]);
  return { ...state, save, isStale };
}
