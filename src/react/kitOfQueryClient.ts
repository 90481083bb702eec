import type { QueryClient } from '@tanstack/react-query';
import { isDev } from '../core/devWarning';
import { ConflictKitError } from '../core/errors';
import type { ConflictKit } from './ConflictKitContext';

/**
 * The kit of the provider each QueryClient renders inside. Query and mutation
 * functions run outside React: they reach the kit through the QueryClient they
 * run in (TanStack's function context carries it). Keyed weakly by the
 * QueryClient, so each server request's client has its own.
 * @internal
 */
export const kitsByQueryClient = new WeakMap<QueryClient, ConflictKit>();

/**
 * The kit connected to a QueryClient; throws an error that names the fix when
 * a write runs where no `ConflictKitProvider` is.
 * @internal
 */
export function kitOf(queryClient: QueryClient, caller: string): ConflictKit {
  const kit = kitsByQueryClient.get(queryClient);
  if (kit) return kit;
  throw new ConflictKitError(
    isDev
      ? `${caller} ran with a QueryClient that no <ConflictKitProvider> is connected to, so there is no one to resolve a conflict. Render <ConflictKitProvider client={conflicts}> inside the <QueryClientProvider> of this QueryClient, and the prebuilt <ConflictDialogs /> (or your own resolver) inside it.`
      : `${caller} ran with a QueryClient that no <ConflictKitProvider> is connected to.`,
  );
}
