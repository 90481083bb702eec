import type { Conflict, DeletedConflict, StaleConflict, UnknownConflict } from '../core/conflict';
import type { ReadResult } from '../core/conflictClientTypes';
import { ConflictKitError, NetworkError } from '../core/errors';
import { isSameRecordVersion, type Validator } from '../core/etag';
import { jsonEqual } from '../core/json';
import { mergeRecords, type RecordMergeOptions, type RecordMergeResult } from '../core/mergeRecords';
import type { MergeChoices } from '../core/resolveMerge';
import { compact } from '../core/readers/bodyMembers';
import { newConflictId } from '../core/telemetry/newConflictId';
import { emitConflictEvent } from './emitConflictEvent';
import type { ConflictKit } from './ConflictKitContext';
import type { NoticeInput } from './createConflictSessionStore';
import type { DraftStorage, PendingMerge } from './draftEnvelope';
import type { ConflictNotice, ConflictResolver, ProblemOutcome } from './resolver';
import { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';
import { untilStopped } from './untilStopped';

/**
 * How a guarded save ended, as the mutation's data. Failures (network, HTTP
 * errors, an unprotected write, attempts exhausted) are the mutation's error.
 */
export type SaveOutcome<T> =
  /** Saved as the user wrote it. `alreadySaved`: the server already held the edits (an earlier answer was lost), so nothing was sent again. */
  | { readonly outcome: 'saved'; readonly value: T; readonly validator: Validator; readonly alreadySaved?: true }
  /** Saved merged with someone else's change, automatically or as the user resolved it. */
  | { readonly outcome: 'merged'; readonly value: T; readonly validator: Validator; readonly by: 'auto' | 'user'; readonly notice?: ConflictNotice }
  /** Not saved: the user cancelled the merge, or the page that saved went away. The draft is kept. */
  | { readonly outcome: 'cancelled'; readonly conflict?: Conflict }
  /** Not saved: the record was deleted, or the conflict was not understood; the user was told. */
  | { readonly outcome: 'problem'; readonly conflict: DeletedConflict | UnknownConflict; readonly action: ProblemOutcome['action'] }
  /** Not saved: a conflict a save cannot recover from (such as a workflow refusal). */
  | { readonly outcome: 'refused'; readonly conflict: Conflict };

/** Everything one guarded save needs. @internal */
export interface GuardedSaveSettings {
  readonly kit: Pick<ConflictKit, 'client' | 'drafts' | 'sessions'>;
  readonly resolver: ConflictResolver;
  readonly url: string;
  /** The registry key (hashed). */
  readonly key: string;
  readonly method: 'PUT' | 'PATCH';
  readonly merge?: RecordMergeOptions | undefined;
  readonly autoMerge: boolean;
  readonly maxAttempts: number;
  /** Where the record's draft is kept, to keep it in step; `undefined` without a draft. Captured when the save starts, so a write that finishes after its form unmounted still settles it. */
  readonly draftStorage: DraftStorage | undefined;
  /** Stops the save at its next step; a write already sent still finishes and is recorded. */
  readonly signal?: AbortSignal | undefined;
  /** Reopens a merge that was open before a reload, with the choices made so far and the refused write's ids. */
  readonly resume?: PendingMerge | undefined;
}

/** Why the flow reads the record: each reason decides differently what the answer means. */
type ReadReason = 'stale' | 'precondition-required' | 'unknown' | 'resume' | 'lost';

/** The steps of the flow: write → classify → fresh read → merge or ask → write again, until an outcome. */
type Step<T> =
  | { readonly at: 'write' }
  | { readonly at: 'classify'; readonly conflict: Conflict }
  | { readonly at: 'read'; readonly why: ReadReason; readonly conflict?: Conflict; readonly failure?: unknown }
  | { readonly at: 'merge'; readonly theirs: ReadResult<T>; readonly conflict: StaleConflict | UnknownConflict }
  | { readonly at: 'ask'; readonly theirs: ReadResult<T>; readonly conflict: StaleConflict | UnknownConflict; readonly result: RecordMergeResult<T> }
  | SaveOutcome<T>;

/** What the flow carries from step to step: its settings, and what it learned so far. */
interface Run<T> extends GuardedSaveSettings {
  /** The snapshot the value is based on, and its version: what the next write names. */
  base: unknown;
  validator: Validator | undefined;
  /** What the next write sends. */
  value: T;
  writes: number;
  preconditionRetried?: true;
  mergedBy?: 'auto' | 'user';
  autoNotice?: NoticeInput | undefined;
  initialChoices?: MergeChoices | undefined;
  /** The conflict the save is recovering from (the latest of its lifecycle), for its events; `undefined` before one. */
  conflict?: Conflict;
  /** The choices of each merge dialog the user settled (`undefined` from a resolver that gives none); `undefined` before the first. */
  answers?: (MergeChoices | undefined)[];
  /** The save stopped (its page or form went away) while it waited. */
  stopped?: true;
}

/** Choices as a plain object, the form kept in the draft envelope. */
function plainChoices(choices: MergeChoices): PendingMerge['choices'] {
  return choices instanceof Map ? Object.fromEntries(choices) : { ...(choices as PendingMerge['choices']) };
}

function infoOf(run: Run<unknown>) {
  return { method: run.method, url: run.url };
}

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= 200 ? value : undefined);

