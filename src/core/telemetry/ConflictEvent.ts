/**
 * What a conflict was, for counting: a stale write (`edit`), a duplicate
 * create, an invalid workflow transition, a write without a precondition,
 * or anything else (an idempotency key in flight or reused, a deleted
 * record, an answer the kit could not classify).
 */
export type ConflictEventKind = 'edit' | 'duplicate' | 'transition' | 'precondition-required' | 'other';

/** What every conflict event carries. Paths, kinds and counts only: never a field's value. */
export interface ConflictEventBase {
  /** The event's type. */
  readonly type: string;
  /** When it happened, in ms since the epoch. */
  readonly at: number;
  /** A random id that ties one conflict's events together, from detection to resolution. */
  readonly conflictId: string;
  /** What the conflict was. */
  readonly kind: ConflictEventKind;
  /** The route with ids replaced (`/api/tickets/:id`): never a query string or a value. */
  readonly resource: string;
  /** The server's request id, from the conflict's body or `X-Request-Id`, when it gave one. */
  readonly requestId?: string;
  /** The trace id (32 hex digits) of the `traceparent` sent with the write that conflicted. */
  readonly traceId?: string;
}

/** How a conflict ended. */
export type ConflictResolutionOutcome =
  | 'auto-merged'
  | 'kept-mine'
  | 'kept-theirs'
  | 'mixed'
  | 'adopted-existing'
  | 'transition-chosen'
  | 'cancelled'
  | 'abandoned-draft';

/** How many conflicting fields or text hunks the user settled each way in the merge dialog. */
export interface ConflictChoiceCounts {
  readonly mine: number;
  readonly theirs: number;
  readonly both: number;
  readonly original: number;
  readonly edit: number;
}

/**
 * One step of a conflict's life, as the client and the React layer report
 * it (`subscribeConflictEvents` from conflict-kit/telemetry); the wire format of the
 * collector (`POST /api/telemetry` with `{ "events": [...] }`).
 */
export type ConflictEvent =
  /** A write was refused as a conflict. */
  | (ConflictEventBase & { readonly type: 'conflict.detected'; readonly reason: string; readonly status: number; readonly method: string })
  /** The kit merged both sides without asking: `fields` merged in from theirs, `hunks` the fields among them both sides changed (text merged line by line). */
  | (ConflictEventBase & { readonly type: 'conflict.auto-merged'; readonly fields: number; readonly hunks: number })
  /** A dialog showed the conflict to the user. */
  | (ConflictEventBase & { readonly type: 'conflict.dialog-shown' })
  /** The conflict ended: how, with the merge dialog's choice counts, and how long it took since detection. */
  | (ConflictEventBase & {
      readonly type: 'conflict.resolved';
      readonly outcome: ConflictResolutionOutcome;
      readonly choices?: ConflictChoiceCounts;
      readonly durationMs: number;
    })
  /** The write was sent again after the conflict (`attempt` counts writes, the first being 1). */
  | (ConflictEventBase & { readonly type: 'save.retried'; readonly attempt: number })
  /** A create whose answer was lost was recovered: the server replayed its result for the same Idempotency-Key. */
  | (ConflictEventBase & { readonly type: 'create.replayed' });

/** The type of a conflict event. */
export type ConflictEventType = ConflictEvent['type'];

/** Receives conflict events. */
export type ConflictEventListener = (event: ConflictEvent) => void;
