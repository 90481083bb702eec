import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { workflowAction, type WorkflowActionInput } from './workflowActionOptions';
import type { WorkflowOutcome } from './runWorkflowAction';
import { useUnmountSignal } from './useUnmountSignal';

/** Options of {@link useWorkflowAction}: those of `workflowActionOptions`. */
export type UseWorkflowActionOptions<T> = WorkflowActionInput<T>;

/** What {@link useWorkflowAction} returns: react-query's mutation result. */
export type WorkflowAction<T> = UseMutationResult<WorkflowOutcome<T>, Error, string>;

/** `useMutation` with {@link workflowActionOptions}: runs an action with `mutate(to)`. */
export function useWorkflowAction<T>(options: UseWorkflowActionOptions<T>): WorkflowAction<T> {
  const signal = useUnmountSignal();
  return useMutation(workflowAction(options, { signal }));
}