/**
 * A stale conflict for a change seen by reading (after a 428, an unknown
 * 409, or a reload), with the ids of the write that was refused: the
 * conflict's, or after a reload those the draft kept (storage is read as
 * untrusted: strings only).
 */
function seenByReading<T>(run: Run<T>, refused: { readonly status?: number; readonly requestId?: unknown; readonly traceId?: unknown; readonly conflictId?: string } | undefined, theirs: ReadResult<T>): StaleConflict {
  return {
    kind: 'stale',
    status: refused?.status ?? 412,
    source: 'refetch',
    current: theirs.value,
    ...compact({
      currentETag: theirs.validator.etag,
      currentVersion: theirs.validator.version,
      requestId: stringOr(refused?.requestId),
      traceId: stringOr(refused?.traceId),
    }),
    // A change found by reading after a reload is a conflict of its own.
    conflictId: refused?.conflictId ?? newConflictId(),
    ...infoOf(run),
  };
}

/**
 * Reports how a save that met a conflict ended: settled by the kit (a clean
 * merge, a retry with the version just read, the server already holding
 * the edits) unless the user chose; cancelled (a refusal or a problem
 * included), or abandoned when the form went away while it waited.
 */
function finish<T>(run: Run<T>, outcome: SaveOutcome<T>): SaveOutcome<T> {
  const { conflict, answers } = run;
  const done = outcome.outcome === 'saved' || outcome.outcome === 'merged';
  const how = !done ? (run.stopped ? 'abandoned-draft' : 'cancelled') : answers ? 'chosen' : 'auto-merged';
  if (conflict) emitConflictEvent(run.kit.client, conflict, { type: 'conflict.resolved', outcome: how, answers });
  return outcome;
}

const unchanged = <T,>(run: Run<T>, theirs: ReadResult<T>): boolean => isSameRecordVersion(run.validator ?? {}, run.base, theirs.validator, theirs.value);

/** The server holds everything the user wrote: nothing needs sending (an earlier answer was lost, or they made the same change). */
function holdsMine<T>(run: Run<T>, theirs: ReadResult<T>, result = mergeRecords<T>(run.base as T, run.value, theirs.value, run.merge)): boolean {
  return result.clean && jsonEqual(result.value, theirs.value);
}

/** Theirs is what this save's edits are based on from now on. */
function adopt<T>(run: Run<T>, theirs: ReadResult<T>): void {
  run.base = theirs.value;
  run.validator = theirs.validator;
}

