import type { Conflict } from '../conflict';
import type { ConflictEvent, ConflictEventBase, ConflictEventKind, ConflictEventListener } from './ConflictEvent';
import { randomHex } from './traceparent';

/** Omits the base from each variant of the union apart, so each keeps its own fields. */
type WithoutBase<E> = E extends ConflictEvent ? Omit<E, keyof ConflictEventBase> & { readonly type: E['type'] } : never;

/** The body of an event: its type and own fields, without the base; a resolution's duration is filled in from its detection. */
export type EventBody = WithoutBase<ConflictEvent> extends infer B ? (B extends { type: 'conflict.resolved' } ? Omit<B, 'durationMs'> : B) : never;

/**
 * One client's conflict event stream. Building an event costs nothing
 * unless someone listens: the body may be a thunk, run only then.
 * @internal
 */
export interface ConflictTelemetry {
  subscribe(listener: ConflictEventListener): () => void;
  /**
   * Sends an event about a conflict the client classified: its id, kind,
   * route (from `url` when the conflict names none), request id (`requestId`
   * wins over the conflict's) and trace id, then the body's own fields.
   * Does nothing without a listener.
   */
  emit(conflict: EventSubject, body: EventBody | (() => EventBody), url?: string, requestId?: string): void;
  /** The route template of a URL. */
  resourceOf(url: string): string;
}

/** What an event's base is read from: a conflict, or what a replayed create knows. */
export type EventSubject = { readonly [K in 'kind' | 'conflictId' | 'url' | 'requestId' | 'traceId']?: Conflict[K] | undefined } & Pick<Conflict, 'kind'>;

/** Conflict kinds an event names as they are; a stale write is an `edit` conflict, the rest `other`. */
const KINDS: ReadonlySet<string> = new Set<ConflictEventKind>(['duplicate', 'transition', 'precondition-required']);

/** A random id for a conflict's lifecycle. @internal */
export const newConflictId = (): string => randomHex(16);

/** Conflicts whose first event time is kept, for the resolution's duration; the oldest is forgotten beyond. */
const OPEN_LIMIT = 500;

/** Creates a client's event stream. @internal */
export function createConflictTelemetry(options: {
  readonly listener?: ConflictEventListener | undefined;
  readonly resourceOf: (url: string) => string;
  readonly now: () => number;
}): ConflictTelemetry {
  const listeners = new Set<ConflictEventListener>();
  if (options.listener) listeners.add(options.listener);
  const started = new Map<string, number>();
  return {
    subscribe: (listener) => {
      // Wrapped: a function subscribed twice is two subscriptions, each ended by its own unsubscribe.
      const own: ConflictEventListener = (event) => listener(event);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    emit: (conflict, body, url, sentId) => {
      if (listeners.size === 0) return;
      const requestId = sentId || conflict.requestId;
      const own = typeof body === 'function' ? body() : body;
      const conflictId = conflict.conflictId ?? newConflictId();
      const at = options.now();
      const since = started.get(conflictId) ?? at;
      started.delete(conflictId);
      if (own.type !== 'conflict.resolved') started.set(conflictId, since);
      if (started.size > OPEN_LIMIT) started.delete(started.keys().next().value!);
      const event = {
        conflictId,
        kind: conflict.kind === 'stale' ? 'edit' : KINDS.has(conflict.kind) ? conflict.kind : 'other',
        resource: options.resourceOf(conflict.url ?? url ?? ''),
        ...(requestId !== undefined ? { requestId } : {}),
        ...(conflict.traceId !== undefined ? { traceId: conflict.traceId } : {}),
        ...own,
        at,
        ...(own.type === 'conflict.resolved' ? { durationMs: at - since } : {}),
      } as ConflictEvent;
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          // A listener's failure must never fail or delay a write.
          console.error(error);
        }
      }
    },
    resourceOf: options.resourceOf,
  };
}

const byClient = new WeakMap<object, ConflictTelemetry>();

/** Links a client to its event stream. @internal */
export function bindTelemetry(client: object, telemetry: ConflictTelemetry): void {
  byClient.set(client, telemetry);
}

/** A client's event stream; `undefined` for a client the kit did not create (an app's own implementation, whose `subscribeEvents` is its own). @internal */
export function telemetryOf(client: object): ConflictTelemetry | undefined {
  return byClient.get(client);
}
