import { useContext } from 'react';
import { isDev } from '../core/devWarning';
import { ConflictKitError } from '../core/errors';
import { ConflictKitContext, type ConflictKit } from './ConflictKitContext';

/** Returns the nearest provider's kit; throws, naming the fix, outside a `ConflictKitProvider`. @internal */
export function useConflictKit(): ConflictKit {
  const kit = useContext(ConflictKitContext);
  if (!kit) {
    throw new ConflictKitError(
      isDev
        ? 'Every conflict-kit hook must be used inside <ConflictKitProvider client={conflicts}>, which itself goes inside a react-query <QueryClientProvider>. Wrap your app (or the test) in both.'
        : 'conflict-kit hooks must be used inside <ConflictKitProvider>.',
    );
  }
  return kit;
}
