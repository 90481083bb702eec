import type { FieldPath } from '../etag';
import { devWarning } from '../devWarning';

/** Request headers a browser sends cross-origin without asking the server first (Fetch standard, CORS-safelisted request headers). */
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

/** How the guide and the server entry spell the headers the kit sends. */
const SPELLING: Readonly<Record<string, string>> = {
  'content-type': 'Content-Type',
  'if-match': 'If-Match',
  'if-none-match': 'If-None-Match',
  'idempotency-key': 'Idempotency-Key',
};

const GUIDE = 'See docs/guides/cross-origin.md; conflict-kit/server exports the lists as CORS_ALLOW_HEADERS and CORS_EXPOSE_HEADERS.';

/** The page's origin, when there is a page. */
function pageOrigin(): string | undefined {
  const here = (globalThis as { location?: { origin?: unknown } }).location?.origin;
  return typeof here === 'string' && here !== 'null' ? here : undefined;
}

/** The origin of a URL the page requests when it is not the page's own. */
function foreignOrigin(url: string): string | undefined {
  const here = pageOrigin();
  if (here === undefined) return undefined;
  try {
    const origin = new URL(url, here).origin;
    return origin !== here ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** Development hints for the two ways a cross-origin API without the kit's CORS headers shows up. @internal */
export interface CrossOriginHints {
  /** After a response arrived: a read whose version the browser hid (`ETag` not exposed). */
  answered(method: string, url: string, response: Response): void;
  /** After a request failed before any answer: likely the preflight refused the kit's headers. */
  failed(method: string, url: string, headers: Headers): void;
}

/**
 * Console hints, once per origin and cause, for cross-origin APIs whose CORS
 * configuration hides the version or refuses the kit's headers; browsers
 * report both only as a missing header or a bare network error.
 * @internal
 */
export function crossOriginHints(versionField: FieldPath | undefined): CrossOriginHints {
  const told = new Set<string>();
  const once = (key: string, message: string): void => {
    if (told.has(key)) return;
    told.add(key);
    devWarning(message);
  };
  return {
    answered: (method, url, response) => {
      // With a body version field, the version does not depend on headers.
      if (method !== 'GET' || !response.ok || versionField !== undefined || response.headers.has('etag')) return;
      const origin = response.type === 'cors' ? new URL(url, pageOrigin() ?? url).origin : foreignOrigin(url);
      if (origin === undefined) return;
      once(
        `etag ${origin}`,
        `${method} ${url} answered without a readable ETag, so the kit has no version to guard the next save with. The API is on another origin (${origin}): if it sends an ETag, it must expose it (Access-Control-Expose-Headers: ETag, Location), or the browser hides it. Or set versionField when records carry their version. ${GUIDE}`,
      );
    },
    failed: (method, url, headers) => {
      const origin = foreignOrigin(url);
      if (origin === undefined) return;
      const needed: string[] = [];
      headers.forEach((_value, name) => {
        if (!SAFELISTED.has(name)) needed.push(SPELLING[name] ?? name);
      });
      if (needed.length === 0) return;
      once(
        `preflight ${origin} ${method} ${needed.join()}`,
        `${method} ${url} failed before any answer arrived. It goes to another origin (${origin}) with the headers ${needed.join(', ')}, so the browser first asks that server (a CORS preflight); a server that does not allow them fails the request exactly like this. The server must answer the preflight with Access-Control-Allow-Headers: ${needed.join(', ')} and Access-Control-Allow-Methods: ${method}. ${GUIDE}`,
      );
    },
  };
}
