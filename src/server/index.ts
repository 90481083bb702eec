/**
 * conflict-kit/server: the API author's half of the protocol, for any
 * Fetch-API server (Hono, Next route handlers, workers). Preconditions
 * (`If-Match`, 304/412/428), RFC 9457 conflict bodies the client's
 * classifier reads, Idempotency-Key handling, W3C `traceparent` ids in
 * problem bodies, and OpenTelemetry counters of refusals and replays.
 */
export { checkPreconditions } from './checkPreconditions';
export type { CheckPreconditionsOptions, CurrentState } from './checkPreconditions';

export {
  PROBLEM_CONTENT_TYPE,
  badRequestProblem,
  notFoundProblem,
  payloadTooLargeProblem,
  preconditionRequiredProblem,
  problemResponse,
  unprocessableProblem,
  unsupportedMediaTypeProblem,
} from './problemResponse';
export type { ProblemDetails, ProblemInit, ProblemOptions } from './problemResponse';
export { PROBLEM_REASONS, PROBLEM_TYPES, PROBLEM_TYPE_BASE } from './problemTypes';
export type { ProblemReason, ProblemType } from './problemTypes';
export { staleWriteProblem } from './staleWriteProblem';
export type { StaleWriteProblemOptions } from './staleWriteProblem';
export { duplicateProblem } from './duplicateProblem';
export type { DuplicateProblemOptions } from './duplicateProblem';
export { invalidTransitionProblem } from './invalidTransitionProblem';
export type { InvalidTransitionProblemOptions } from './invalidTransitionProblem';

export { IDEMPOTENT_REPLAYED_HEADER, IdempotencyClaimLostError, createIdempotencyHandler } from './createIdempotencyHandler';
export type {
  IdempotencyHandleOptions,
  IdempotencyHandler,
  IdempotencyHandlerOptions,
  IdempotencyRun,
} from './createIdempotencyHandler';
export { DEFAULT_MAX_IDEMPOTENCY_KEY_LENGTH, parseIdempotencyKey } from './parseIdempotencyKey';
export type {
  BeginResult,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
  MaybePromise,
  StoredResponse,
} from './idempotencyStore';
export { memoryIdempotencyStore } from './memoryIdempotencyStore';
export { sqliteIdempotencyStore } from './sqliteIdempotencyStore';
export type { SqliteIdempotencyStoreOptions, SqliteLike, SqliteStatementLike } from './sqliteIdempotencyStore';
export { pgIdempotencyStore } from './pgIdempotencyStore';
export type { PgIdempotencyStore, PgIdempotencyStoreOptions, PgQueryableLike, PgResultLike } from './pgIdempotencyStore';

export { parseTraceparent, traceIdOf } from './parseTraceparent';
export type { Traceparent } from './parseTraceparent';
export { SERVER_CONFLICT_OUTCOMES, SERVER_OUTCOMES_METRIC, conflictOutcomeOf, createConflictMetrics } from './conflictMetrics';
export type { ConflictMetrics, ConflictOutcomeAttributes, CounterLike, MeterLike, ServerConflictOutcome } from './conflictMetrics';

export { etagFor } from './etagFor';
export { DEFAULT_JSON_BODY_LIMIT, DEFAULT_JSON_MAX_DEPTH, readJsonBody } from './readJsonBody';
export type { ReadJsonBodyOptions, ReadJsonBodyResult } from './readJsonBody';
/** Applies an RFC 7396 JSON merge patch without modifying the target (shared with core). */
export { applyMergePatch } from '../core/mergePatch';