/** The server already holds the user's edits: what it holds is the record now, and nothing is sent. */
function alreadyHeld<T>(run: Run<T>, theirs: ReadResult<T>): Step<T> {
  run.kit.client.registry.record(run.key, { validator: theirs.validator, base: theirs.value });
  adopt(run, theirs);
  return saved(run, theirs, true);
}

function saved<T>(run: Run<T>, result: ReadResult<T>, alreadySaved: boolean): Step<T> {
  const { kit, key, draftStorage } = run;
  if (draftStorage) kit.drafts.settle(key, draftStorage, run.value, result);
  const { value, validator } = result;
  if (alreadySaved || !run.mergedBy) return { outcome: 'saved', value, validator, ...(alreadySaved ? { alreadySaved } : {}) };
  const notice = run.autoNotice && kit.sessions.notify(run.autoNotice);
  return { outcome: 'merged', value, validator, by: run.mergedBy, ...compact({ notice }) };
}

async function write<T>(run: Run<T>): Promise<Step<T>> {
  const { kit, url, key, method } = run;
  run.writes += 1;
  if (run.conflict) emitConflictEvent(kit.client, run.conflict, { type: 'save.retried', attempt: run.writes });
  try {
    const result = await kit.client.save<T>(url, run.value, { key, method, ...compact({ conflictId: run.conflict?.conflictId, base: run.base, validator: run.validator }) });
    return result.ok ? saved(run, result, false) : { at: 'classify', conflict: result.conflict };
  } catch (error) {
    // The write may have reached the server and only its answer was lost: look before reporting it failed.
    if (error instanceof NetworkError) return { at: 'read', why: 'lost', failure: error };
    throw error;
  }
}

async function classify<T>(run: Run<T>, conflict: Conflict): Promise<Step<T>> {
  run.conflict = conflict;
  switch (conflict.kind) {
    case 'stale': {
      const strong = conflict.currentETag && !conflict.currentETag.weak ? conflict.currentETag : undefined;
      if (conflict.current === undefined || !strong) return { at: 'read', why: 'stale', conflict };
      // Theirs came with the conflict (its body and a strong ETag): no read needed.
      const validator: Validator = compact({ etag: strong, version: conflict.currentVersion });
      return { at: 'merge', theirs: { value: conflict.current as T, validator }, conflict };
    }
    case 'precondition-required':
    case 'unknown':
      return { at: 'read', why: conflict.kind, conflict };
    case 'deleted':
      return await explain(run, conflict);
    case 'duplicate':
    case 'transition':
    case 'idempotency-in-flight':
    case 'idempotency-mismatch':
      return { outcome: 'refused', conflict };
    default:
      return conflict satisfies never;
  }
}

/**
 * Asks the resolver and waits for the user's answer, the record marked as
 * waiting meanwhile; `undefined` when the save stopped first.
 */
async function answerOf<A>(run: Run<unknown>, ask: () => Promise<A>): Promise<A | undefined> {
  const done = run.kit.sessions.wait(run.key);
  const answer = await untilStopped(ask(), run.signal).finally(done);
  if (answer === undefined) run.stopped = true;
  return answer;
}

async function explain<T>(run: Run<T>, conflict: DeletedConflict | UnknownConflict): Promise<SaveOutcome<T>> {
  const { signal } = run;
  const answer = await answerOf(run, () => run.resolver.problem({ conflict, draft: run.value, ...(signal ? { signal } : {}) }));
  return answer === undefined ? { outcome: 'cancelled', conflict } : { outcome: 'problem', conflict, action: answer.action };
}

