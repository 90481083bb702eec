import type { Conflict } from '../conflict';
import type { ConflictEvent, ConflictEventBase, ConflictEventKind, ConflictEventListener } from './ConflictEvent';
import { randomHex } from './traceparent';

/** What a conflict event's fields come from, besides its type. */
export type EventBase = Omit<ConflictEventBase, 'type' | 'at'>;

/** Omits the base from each variant of the union apart, so each keeps its own fields. */
type WithoutBase<E> = E extends ConflictEvent ? Omit<E, keyof ConflictEventBase> & { readonly type: E['type'] } : never;

/** The body of an event: its type and own fields, without the base; a resolution's duration is filled in from its detection. */
export type EventBody = WithoutBase<ConflictEvent> extends infer B ? (B extends { type: 'conflict.resolved' } ? Omit<B, 'durationMs'> : B) : never;

/**
 * One client's conflict event stream. Building an event costs nothing
 * unless someone listens: callers check `active` (or pass a thunk).
 * @internal
 */
export interface ConflictTelemetry {
  /** Whether any listener is subscribed. */
  readonly active: boolean;
  subscribe(listener: ConflictEventListener): () => void;
  /** Sends an event of the conflict `base` describes; does nothing without a listener. */
  emit(base: EventBase, body: EventBody): void;
  /** The event base of a conflict the client classified (its id, kind, route, request id, trace id); `url` when the conflict names none. */
  baseOf(conflict: Conflict, url?: string): EventBase;
  /** The route template of a URL. */
  resourceOf(url: string): string;
}

const KINDS: Partial<Record<Conflict['kind'], ConflictEventKind>> = {
  stale: 'edit',
  duplicate: 'duplicate',
  transition: 'transition',
  'precondition-required': 'precondition-required',
};

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
    get active() {
      return listeners.size > 0;
    },
    subscribe: (listener) => {
      // Wrapped: a function subscribed twice is two subscriptions, each ended by its own unsubscribe.
      const own: ConflictEventListener = (event) => listener(event);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    emit: (base, body) => {
      if (listeners.size === 0) return;
      const at = options.now();
      const since = started.get(base.conflictId) ?? at;
      started.delete(base.conflictId);
      if (body.type !== 'conflict.resolved') started.set(base.conflictId, since);
      if (started.size > OPEN_LIMIT) started.delete(started.keys().next().value!);
      const event = { ...base, ...body, at, ...(body.type === 'conflict.resolved' ? { durationMs: at - since } : {}) } as ConflictEvent;
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          // A listener's failure must never fail or delay a write.
          console.error(error);
        }
      }
    },
    baseOf: (conflict, url) => ({
      conflictId: conflict.conflictId ?? newConflictId(),
      kind: KINDS[conflict.kind] ?? 'other',
      resource: options.resourceOf(conflict.url ?? url ?? ''),
      ...(conflict.requestId !== undefined ? { requestId: conflict.requestId } : {}),
      ...(conflict.traceId !== undefined ? { traceId: conflict.traceId } : {}),
    }),
    resourceOf: options.resourceOf,
  };
}

const byClient = new WeakMap<object, ConflictTelemetry>();

/** Links a client to its event stream. @internal */
export function bindTelemetry(client: object, telemetry: ConflictTelemetry): void {
  byClient.set(client, telemetry);
}

/** A client's event stream; for a client the kit did not create (an app's own implementation), one made for it on first use. @internal */
export function telemetryOf(client: object): ConflictTelemetry {
  let telemetry = byClient.get(client);
  if (!telemetry) byClient.set(client, (telemetry = createConflictTelemetry({ resourceOf: (url) => url, now: Date.now })));
  return telemetry;
}
