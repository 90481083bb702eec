import { isRecord } from './bodyMembers';
import { readBoundedText } from './readBoundedText';
import { NOTHING_KNOWN, summarizeRequest, type BodyProbe, type RequestSummary } from './summarizeRequest';


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

/** Largest request body inspected for a version field. */
const MAX_REQUEST_BODY_BYTES = 256 * 1024;

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

function probeSentBody(body: unknown): BodyProbe {
  if (body === undefined || body === null) return { known: true, value: undefined };
  if (typeof body === 'string') return { known: true, value: parseJsonText(body) };
  if (isRecord(body) || Array.isArray(body)) return { known: true, value: body };
  return { known: false };
}

/** Summarises a fetch `Request` or a `SentRequest`, whatever its members hold; `probe` is what is known of its body. */
function summarizeGiven(request: Request | SentRequest | undefined, probe: BodyProbe): RequestSummary {
  if (!request || typeof request !== 'object') return NOTHING_KNOWN;
  return summarizeRequest(
    typeof request.method === 'string' ? request.method : undefined,
    typeof request.url === 'string' ? request.url : undefined,
    toHeaders(request.headers),
    probe,
  );
}

/**
 * Summarises a request synchronously, inspecting only a `SentRequest` body
 * (a fetch `Request` body would need an async read).
 */
export function describeRequestSync(request: Request | SentRequest | undefined): RequestSummary {
  if (request && typeof request === 'object' && !isFetchRequest(request)) {
    return summarizeGiven(request, probeSentBody((request as SentRequest).body));
  }
  return summarizeGiven(request, { known: false });
}

/**
 * Summarises the request that got a conflict: method, URL, preconditions,
 * Idempotency-Key and the body version; an unread `Request` body is read
 * (bounded, from a clone), a used one is not.
 */
export async function describeRequest(request: Request | SentRequest | undefined): Promise<RequestSummary> {
  try {
    if (!isFetchRequest(request)) return describeRequestSync(request);
    if (request.body === null) return summarizeGiven(request as Request, { known: true, value: undefined });
    if (request.bodyUsed) return summarizeGiven(request as Request, { known: false });
    const { text, truncated, failed } = await readBoundedText(request.clone().body, MAX_REQUEST_BODY_BYTES);
    const probe: BodyProbe = truncated || failed ? { known: false } : { known: true, value: parseJsonText(text) };
    return summarizeGiven(request as Request, probe);
  } catch {
    try {
      return summarizeGiven(request, { known: false });
    } catch {
      return summarizeGiven(undefined, { known: false });
    }
  }
}
