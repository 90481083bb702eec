import type { Context, MiddlewareHandler } from 'hono';
import { problemResponse } from '../../src/server';
import type { AppEnv } from './appEnv';

/** Who may call the API: browser origins besides the server's own, and the host names it answers to. */
export interface OriginPolicyOptions {
  /**
   * Origins (scheme, host and port, exactly as browsers send them, such as
   * `https://app.example.com`) allowed to call the API from a browser. The
   * server's own origin is always allowed; `null` never is.
   * @default [] (same origin only)
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names the server answers to besides `localhost` and IP addresses:
   * `api.example.com`, `.example.com` for it and every subdomain, or `*` to
   * turn the check off (only behind a proxy that checks `Host` itself).
   * @default []
   */
  readonly allowedHosts?: readonly string[];
}

/** Request headers a cross-origin page may send (the conflict headers the kit uses). */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'X-Actor',
  'X-Request-Id',
  'Last-Event-ID',
  'traceparent',
  'X-Fault',
] as const;

/** Response headers a cross-origin page may read. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Link', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After', 'Accept-Patch', 'Allow'] as const;

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, OPTIONS';
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function isAllowedHost(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  // A DNS rebinding attack needs a name that resolves to this server; an
  // address literal cannot be rebound.
  if (IPV4.test(host) || host.startsWith('[')) return true;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return allowed.some((entry) => {
    const name = entry.trim().toLowerCase();
    if (name === '*') return true;
    return name.startsWith('.') ? host === name.slice(1) || host.endsWith(name) : host === name;
  });
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.host;
  } catch {
    return undefined;
  }
}

/**
 * The API's front door against other sites (OWASP: CSRF, DNS rebinding).
 * Answers 403 to a request for a host name it does not serve, and to a
 * browser request from an origin that is neither its own nor allowed;
 * allowed cross-origin requests get CORS headers, their preflights a 204.
 * Runs before the routes, so a refused request changes nothing.
 */
export function originPolicy(options: OriginPolicyOptions = {}): MiddlewareHandler<AppEnv> {
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.trim()).filter((origin) => origin !== '' && origin !== 'null'));
  const allowedHosts = options.allowedHosts ?? [];
  return async (c: Context<AppEnv>, next) => {
    const requestId = c.get('requestId');
    const url = new URL(c.req.url);
    if (!isAllowedHost(url.hostname, allowedHosts)) {
      return problemResponse({
        status: 403,
        title: 'Host not allowed',
        detail: `This server does not answer for the host name ${JSON.stringify(url.hostname.slice(0, 100))}. Add it to ALLOWED_HOSTS if it is really this server's name (the check keeps other sites out through DNS rebinding).`,
        reason: 'host_not_allowed',
        requestId,
      });
    }
    const origin = c.req.header('origin');
    if (origin === undefined || originHost(origin) === url.host) return next();
    if (!allowedOrigins.has(origin)) {
      return problemResponse({
        status: 403,
        title: 'Origin not allowed',
        detail: `Pages from ${JSON.stringify(origin.slice(0, 100))} may not call this API. Add the origin to CORS_ALLOWED_ORIGINS to allow it.`,
        reason: 'origin_not_allowed',
        requestId,
        headers: { Vary: 'Origin' },
      });
    }
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': ALLOWED_METHODS,
          'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(', '),
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        },
      });
    }
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS.join(', '));
    c.res.headers.append('Vary', 'Origin');
  };
}
