import { formatETag, type EntityTag, type VersionValue } from '../core/etag';
import { toEntityTag } from './etagFor';
import { problemResponse } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** Options for {@link staleWriteProblem}. */
export interface StaleWriteProblemOptions {
  /**
   * 412 when a precondition (`If-Match`, `If-Unmodified-Since`) failed; 409
   * when the stale version came in the body (RFC 9110 §15.5.10 vs §15.5.13).
   * @default 412
   */
  readonly status?: 409 | 412 | undefined;
  /** The current representation, so the client can merge without another round trip. */
  readonly current?: unknown;
  /** The current entity tag: sent as the `ETag` header and the `currentETag` member. */
  readonly etag?: string | EntityTag | undefined;
  /** The current body version (`version`, `_rev`, …). */
  readonly currentVersion?: VersionValue | undefined;
  /** The version the client based its write on. */
  readonly attemptedVersion?: VersionValue | undefined;
  /** The server's request id. */
  readonly requestId?: string | undefined;
  /** The request's trace id (see `parseTraceparent`), written as the `traceId` member. */
  readonly traceId?: string | undefined;
  /** URI reference of this occurrence. */
  readonly instance?: string | undefined;
  /**
   * Explanation for people.
   * @default 'The resource was changed by someone else since you loaded it. …'
   */
  readonly detail?: string | undefined;
  /** Extra response headers. */
  readonly headers?: HeadersInit | undefined;
}

/**
 * The stale-write problem: the client's write was based on an old version.
 * Carries `reason: 'version_mismatch'`, the current representation and
 * version, and the current `ETag`, which is all the client needs for a
 * three-way merge.
 */
export function staleWriteProblem(options: StaleWriteProblemOptions = {}): Response {
  const tag = options.etag === undefined ? undefined : formatETag(toEntityTag(options.etag));
  const headers = new Headers(options.headers);
  if (tag !== undefined) headers.set('ETag', tag);
  return problemResponse({
    status: options.status ?? 412,
    type: PROBLEM_TYPES.versionMismatch,
    title: 'The resource has changed',
    detail:
      options.detail ??
      'The resource was changed by someone else since you loaded it. Merge your changes into the current version and save again.',
    instance: options.instance,
    reason: PROBLEM_REASONS.versionMismatch,
    currentVersion: options.currentVersion,
    attemptedVersion: options.attemptedVersion,
    // A copy of the ETag in the body: cross-origin clients cannot read the
    // header unless the server lists it in Access-Control-Expose-Headers.
    currentETag: tag,
    current: options.current,
    requestId: options.requestId,
    traceId: options.traceId,
    headers,
  });
}
