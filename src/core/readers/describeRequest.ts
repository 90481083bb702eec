import type { VersionValue } from '../etag';
import { readVersionField } from '../etag';
import { compact, isRecord, readToken, readString, readVersion, MAX_STRING_LENGTH } from './bodyMembers';
import { readBoundedText } from './readBoundedText';

/**
 * A description of the request that was sent, for callers that no longer
 * hold an unread `Request`: `body` may be the JSON text or the parsed value.
 */
export interface SentRequest {
  readonly method?: string;
  readonly url?: string;
  readonly headers?: HeadersInit;
  readonly body?: unknown;
}

/** What the classifier knows about the request that got the conflict. */
export interface RequestSummary {
  /** Upper-case method, when known. */
  readonly method?: string;
  /** Request URL, when known (capped). */
  readonly url?: string;
  /** The `If-Match` value sent. */
  readonly ifMatch?: string;
  /** The `If-None-Match` value sent (`*` on a create-only-if-absent). */
  readonly ifNoneMatch?: string;
  /** The `Idempotency-Key` (or Stripe's `Stripe-Idempotency-Key`) sent. */
  readonly idempotencyKey?: string;
  /** The version the body carried (`_rev`, `version`) or CouchDB's `?rev=` query parameter. */
  readonly sentVersion?: VersionValue;
  /** `true` when the request body could be inspected (or there was none). */
  readonly bodyKnown: boolean;
  /** `true` for methods that change state (not GET, HEAD, OPTIONS, TRACE). */
  readonly isWrite: boolean;
  /**
   * `true` when the request was known to create: `If-None-Match: *`, a POST
   * carrying no version, or a PUT whose readable body carries no version and
   * no `If-Match`. A PUT with an unreadable body is not assumed to create.
   */
  readonly isCreate: boolean;
  /** `true` for an edit of an existing record: PATCH, DELETE, a PUT that is not a create, or any write with a version. */
  readonly isEdit: boolean;
}

/** Largest request body inspected for a version field. */
const MAX_REQUEST_BODY_BYTES = 256 * 1024;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

interface RequestLikeWithBody {
  readonly bodyUsed: boolean;
  readonly body: ReadableStream<Uint8Array> | null;
  clone(): { readonly body: ReadableStream<Uint8Array> | null };
}

function isFetchRequest(value: unknown): value is RequestLikeWithBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { clone?: unknown }).clone === 'function' &&
    typeof (value as { bodyUsed?: unknown }).bodyUsed === 'boolean'
  );
}

function toHeaders(init: unknown): Headers {
  try {
    return init instanceof Headers ? init : new Headers(init as HeadersInit | undefined);
  } catch {
    return new Headers();
  }
}

function parseJsonText(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** The body as a value, `undefined` when unknown, `null` when there was none. */
type BodyProbe = { readonly known: false } | { readonly known: true; readonly value: unknown };

function probeSentBody(body: unknown): BodyProbe {
  if (body === undefined || body === null) return { known: true, value: undefined };
  if (typeof body === 'string') return { known: true, value: parseJsonText(body) };
  if (isRecord(body) || Array.isArray(body)) return { known: true, value: body };
  return { known: false };
}

function versionOf(body: unknown, url: string | undefined): VersionValue | undefined {
  const fromBody = readVersionField(body, '_rev') ?? readVersionField(body, 'version');
  if (fromBody !== undefined) return readVersion(fromBody);
  // CouchDB also takes the revision as a query parameter: PUT /db/doc?rev=2-abc.
  const match = url === undefined ? null : /[?&]rev=([^&#]+)/.exec(url);
  return match?.[1] !== undefined ? readToken(match[1]) : undefined;
}

/**
 * Summarises a request synchronously; `probe` is what is known of its body.
 * @internal
 */
export function summarizeRequest(request: Request | SentRequest | undefined, probe: BodyProbe): RequestSummary {
  if (!request || typeof request !== 'object') {
    return { bodyKnown: false, isWrite: false, isCreate: false, isEdit: false };
  }
  const method = readToken(typeof request.method === 'string' ? request.method.toUpperCase() : undefined);
  const url = typeof request.url === 'string' ? readString(request.url, MAX_STRING_LENGTH * 4) : undefined;
  const headers = toHeaders(request.headers);
  const ifMatch = readString(headers.get('if-match'));
  const ifNoneMatch = readString(headers.get('if-none-match'));
  const idempotencyKey = readToken(headers.get('idempotency-key') ?? headers.get('stripe-idempotency-key'));
  const sentVersion = versionOf(probe.known ? probe.value : undefined, url);
  const isWrite = method !== undefined && !READ_METHODS.has(method);
  const versioned = ifMatch !== undefined || sentVersion !== undefined;
  const isCreate =
    isWrite &&
    (ifNoneMatch === '*' ||
      (!versioned && method === 'POST') ||
      (!versioned && method === 'PUT' && probe.known));
  const isEdit =
    isWrite && !isCreate && (versioned || method === 'PATCH' || method === 'DELETE' || method === 'PUT');
  return {
    ...compact({ method, url, ifMatch, ifNoneMatch, idempotencyKey, sentVersion }),
    bodyKnown: probe.known,
    isWrite,
    isCreate,
    isEdit,
  };
}

/**
 * Summarises a request synchronously, inspecting only a `SentRequest` body
 * (a fetch `Request` body would need an async read).
 */
export function describeRequestSync(request: Request | SentRequest | undefined): RequestSummary {
  if (request && typeof request === 'object' && !isFetchRequest(request)) {
    return summarizeRequest(request, probeSentBody((request as SentRequest).body));
  }
  return summarizeRequest(request, { known: false });
}

/**
 * Summarises the request that got a conflict: method, URL, preconditions,
 * Idempotency-Key and the body version; an unread `Request` body is read
 * (bounded, from a clone), a used one is not.
 */
export async function describeRequest(request: Request | SentRequest | undefined): Promise<RequestSummary> {
  try {
    if (!isFetchRequest(request)) return describeRequestSync(request);
    if (request.body === null) return summarizeRequest(request as Request, { known: true, value: undefined });
    if (request.bodyUsed) return summarizeRequest(request as Request, { known: false });
    const { text, truncated, failed } = await readBoundedText(request.clone().body, MAX_REQUEST_BODY_BYTES);
    const probe: BodyProbe = truncated || failed ? { known: false } : { known: true, value: parseJsonText(text) };
    return summarizeRequest(request as Request, probe);
  } catch {
    try {
      return summarizeRequest(request, { known: false });
    } catch {
      return summarizeRequest(undefined, { known: false });
    }
  }
}
