import type { DeletedConflict, DuplicateConflict, StaleConflict, TransitionConflict, UnknownConflict } from '../core/conflict';
import type { MergeChoices } from '../core/resolveMerge';
import type { RecordMergeResult } from '../core/mergeRecords';

/** What every question to the user carries. */
export interface ConflictQuestion {
  /**
   * Aborted when the write that asked stops (its page went away): close the
   * dialog; the answer is no longer awaited and the draft is kept.
   * @default undefined (the write cannot stop)
   */
  readonly signal?: AbortSignal;
}

/**
 * A stale write that needs the user: the hooks computed the three-way merge
 * and wait for a merged value or a cancel.
 */
export interface MergeRequest<T = unknown> extends ConflictQuestion {
  /** The record's registry key. */
  readonly key: string;
  /** The conflict as classified. */
  readonly conflict: StaleConflict | UnknownConflict;
  /** What the user started from. */
  readonly base: T;
  /** The user's draft. */
  readonly mine: T;
  /** What the server holds now. */
  readonly theirs: T;
  /** `mergeRecords(base, mine, theirs)`; text fields carry their hunks in `conflicts[i].text`. */
  readonly merge: RecordMergeResult<T>;
  /** Who made the change the user collided with, when known. */
  readonly changedBy?: string;
  /** When that change was made (ms since epoch), when known. */
  readonly changedAt?: number;
  /** That change was saved in another tab of this app, in this browser (its announcement named the version the user collided with). */
  readonly inOtherTab?: boolean;
  /** Choices made before a reload, so a restored dialog continues where the user was. */
  readonly initialChoices?: MergeChoices;
  /**
   * Call with the choices so far whenever they change: the hooks keep them
   * with the draft, so a reload reopens the dialog where the user was.
   */
  readonly onChoicesChange?: (choices: MergeChoices) => void;
}

/** The user's answer to a {@link MergeRequest}. */
export type MergeOutcome<T = unknown> =
  /** `choices`: what the user chose per field or hunk, counted (never their values) in the `conflict.resolved` event. */
  | { readonly action: 'save'; readonly value: T; readonly choices?: MergeChoices }
  | { readonly action: 'cancel' };

/** A create that found the thing already created: offer to adopt it. */
export interface DuplicateRequest extends ConflictQuestion {
  /** The conflict as classified (`existing` names the resource). */
  readonly conflict: DuplicateConflict;
  /** The app's page of the existing resource, when the app gave `existingHref`; `conflict.existing` is the server's URL, not a page. */
  readonly existingHref?: string;
  /** What the user tried to create (the request's body), to compare with the existing resource. */
  readonly sent?: unknown;
}

/** The user's answer to a {@link DuplicateRequest}. */
export type DuplicateOutcome = { readonly action: 'view-existing' } | { readonly action: 'dismiss' };

/** A workflow action the server refused: explain, offer what is still allowed. */
export interface TransitionRequest extends ConflictQuestion {
  /** The conflict as classified (`currentState`, `allowedTransitions`). */
  readonly conflict: TransitionConflict;
  /** The action the user attempted (never replayed). */
  readonly attempted: string;
}

/** The user's answer to a {@link TransitionRequest}: one of the allowed transitions, or nothing. */
export type TransitionOutcome = { readonly action: 'choose'; readonly to: string } | { readonly action: 'dismiss' };

/** A conflict with no automatic recovery: the record was deleted, or the server's answer was not understood. */
export interface ProblemRequest extends ConflictQuestion {
  /** The conflict as classified. */
  readonly conflict: DeletedConflict | UnknownConflict;
  /** The user's draft, offered for copying so nothing is lost. */
  readonly draft?: unknown;
}

/**
 * The user's answer to a {@link ProblemRequest}: `reload` discards the record's draft (the dialog
 * offered to copy it first) and reads the record again; `dismiss` keeps the draft.
 */
export type ProblemOutcome = { readonly action: 'reload' } | { readonly action: 'dismiss' };

/**
 * Whatever resolves conflicts for the hooks: the prebuilt dialogs, or the
 * app's own UI. Each method returns when the user has decided.
 */
export interface ConflictResolver {
  /** Asks the user to merge; resolves with the merged value to save, or cancel. */
  merge<T>(request: MergeRequest<T>): Promise<MergeOutcome<T>>;
  /** Tells the user the thing already exists; resolves when they chose. */
  duplicate(request: DuplicateRequest): Promise<DuplicateOutcome>;
  /** Explains a refused workflow action; resolves with the user's next action, if any. */
  transition(request: TransitionRequest): Promise<TransitionOutcome>;
  /** Explains a deleted record or an unreadable conflict, with a safe way out. */
  problem(request: ProblemRequest): Promise<ProblemOutcome>;
}

/** A short message for the user that needs no decision ("merged with changes by Ana at 10:42"). */
export interface ConflictNotice {
  /** Stable id, for dismissing. */
  readonly id: string;
  /** What happened. */
  readonly kind: 'auto-merged' | 'replayed';
  /** The record's registry key, when there is one. */
  readonly key?: string;
  /** Who made the other change, when known. */
  readonly changedBy?: string;
  /** When (ms since epoch), when known. */
  readonly changedAt?: number;
  /** The other change was saved in another tab of this app, in this browser. */
  readonly inOtherTab?: boolean;
  /** Pointers of the fields merged in from the other side. */
  readonly mergedPaths?: readonly string[];
}

/**
 * An open question to the user, as the provider's built-in resolver queues
 * it: render it (prebuilt dialogs or your own) and call `resolve` once.
 */
export type ConflictSession =
  | { readonly id: string; readonly type: 'merge'; readonly request: MergeRequest; readonly resolve: (outcome: MergeOutcome) => void }
  | { readonly id: string; readonly type: 'duplicate'; readonly request: DuplicateRequest; readonly resolve: (outcome: DuplicateOutcome) => void }
  | { readonly id: string; readonly type: 'transition'; readonly request: TransitionRequest; readonly resolve: (outcome: TransitionOutcome) => void }
  | { readonly id: string; readonly type: 'problem'; readonly request: ProblemRequest; readonly resolve: (outcome: ProblemOutcome) => void };
