import { ConflictKitError, RecoveryUnavailableError } from '../core/errors';
import type { RecordMergeOptions } from '../core/mergeRecords';
import type { Validator } from '../core/etag';
import type { Conflict, DeletedConflict, UnknownConflict } from '../core/conflict';
import type { ConflictClient, SaveResult } from '../core/conflictClientTypes';
import type { MergeChoices } from '../core/resolveMerge';
import type { NoticeInput } from './createConflictSessionStore';
import type { PendingMerge } from './draftEnvelope';
import type { ConflictNotice, ConflictResolver, ProblemOutcome } from './resolver';

/** How a guarded save ended. Conflicts the user settled are outcomes; failures carry their error. */
export type SaveOutcome<T> =
  | {
      readonly status: 'saved';
      readonly value: T;
      readonly validator: Validator;
      /** Whether the saved value is a merge with someone else's change. */
      readonly merged: boolean;
      /** The notice pushed for an automatic merge. */
      readonly notice?: ConflictNotice;
    }
  /** The user cancelled the merge; the draft is kept. */
  | { readonly status: 'cancelled'; readonly conflict?: Conflict }
  /** The record was deleted or the conflict was not understood; the user was told. */
  | { readonly status: 'problem'; readonly conflict: DeletedConflict | UnknownConflict; readonly action: ProblemOutcome['action'] }
  /** A conflict a save cannot recover from (such as a workflow refusal); nothing was written. */
  | { readonly status: 'conflict'; readonly conflict: Conflict }
  /** A failure (network, HTTP error, unprotected write, attempts exhausted); the draft is kept. */
  | { readonly status: 'error'; readonly error: Error };

/** What the guarded save tells the draft, so a reload loses nothing. */
export interface SaveDraftHooks<T> {
  setPendingMerge(pending: PendingMerge | undefined, draft?: T): void;
  /** `submitted` is the draft that went into the merge; edits made since are replayed onto `draft`. May finish asynchronously. */
  rebase(draft: T, base: unknown, validator: Validator, submitted?: T): void | Promise<void>;
  /** May finish asynchronously (a rebase loads the merge engine); the save waits for it. */
  settle(submitted: T, saved: { readonly value: T; readonly validator: Validator }): void | Promise<void>;
  /**
   * The snapshot and version the draft was made from. When given, the first
   * write names them instead of the registry's entry, which a read may have
   * moved under the draft: a save can never succeed against a version the user never saw.
   */
  draftBase?(): { readonly base: unknown; readonly validator: Validator } | undefined;
}

/** Everything {@link runGuardedSave} needs. */
export interface GuardedSaveContext<T> {
  readonly client: ConflictClient;
  readonly resolver: ConflictResolver;
  readonly url: string;
  /** The hashed registry key. */
  readonly key: string;
  readonly method: 'PUT' | 'PATCH';
  readonly merge?: RecordMergeOptions;
  readonly autoMerge: boolean;
  readonly maxAttempts: number;
  readonly notify: (notice: NoticeInput) => ConflictNotice;
  readonly draft?: SaveDraftHooks<T>;
  /** Called when the save waits for the user (`'resolving'`) or writes (`'saving'`). */
  readonly onPhase?: (phase: 'saving' | 'resolving') => void;
  readonly signal?: AbortSignal;
}

/** Resumes a merge that was open before a reload. */
export interface ResumeMerge {
  readonly initialChoices: MergeChoices;
}

/**
 * The first write of a guarded save and the conflict it got.
 * @internal
 */
export interface FirstWrite {
  readonly conflict: Conflict;
  readonly base: unknown;
  readonly validator: Validator | undefined;
}

/**
 * One guarded write of the draft, against the base and validator it was made from.
 * @internal
 */
export function writeDraft<T>(ctx: GuardedSaveContext<T>, value: T, base: unknown, validator: Validator | undefined): Promise<SaveResult<T>> {
  return ctx.client.save<T>(ctx.url, value, {
    key: ctx.key,
    method: ctx.method,
    ...(base !== undefined ? { base } : {}),
    ...(validator ? { validator } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

/**
 * What the draft was made from: the draft's own base and version when it has
 * them (the source of truth), else the registry's entry.
 * @internal
 */
export function startingPoint<T>(ctx: GuardedSaveContext<T>): { base: unknown; validator: Validator | undefined } {
  const own = ctx.draft?.draftBase?.();
  if (own) return own;
  const entry = ctx.client.registry.get(ctx.key);
  return { base: entry?.base, validator: entry?.validator };
}

/**
 * Saves a draft under a precondition and recovers from stale writes: takes
 * theirs, merges three ways against the base the user started from, saves a
 * clean merge (or asks the resolver), and loops at most `maxAttempts` writes.
 * The first write runs here; the recovery loads with the merge engine on the
 * first conflict. Never throws: failures come back as `{ status: 'error' }`.
 */
export async function runGuardedSave<T>(ctx: GuardedSaveContext<T>, mine: T, resume?: ResumeMerge): Promise<SaveOutcome<T>> {
  const info = { method: ctx.method, url: ctx.url };
  try {
    let first: FirstWrite | undefined;
    if (!resume) {
      const { base, validator } = startingPoint(ctx);
      ctx.onPhase?.('saving');
      const result = await writeDraft(ctx, mine, base, validator);
      if (result.ok) {
        await ctx.draft?.settle(mine, result);
        return { status: 'saved', value: result.value, validator: result.validator, merged: false };
      }
      first = { conflict: result.conflict, base, validator };
    }
    const { recoverGuardedSave } = await import('./recoverGuardedSave').catch((cause: unknown) => {
      throw new RecoveryUnavailableError(info, cause);
    });
    return await recoverGuardedSave(ctx, mine, resume, first);
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), info) };
  }
}
