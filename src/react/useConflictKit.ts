import { useContext } from 'react';
import { ConflictKitError } from '../core/errors';
import { ConflictKitContext, type ConflictKit } from './ConflictKitContext';

/** Returns the nearest provider's client, registry, resolver and notices; throws outside a `ConflictKitProvider`. */
export function useConflictKit(): ConflictKit {
  const kit = useContext(ConflictKitContext);
  if (!kit) {
    throw new ConflictKitError(
      'useConflictKit (and every conflict-kit hook) must be used inside <ConflictKitProvider>, which itself goes inside a react-query <QueryClientProvider>. Wrap your app (or the test) in both.',
    );
  }
  return kit;
}
