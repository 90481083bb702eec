import { ConflictKitError } from '../core/errors';
import { mergeRecords } from '../core/mergeRecords';
import { isSameRecordVersion, type Validator } from '../core/etag';
import { readChangeInfo } from '../core/readChangeInfo';
import type { Conflict, StaleConflict, UnknownConflict } from '../core/conflict';
import type { ReadResult } from '../core/conflictClientTypes';
import type { MergeChoices } from '../core/resolveMerge';
import type { NoticeInput } from './createConflictSessionStore';
import type { PendingMerge } from './draftEnvelope';
import { startingPoint, writeDraft, type FirstWrite, type GuardedSaveContext, type ResumeMerge, type SaveOutcome } from './runGuardedSave';
import { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';

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
 * The recovery half of {@link runGuardedSave}, loaded with the merge engine on
 * the first conflict (or when a merge open before a reload resumes): takes
 * theirs, merges three ways against the base the user started from, saves a
 * clean merge (or asks the resolver), and loops at most `maxAttempts` writes.
 * `first` is the first write and the conflict it got. Never throws.
 * @internal
 */
export async function recoverGuardedSave<T>(
  ctx: GuardedSaveContext<T>,
  mine: T,
  resume: ResumeMerge | undefined,
  first: FirstWrite | undefined,
): Promise<SaveOutcome<T>> {
  const { client, key, url, method } = ctx;
  const info = { method, url };
  const registry = client.registry;
  // The first write's base and validator (its conflict may already have marked the entry stale), else the draft's.
  const start = first ?? startingPoint(ctx);
  let base: unknown = start.base;
  let validator: Validator | undefined = start.validator;
  let current = mine;
  // The first write already happened when it came back with a conflict.
  let writes = first ? 1 : 0;
  let firstConflict = first?.conflict;
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
        let conflict: Conflict;
        if (firstConflict) {
          conflict = firstConflict;
          firstConflict = undefined;
        } else {
          ctx.onPhase?.('saving');
          writes += 1;
          const result = await writeDraft(ctx, current, base, validator);
          if (result.ok) {
            await ctx.draft?.settle(current, result);
            const notice = autoMerged ? ctx.notify(autoMerged) : undefined;
            return { status: 'saved', value: result.value, validator: result.validator, merged, ...(notice ? { notice } : {}) };
          }
          conflict = result.conflict;
        }
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
      // Edits typed while this write and merge were in flight are replayed onto `next`, never dropped.
      await ctx.draft?.rebase(next, theirs.value, theirs.validator, current);
      base = theirs.value;
      validator = theirs.validator;
      current = next;
      merged = true;
    }
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), info) };
  }
}
