import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { JsonPathSegment } from '../core/jsonPath';
import type { ConflictNotice } from '../react/resolver';

/**
 * Every user-facing string of the prebuilt UI; functions build the
 * interpolated ones. Written for a busy person who is not technical: what
 * happened to their work and what they can do, never HTTP details (those go
 * to the "Details for support" disclosure and the console).
 */
export interface ConflictKitStrings {
  /** Formats a moment (ms since epoch) for people: the time today, else date and time. */
  readonly formatTime: (ms: number) => string;
  /** Formats a calendar date (midnight UTC, ms since epoch) for people. */
  readonly formatDate: (ms: number) => string;
  /** A person's name from the id a server reports (`operator-b` → "Operator B"); every message that names someone goes through it. */
  readonly personName: (id: string) => string;
  /**
   * A field's name as the app's form shows it, from its path (`['address', 'city']`);
   * the dialogs, the review and the notices name fields through it unless a
   * component's own `label` prop says otherwise. The default reads the keys:
   * `first` → "First", `/address/city` → "Address › City".
   */
  readonly fieldLabel: (path: readonly JsonPathSegment[]) => string;
  /** The merge dialog's title; keep "conflict" in it: it is the dialog's accessible name. */
  readonly mergeTitle: string;
  /** Who changed the record and when (both already formatted), and what to do; `inOtherTab`: it was saved in another tab of this app. */
  readonly mergeDescription: (changedBy: string | undefined, when: string | undefined, inOtherTab?: boolean) => string;
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
  /** Shown under the choices and read as the description of "Keep both": your text and theirs, one after the other. */
  readonly keepBothHint: string;
  readonly useSuggestion: string;
  /** Shown under the choices and read as the description of the suggestion: both sets of changes applied to one text. */
  readonly useSuggestionHint: string;
  readonly keepOriginal: string;
  readonly edit: string;
  /** @deprecated Not shown anywhere; kept so existing overrides still type-check. */
  readonly chooseFor: (label: string) => string;
  readonly hunkLabel: (label: string, n: number, count: number) => string;
  readonly editLabel: (label: string) => string;
  readonly invalidJson: (message: string) => string;
  readonly unresolved: string;
  /** A value that is not there (a removed field, a side that deleted it). */
  readonly absent: string;
  /** An empty value (`null` or an empty text). */
  readonly empty: string;
  /** A folded run of a text: its line count, and whether some of its lines (perhaps only those left in view) came from a change merged without conflict. */
  readonly collapsed: (lines: number, merged: boolean) => string;
  /** The stale banner: who changed the record and when (both already formatted), after the user opened it; `inOtherTab`: it was saved in another tab of this app. */
  readonly staleMessage: (changedBy: string | undefined, when: string | undefined, inOtherTab?: boolean) => string;
  readonly deletedMessage: string;
  readonly reviewChanges: string;
  readonly loadLatest: string;
  readonly keepEditing: string;
  /** The stale banner, after Load latest on a record with unsaved edits: what loading would cost (Keep editing is the safe answer). */
  readonly discardWarning: string;
  /** The stale banner's answer to {@link ConflictKitStrings.discardWarning} that throws the edits away and loads the latest version. */
  readonly discardChanges: string;
  /** The stale banner's review: the column of field names. */
  readonly field: string;
  /** The review's column of values the page's copy has: as opened, or as the user last saved them. */
  readonly before: string;
  /** The review's column of the server's values now. */
  readonly now: string;
  readonly noChanges: string;
  /** Shown in the review while the latest version is being fetched. */
  readonly loadingLatest: string;
  /** Shown in the review when the latest version could not be fetched. */
  readonly latestUnavailable: string;
  /** The duplicate prompt's title; keep "already created" in it: it is the dialog's accessible name. */
  readonly duplicateTitle: string;
  /** That this person's request created nothing. */
  readonly duplicateDescription: string;
  /** The server's own words about the duplicate (problem+json `detail` or `title`, a JSON `message`), quoted: they are the server's, shown as text. */
  readonly duplicateServerSaid: (message: string) => string;
  /** Leads the name of (and link to) the record that exists. */
  readonly existing: string;
  /** Who created the existing record and when (both already formatted); '' when neither is known. */
  readonly duplicateCreated: (createdBy: string | undefined, when: string | undefined) => string;
  /** Heads the comparison of what the person entered with the existing record. */
  readonly duplicateDiffers: string;
  /** Said instead when what they entered matches the existing record. */
  readonly duplicateMatches: string;
  /** Column of the comparison: what this person entered. */
  readonly youEntered: string;
  /** Column of the comparison: what the existing record holds. */
  readonly existingValue: string;
  readonly viewExisting: string;
  readonly dismiss: string;
  /**
   * The transition dialog's title; `attempted` may name a verb (`cancel`) or a
   * target state (`cancelled`), so the default reads well with either. Keep
   * "can't" or "no longer" in it: it is the dialog's accessible name.
   */
  readonly transitionTitle: (attempted: string) => string;
  /**
   * The transition dialog's description: the record's state now (through
   * `stateLabel`), and who changed it and when, when known (already formatted).
   */
  readonly transitionDescription: (currentState: string | undefined, changedBy: string | undefined, when: string | undefined) => string;
  /** The title when the record is already where the user wanted it (through `stateLabel`): their goal is met. */
  readonly transitionDoneTitle: (state: string) => string;
  /** Its description: who got there first and when, when known (already formatted). */
  readonly transitionDoneDescription: (changedBy: string | undefined, when: string | undefined) => string;
  readonly stillAllowed: string;
  readonly noTransitions: string;
  readonly transitionLabel: (to: string) => string;
  readonly stateLabel: (state: string) => string;
  /** Asks before a destructive step (`label` through `transitionLabel`, e.g. "Cancel order"). */
  readonly confirmTransition: (label: string) => string;
  /** Backs out of that step, leaving the record as it is. */
  readonly confirmBack: string;
  readonly close: string;
  readonly deletedTitle: string;
  readonly deletedDescription: string;
  readonly unknownTitle: string;
  /** Why an unclassified conflict was refused, when the server gave no words for people (nothing, or only a reason code). */
  readonly unknownDescription: string;
  /**
   * The same, with the server's own words for people (problem+json `detail` or `title`, a JSON `message`),
   * quoted: they are the server's, shown as text.
   */
  readonly serverSaid: (message: string) => string;
  /** Under a deleted or unclassified conflict with the user's version: copy it first, because "Reload" discards it. */
  readonly reloadDiscards: string;
  /** The disclosure that holds what support needs (request id, reason code, the server's own words). */
  readonly supportDetails: string;
  readonly requestId: (id: string) => string;
  /** The trace id of the write (W3C Trace Context), for support to find it in traces and logs. */
  readonly traceId: (id: string) => string;
  /** The server's machine-readable reason, for support. */
  readonly reasonCode: (reason: string) => string;
  /** The server's own explanation, for support (it may name technical details). */
  readonly serverMessage: (message: string) => string;
  readonly copyDraft: string;
  readonly reload: string;
  readonly noticesLabel: string;
  /**
   * A notice: `notice.changedBy` already through `personName`, `when`
   * already formatted, `fields` the merged fields' labels (an auto-merge's
   * `mergedPaths`, named for people).
   */
  readonly notice: (notice: ConflictNotice, when: string | undefined, fields: readonly string[]) => string;
}

/** The overrides in effect; components lay them over their own defaults. */
/** The providers' overrides, merged from the outermost in. @internal */
export const StringsContext = createContext<Partial<ConflictKitStrings>>({});

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
