import type { Conflict, DeletedConflict, StaleConflict, UnknownConflict } from '../core/conflict';
import type { ReadResult } from '../core/conflictClientTypes';
import { isDev } from '../core/devWarning';
import { ConflictKitError, HttpError, NetworkError } from '../core/errors';
import { hasVersion, isSameRecordVersion, sameVersion, type Validator } from '../core/etag';
import { jsonEqual } from '../core/json';
import { mergeRecords, type RecordMergeOptions, type RecordMergeResult } from '../core/mergeRecords';
import type { MergeChoices } from '../core/resolveMerge';
import { compact } from '../core/readers/bodyMembers';
import { readTime } from '../core/readChangeInfo';
import { markChanged } from '../core/remoteChange';
import { newConflictId } from '../core/telemetry/newConflictId';
import { emitConflictEvent } from './emitConflictEvent';
import type { ConflictKit } from './ConflictKitContext';
import type { NoticeInput } from './createConflictSessionStore';
import { fromStoredVersion, reopens, toStoredVersion, type DraftStorage, type PendingMerge, type StoredVersion } from './draftEnvelope';
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
type ReadReason = 'stale' | 'precondition-required' | 'unknown' | 'resume' | 'lost' | 'unversioned';

/** The steps of the flow: write → classify → fresh read → merge or ask → write again, until an outcome. */
type Step<T> =
  | { readonly at: 'write' }
  | { readonly at: 'classify'; readonly conflict: Conflict }
  | { readonly at: 'read'; readonly why: ReadReason; readonly conflict?: Conflict; readonly failure?: unknown }
  | { readonly at: 'merge'; readonly theirs: ReadResult<T>; readonly conflict: StaleConflict | UnknownConflict }
  | { readonly at: 'ask'; readonly theirs: ReadResult<T>; readonly conflict: StaleConflict | UnknownConflict; readonly result: RecordMergeResult<T> }
  | SaveOutcome<T>;

