import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { useStrings } from './ConflictKitStringsProvider';
import { defaultStrings } from './defaultStrings';

/** The strings in effect, with a component's own `strings` prop laid over them. */
export function useConflictKitStrings(overrides?: Partial<ConflictKitStrings>): ConflictKitStrings {
  return useStrings(defaultStrings, overrides);
}