async function read<T>(run: Run<T>, step: Extract<Step<T>, { at: 'read' }>): Promise<Step<T>> {
  const { kit, url, key } = run;
  let theirs: ReadResult<T>;
  try {
    // Fresh: what the server holds now, even if an event reached the registry while the read was out.
    theirs = await kit.client.read<T>(url, { key, keepBase: true, fresh: true });
  } catch (error) {
    throw step.why === 'lost' ? step.failure : error;
  }
  if (step.why === 'lost') {
    if (!holdsMine(run, theirs)) throw step.failure;
    return alreadyHeld(run, theirs);
  }
  // DESIGN: a record changed since the version the write named means the write was stale.
  if (step.why === 'stale' || !unchanged(run, theirs)) {
    // Seen by reading (after a 428 or a reload), the change is a stale conflict of its own.
    const seen = step.why === 'stale' || step.why === 'unknown' ? step.conflict : seenByReading(run, step.conflict ?? run.resume, theirs);
    return { at: 'merge', theirs, conflict: seen as StaleConflict | UnknownConflict };
  }
  switch (step.why) {
    case 'resume':
      if (run.draftStorage) kit.drafts.setPendingMerge(key, run.draftStorage, undefined);
      return { outcome: 'cancelled' };
    case 'precondition-required':
      // RFC 6585 §3: the server wants a precondition; retry once with the version just read.
      if (run.preconditionRetried) {
        throw new ConflictKitError(
          'The server still answered 428 Precondition Required to a write that carried the current version; check that If-Match (or the version field) reaches it through proxies.',
          infoOf(run),
        );
      }
      run.preconditionRetried = true;
      run.writes -= 1;
      run.validator = theirs.validator;
      return { at: 'write' };
    case 'unknown':
      // Unchanged: explain, with the requestId.
      return explain(run, step.conflict as UnknownConflict);
    default:
      return step.why satisfies never;
  }
}

/** Who made the change the user collided with: the answer's own authorship, else what an event said. */
function changeOf<T>(run: Run<T>, value: unknown): { changedBy?: string; changedAt?: number } {
  const { client } = run.kit;
  const seen = client.registry.get(run.key);
  const read = client.changeOf(value);
  return compact({ changedBy: read.changedBy ?? seen?.changedBy, changedAt: read.changedAt ?? seen?.changedAt });
}

/** Out of attempts: the record kept changing, unless the server still holds the very version it refused. */
function exhausted<T>(run: Run<T>, theirs: ReadResult<T>): Error {
  if (!unchanged(run, theirs)) return new SaveAttemptsExhaustedError(run.writes, infoOf(run));
  return new ConflictKitError(
    `The server refused ${run.writes} saves as out of date, yet still serves the version they were based on: a proxy may rewrite ETags (adding "-gzip"), or reads come from a lagging cache or replica.`,
    infoOf(run),
  );
}

function merge<T>(run: Run<T>, step: Extract<Step<T>, { at: 'merge' }>): Step<T> {
  const { theirs } = step;
  if (run.writes >= run.maxAttempts) throw exhausted(run, theirs);
  run.conflict = step.conflict;
  const result = mergeRecords<T>(run.base as T, run.value, theirs.value, run.merge);
  if (holdsMine(run, theirs, result)) return alreadyHeld(run, theirs);
  if (!result.clean || !run.autoMerge) return { at: 'ask', theirs, conflict: step.conflict, result };
  const mergedPaths = result.autoMerged.filter((path) => path.from !== 'mine').map((path) => path.pointer);
  emitConflictEvent(run.kit.client, step.conflict, { type: 'conflict.auto-merged', merged: result.autoMerged, ignore: run.merge?.ignore });
  rebase(run, result.value, theirs);
  run.mergedBy = 'auto';
  run.autoNotice = { kind: 'auto-merged', key: run.key, ...changeOf(run, theirs.value), mergedPaths };
  return { at: 'write' };
}

