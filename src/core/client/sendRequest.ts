import { isDev } from '../devWarning';
import type { ConflictClientOptions, FetchLike } from '../conflictClientTypes';
import { ConflictKitError, NetworkError, type RequestInfo } from '../errors';
import { compact } from '../readers/bodyMembers';
import { summarizeRequest, type RequestSummary } from '../readers/summarizeRequest';
import { crossOriginHints } from './crossOriginHints';

/** What one request carries besides its method and URL. @internal */
export interface SendInit {
  readonly signal?: AbortSignal | undefined;
  readonly headers?: HeadersInit | undefined;
  /** The kit's protocol headers (If-Match, Idempotency-Key…); they win over the app's. */
  readonly protocol?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** The W3C `traceparent` of a guarded write; an app's own `traceparent` header wins (its trace goes on). */
  readonly traceparent?: string | undefined;
}

/** A request as the client sent it: its headers as they went out, its body before serialising. @internal */
export interface ClientRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body?: unknown;
}

/** A response with the request that got it (for the classifier). @internal */
export interface Sent {
  readonly response: Response;
  readonly request: ClientRequest;
}

/**
 * What the classifier knows of a request the client sent, taken from what it
 * built rather than read back: the body is the value it serialised, so it is
 * always known.
 * @internal
 */
export function summarizeSent(request: ClientRequest): RequestSummary {
  return summarizeRequest(request.method, request.url, request.headers, { known: true, value: request.body });
}

/** Sends one request. @internal */
export type Send = (method: string, url: string, init: SendInit) => Promise<Sent>;

const ACCEPT = 'application/json, application/problem+json;q=0.9';

/**
 * The client's transport: JSON in, the app's headers under the kit's
 * protocol headers, and failures to reach the server as {@link NetworkError}.
 * @internal
 */
export function sendRequest(options: Pick<ConflictClientOptions, 'fetch' | 'headers' | 'versionField'>): Send {
  const fetchFn: FetchLike = options.fetch ?? ((input, requestInit) => globalThis.fetch(input, requestInit));
  // Written out here, not behind devWarning, so an app's production build drops the hints entirely.
  const hints = isDev ? crossOriginHints(options.versionField) : undefined;
  return async (method, url, init) => {
    const info: RequestInfo = { method, url };
    const headers = new Headers({ accept: ACCEPT });
    const shared = typeof options.headers === 'function' ? options.headers() : options.headers;
    for (const extra of [shared, init.headers]) {
      if (extra) new Headers(extra).forEach((value, name) => headers.set(name, value));
    }
    let text: string | undefined;
    if (init.body !== undefined) {
      try {
        text = JSON.stringify(init.body);
      } catch (error) {
        throw new ConflictKitError(
          isDev ? 'The value to send cannot be serialised as JSON (a cycle or a BigInt?).' : 'The value to send cannot be serialised as JSON.',
          info,
          { cause: error },
        );
      }
      headers.set('content-type', init.contentType ?? 'application/json');
    }
    for (const [name, value] of Object.entries(init.protocol ?? {})) headers.set(name, value);
    if (init.traceparent !== undefined && !headers.has('traceparent')) headers.set('traceparent', init.traceparent);
    const request: ClientRequest = { method, url, headers, ...compact({ body: init.body }) };
    try {
      const response = await fetchFn(url, {
        method,
        headers,
        ...compact({ body: text }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      hints?.answered(method, url, response);
      return { response, request };
    } catch (error) {
      // A cancellation is the caller's decision, not a network failure.
      if (init.signal?.aborted) throw init.signal.reason ?? error;
      hints?.failed(method, url, headers);
      throw new NetworkError(info, error);
    }
  };
}
