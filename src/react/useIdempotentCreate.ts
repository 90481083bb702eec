import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { idempotentCreate, type IdempotentCreateInput } from './idempotentCreateOptions';
import type { CreateOutcome } from './runIdempotentCreate';
import { useConflictKit } from './useConflictKit';
import { useUnmountSignal } from './useUnmountSignal';

/** Options of {@link useIdempotentCreate}: those of `idempotentCreateOptions`. */
export type UseIdempotentCreateOptions<T, TBody = unknown> = IdempotentCreateInput<T, TBody>;

/** What {@link useIdempotentCreate} returns: react-query's mutation result; `reset` also starts a new intent. */
export type IdempotentCreate<T, TBody = unknown> = UseMutationResult<CreateOutcome<T>, Error, TBody>;

/**
 * `useMutation` with {@link idempotentCreateOptions}: creates with
 * `mutate(body)`. Once an intent succeeded, creating it again answers with
 * the same result instead of sending (another intent sends); `reset()`
 * forgets them and gives the intents tried here new keys, for "create another".
 */
export function useIdempotentCreate<T, TBody = unknown>(options: UseIdempotentCreateOptions<T, TBody>): IdempotentCreate<T, TBody> {
  const { client } = useConflictKit();
  const signal = useUnmountSignal();
  const [intents] = useState(() => new Map<string, CreateOutcome<T> | undefined>());
  const mutation = useMutation(idempotentCreate(options, { signal, intents }));
  const { reset: resetMutation } = mutation;
  const reset = useCallback(() => {
    for (const scope of intents.keys()) client.intent(scope).abandon();
    intents.clear();
    resetMutation();
  }, [intents, client, resetMutation]);
  return Object.assign(mutation, { reset });
}
