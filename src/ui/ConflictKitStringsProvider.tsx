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
  readonly noticesLabel: string;
  readonly notice: (notice: ConflictNotice, when: string | undefined) => string;
}

const humanize = (value: string): string => value.replace(/[_-]+/g, ' ');
const byAt = (by: string | undefined, when: string | undefined): string =>
  (by ? ` by ${by}` : '') + (when ? ` at ${when}` : '');

/** The English defaults. */
export const defaultStrings: ConflictKitStrings = {
  formatTime: (ms) => {
    const date = new Date(ms);
    const today = new Date().toDateString() === date.toDateString();
    return new Intl.DateTimeFormat(undefined, today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  },
  mergeTitle: 'Resolve editing conflict',
  mergeDescription: (by, when) =>
    `Someone else${by ? ` (${by})` : ''} changed this record${when ? ` at ${when}` : ''} while you were editing. Choose what to keep for each conflict; nothing is saved until you do.`,
  progress: (resolved, total) => `${resolved} of ${total} conflicts resolved`,
  previous: 'Previous conflict',
  next: 'Next conflict',
  copyMine: 'Copy my version',
  copied: 'Copied to the clipboard',
  copyFailed: "Couldn't copy automatically: select the text below and copy it.",
  save: 'Save merged version',
  cancel: 'Cancel',
  original: 'Original',
  yourVersion: 'Your version',
  theirVersion: 'Their version',
  result: 'Result',
  keepMine: 'Keep yours',
  keepTheirs: 'Keep theirs',
  keepBoth: 'Keep both',
  useSuggestion: 'Use suggested merge',
  keepOriginal: 'Keep original',
  edit: 'Edit',
  chooseFor: (label) => `Choose for ${label}`,
  hunkLabel: (label, n, count) => `${label}, conflict ${n} of ${count}`,
  editLabel: (label) => `Your edit of ${label}`,
  invalidJson: (message) => `Not valid JSON: ${message}`,
  unresolved: 'Not resolved yet',
  absent: '(removed)',
  collapsed: (lines, merged) => `${lines} ${merged ? 'lines merged without conflict' : 'unchanged lines'}`,
  staleMessage: (by, when) => `This record changed since you opened it${byAt(by, when)}.`,
  deletedMessage: 'This record was deleted since you opened it.',
  reviewChanges: 'Review changes',
  loadLatest: 'Load latest',
  keepEditing: 'Keep editing',
  field: 'Field',
  before: 'When you opened it',
  now: 'Now',
  noChanges: 'No field differences are known yet.',
  loadingLatest: 'Loading the latest version…',
  latestUnavailable: "The latest version couldn't be loaded. Load latest to see it.",
  duplicateTitle: 'Already created',
  duplicateDescription: 'This was already created, so it was not created again.',
  existing: 'Existing:',
  viewExisting: 'View existing',
  dismiss: 'Dismiss',
  transitionTitle: (attempted) => `“${humanize(attempted)}” is no longer allowed`,
  transitionDescription: (state) =>
    state ? `This record is now ${humanize(state)}. Nothing was changed.` : "This can no longer be done from the record's current state. Nothing was changed.",
  stillAllowed: 'You can still:',
  noTransitions: 'No other actions are available.',
  transitionLabel: humanize,
  stateLabel: humanize,
  close: 'Close',
  deletedTitle: 'This record was deleted',
  deletedDescription: 'Someone deleted this record while you were editing, so your change could not be saved. Copy your draft to keep it.',
  unknownTitle: "Your change couldn't be saved",
  unknownDescription: 'The server refused the change without saying why. Copy your draft, then reload to see the current state.',
  requestId: (id) => `Request ID: ${id}`,
  copyDraft: 'Copy my draft',
  reload: 'Reload',
  noticesLabel: 'Conflict notices',
  notice: (notice, when) => {
    switch (notice.kind) {
      case 'auto-merged':
        return `Merged with changes made${byAt(notice.changedBy, when)}.`;
      case 'saved':
        return 'Saved.';
      case 'replayed':
        return 'Already saved earlier; nothing was sent twice.';
      default:
        return notice.kind satisfies never;
    }
  },
};

const StringsContext = createContext<ConflictKitStrings>(defaultStrings);

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

/** The strings in effect, with a component's own `strings` prop laid over them. */
export function useConflictKitStrings(overrides?: Partial<ConflictKitStrings>): ConflictKitStrings {
  const strings = useContext(StringsContext);
  return useMemo(() => (overrides ? { ...strings, ...overrides } : strings), [strings, overrides]);
}
