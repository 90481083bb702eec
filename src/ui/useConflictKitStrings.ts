import { useContext, useMemo } from 'react';
import { StringsContext, type ConflictKitStrings } from './ConflictKitStringsProvider';
import { defaultStrings } from './defaultStrings';

/** The strings in effect: the defaults, then the nearest providers' overrides, then a component's own `strings` prop. */
export function useConflictKitStrings(overrides?: Partial<ConflictKitStrings>): ConflictKitStrings {
  const strings = useContext(StringsContext);
  return useMemo(() => ({ ...defaultStrings, ...strings, ...overrides }), [strings, overrides]);
}