/** A step that is not yet an outcome. */
type Move<T> = Exclude<Step<T>, SaveOutcome<T>>;
type StepAt<T, K extends Move<T>['at']> = Extract<Step<T>, { readonly at: K }>;

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
  /** With choices from a merge dialog the user closed: the server's version that dialog showed (they fit only the same conflict). */
  closedOver?: StoredVersion | undefined;
  /** The merge kept with the draft (left open by a reload, or closed by the user): who its dialog said saved theirs. */
  kept?: PendingMerge | undefined;
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
function seenByReading<T>(
  run: Run<T>,
  refused: { readonly status?: unknown; readonly url?: unknown; readonly requestId?: unknown; readonly traceId?: unknown; readonly conflictId?: string } | undefined,
  theirs: ReadResult<T>,
): StaleConflict {
  const status = refused?.status;
  return {
    kind: 'stale',
    status: Number.isInteger(status) ? (status as number) : 412,
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
    // The URL the refused write went to (the client's, resolved against its baseUrl), as support saw it before a reload.
    ...compact({ url: typeof refused?.url === 'string' && refused.url.length <= 4000 ? refused.url : undefined }),
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

/**
 * Theirs is what this save's edits are based on from now on, and `value` what
 * the next write sends. The registry keeps the version the page shows (marked
 * stale by the read) until that write succeeds: should it fail, the form still
 * holds the user's value, made from the old version, and saving it again must
 * merge again.
 */
function rebase<T>(run: Run<T>, theirs: ReadResult<T>, value: T): void {
  run.base = theirs.value;
  run.validator = theirs.validator;
  run.value = value;
}

/** The write succeeded, or the server already holds the user's edits (`alreadySaved`: what it holds is the record now, and nothing is sent). */
function saved<T>(run: Run<T>, result: ReadResult<T>, alreadySaved?: true): SaveOutcome<T> {
  const { kit, key, draftStorage, mergedBy, autoNotice } = run;
  const { value, validator } = result;
  if (alreadySaved) {
    kit.client.registry.record(key, { validator, base: value });
    rebase(run, result, run.value);
  }
  if (draftStorage) kit.drafts.settle(key, draftStorage, run.value, result);
  return alreadySaved || !mergedBy
    ? { outcome: 'saved', value, validator, ...compact({ alreadySaved }) }
    : { outcome: 'merged', value, validator, by: mergedBy, ...compact({ notice: autoNotice && kit.sessions.notify(autoNotice) }) };
}

async function write<T>(run: Run<T>): Promise<Step<T>> {
  const { kit, conflict } = run;
  run.writes += 1;
  if (conflict) emitConflictEvent(kit.client, conflict, { type: 'save.retried', attempt: run.writes });
  try {
    const result = await kit.client.save<T>(run.url, run.value, { key: run.key, method: run.method, ...compact({ conflictId: conflict?.conflictId, base: run.base, validator: run.validator }) });
    return result.ok ? saved(run, result) : { at: 'classify', conflict: result.conflict };
  } catch (error) {
    // The write may have reached the server and only its answer was lost: look before reporting it failed.
    if (error instanceof NetworkError) return { at: 'read', why: 'lost', failure: error };
    throw error;
  }
}

async function classify<T>(run: Run<T>, { conflict }: StepAt<T, 'classify'>): Promise<Step<T>> {
  run.conflict = conflict;
  switch (conflict.kind) {
    case 'stale': {
      const etag = conflict.currentETag;
      if (conflict.current === undefined || !etag || etag.weak) return { at: 'read', why: 'stale', conflict };
      // Theirs came with the conflict (its body and a strong ETag): no read needed.
      return { at: 'merge', theirs: { value: conflict.current as T, validator: compact({ etag, version: conflict.currentVersion }) }, conflict };
    }
    case 'precondition-required':
    case 'unknown':
      return { at: 'read', why: conflict.kind, conflict };
    case 'deleted':
      return explain(run, conflict);
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
  const answer = await answerOf(run, () => run.resolver.problem({ conflict, draft: run.value, ...compact({ signal }) }));
  return answer ? { outcome: 'problem', conflict, action: answer.action } : { outcome: 'cancelled', conflict };
}

async function read<T>(run: Run<T>, { why, conflict, failure }: StepAt<T, 'read'>): Promise<Step<T>> {
  const { kit, key, draftStorage } = run;
  // Fresh: what the server holds now, even if an event reached the registry while the read was out.
  const theirs = await kit.client.read<T>(run.url, { key, keepBase: true, fresh: true }).catch((error: unknown) => {
    // Deleted since the page read it (a server render): said as a deleted record, not as an HTTP error.
    if (why === 'unversioned' && error instanceof HttpError && (error.status === 404 || error.status === 410)) return error;
    throw why === 'lost' ? failure : error;
  });
  if (theirs instanceof HttpError) return explain(run, { kind: 'deleted', status: theirs.status, source: 'refetch', conflictId: newConflictId(), ...infoOf(run) });
  // A server that gives no version at all: the write step refuses to send blind, before any merge.
  if (why === 'unversioned' && !hasVersion(theirs.validator)) return { at: 'write' };
  if (why === 'lost') {
    if (holdsMine(run, theirs)) return saved(run, theirs, true);
    throw failure;
  }
  // DESIGN: a record changed since the version the write named means the write was stale.
  if (why === 'stale' || !unchanged(run, theirs)) {
    // Seen by reading (after a 428 or a reload), the change is a stale conflict of its own.
    const seen = why === 'stale' || why === 'unknown' ? conflict : seenByReading(run, conflict ?? run.resume, theirs);
    if (why === 'resume') recall(run, theirs);
    return { at: 'merge', theirs, conflict: seen as StaleConflict | UnknownConflict };
  }
  // Unchanged: explain, with the requestId.
  if (why === 'unknown') return explain(run, conflict as UnknownConflict);
  if (why === 'resume') {
    if (draftStorage) kit.drafts.setPendingMerge(key, draftStorage, undefined);
    return { outcome: 'cancelled' };
  }
  // The server still holds what the user started from: its version is the one to name.
  if (why === 'unversioned') {
    run.validator = theirs.validator;
    return { at: 'write' };
  }
  // RFC 6585 §3: the server wants a precondition; retry once with the version just read.
  why satisfies 'precondition-required';
  if (run.preconditionRetried) {
    throw new ConflictKitError(
      isDev
        ? 'The server still answered 428 Precondition Required to a write that carried the current version; check that If-Match (or the version field) reaches it through proxies.'
        : 'The server still answered 428 to a write with the current version.',
      infoOf(run),
    );
  }
  run.preconditionRetried = true;
  run.writes -= 1;
  run.validator = theirs.validator;
  return { at: 'write' };
}

/**
 * Who made the change the user collided with: the answer's own authorship,
 * else what an event said; and whether another tab of this browser saved it
 * (its announcement named the very version the user collided with).
 */
function changeOf<T>(run: Run<T>, theirs: ReadResult<T>): { changedBy?: string; changedAt?: number; inOtherTab?: true } {
  const { client } = run.kit;
  const seen = client.registry.get(run.key);
  const read = client.changeOf(theirs.value);
  const inOtherTab = seen?.inOtherTab && seen.latest && sameVersion(seen.latest.validator, theirs.validator) ? (true as const) : undefined;
  const change = compact({ changedBy: read.changedBy ?? seen?.changedBy, changedAt: read.changedAt ?? seen?.changedAt, inOtherTab });
  // After a reload the events are gone: what the kept dialog said of this very version (storage is input: checked).
  const kept = run.kept;
  if (change.changedBy !== undefined || change.inOtherTab || !kept?.theirs || !sameVersion(fromStoredVersion(kept.theirs), theirs.validator)) return change;
  return compact({
    changedBy: stringOr(kept.changedBy),
    changedAt: change.changedAt ?? readTime(kept.changedAt),
    inOtherTab: kept.inOtherTab === true || undefined,
  });
}

/** After a reload, tells the registry (and so the stale banner) who saved theirs, as the reopened dialog says it. */
function recall<T>(run: Run<T>, theirs: ReadResult<T>): void {
  const { changedBy, changedAt, inOtherTab } = changeOf(run, theirs);
  if (changedBy !== undefined || inOtherTab) markChanged(run.kit.client.registry, run.key, { ...toStoredVersion(theirs.validator), ...compact({ changedBy, changedAt }) }, inOtherTab);
}

/** Out of attempts: the record kept changing, unless the server still holds the very version it refused. */
function exhausted<T>(run: Run<T>, theirs: ReadResult<T>): Error {
  if (!unchanged(run, theirs)) return new SaveAttemptsExhaustedError(run.writes, infoOf(run));
  return new ConflictKitError(
    isDev
      ? `The server refused ${run.writes} saves as out of date, yet still serves the version they were based on: a proxy may rewrite ETags (adding "-gzip"), or reads come from a lagging cache or replica.`
      : `The server refused ${run.writes} saves as out of date, yet still serves the version they were based on.`,
    infoOf(run),
  );
}

/** The merged value is what the next write sends, on theirs as the base; the draft follows. */
function adoptMerge<T>(run: Run<T>, by: 'auto' | 'user', merged: T, theirs: ReadResult<T>): Step<T> {
  const { kit, key, draftStorage } = run;
  if (draftStorage) kit.drafts.rebase(key, draftStorage, merged, theirs, run.value);
  rebase(run, theirs, merged);
  run.mergedBy = by;
  return { at: 'write' };
}

function merge<T>(run: Run<T>, { theirs, conflict }: StepAt<T, 'merge'>): Step<T> {
  if (run.writes >= run.maxAttempts) throw exhausted(run, theirs);
  run.conflict = conflict;
  const result = mergeRecords<T>(run.base as T, run.value, theirs.value, run.merge);
  if (holdsMine(run, theirs, result)) return saved(run, theirs, true);
  if (!result.clean || !run.autoMerge) return { at: 'ask', theirs, conflict, result };
  const mergedPaths = result.autoMerged.filter((path) => path.from !== 'mine').map((path) => path.pointer);
  emitConflictEvent(run.kit.client, conflict, { type: 'conflict.auto-merged', merged: result.autoMerged, ignore: run.merge?.ignore });
  run.autoNotice = { kind: 'auto-merged', key: run.key, ...changeOf(run, theirs), mergedPaths };
  return adoptMerge(run, 'auto', result.value, theirs);
}

async function ask<T>(run: Run<T>, { theirs, conflict, result }: StepAt<T, 'ask'>): Promise<Step<T>> {
  const { kit, key, resolver, signal, draftStorage, initialChoices, value: submitted } = run;
  const supportIds = compact({ requestId: conflict.requestId, traceId: conflict.traceId, status: conflict.status, url: conflict.url });
  // A closed dialog's choices fit only the conflict it showed: the form is unedited since (an edit forgets them), and theirs the same version.
  const fits = !run.closedOver || sameVersion(fromStoredVersion(run.closedOver), theirs.validator);
  const start = fits ? initialChoices : undefined;
  const change = changeOf(run, theirs);
  let latest: MergeChoices = start ?? {};
  const keep = (choices: MergeChoices, closed?: true): void => {
    latest = choices;
    const shown = { ...supportIds, ...change, theirs: toStoredVersion(theirs.validator) };
    if (draftStorage) kit.drafts.setPendingMerge(key, draftStorage, { choices: plainChoices(choices), ...shown, ...compact({ closed }) }, submitted);
  };
  keep(latest);
  run.initialChoices = run.closedOver = undefined;
  const answer = await answerOf(run, () =>
    resolver.merge<T>({
      key,
      conflict,
      base: run.base as T,
      mine: submitted,
      theirs: theirs.value,
      merge: result,
      ...change,
      onChoicesChange: keep,
      ...compact({ initialChoices: start, signal }),
    }),
  );
  // No answer (stopped: the page went away): the open merge stays with the draft, to reopen when the form
  // comes back. Cancelled (the user closed the dialog): its choices stay, marked closed, for the next save's merge.
  if (answer?.action !== 'save') {
    if (answer) keep(latest, true);
    return { outcome: 'cancelled', conflict };
  }
  // Copied: a resolver of the app's own may reuse one Map across dialogs.
  (run.answers ??= []).push(answer.choices && plainChoices(answer.choices));
  run.autoNotice = undefined;
  return adoptMerge(run, 'user', answer.value, theirs);
}

/** What the draft was made from: its own base and version when it has them (the source of truth), else the registry's entry. */
function startingPoint({ kit, key, draftStorage }: GuardedSaveSettings): { base: unknown; validator: Validator | undefined } {
  const entry = kit.client.registry.get(key);
  return (draftStorage && kit.drafts.draftBase(key, draftStorage)) || { base: entry?.base, validator: entry?.validator };
}

const steps: { readonly [K in Move<unknown>['at']]: <T>(run: Run<T>, step: StepAt<T, K>) => Step<T> | Promise<Step<T>> } = { write, classify, read, merge, ask };

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
  const { kit, key, draftStorage, resume } = settings;
  // The choices of a merge left open by a reload, or closed by the user, are where this save's merge starts.
  const kept = resume ?? (draftStorage && kit.drafts.read(key, draftStorage)?.pendingMerge);
  const run: Run<T> = {
    ...settings,
    ...startingPoint(settings),
    value,
    writes: 0,
    initialChoices: kept?.choices,
    closedOver: kept?.closed === true ? (kept.theirs ?? {}) : undefined,
    kept,
  };
  // A merge the user closed is not reopened: this save writes first. A base whose version
  // stayed elsewhere (a server render read it) is compared with what the server holds first.
  const unversioned = run.base !== undefined && !hasVersion(run.validator ?? {});
  let step: Step<T> = reopens(resume) ? { at: 'read', why: 'resume' } : unversioned ? { at: 'read', why: 'unversioned' } : { at: 'write' };
  while (!('outcome' in step)) {
    // A stopped save takes no further step; what a write already sent was recorded by the write step.
    if (settings.signal?.aborted) {
      run.stopped = true;
      step = { outcome: 'cancelled', ...(step.at !== 'read' && 'conflict' in step ? { conflict: step.conflict } : {}) };
    } else {
      // `as never`: TypeScript cannot tie `step` to the handler `step.at` picks; the table's type does.
      step = await steps[step.at](run, step as never);
    }
  }
  return finish(run, step);
}
