import { isDev } from './devWarning';

/** Where a failure happened, for messages that name the request. */
export interface RequestInfo {
  readonly method?: string;
  readonly url?: string;
}

function where(info: RequestInfo): string {
  return info.method || info.url ? ` (${[info.method, info.url].filter(Boolean).join(' ')})` : '';
}

/**
 * Base class of every failure the kit throws. Conflicts are returned as
 * values; these are the things that really went wrong. Messages say what
 * happened, why, and what to do.
 */
export class ConflictKitError extends Error {
  override name = 'ConflictKitError';
  /** HTTP method of the failing request, when there was one. */
  readonly method: string | undefined;
  /** URL of the failing request, when there was one. */
  readonly url: string | undefined;

  constructor(message: string, info: RequestInfo = {}, options?: { cause?: unknown }) {
    super(message + where(info), options);
    this.method = info.method;
    this.url = info.url;
  }
}

/** The request never got an answer (offline, DNS, connection reset, aborted). */
export class NetworkError extends ConflictKitError {
  override name = 'NetworkError';
  constructor(info: RequestInfo, cause: unknown) {
    super(
      isDev
        ? 'The request did not reach the server or its answer was lost (offline, the server unreachable, or a cross-origin request it did not allow). Your edits are kept; try again once it can be reached.'
        : 'The request did not reach the server or its answer was lost.',
      info,
      { cause },
    );
  }
}

/**
 * A write could not carry a precondition (weak ETag and no version field,
 * or no validator at all), so the kit refuses to send it blind. The message
 * carries the fix in development builds only.
 */
export class UnprotectedWriteError extends ConflictKitError {
  override name = 'UnprotectedWriteError';
  /** Why no precondition could be built. */
  readonly reason: 'weak-etag' | 'no-validator';
  constructor(reason: 'weak-etag' | 'no-validator', detail: string, info: RequestInfo) {
    super(
      isDev
        ? `${detail} The write was not sent, because it could silently overwrite someone else's change. Reload the record to get a strong ETag, configure a version field, or pass { unprotected: true } to write anyway.`
        : `${detail} The write was not sent.`,
      info,
    );
    this.reason = reason;
  }
}

/** The server answered with a status that is neither success nor a conflict (400, 401, 500, …). */
export class HttpError extends ConflictKitError {
  override name = 'HttpError';
  /** The HTTP status code. */
  readonly status: number;
  /** The server's request id, if it sent one. */
  readonly requestId: string | undefined;
  /** The problem+json `title`/`detail` or a short excerpt of the body, for display. */
  readonly detail: string | undefined;
  constructor(status: number, info: RequestInfo, detail?: string, requestId?: string) {
    super(
      `The server answered ${status}${detail ? `: ${detail.replace(/\.$/, '')}` : ''}.${requestId ? ` Request id ${requestId}.` : ''}`,
      info,
    );
    this.status = status;
    this.requestId = requestId;
    this.detail = detail;
  }
}

/** A successful response whose body could not be read as JSON. */
export class InvalidResponseError extends ConflictKitError {
  override name = 'InvalidResponseError';
  constructor(detail: string, info: RequestInfo, cause?: unknown) {
    super(`The server's answer could not be read: ${detail}.`, info, { cause });
  }
}
