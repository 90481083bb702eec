import type { Conflict } from '../conflict';
import type { RequestInfo } from '../errors';
import type { AutoMergedPath } from '../mergeRecords';
import type { MergeChoices } from '../resolveMerge';
import type { ConflictResolutionOutcome } from './ConflictEvent';

/** What a report is about: a conflict the client classified, or what a replayed create knows. @internal */
export type EventSubject = { readonly [K in 'conflictId' | 'url' | 'method' | 'requestId' | 'traceId' | 'reason' | 'status']?: Conflict[K] | undefined } & Pick<Conflict, 'kind'>;

/**
 * A step of a conflict's life as the kit notes it, in raw form: the
 * conflict-kit/telemetry entry shapes it into a `ConflictEvent` (counts,
 * route, duration), so apps that do not listen load none of that.
 * @internal
 */
export type EventReport =
  | { readonly type: 'conflict.detected' }
  | { readonly type: 'conflict.dialog-shown' }
  | { readonly type: 'create.replayed' }
  | { readonly type: 'save.retried'; readonly attempt: number }
  /** What a clean merge took in, and the paths the merge options ignore (server-owned fields, not counted). */
  | { readonly type: 'conflict.auto-merged'; readonly merged: readonly AutoMergedPath[]; readonly ignore: readonly string[] | undefined }
  /** `chosen`: the user settled merge dialogs, whose choices `answers` holds (`undefined` for a resolver that gives none). */
  | { readonly type: 'conflict.resolved'; readonly outcome: ConflictResolutionOutcome | 'chosen'; readonly answers?: readonly (MergeChoices | undefined)[] | undefined };

/**
 * One client's hook for conflict events: `report` is set by
 * `subscribeConflictEvents` (conflict-kit/telemetry) while someone listens,
 * and every place that notes a step calls it when it is there.
 * @internal
 */
export interface EventSlot {
  report: ((subject: EventSubject, report: EventReport, sent?: RequestInfo, requestId?: string) => void) | undefined;
  /** The route template of a URL (the client's `resourceOf` option, or its default). */
  readonly resourceOf: (url: string) => string;
  /** The client's clock. */
  readonly now: () => number;
}

const slots = new WeakMap<object, EventSlot>();

/** Links a client to its event slot. @internal */
export function bindEventSlot(client: object, slot: EventSlot): void {
  slots.set(client, slot);
}

/** A client's event slot; `undefined` for a client the kit did not create (an app's own implementation). @internal */
export function eventSlotOf(client: object): EventSlot | undefined {
  return slots.get(client);
}