async function ask<T>(run: Run<T>, step: Extract<Step<T>, { at: 'ask' }>): Promise<Step<T>> {
  const { kit, key, resolver, signal, draftStorage } = run;
  const { theirs, conflict, result } = step;
  const submitted = run.value;
  const supportIds = compact({ requestId: conflict.requestId, traceId: conflict.traceId });
  const keep = (choices: MergeChoices): void => {
    if (draftStorage) kit.drafts.setPendingMerge(key, draftStorage, { choices: plainChoices(choices), ...supportIds }, submitted);
  };
  keep(run.initialChoices ?? {});
  const initialChoices = run.initialChoices;
  run.initialChoices = undefined;
  const answer = await answerOf(run, () =>
    resolver.merge<T>({
      key,
      conflict,
      base: run.base as T,
      mine: submitted,
      theirs: theirs.value,
      merge: result,
      ...changeOf(run, theirs.value),
      onChoicesChange: keep,
      ...compact({ initialChoices, signal }),
    }),
  );
  // Stopped (the page went away): the open merge stays with the draft, to reopen when the form comes back.
  if (answer === undefined) return { outcome: 'cancelled', conflict };
  if (answer.action === 'cancel') {
    if (draftStorage) kit.drafts.setPendingMerge(key, draftStorage, undefined);
    return { outcome: 'cancelled', conflict };
  }
  // Copied: a resolver of the app's own may reuse one Map across dialogs.
  (run.answers ??= []).push(answer.choices && plainChoices(answer.choices));
  rebase(run, answer.value, theirs);
  run.mergedBy = 'user';
  run.autoNotice = undefined;
  return { at: 'write' };
}

/**
 * The merged value is what the next write sends, on theirs as the base. The
 * registry keeps the version the page shows (marked stale by the read) until
 * that write succeeds: should it fail, the form still holds the user's value,
 * made from the old version, and saving it again must merge again.
 */
function rebase<T>(run: Run<T>, merged: T, theirs: ReadResult<T>): void {
  const { kit, key, draftStorage } = run;
  if (draftStorage) kit.drafts.rebase(key, draftStorage, merged, theirs, run.value);
  adopt(run, theirs);
  run.value = merged;
}

/** What the draft was made from: its own base and version when it has them (the source of truth), else the registry's entry. */
function startingPoint(settings: GuardedSaveSettings): { base: unknown; validator: Validator | undefined } {
  const own = settings.draftStorage ? settings.kit.drafts.draftBase(settings.key, settings.draftStorage) : undefined;
  if (own) return own;
  const entry = settings.kit.client.registry.get(settings.key);
  return { base: entry?.base, validator: entry?.validator };
}

/**
 * Saves a value under a precondition and recovers from conflicts, as a state
 * machine: write → classify the conflict → read what the server holds now →
 * merge three ways against the base the user started from (saving a clean
 * merge, or asking the resolver) → write again, at most `maxAttempts` writes.
 * A write whose answer is lost is checked by a read before it is reported
 * failed. Stops at its next step when `signal` aborts. Throws real failures.
 * @internal
 */
export async function runGuardedSave<T>(settings: GuardedSaveSettings, value: T): Promise<SaveOutcome<T>> {
  const run: Run<T> = {
    ...settings,
    ...startingPoint(settings),
    value,
    writes: 0,
    initialChoices: settings.resume?.choices,
  };
  let step: Step<T> = settings.resume ? { at: 'read', why: 'resume' } : { at: 'write' };
  for (;;) {
    if ('outcome' in step) return finish(run, step);
    // A stopped save takes no further step; what a write already sent was recorded by the write step.
    if (settings.signal?.aborted) {
      run.stopped = true;
      return finish(run, { outcome: 'cancelled', ...(step.at === 'classify' || step.at === 'merge' || step.at === 'ask' ? { conflict: step.conflict } : {}) });
    }
    switch (step.at) {
      case 'write':
        step = await write(run);
        break;
      case 'classify':
        step = await classify(run, step.conflict);
        break;
      case 'read':
        step = await read(run, step);
        break;
      case 'merge':
        step = merge(run, step);
        break;
      case 'ask':
        step = await ask(run, step);
        break;
      default:
        return step satisfies never;
    }
  }
}
