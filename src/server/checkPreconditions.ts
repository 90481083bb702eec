/**
 * Conditional request evaluation for origin servers (RFC 9110 §13).
 */
import {
  formatETag,
  parseETagList,
  parseHttpDate,
  strongMatch,
  weakMatch,
  type EntityTag,
  type VersionValue,
} from '../core/etag';
import { toEntityTag } from './etagFor';
import { traceIdOf } from './parseTraceparent';
import { badRequestProblem, preconditionRequiredProblem, problemResponse } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';
import { staleWriteProblem } from './staleWriteProblem';

/** What the server holds now for the target resource. */
export interface CurrentState {
  /** The current entity tag; should be strong (see {@link etagFor}), or no `If-Match` can ever match. */
  readonly etag: string | EntityTag;
  /** When the current representation last changed; enables `If-Unmodified-Since` / `If-Modified-Since`. */
  readonly lastModified?: Date;
  /**
   * The current representation. When given, a 412 for a stale write carries
   * it as the `current` member, so the client can merge at once.
   */
  readonly representation?: unknown;
  /** The current body version (`version`, `_rev`, …), for the `currentVersion` member and `bodyVersion` checks. */
  readonly version?: VersionValue;
}

/** Options for {@link checkPreconditions}. */
export interface CheckPreconditionsOptions {
  /**
   * Answer 428 when the request carries no precondition (RFC 6585 §3).
   * @default true for PUT, PATCH and DELETE; false otherwise
   */
  readonly require?: boolean;
  /** The server's request id, written into every problem body. */
  readonly requestId?: string | undefined;
  /**
   * The trace id written into every problem body.
   * @default the trace id of the request's valid `traceparent` header, if any
   */
  readonly traceId?: string | undefined;
  /**
   * The version the client put in the request body (`version`, `_rev`), for
   * APIs that accept it instead of `If-Match`. On a write it is compared with
   * `current.version` after the header preconditions pass: a mismatch answers
   * 409 `version_mismatch`, and its presence satisfies `require`.
   */
  readonly bodyVersion?: VersionValue | undefined;
  /** URI reference of this occurrence, for problem bodies. */
  readonly instance?: string | undefined;
}

const SAFE_READS = new Set(['GET', 'HEAD']);
const UNSAFE_EXEMPT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const REQUIRED_BY_DEFAULT = new Set(['PUT', 'PATCH', 'DELETE']);

/** HTTP dates have one-second resolution (RFC 9110 §5.6.7): compare whole seconds. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * Evaluates `If-Match`, `If-None-Match`, `If-Unmodified-Since` and
 * `If-Modified-Since` in the order of RFC 9110 §13.2.2 against the current
 * state of the resource (`null` when it does not exist).
 *
 * Returns the response to send (304, 400, 409, 412 or 428) or `null` when
 * the request may proceed. Call it before any side effect, and again inside
 * the same transaction as the write, or two writers can both pass.
 */
