import type { UseMutationOptions } from '@tanstack/react-query';
import { joinInFlight } from './joinInFlight';
import type { RecordHandle } from './RecordHandle';
import { runWorkflowAction, type WorkflowOutcome } from './runWorkflowAction';
import { writeMutation } from './writeMutation';

/** Options of {@link workflowActionOptions}: react-query's mutation options, plus the action URL and the record it changes. */
export type WorkflowActionInput<T> = Omit<UseMutationOptions<WorkflowOutcome<T>, Error, string>, 'mutationFn'> & {
  /** The action URL (`/api/orders/O-1001/transitions`); the body is `{ to }`, the mutation's variables. */
  readonly url: string;
  /**
   * The record the action changes, as `useVersionedQuery` returned it: its version is recorded and its query refreshed.
   * @default undefined (no record is touched)
   */
  readonly record?: RecordHandle;
};

/** How the hook that runs an action steers it. @internal */
export interface ActionLifecycle {
  /** Stops waiting for the user when the component unmounted. */
  readonly signal: () => AbortSignal | undefined;
}

/** {@link workflowActionOptions} steered by a hook. @internal */
export function workflowAction<T>(input: WorkflowActionInput<T>, lifecycle?: ActionLifecycle): UseMutationOptions<WorkflowOutcome<T>, Error, string> {
  const { url, record, ...mutation } = input;
  return writeMutation(['conflict-kit', 'action', url], mutation, 'A workflow action', lifecycle, (to, kit, signal, queryClient) => {
    const refresh = (): void => {
      if (record) void queryClient.invalidateQueries({ queryKey: record.queryKey });
    };
    return joinInFlight(kit, `action:${url}`, signal, () => runWorkflowAction<T>({ kit, url, record, refresh, signal }, to), { value: to });
  });
}

/**
 * Mutation options for a workflow action (`mutate('cancelled')` sends
 * `{ to: 'cancelled' }`), for `useMutation`: a refused transition is
 * explained with the state the record is in and the actions still allowed,
 * and is never replayed; a double click runs it once.
 */
export function workflowActionOptions<T>(input: WorkflowActionInput<T>): UseMutationOptions<WorkflowOutcome<T>, Error, string> {
  return workflowAction(input);
}
