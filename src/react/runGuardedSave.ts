import { ConflictKitError } from '../core/errors';
import type { RecordMergeOptions } from '../core/mergeRecords';
import { isSameRecordVersion, type Validator } from '../core/etag';
import { readChangeInfo } from '../core/readChangeInfo';
import type { Conflict, DeletedConflict, StaleConflict, UnknownConflict } from '../core/conflict';
import type { ConflictClient, ReadResult } from '../core/conflictClientTypes';
import type { MergeChoices } from '../core/resolveMerge';
import type { NoticeInput } from './createConflictSessionStore';
import type { PendingMerge } from './draftEnvelope';
import type { ConflictNotice, ConflictResolver, ProblemOutcome } from './resolver';
import { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';

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
  rebase(draft: T, base: unknown, validator: Validator): void;
  /** May finish asynchronously (a rebase loads the merge engine); the save waits for it. */
  settle(submitted: T, saved: { readonly value: T; readonly validator: Validator }): void | Promise<void>;
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

interface Pending<T> {
  readonly theirs: ReadResult<T>;
  readonly conflict: StaleConflict | UnknownConflict;
}

/** Choices as a plain object, the form kept in the draft envelope. */
function plainChoices(choices: MergeChoices): PendingMerge['choices'] {
  return choices instanceof Map ? Object.fromEntries(choices) : { ...(choices as PendingMerge['choices']) };
}

/** A stale conflict for a change seen by refetching (after a 428, an unknown 409, or a reload). */
function seenByRefetch<T>(conflict: Conflict | undefined, theirs: ReadResult<T>, info: { method: string; url: string }): StaleConflict {
  return {
    kind: 'stale',
    status: conflict?.status ?? 412,
    source: 'refetch',
    current: theirs.value,
    ...(theirs.validator.etag ? { currentETag: theirs.validator.etag } : {}),
    ...(theirs.validator.version !== undefined ? { currentVersion: theirs.validator.version } : {}),
    ...(conflict?.requestId !== undefined ? { requestId: conflict.requestId } : {}),
    ...info,
  };
}

/**
 * Saves a draft under a precondition and recovers from stale writes: takes
 * theirs, merges three ways against the base the user started from, saves a
 * clean merge (or asks the resolver), and loops at most `maxAttempts` writes.
 * Never throws: failures come back as `{ status: 'error' }`.
 */
export async function runGuardedSave<T>(ctx: GuardedSaveContext<T>, mine: T, resume?: ResumeMerge): Promise<SaveOutcome<T>> {
  const { client, key, url, method } = ctx;
  const info = { method, url };
  const registry = client.registry;
  const entry = registry.get(key);
  let base: unknown = entry?.base;
  let validator: Validator | undefined = entry?.validator;
  let current = mine;
  let writes = 0;
  let preconditionRetried = false;
  let autoMerged: NoticeInput | undefined;
  let merged = false;
  let initialChoices = resume?.initialChoices;

  const readCurrent = () => client.read<T>(url, { key, keepBase: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const unchanged = (theirs: ReadResult<T>): boolean => isSameRecordVersion(validator ?? {}, base, theirs.validator, theirs.value);
  const changeOf = (value: unknown): { changedBy?: string; changedAt?: number } => {
    const seen = registry.get(key);
    const read = readChangeInfo(value);
    const by = read.changedBy ?? seen?.changedBy;
    const at = read.changedAt ?? seen?.changedAt;
    return { ...(by !== undefined ? { changedBy: by } : {}), ...(at !== undefined ? { changedAt: at } : {}) };
  };

  try {
    let pending: Pending<T> | undefined;
    if (resume) {
      const theirs = await readCurrent();
      if (unchanged(theirs)) {
        ctx.draft?.setPendingMerge(undefined);
        return { status: 'cancelled' };
      }
      pending = { theirs, conflict: seenByRefetch(undefined, theirs, info) };
    }
    for (;;) {
      if (!pending) {
        ctx.onPhase?.('saving');
        writes += 1;
        const result = await client.save<T>(url, current, {
          key,
          method,
          ...(base !== undefined ? { base } : {}),
          ...(validator ? { validator } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        if (result.ok) {
          await ctx.draft?.settle(current, result);
          const notice = autoMerged ? ctx.notify(autoMerged) : undefined;
          return { status: 'saved', value: result.value, validator: result.validator, merged, ...(notice ? { notice } : {}) };
        }
        const conflict = result.conflict;
        switch (conflict.kind) {
          case 'stale': {
            const strong = conflict.currentETag && !conflict.currentETag.weak ? conflict.currentETag : undefined;
            const theirs: ReadResult<T> =
              conflict.current !== undefined && strong
                ? {
                    value: conflict.current as T,
                    validator: { etag: strong, ...(conflict.currentVersion !== undefined ? { version: conflict.currentVersion } : {}) },
                  }
                : await readCurrent();
            pending = { theirs, conflict };
            break;
          }
          case 'precondition-required': {
            // RFC 6585 §3: fetch the validator; retry once only if nothing changed, else it is a stale write.
            const theirs = await readCurrent();
            if (unchanged(theirs)) {
              if (preconditionRetried) {
                return {
                  status: 'error',
                  error: new ConflictKitError(
                    'The server still answered 428 Precondition Required to a write that carried the current version; check that If-Match (or the version field) reaches it through proxies.',
                    info,
                  ),
                };
              }
              preconditionRetried = true;
              writes -= 1;
              validator = theirs.validator;
              continue;
            }
            pending = { theirs, conflict: seenByRefetch(conflict, theirs, info) };
            break;
          }
          case 'unknown': {
            // DESIGN: refetch; a changed record means a stale write, otherwise explain with the requestId.
            const theirs = await readCurrent();
            if (unchanged(theirs)) {
              const answer = await ctx.resolver.problem({ conflict, draft: current });
              return { status: 'problem', conflict, action: answer.action };
            }
            pending = { theirs, conflict };
            break;
          }
          case 'deleted': {
            const answer = await ctx.resolver.problem({ conflict, draft: current });
            return { status: 'problem', conflict, action: answer.action };
          }
          case 'duplicate':
          case 'transition':
          case 'idempotency-in-flight':
          case 'idempotency-mismatch':
            return { status: 'conflict', conflict };
          default:
            conflict satisfies never;
            return { status: 'conflict', conflict };
        }
      }
      if (writes >= ctx.maxAttempts) return { status: 'error', error: new SaveAttemptsExhaustedError(writes, info) };

      const { theirs, conflict } = pending;
      pending = undefined;
      // The merge engine loads on the first stale write, not with the hooks.
      const { mergeRecords } = await import('../core/mergeRecords');
      const result = mergeRecords<T>(base as T, current, theirs.value, ctx.merge);
      const change = changeOf(theirs.value);
      let next: T;
      if (result.clean && ctx.autoMerge) {
        next = result.value as T;
        const mergedPaths = result.autoMerged.filter((path) => path.from !== 'mine').map((path) => path.pointer);
        autoMerged = { kind: 'auto-merged', key, ...change, mergedPaths };
      } else {
        ctx.onPhase?.('resolving');
        ctx.draft?.setPendingMerge({ choices: initialChoices ? plainChoices(initialChoices) : {} }, current);
        const outcome = await ctx.resolver.merge<T>({
          key,
          conflict,
          base: base as T,
          mine: current,
          theirs: theirs.value,
          merge: result,
          ...change,
          ...(initialChoices ? { initialChoices } : {}),
          onChoicesChange: (choices) =>
            ctx.draft?.setPendingMerge({ choices: plainChoices(choices) }, current),
        });
        initialChoices = undefined;
        if (outcome.action === 'cancel') {
          ctx.draft?.setPendingMerge(undefined);
          return { status: 'cancelled', conflict };
        }
        next = outcome.value;
        autoMerged = undefined;
      }
      // Theirs is the version the merge is based on now: the next write must name it.
      registry.record(key, { validator: theirs.validator, base: theirs.value });
      ctx.draft?.rebase(next, theirs.value, theirs.validator);
      base = theirs.value;
      validator = theirs.validator;
      current = next;
      merged = true;
    }
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), info) };
  }
}
