import type { ConflictClient } from '../core/conflictClientTypes';
import { ConflictKitError } from '../core/errors';
import { compilePointerPatterns } from '../core/jsonPath';
import type { ConflictEvent, ConflictEventKind, ConflictEventListener } from '../core/telemetry/ConflictEvent';
import { eventSlotOf, type EventReport, type EventSlot, type EventSubject } from '../core/telemetry/eventSlot';
import { newConflictId } from '../core/telemetry/newConflictId';
import { summarizeChoices } from './summarizeChoices';

/** Conflict kinds an event names as they are; a stale write is an `edit` conflict, the rest `other`. */
const KINDS: ReadonlySet<string> = new Set<ConflictEventKind>(['duplicate', 'transition', 'precondition-required']);

/** Conflicts whose first event time is kept, for the resolution's duration; the oldest is forgotten beyond. */
const OPEN_LIMIT = 500;

/** A reason as events carry it: a machine code as it is, anything else (human text) as the kind. */
const REASON = /^[\w.:-]{1,64}$/;

type OwnFields = { readonly [K in ConflictEvent['type']]: Omit<Extract<ConflictEvent, { type: K }>, 'at' | 'conflictId' | 'kind' | 'resource' | 'requestId' | 'traceId' | 'durationMs'> }[ConflictEvent['type']];

/** The fields a report adds to the event base: counts from what it carries, never a field's value. */
function ownFields(subject: EventSubject, report: EventReport, method: string | undefined): OwnFields {
  switch (report.type) {
    case 'conflict.detected': {
      const { reason, kind, status = 0 } = subject;
      return { type: report.type, reason: reason !== undefined && REASON.test(reason) ? reason : kind, status, method: subject.method ?? method ?? '' };
    }
    case 'conflict.auto-merged': {
      const ignored = compilePointerPatterns(report.ignore ?? []);
      const taken = report.merged.filter((path) => path.from !== 'mine' && !ignored.matches(path.path));
      return { type: report.type, fields: taken.length, hunks: taken.filter((path) => path.from === 'both').length };
    }
    case 'conflict.resolved': {
      if (report.outcome !== 'chosen' && !report.answers) return { type: report.type, outcome: report.outcome };
      const { outcome, choices } = summarizeChoices(report.answers ?? []);
      return { type: report.type, outcome: report.outcome === 'chosen' ? outcome : report.outcome, ...(choices ? { choices } : {}) };
    }
    default:
      return report;
  }
}

/** One client's stream: shapes its reports into events while anyone listens. */
function createEventStream(slot: EventSlot): (listener: ConflictEventListener) => () => void {
  const listeners = new Set<ConflictEventListener>();
  const started = new Map<string, number>();
  const report: NonNullable<EventSlot['report']> = (subject, step, sent, sentRequestId) => {
    const conflictId = subject.conflictId ?? newConflictId();
    const at = slot.now();
    const since = started.get(conflictId) ?? at;
    started.delete(conflictId);
    if (step.type !== 'conflict.resolved') started.set(conflictId, since);
    if (started.size > OPEN_LIMIT) started.delete(started.keys().next().value!);
    const requestId = sentRequestId || subject.requestId;
    const event = {
      conflictId,
      kind: subject.kind === 'stale' ? 'edit' : KINDS.has(subject.kind) ? subject.kind : 'other',
      resource: slot.resourceOf(subject.url ?? sent?.url ?? ''),
      ...(requestId !== undefined ? { requestId } : {}),
      ...(subject.traceId !== undefined ? { traceId: subject.traceId } : {}),
      ...ownFields(subject, step, sent?.method),
      at,
      ...(step.type === 'conflict.resolved' ? { durationMs: at - since } : {}),
    } as ConflictEvent;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's failure must never fail or delay a write.
        console.error(error);
      }
    }
  };
  return (listener) => {
    // Wrapped: a function subscribed twice is two subscriptions, each ended by its own unsubscribe.
    const own: ConflictEventListener = (event) => listener(event);
    listeners.add(own);
    slot.report = report;
    return () => {
      listeners.delete(own);
      // Nobody listens: the kit stops building events.
      if (listeners.size === 0) slot.report = undefined;
    };
  };
}

const streams = new WeakMap<EventSlot, (listener: ConflictEventListener) => () => void>();

/**
 * Listens to a client's conflict events: those of the client itself
 * (detected, create replayed) and of the hooks and dialogs that use it
 * (auto-merged, dialog shown, resolved, retried). Events carry routes,
 * kinds, ids and counts, never a field's value. The kit builds no event
 * while nobody listens, and an app that never imports this entry loads
 * none of it.
 *
 * @example
 * const telemetry = createTelemetrySender({ url: '/api/telemetry' });
 * subscribeConflictEvents(conflicts, telemetry.send);
 * @returns the function that stops listening
 * @throws {ConflictKitError} for a client not made by `createConflictClient`
 */
export function subscribeConflictEvents(client: ConflictClient, listener: ConflictEventListener): () => void {
  const slot = eventSlotOf(client);
  if (!slot) throw new ConflictKitError('subscribeConflictEvents needs a client made by createConflictClient; an object of your own has no conflict events.');
  let subscribe = streams.get(slot);
  if (!subscribe) streams.set(slot, (subscribe = createEventStream(slot)));
  return subscribe(listener);
}
