import type { QueryClient, UseMutationOptions } from '@tanstack/react-query';
import type { ConflictKit } from './ConflictKitContext';
import { kitOf } from './kitOfQueryClient';

/**
 * Mutation options for one of the kit's writes (a save, a create, a workflow
 * action): the app's own mutation options, run on the kit of the mutation's
 * QueryClient with the stop signal of the hook that runs it, if any.
 * @internal
 */
export function writeMutation<R, V>(
  mutationKey: readonly unknown[],
  mutation: Omit<UseMutationOptions<R, Error, V>, 'mutationFn'>,
  caller: string,
  lifecycle: { readonly signal: () => AbortSignal | undefined } | undefined,
  write: (variables: V, kit: ConflictKit, signal: AbortSignal | undefined, queryClient: QueryClient) => Promise<R>,
): UseMutationOptions<R, Error, V> {
  return {
    mutationKey,
    // Offline, a write must fail and say so (a draft or an intent keeps what the user did), not sit paused as `pending` and run later unasked.
    networkMode: 'always',
    ...mutation,
    mutationFn: (variables, { client }) => write(variables, kitOf(client, caller), lifecycle?.signal(), client),
  };
}
