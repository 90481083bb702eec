import type { EntityTag, VersionValue } from './etag';

/**
 * Every kind of handled conflict. Each has its own recovery; never treat them
 * as one (DESIGN.md, "The three conflict classes").
 */
export type ConflictKind =
  | 'stale'
  | 'duplicate'
  | 'transition'
  | 'precondition-required'
  | 'idempotency-in-flight'
  | 'idempotency-mismatch'
  | 'deleted'
  | 'unknown';

/** Fields every classified conflict may carry. */
export interface ConflictBase {
  /** The HTTP status of the response (409, 412, 428, …). */
  readonly status: number;
  /** The machine-readable reason (`version_mismatch`, `AlreadyExists`, …) when the server sent one. */
  readonly reason?: string;
  /** The server's request id (`requestId` member or `X-Request-Id` header), for support. */
  readonly requestId?: string;
  /** A short human-readable summary from the server (problem+json `title`). */
  readonly title?: string;
  /** The server's explanation (problem+json `detail`); shown, never parsed. */
  readonly detail?: string;
  /** The problem type URI (problem+json `type`). */
  readonly type?: string;
  /** Which reader recognised the response (`problem+json`, `couchdb`, …). */
  readonly source: string;
  /** Method of the request that conflicted, when known. */
  readonly method?: string;
  /** URL of the request that conflicted, when known. */
  readonly url?: string;
  /** The trace id (32 hex digits) of the `traceparent` the conflicting write carried, for support and tracing; set by the client. */
  readonly traceId?: string;
  /** Ties this conflict's telemetry events together, from detection to resolution; set by the client. */
  readonly conflictId?: string;
}

/** The write was based on an old version: merge with the current one and save again. */
export interface StaleConflict extends ConflictBase {
  readonly kind: 'stale';
  /** The current representation, when the server included it. */
  readonly current?: unknown;
  /** The current body version (`currentVersion`, `_rev`, …). */
  readonly currentVersion?: VersionValue;
  /** The current entity tag, from the `ETag` header or the body. */
  readonly currentETag?: EntityTag;
  /** The version the client sent. */
  readonly attemptedVersion?: VersionValue;
}

/** The thing the user tried to create already exists: adopt it, never create again. */
export interface DuplicateConflict extends ConflictBase {
  readonly kind: 'duplicate';
  /** Where the existing resource lives: an id such as `orders/2026-88421` or a URL. */
  readonly existing?: string;
  /** The existing resource's representation, when sent. */
  readonly current?: unknown;
  /** Who created the existing resource (`existingCreatedBy`, or its representation's `createdBy`), when the server says. */
  readonly createdBy?: string;
  /** When it was created (ms since epoch; `existingCreatedAt`, or its representation's `createdAt`), when the server says. */
  readonly createdAt?: number;
}

/** A workflow transition is no longer allowed from the current state. */
export interface TransitionConflict extends ConflictBase {
  readonly kind: 'transition';
  /** The state the resource is in now. */
  readonly currentState?: string;
  /** Transitions still allowed from the current state (empty when unknown). */
  readonly allowedTransitions: readonly string[];
  /** The transition that was refused, when known. */
  readonly attemptedTransition?: string;
  /** The current representation, when sent. */
  readonly current?: unknown;
}

/** 428: the server requires a precondition the request did not carry (RFC 6585 §3). */
export interface PreconditionRequiredConflict extends ConflictBase {
  readonly kind: 'precondition-required';
}

/** The same Idempotency-Key is still being processed by an earlier request. */
export interface IdempotencyInFlightConflict extends ConflictBase {
  readonly kind: 'idempotency-in-flight';
  /** Seconds to wait before retrying, from `Retry-After`. */
  readonly retryAfter?: number;
}

/** The Idempotency-Key was already used with a different payload. */
export interface IdempotencyMismatchConflict extends ConflictBase {
  readonly kind: 'idempotency-mismatch';
  /** What the key's first request created, when the server names it: that intent already succeeded. */
  readonly existing?: string;
  /** That resource's representation, when sent. */
  readonly current?: unknown;
  /** Who created it, when the server says (as on a duplicate). */
  readonly createdBy?: string;
  /** When it was created (ms since epoch), when the server says. */
  readonly createdAt?: number;
}

/** The record was deleted while it was being edited (404/410 on a write). */
export interface DeletedConflict extends ConflictBase {
  readonly kind: 'deleted';
}

/** A conflict with no machine-readable meaning: refetch, compare, explain. */
export interface UnknownConflict extends ConflictBase {
  readonly kind: 'unknown';
  /** Why the response could not be classified further (e.g. `body not JSON`). */
  readonly note?: string;
}

/** A handled conflict: a value, discriminated on `kind`. */
export type Conflict =
  | StaleConflict
  | DuplicateConflict
  | TransitionConflict
  | PreconditionRequiredConflict
  | IdempotencyInFlightConflict
  | IdempotencyMismatchConflict
  | DeletedConflict
  | UnknownConflict;

/** The conflict of a given kind. */
export type ConflictOf<K extends ConflictKind> = Extract<Conflict, { kind: K }>;
