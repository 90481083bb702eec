/**
 * Counters of what a conflict-kit server refuses and replays, recorded
 * through an OpenTelemetry `Meter` the app hands in. The kit imports nothing
 * from `@opentelemetry/api`: {@link MeterLike} is the part of its `Meter`
 * this file calls, so `metrics.getMeter('conflict-kit')` fits as it is, and
 * an app without OpenTelemetry passes nothing and pays nothing.
 */
import { IDEMPOTENT_REPLAYED_HEADER } from './createIdempotencyHandler';
import { PROBLEM_REASONS } from './problemTypes';

/** What a server did with a guarded write, as counted by {@link createConflictMetrics}. */
export type ServerConflictOutcome =
  /** 412: `If-Match` (or `If-Unmodified-Since`) named a version that is no longer current. */
  | 'precondition_failed'
  /** 409 `version_mismatch`: the body version is no longer current. */
  | 'version_mismatch'
  /** 428: a write without any precondition. */
  | 'precondition_required'
  /** 409 (or 412 `already_exists`): the thing to create already exists. */
  | 'duplicate'
  /** 409 `invalid_transition`: the workflow does not allow the step from the current state. */
  | 'invalid_transition'
  /** A retry with a finished Idempotency-Key got the first response again. */
  | 'idempotent_replay'
  /** 409 `idempotency_key_in_use`: a retry arrived while the first request still ran. */
  | 'idempotency_in_flight'
  /** 422 `idempotency_key_reused`: the same key came with a different request. */
  | 'idempotency_mismatch';

/** Every {@link ServerConflictOutcome}, in a stable order. */
export const SERVER_CONFLICT_OUTCOMES = [
  'precondition_failed',
  'version_mismatch',
  'precondition_required',
  'duplicate',
  'invalid_transition',
  'idempotent_replay',
  'idempotency_in_flight',
  'idempotency_mismatch',
] as const satisfies readonly ServerConflictOutcome[];

/** The part of an OpenTelemetry `Counter` this kit calls. */
export interface CounterLike {
  add(value: number, attributes?: Record<string, string | number>): void;
}

/** The part of an OpenTelemetry `Meter` this kit calls; `metrics.getMeter('conflict-kit')` is one. */
export interface MeterLike {
  createCounter(name: string, options?: { description?: string; unit?: string }): CounterLike;
}

/** Where an outcome happened, as counter attributes. */
export interface ConflictOutcomeAttributes {
  /** The route template, such as `/api/tickets/:id` (never the concrete URL: ids would explode the series). */
  readonly route: string;
  /** The request method. */
  readonly method: string;
}

/** Counts a server's conflict outcomes; made by {@link createConflictMetrics}. */
export interface ConflictMetrics {
  /** Counts one outcome. */
  record(outcome: ServerConflictOutcome, attributes: ConflictOutcomeAttributes): void;
  /**
   * Classifies a response the server is about to send (see
   * {@link conflictOutcomeOf}) and counts it when it is a conflict outcome.
   * Reads a copy of the body only for 409, 412, 422 and 428 JSON answers.
   * Returns the outcome, or `undefined` for any other response.
   */
  observe(response: Response, attributes: ConflictOutcomeAttributes): Promise<ServerConflictOutcome | undefined>;
}

/** Name of the counter {@link createConflictMetrics} creates (Prometheus: `conflict_kit_server_outcomes_total`). */
export const SERVER_OUTCOMES_METRIC = 'conflict_kit.server.outcomes';

/**
 * Which conflict outcome a response is: from its status, its problem
 * `reason` (or `type`, whose last segment is the reason with dashes) and the
 * `Idempotent-Replayed` header. `undefined` for anything else.
 */
export function conflictOutcomeOf(status: number, headers: Headers, problem?: unknown): ServerConflictOutcome | undefined {
  if (headers.get(IDEMPOTENT_REPLAYED_HEADER)?.toLowerCase() === 'true') return 'idempotent_replay';
  const reason = reasonOf(problem);
  switch (status) {
    case 412:
      return reason === PROBLEM_REASONS.alreadyExists ? 'duplicate' : 'precondition_failed';
    case 428:
      return 'precondition_required';
    case 409:
      if (reason === PROBLEM_REASONS.versionMismatch) return 'version_mismatch';
      if (reason === PROBLEM_REASONS.invalidTransition) return 'invalid_transition';
      if (reason === PROBLEM_REASONS.idempotencyKeyInUse) return 'idempotency_in_flight';
      // A 409 that is none of the above is about the state of the thing to create.
      return reason === PROBLEM_REASONS.duplicateExternalId || reason === PROBLEM_REASONS.alreadyExists ? 'duplicate' : undefined;
    case 422:
      return reason === PROBLEM_REASONS.idempotencyKeyReused ? 'idempotency_mismatch' : undefined;
    default:
      return undefined;
  }
}

function reasonOf(problem: unknown): string | undefined {
  if (problem === null || typeof problem !== 'object') return undefined;
  const { reason, type } = problem as Record<string, unknown>;
  if (typeof reason === 'string') return reason;
  if (typeof type === 'string') return type.slice(type.lastIndexOf('/') + 1).replaceAll('-', '_');
  return undefined;
}

const READ_BODY_FOR = new Set([409, 412, 422, 428]);

/**
 * Counters of refusals and replays on an OpenTelemetry meter: one counter,
 * {@link SERVER_OUTCOMES_METRIC}, with the attributes `outcome`, `route` and
 * `method`. Without OpenTelemetry in the app, do not call it: nothing else
 * in `conflict-kit/server` counts anything.
 */
export function createConflictMetrics(meter: MeterLike): ConflictMetrics {
  const counter = meter.createCounter(SERVER_OUTCOMES_METRIC, {
    description: 'Guarded writes a conflict-kit server refused (412, 428, 409 duplicate / invalid transition / in flight, 422 key reused) or answered by replay',
  });
  const record = (outcome: ServerConflictOutcome, { route, method }: ConflictOutcomeAttributes): void => {
    counter.add(1, { outcome, route, method: method.toUpperCase() });
  };
  return {
    record,
    async observe(response, attributes) {
      let problem: unknown;
      if (READ_BODY_FOR.has(response.status) && (response.headers.get('content-type') ?? '').includes('json')) {
        try {
          problem = await response.clone().json();
        } catch {
          // Not JSON after all: the status alone decides.
        }
      }
      const outcome = conflictOutcomeOf(response.status, response.headers, problem);
      if (outcome !== undefined) record(outcome, attributes);
      return outcome;
    },
  };
}
