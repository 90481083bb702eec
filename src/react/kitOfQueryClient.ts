import type { QueryClient } from '@tanstack/react-query';
import { isDev } from '../core/devWarning';
import { ConflictKitError } from '../core/errors';
import type { ConflictKit } from './ConflictKitContext';

// Query and mutation functions run outside React: they reach the kit through
// the QueryClient they run in (TanStack's function context carries it). Keyed
// weakly by the QueryClient, so each server request's client has its own.
const kits = new WeakMap<QueryClient, ConflictKit>();

/** Connects a provider's kit to the QueryClient it renders inside. @internal */
export function bindKit(queryClient: QueryClient, kit: ConflictKit): void {
  kits.set(queryClient, kit);
}

/** Disconnects it again, unless another provider took the QueryClient meanwhile. @internal */
export function unbindKit(queryClient: QueryClient, kit: ConflictKit): void {
  if (kits.get(queryClient) === kit) kits.delete(queryClient);
}

/** The kit connected to a QueryClient, if any. @internal */
export function findKit(queryClient: QueryClient): ConflictKit | undefined {
  return kits.get(queryClient);
}

/**
 * The kit connected to a QueryClient; throws an error that names the fix when
 * a write runs where no `ConflictKitProvider` is.
 * @internal
 */
export function kitOf(queryClient: QueryClient, caller: string): ConflictKit {
  const kit = kits.get(queryClient);
  if (kit) return kit;
  throw new ConflictKitError(
    isDev
      ? `${caller} ran with a QueryClient that no <ConflictKitProvider> is connected to, so there is no one to resolve a conflict. Render <ConflictKitProvider client={conflicts}> inside the <QueryClientProvider> of this QueryClient, and the prebuilt <ConflictDialogs /> (or your own resolver) inside it.`
      : `${caller} ran with a QueryClient that no <ConflictKitProvider> is connected to.`,
  );
}
