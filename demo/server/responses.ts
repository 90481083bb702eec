import { badRequestProblem, etagFor, problemResponse, unprocessableProblem, type StoredResponse } from '../../src/server';
import type { ListItem, Page, PageRequest, VersionedRecord } from './demoStore';
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

const encoder = new TextEncoder();

/**
 * A record's response as the Idempotency-Key store keeps it: the same
 * status, headers and bytes {@link recordResponse} sends, so a write can
 * record its outcome inside its own transaction.
 */
export function storedRecordResponse(record: VersionedRecord, options: RecordResponseOptions = {}): StoredResponse {
  const headers: [string, string][] = [
    ['content-type', 'application/json; charset=utf-8'],
    ['cache-control', 'no-cache'],
    ['etag', recordETag(record)],
  ];
  if (options.location !== undefined) headers.push(['location', options.location]);
  return { status: options.status ?? 200, headers, body: encoder.encode(JSON.stringify(record)) };
}

/** A stored response as a Response again. */
export function fromStored(stored: StoredResponse): Response {
  const headers = new Headers();
  for (const [name, value] of stored.headers) headers.append(name, value);
  return new Response(new Uint8Array(stored.body), { status: stored.status, headers });
}

/**
 * A record as JSON with its strong `ETag` and `Cache-Control: no-cache`, so
 * caches always revalidate and the client always holds the current validator.
 */
export function recordResponse(record: VersionedRecord, options: RecordResponseOptions = {}): Response {
  return fromStored(storedRecordResponse(record, options));
}

/**
 * Adds `Cache-Control: no-cache` to a 304: it must carry the caching
 * headers the 200 would have (RFC 9110 §15.4.5).
 */
export function withNoCache(response: Response): Response {
  if (response.status === 304) response.headers.set('Cache-Control', 'no-cache');
  return response;
}

/** Items on a list page when the request names no `limit`. */
export const DEFAULT_PAGE_LIMIT = 50;
/** Most items on one list page. */
export const MAX_PAGE_LIMIT = 200;
/** Most bytes of one list page's items; a page that would be larger ends early, with a `next` link. */
export const MAX_PAGE_BYTES = 1_048_576;

/** Reads `?limit=` and `?after=` of a list request, or the 400 to answer. */
export function pageRequest(url: URL, isId: (id: string) => boolean, requestId: string): PageRequest | Response {
  const limitRaw = url.searchParams.get('limit');
  const after = url.searchParams.get('after') ?? undefined;
  let limit = DEFAULT_PAGE_LIMIT;
  if (limitRaw !== null) {
    if (!/^\d{1,4}$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > MAX_PAGE_LIMIT) {
      return badRequestProblem(`limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, not ${JSON.stringify(limitRaw.slice(0, 20))}.`, {
        requestId,
        title: 'Invalid page',
        field: 'limit',
      });
    }
    limit = Number(limitRaw);
  }
  if (after !== undefined && !isId(after)) {
    return badRequestProblem(`after must be the id of a record of this list (the "next" of the previous page), not ${JSON.stringify(after.slice(0, 40))}.`, {
      requestId,
      title: 'Invalid page',
      field: 'after',
    });
  }
  return { after, limit };
}

/**
 * One list page as `{ "items": [...], "next": "/api/…?after=…" }` with a
 * `Link: <…>; rel="next"` header (RFC 8288) while more follow. Items beyond
 * {@link MAX_PAGE_BYTES} move to the next page.
 */
export function listResponse<T extends { id: string }>(page: Page<T>, url: URL, limit: number): Response {
  const items: ListItem<T>[] = [];
  const parts: string[] = [];
  let bytes = 0;
  let next = page.next;
  for (const item of page.items) {
    const json = JSON.stringify(item);
    const size = encoder.encode(json).byteLength;
    if (items.length > 0 && bytes + size > MAX_PAGE_BYTES) {
      next = items[items.length - 1]?.id;
      break;
    }
    items.push(item);
    parts.push(json);
    bytes += size;
  }
  const headers = new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  let nextMember = '';
  if (next !== undefined) {
    const link = new URL(url.pathname, url);
    link.searchParams.set('after', next);
    link.searchParams.set('limit', String(limit));
    const target = `${link.pathname}${link.search}`;
    headers.set('Link', `<${target}>; rel="next"`);
    nextMember = `,"next":${JSON.stringify(target)}`;
  }
  return new Response(`{"items":[${parts.join(',')}]${nextMember}}`, { headers });
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
