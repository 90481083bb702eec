import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ConflictNotice } from '../react/resolver';

/** Every user-facing string of the prebuilt UI; functions build the interpolated ones. */
export interface ConflictKitStrings {
  /** Formats a moment (ms since epoch) for people. */
  readonly formatTime: (ms: number) => string;
  readonly mergeTitle: string;
  readonly mergeDescription: (changedBy: string | undefined, when: string | undefined) => string;
  readonly progress: (resolved: number, total: number) => string;
  readonly previous: string;
  readonly next: string;
  readonly copyMine: string;
  readonly copied: string;
  readonly copyFailed: string;
  readonly save: string;
  readonly cancel: string;
  readonly original: string;
  readonly yourVersion: string;
  readonly theirVersion: string;
  readonly result: string;
  readonly keepMine: string;
  readonly keepTheirs: string;
  readonly keepBoth: string;
  readonly useSuggestion: string;
  readonly keepOriginal: string;
  readonly edit: string;
  readonly chooseFor: (label: string) => string;
  readonly hunkLabel: (label: string, n: number, count: number) => string;
  readonly editLabel: (label: string) => string;
  readonly invalidJson: (message: string) => string;
  readonly unresolved: string;
  readonly absent: string;
  readonly collapsed: (lines: number, merged: boolean) => string;
  readonly staleMessage: (changedBy: string | undefined, when: string | undefined) => string;
  readonly deletedMessage: string;
  readonly reviewChanges: string;
  readonly loadLatest: string;
  readonly keepEditing: string;
  readonly field: string;
  readonly before: string;
  readonly now: string;
  readonly noChanges: string;
  /** Shown in the review while the latest version is being fetched. */
  readonly loadingLatest: string;
  /** Shown in the review when the latest version could not be fetched. */
  readonly latestUnavailable: string;
  readonly duplicateTitle: string;
  readonly duplicateDescription: string;
  readonly existing: string;
  readonly viewExisting: string;
  readonly dismiss: string;
  /**
   * The transition dialog's title; `attempted` may name a verb (`cancel`) or a
   * target state (`cancelled`), so the default reads well with either. Keep
   * "can't" or "no longer" in it: it is the dialog's accessible name.
   */
  readonly transitionTitle: (attempted: string) => string;
  /** The transition dialog's description, from the record's current state (already through `stateLabel`). */
  readonly transitionDescription: (currentState: string | undefined) => string;
  readonly stillAllowed: string;
  readonly noTransitions: string;
  readonly transitionLabel: (to: string) => string;
  readonly stateLabel: (state: string) => string;
  readonly close: string;
  readonly deletedTitle: string;
  readonly deletedDescription: string;
  readonly unknownTitle: string;
  readonly unknownDescription: string;
  readonly requestId: (id: string) => string;
  readonly copyDraft: string;
  readonly reload: string;
  /** Title of the dialog shown when a conflict dialog's code could not be loaded. */
  readonly loadFailedTitle: string;
  /** Its description: say the draft is kept. */
  readonly loadFailedDescription: string;
  /** Its button that tries loading the dialog again. */
  readonly retry: string;
  readonly noticesLabel: string;
  readonly notice: (notice: ConflictNotice, when: string | undefined) => string;
}

/** The overrides in effect; components lay them over their own defaults. */
const StringsContext = createContext<Partial<ConflictKitStrings>>({});

/** Props of {@link ConflictKitStringsProvider}. */
export interface ConflictKitStringsProviderProps {
  /** Strings to override for everything inside; the rest keep their defaults (or the outer provider's). */
  readonly strings: Partial<ConflictKitStrings>;
  readonly children?: ReactNode;
}

/** Overrides the UI's strings (i18n) for everything inside it. */
export function ConflictKitStringsProvider({ strings, children }: ConflictKitStringsProviderProps): ReactNode {
  const outer = useContext(StringsContext);
  const value = useMemo(() => ({ ...outer, ...strings }), [outer, strings]);
  return <StringsContext.Provider value={value}>{children}</StringsContext.Provider>;
}

/**
 * The strings in effect for a component: its `defaults`, then the nearest
 * providers' overrides, then its own `strings` prop. Each component passes
 * only the defaults it uses, so the always-loaded UI does not carry the
 * dialogs' strings.
 * @internal
 */
export function useStrings<S extends Partial<ConflictKitStrings>>(defaults: S, overrides?: Partial<ConflictKitStrings>): S {
  const strings = useContext(StringsContext);
  // Overrides hold the same members with the same types, so the result still has S's shape.
  return useMemo(() => ({ ...defaults, ...strings, ...overrides }) as S, [defaults, strings, overrides]);
}
