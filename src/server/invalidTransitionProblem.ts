import { problemResponse } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** Options for {@link invalidTransitionProblem}. */
export interface InvalidTransitionProblemOptions {
  /** The state the resource is in now. */
  readonly currentState: string;
  /** Transitions still allowed from `currentState` (may be empty). */
  readonly allowedTransitions: readonly string[];
  /** The transition that was refused; sent as the `attemptedTransition` member. */
  readonly attempted: string;
  /** The server's request id. */
  readonly requestId?: string | undefined;
  /** The request's trace id (see `parseTraceparent`), written as the `traceId` member. */
  readonly traceId?: string | undefined;
  /** The current representation. */
  readonly current?: unknown;
  /**
   * Explanation for people.
   * @default 'The transition "<attempted>" is not allowed from state "<currentState>". …'
   */
  readonly detail?: string | undefined;
  /** URI reference of this occurrence. */
  readonly instance?: string | undefined;
  /** Extra response headers. */
  readonly headers?: HeadersInit | undefined;
}

/**
 * 409 for a workflow transition that is not allowed from the current state.
 * The client shows the current state and the transitions still allowed, and
 * never replays the original action.
 */
export function invalidTransitionProblem(options: InvalidTransitionProblemOptions): Response {
  const allowed = options.allowedTransitions.length > 0 ? options.allowedTransitions.join(', ') : 'none';
  return problemResponse({
    status: 409,
    type: PROBLEM_TYPES.invalidTransition,
    title: 'Transition not allowed',
    detail:
      options.detail ??
      `The transition "${options.attempted}" is not allowed from state "${options.currentState}". Allowed now: ${allowed}.`,
    instance: options.instance,
    reason: PROBLEM_REASONS.invalidTransition,
    currentState: options.currentState,
    allowedTransitions: [...options.allowedTransitions],
    attemptedTransition: options.attempted,
    current: options.current,
    requestId: options.requestId,
    traceId: options.traceId,
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
  });
}
