import { etagFor, problemResponse, unprocessableProblem } from '../../src/server';
import type { VersionedRecord } from './demoStore';
import type { SchemaIssue } from './fieldSchema';

/** The strong ETag of a record version: `"T-1001:3"`. */
export function recordETag(record: VersionedRecord): string {
  return etagFor(record.version, record.id);
}

/** Options for {@link recordResponse}. */
export interface RecordResponseOptions {
  /** @default 200 */
  readonly status?: number;
  /** Sets `Location` (201 Created). */
  readonly location?: string;
}

/**
 * A record as JSON with its strong `ETag` and `Cache-Control: no-cache`, so
 * caches always revalidate and the client always holds the current validator.
 */
export function recordResponse(record: VersionedRecord, options: RecordResponseOptions = {}): Response {
  const headers = new Headers({
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache',
    ETag: recordETag(record),
  });
  if (options.location !== undefined) headers.set('Location', options.location);
  return new Response(JSON.stringify(record), { status: options.status ?? 200, headers });
}

/**
 * Adds `Cache-Control: no-cache` to a 304: it must carry the caching
 * headers the 200 would have (RFC 9110 §15.4.5).
 */
export function withNoCache(response: Response): Response {
  if (response.status === 304) response.headers.set('Cache-Control', 'no-cache');
  return response;
}

/** A list of records as `{ "items": [...] }`. */
export function listResponse(items: readonly unknown[]): Response {
  return new Response(JSON.stringify({ items }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
}

/** 422 naming every offending field (first in `field`, all in `errors`). */
export function validationProblem(issues: readonly SchemaIssue[], requestId: string): Response {
  const describe = (issue: SchemaIssue): string => (issue.field ? `${issue.field} ${issue.message}` : `The body ${issue.message}`);
  return unprocessableProblem({
    title: 'Invalid fields',
    detail: `${issues.map(describe).join('; ')}.`,
    field: issues[0]?.field,
    errors: issues.map((issue) => ({ field: issue.field, message: issue.message })),
    requestId,
  });
}

/** 405 with the `Allow` header (RFC 9110 §15.5.6). */
export function methodNotAllowedProblem(method: string, allow: string, requestId: string): Response {
  return problemResponse({
    status: 405,
    title: 'Method Not Allowed',
    detail: `${method} is not supported here. Allowed: ${allow}.`,
    reason: 'method_not_allowed',
    requestId,
    headers: { Allow: allow },
  });
}
