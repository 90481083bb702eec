import { problemResponse } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** Options for {@link duplicateProblem}. */
export interface DuplicateProblemOptions {
  /** URL of the existing resource: the `existing` member and the `Location` header. */
  readonly existing: string;
  /** Id of the existing resource (such as `orders/2026-88421`). */
  readonly existingResourceId: string;
  /** The existing resource's representation, so the client can show it at once. */
  readonly current?: unknown;
  /**
   * Who created the existing resource (the `existingCreatedBy` member), so
   * the person who collided with it learns it was someone else.
   */
  readonly existingCreatedBy?: string | undefined;
  /** When the existing resource was created, as an ISO 8601 string or ms since epoch (the `existingCreatedAt` member). */
  readonly existingCreatedAt?: string | number | undefined;
  /** The server's request id. */
  readonly requestId?: string | undefined;
  /** The request's trace id (see `parseTraceparent`), written as the `traceId` member. */
  readonly traceId?: string | undefined;
  /**
   * Extension members such as `externalId` or `idempotencyKey`. They cannot
   * replace the members this builder sets.
   */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
  /**
   * The machine-readable reason.
   * @default 'duplicate_external_id'
   */
  readonly reason?: string | undefined;
  /**
   * Explanation for people.
   * @default 'This was already created. …'
   */
  readonly detail?: string | undefined;
  /** URI reference of this occurrence. */
  readonly instance?: string | undefined;
  /** Extra response headers. */
  readonly headers?: HeadersInit | undefined;
}

/**
 * 409 for a duplicate create: the thing already exists, so the client should
 * adopt it ("already created — view existing") and never create it again.
 */
export function duplicateProblem(options: DuplicateProblemOptions): Response {
  const headers = new Headers(options.headers);
  headers.set('Location', options.existing);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (key !== 'headers') Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return problemResponse({
    ...extra,
    status: 409,
    type: PROBLEM_TYPES.duplicateExternalId,
    title: 'Already created',
    detail:
      options.detail ?? 'This was already created, so it was not created again. Open the existing resource instead.',
    instance: options.instance,
    reason: options.reason ?? PROBLEM_REASONS.duplicateExternalId,
    existing: options.existing,
    existingResourceId: options.existingResourceId,
    current: options.current,
    existingCreatedBy: options.existingCreatedBy,
    existingCreatedAt: options.existingCreatedAt,
    requestId: options.requestId,
    traceId: options.traceId,
    headers,
  });
}