export function checkPreconditions(
  request: Request,
  current: CurrentState | null,
  options: CheckPreconditionsOptions = {},
): Response | null {
  const method = request.method.toUpperCase();
  const isRead = SAFE_READS.has(method);
  const isWrite = !UNSAFE_EXEMPT.has(method);
  const requestId = options.requestId;
  const common = { requestId, traceId: options.traceId ?? traceIdOf(request), instance: options.instance };
  const currentTag = current ? toEntityTag(current.etag) : null;

  const ifMatchRaw = request.headers.get('if-match');
  const ifNoneMatchRaw = request.headers.get('if-none-match');
  const ifMatch = ifMatchRaw === null ? undefined : parseETagList(ifMatchRaw);
  const ifNoneMatch = ifNoneMatchRaw === null ? undefined : parseETagList(ifNoneMatchRaw);
  // Refuse to guess what a malformed precondition meant: evaluating it as
  // "no match" or "absent" could both let a stale write through.
  if (ifMatch === null || ifNoneMatch === null) {
    const field = ifMatch === null ? 'If-Match' : 'If-None-Match';
    const raw = (ifMatch === null ? ifMatchRaw : ifNoneMatchRaw) ?? '';
    return badRequestProblem({
      ...common,
      type: PROBLEM_TYPES.malformedPrecondition,
      reason: PROBLEM_REASONS.malformedPrecondition,
      title: 'Malformed precondition',
      detail: `The ${field} header ${JSON.stringify(raw.slice(0, 200))} is not "*" or a list of entity tags such as "v3" or W/"v3" (RFC 9110 §13.1).`,
      field,
    });
  }

  // §13.1.4: If-Unmodified-Since is ignored when If-Match is present or the
  // value is not a valid HTTP-date (a list of dates does not parse either).
  const ifUnmodifiedSince = ifMatch === undefined ? parseHttpDate(request.headers.get('if-unmodified-since')) : null;
  // §13.1.3: If-Modified-Since only for GET/HEAD and only without If-None-Match.
  const ifModifiedSince =
    ifNoneMatch === undefined && isRead ? parseHttpDate(request.headers.get('if-modified-since')) : null;

  const stale = (detail?: string): Response =>
    staleWriteProblem({
      ...common,
      status: 412,
      ...(current && currentTag ? { etag: currentTag } : {}),
      ...(current?.representation !== undefined ? { current: current.representation } : {}),
      ...(current?.version !== undefined ? { currentVersion: current.version } : {}),
      ...(options.bodyVersion !== undefined ? { attemptedVersion: options.bodyVersion } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });

  // Step 1 (§13.2.2): If-Match, strong comparison (§13.1.1).
  if (ifMatch !== undefined) {
    if (!current || !currentTag) {
      // The client named a version of something that is not there: most
      // likely it was deleted while being edited.
      return problemResponse({
        ...common,
        status: 412,
        type: PROBLEM_TYPES.resourceDeleted,
        title: 'The resource no longer exists',
        reason: PROBLEM_REASONS.resourceDeleted,
        detail:
          'The resource does not exist (it may have been deleted), so If-Match cannot match. Copy your changes before leaving this page.',
      });
    }
    const matched = ifMatch === '*' || ifMatch.some((tag) => strongMatch(tag, currentTag));
    if (!matched) {
      const weakOnly = ifMatch.some((tag) => tag.weak && weakMatch(tag, currentTag));
      return stale(
        weakOnly
          ? `If-Match uses strong comparison, so a weak entity tag (W/"…") can never match (RFC 9110 §13.1.1). Send the strong ETag ${formatETag({ weak: false, opaque: currentTag.opaque })} instead.`
          : undefined,
      );
    }
  } else if (ifUnmodifiedSince && current?.lastModified) {
    // Step 2: If-Unmodified-Since (§13.1.4); without a current date it is ignored.
    if (seconds(current.lastModified) > seconds(ifUnmodifiedSince)) return stale();
  }

  // Step 3: If-None-Match, weak comparison (§13.1.2).
  if (ifNoneMatch !== undefined) {
    const exists = ifNoneMatch === '*';
    if (currentTag !== null && (exists || ifNoneMatch.some((tag) => weakMatch(tag, currentTag)))) {
      if (isRead) return notModified(currentTag);
      return problemResponse({
        ...common,
        status: 412,
        type: exists ? PROBLEM_TYPES.alreadyExists : PROBLEM_TYPES.preconditionFailed,
        title: exists ? 'Already exists' : 'Precondition Failed',
        reason: exists ? PROBLEM_REASONS.alreadyExists : PROBLEM_REASONS.preconditionFailed,
        detail: exists
          ? 'The resource already exists, and If-None-Match: * asked to write only if it did not. Load the existing resource instead.'
          : 'The resource is at a version If-None-Match excluded.',
        currentETag: formatETag(currentTag),
        ...(exists ? { existing: targetOf(request) } : {}),
        current: current?.representation,
        headers: { ETag: formatETag(currentTag) },
      });
    }
  } else if (ifModifiedSince && current?.lastModified && currentTag) {
    // Step 4: If-Modified-Since (§13.1.3).
    if (seconds(current.lastModified) <= seconds(ifModifiedSince)) return notModified(currentTag);
  }

  // A body version is this API's own precondition, not HTTP's: a mismatch is
  // a 409 conflict, not 412 (RFC 9110 §15.5.10).
  if (isWrite && options.bodyVersion !== undefined && current?.version !== undefined) {
    if (String(options.bodyVersion) !== String(current.version)) {
      return staleWriteProblem({
        ...common,
        status: 409,
        etag: currentTag ?? undefined,
        current: current.representation,
        currentVersion: current.version,
        attemptedVersion: options.bodyVersion,
      });
    }
  }

  // 428 exists to prevent lost updates (RFC 6585 §3), so only a precondition
  // that ties the write to a version counts: If-Match with an entity tag (not
  // `*`, which any existing version satisfies), an If-Unmodified-Since the
  // server can evaluate (§13.1.4 ignores it without a modification date), or
  // the body version. If-None-Match guards only a create: it proves nothing
  // about which version an update of an existing resource was based on.
  const hasPrecondition =
    (ifMatch !== undefined && (ifMatch !== '*' || current === null)) ||
    (ifUnmodifiedSince !== null && current?.lastModified !== undefined) ||
    (isWrite && options.bodyVersion !== undefined) ||
    (ifNoneMatch !== undefined && (isRead || current === null));
  if (!hasPrecondition && (options.require ?? REQUIRED_BY_DEFAULT.has(method))) {
    return preconditionRequiredProblem(common);
  }
  return null;
}

/** 304 carries the validator and no body (RFC 9110 §15.4.5). */
function notModified(tag: EntityTag): Response {
  return new Response(null, { status: 304, headers: { ETag: formatETag(tag) } });
}

/** The target resource as a path-absolute reference, for the `existing` member. */
function targetOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}
