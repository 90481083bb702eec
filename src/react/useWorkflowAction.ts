import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { ConflictKitError } from '../core/errors';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { RegistryKey } from '../core/createVersionRegistry';
import type { Conflict, TransitionConflict } from '../core/conflict';
import { useConflictKit } from './useConflictKit';
import { versionedQueryKey } from './useVersionedQuery';

/** Options of {@link useWorkflowAction}. */
export interface UseWorkflowActionOptions<T> {
  /** The action URL (`/api/orders/O-1001/transitions`); the body is `{ to }`. */
  readonly url: string;
  /**
   * The registry key of the record the action changes (`/api/orders/O-1001`), so its version and query are refreshed.
   * @default undefined (no record is refreshed)
   */
  readonly key?: RegistryKey;
  /**
   * The react-query key to refresh after the action.
   * @default versionedQueryKey(key) when `key` is given
   */
  readonly queryKey?: QueryKey;
  /**
   * Called with the record after an action succeeded.
   * @default undefined
   */
  readonly onDone?: (value: T, to: string) => void;
}

/** How a workflow action ended. */
export type WorkflowOutcome<T> =
  | { readonly status: 'done'; readonly value: T; readonly to: string }
  | { readonly status: 'refused'; readonly conflict: TransitionConflict }
  | { readonly status: 'conflict'; readonly conflict: Conflict }
  | { readonly status: 'error'; readonly error: Error };

/** Where a workflow action is. */
export type WorkflowStatus = 'idle' | 'running' | 'resolving' | WorkflowOutcome<unknown>['status'];

/** What {@link useWorkflowAction} returns. */
export interface WorkflowAction<T> {
  /** Runs a transition; a call while one runs joins it. A refused action is explained, never replayed. */
  run(to: string): Promise<WorkflowOutcome<T>>;
  readonly status: WorkflowStatus;
  /** The record after the last successful action. */
  readonly data: T | undefined;
  /** The conflict of the last refused action. */
  readonly conflict: Conflict | undefined;
}

/**
 * Runs a workflow action (`{ to }`); when the server refuses it as an invalid
 * transition, the resolver explains the current state and offers the allowed
 * actions, and a chosen one is sent as a new request.
 */
export function useWorkflowAction<T>(options: UseWorkflowActionOptions<T>): WorkflowAction<T> {
  const kit = useConflictKit();
  const queryClient = useQueryClient();
  const [state, setState] = useState<Omit<WorkflowAction<T>, 'run'>>({ status: 'idle', data: undefined, conflict: undefined });
  const inFlight = useRef<Promise<WorkflowOutcome<T>> | null>(null);
  const latest = useRef(options);
  latest.current = options;

  const attempt = async (to: string): Promise<WorkflowOutcome<T>> => {
    const opts = latest.current;
    const key = opts.key !== undefined ? hashRegistryKey(opts.key) : undefined;
    const queryKey = opts.queryKey ?? (key !== undefined ? versionedQueryKey(key) : undefined);
    const refresh = (): void => {
      if (queryKey) void queryClient.invalidateQueries({ queryKey });
    };
    try {
      for (let action = to; ; ) {
        setState((s) => ({ ...s, status: 'running' }));
        const result = await kit.client.transition<T>(opts.url, { to: action }, key !== undefined ? { key } : {});
        if (result.ok) {
          if (key !== undefined) kit.announce(key, result.validator);
          refresh();
          opts.onDone?.(result.value, action);
          return { status: 'done', value: result.value, to: action };
        }
        const { conflict } = result;
        // The record is not what the screen showed: refresh it whatever the user decides.
        refresh();
        if (conflict.kind !== 'transition') return { status: 'conflict', conflict };
        setState((s) => ({ ...s, status: 'resolving', conflict }));
        const answer = await kit.resolver.transition({ conflict, attempted: action });
        if (answer.action === 'dismiss') return { status: 'refused', conflict };
        // A new request for the action the user chose; the refused one is never sent again.
        action = answer.to;
      }
    } catch (error) {
      return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), { method: 'POST', url: opts.url }) };
    }
  };

  const run = useCallback((to: string): Promise<WorkflowOutcome<T>> => {
    if (inFlight.current) return inFlight.current;
    const promise = attempt(to).then((outcome) => {
      inFlight.current = null;
      setState((s) => ({
        status: outcome.status,
        data: outcome.status === 'done' ? outcome.value : s.data,
        conflict: outcome.status === 'refused' || outcome.status === 'conflict' ? outcome.conflict : undefined,
      }));
      return outcome;
    });
    inFlight.current = promise;
    return promise;
    // `attempt` reads options through a ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kit, queryClient]);

  return { ...state, run };
}
