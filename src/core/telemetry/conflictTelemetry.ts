import type { Conflict } from '../conflict';
import { routeTemplate } from './routeTemplate';
import type { ConflictEvent, ConflictEventBase, ConflictEventKind, ConflictEventListener } from './ConflictEvent';

/** What a conflict event's fields come from, besides its type. */
export type EventBase = Omit<ConflictEventBase, 'type' | 'at'>;

/** Omits the base from each variant of the union apart, so each keeps its own fields. */
type WithoutBase<E> = E extends ConflictEvent ? Omit<E, keyof ConflictEventBase> & { readonly type: E['type'] } : never;

/** The body of an event: its type and own fields, without the base. */
export type EventBody = WithoutBase<ConflictEvent>;

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
  /** The client's clock. */
  now(): number;
}

/** The kind of a conflict, as events count it. @internal */
export function eventKindOf(conflict: Pick<Conflict, 'kind'>): ConflictEventKind {
  switch (conflict.kind) {
    case 'stale':
      return 'edit';
    case 'duplicate':
    case 'transition':
    case 'precondition-required':
      return conflict.kind;
    default:
      return 'other';
  }
}

/** A random id for a conflict's lifecycle. @internal */
export function newConflictId(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Creates a client's event stream. @internal */
export function createConflictTelemetry(options: {
  readonly listener?: ConflictEventListener | undefined;
  readonly resourceOf: (url: string) => string;
  readonly now: () => number;
}): ConflictTelemetry {
  const listeners = new Set<ConflictEventListener>();
  if (options.listener) listeners.add(options.listener);
  const resourceOf = (url: string): string => {
    try {
      return options.resourceOf(url);
    } catch {
      return '/:unknown';
    }
  };
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
      const event = { ...base, ...body, at: options.now() } as ConflictEvent;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          // A listener's failure must never fail or delay a write.
          console.error('[conflict-kit] a conflict event listener threw; the write goes on.', error);
        }
      }
    },
    baseOf: (conflict, url) => ({
      conflictId: conflict.conflictId ?? newConflictId(),
      kind: eventKindOf(conflict),
      resource: resourceOf(conflict.url ?? url ?? ''),
      ...(conflict.requestId !== undefined ? { requestId: conflict.requestId } : {}),
      ...(conflict.traceId !== undefined ? { traceId: conflict.traceId } : {}),
    }),
    resourceOf,
    now: options.now,
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
  if (!telemetry) {
    telemetry = createConflictTelemetry({ resourceOf: routeTemplate, now: Date.now });
    byClient.set(client, telemetry);
  }
  return telemetry;
}
