/**
 * RFC 9457 problem details responses.
 *
 * Every problem goes out as `application/problem+json` (RFC 9457 §3) with
 * `Cache-Control: no-store`: an error about one request's state must never be
 * served from a cache to the next one.
 */
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** The media type of a problem details document (RFC 9457 §6.1). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem details body: the RFC 9457 members plus extension members. */
export interface ProblemDetails {
  /** URI identifying the problem type (RFC 9457 §3.1.1); `about:blank` when there is none. */
  readonly type: string;
  /** Short, human-readable summary of the problem type (§3.1.4). */
  readonly title: string;
  /** The HTTP status code, repeated for readers that lose the status line (§3.1.2). */
  readonly status: number;
  /** Human-readable explanation of this occurrence (§3.1.3). */
  readonly detail?: string | undefined;
  /** URI reference of this occurrence (§3.1.5). */
  readonly instance?: string | undefined;
  /** The server's request id, so support can find the logs. */
  readonly requestId?: string | undefined;
  /** The W3C trace id (32 hex digits) of the request's trace, so the client's dialog, the server's log line and the trace meet. */
  readonly traceId?: string | undefined;
  /** Extension members (§3.2): `reason`, `current`, `currentVersion`, … */
  readonly [extension: string]: unknown;
}

/** Everything {@link problemResponse} needs: standard members, headers and extension members. */
export interface ProblemInit {
  /** HTTP status code of the response. */
  readonly status: number;
  /**
   * Problem type URI.
   * @default 'about:blank'
   */
  readonly type?: string | undefined;
  /** Short summary of the problem type; the same for every occurrence. */
  readonly title: string;
  /** Explanation of this occurrence, for people. */
  readonly detail?: string | undefined;
  /** URI reference identifying this occurrence. */
  readonly instance?: string | undefined;
  /** Request id, written as the `requestId` member. */
  readonly requestId?: string | undefined;
  /** Trace id (see `parseTraceparent`), written as the `traceId` member. */
  readonly traceId?: string | undefined;
  /** Extra response headers (`ETag`, `Location`, `Retry-After`, …). Never part of the body. */
  readonly headers?: HeadersInit | undefined;
  /** Any other member becomes an extension member of the body (RFC 9457 §3.2). */
  readonly [extension: string]: unknown;
}

/** The standard members cannot be replaced through extension members. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'traceId', 'headers']);

/**
 * Builds an RFC 9457 problem details response. Members whose value is
 * `undefined` are left out, as `JSON.stringify` would.
 */
export function problemResponse(init: ProblemInit): Response {
  const body: Record<string, unknown> = {
    type: init.type ?? 'about:blank',
    title: init.title,
    status: init.status,
  };
  if (init.detail !== undefined) body['detail'] = init.detail;
  if (init.instance !== undefined) body['instance'] = init.instance;
  for (const [key, value] of Object.entries(init)) {
    if (!RESERVED.has(key) && value !== undefined) {
      // defineProperty so an extension named `__proto__` stays a plain member.
      Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  if (init.requestId !== undefined) body['requestId'] = init.requestId;
  if (init.traceId !== undefined) body['traceId'] = init.traceId;

  const headers = new Headers(init.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status: init.status, headers });
}

/**
 * Optional parts of a problem built by one of the status helpers: standard
 * members, headers and extension members. `type`, `title` and `reason`
 * replace the helper's defaults.
 */
export interface ProblemOptions {
  /** Problem type URI; replaces the helper's. */
  readonly type?: string | undefined;
  /** Short summary; replaces the helper's. */
  readonly title?: string | undefined;
  /** Explanation of this occurrence; replaces the helper's default. */
  readonly detail?: string | undefined;
  /** URI reference identifying this occurrence. */
  readonly instance?: string | undefined;
  /** Request id, written as the `requestId` member. */
  readonly requestId?: string | undefined;
  /** Trace id, written as the `traceId` member. */
  readonly traceId?: string | undefined;
  /** Extra response headers. */
  readonly headers?: HeadersInit | undefined;
  /** Any other member becomes an extension member of the body. */
  readonly [extension: string]: unknown;
}

function statusProblem(
  status: number,
  defaults: { readonly type?: string | undefined; readonly title: string; readonly detail?: string | undefined; readonly reason?: string },
  detailOrOptions: string | ProblemOptions | undefined,
  extras: ProblemOptions | undefined,
): Response {
  const options: ProblemOptions =
    typeof detailOrOptions === 'string' ? { ...extras, detail: detailOrOptions } : { ...detailOrOptions, ...extras };
  return problemResponse({
    ...(defaults.reason !== undefined ? { reason: defaults.reason } : {}),
    ...(defaults.type !== undefined ? { type: defaults.type } : {}),
    ...(defaults.detail !== undefined ? { detail: defaults.detail } : {}),
    ...options,
    title: options.title ?? defaults.title,
    status,
  });
}

/**
 * 400 Bad Request: the request is malformed (bad header, bad JSON). Pass the
 * explanation as `detail`, or options with it.
 */
export function badRequestProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(400, { title: 'Bad Request', detail: 'The request is malformed.' }, detail, extras);
}

/** 404 Not Found: the resource does not exist (any more). */
export function notFoundProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(
    404,
    {
      type: PROBLEM_TYPES.notFound,
      reason: PROBLEM_REASONS.notFound,
      title: 'Not Found',
      detail: 'The resource does not exist. It may have been deleted.',
    },
    detail,
    extras,
  );
}

/** 413 Content Too Large (RFC 9110 §15.5.14): the body is over the server's limit. */
export function payloadTooLargeProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(
    413,
    {
      type: PROBLEM_TYPES.payloadTooLarge,
      reason: PROBLEM_REASONS.payloadTooLarge,
      title: 'Content Too Large',
      detail: 'The request body is larger than this server accepts.',
    },
    detail,
    extras,
  );
}

/** 415 Unsupported Media Type (RFC 9110 §15.5.16): the body is not in a format this endpoint reads. */
export function unsupportedMediaTypeProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(
    415,
    {
      type: PROBLEM_TYPES.unsupportedMediaType,
      reason: PROBLEM_REASONS.unsupportedMediaType,
      title: 'Unsupported Media Type',
      detail: 'The request body is not in a format this endpoint accepts.',
    },
    detail,
    extras,
  );
}

/** 422 Unprocessable Content (RFC 9110 §15.5.21): well-formed, but the content is invalid. */
export function unprocessableProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(
    422,
    {
      type: PROBLEM_TYPES.unprocessable,
      reason: PROBLEM_REASONS.unprocessable,
      title: 'Unprocessable Content',
      detail: 'The request is well-formed but its content is not valid.',
    },
    detail,
    extras,
  );
}

/**
 * 428 Precondition Required (RFC 6585 §3): the write carried no `If-Match`.
 * The default detail says how to resubmit, as §3 asks.
 */
export function preconditionRequiredProblem(detail?: string | ProblemOptions, extras?: ProblemOptions): Response {
  return statusProblem(
    428,
    {
      type: PROBLEM_TYPES.preconditionRequired,
      reason: PROBLEM_REASONS.preconditionRequired,
      title: 'Precondition Required',
      detail:
        'This request must be conditional, so it cannot overwrite a change it has not seen. Fetch the resource, then retry with If-Match set to its ETag.',
    },
    detail,
    extras,
  );
}
