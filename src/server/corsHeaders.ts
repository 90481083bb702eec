/**
 * The request headers a cross-origin API must allow (its CORS
 * `Access-Control-Allow-Headers`) for the kit's requests: `If-Match` on
 * saves, `If-None-Match` on revalidations and PUT-creates, `Idempotency-Key`
 * on creates, W3C `traceparent` on guarded writes, and `Content-Type` for
 * JSON bodies. Add the app's own (`Authorization`, `X-Actor`).
 */
export const CORS_ALLOW_HEADERS: readonly string[] = Object.freeze(['Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'traceparent']);

/**
 * The response headers a cross-origin API must expose (its CORS
 * `Access-Control-Expose-Headers`) so the kit can read them: `ETag` (the
 * version), `Location` (where a create put the record), `Retry-After`,
 * `Idempotent-Replayed`, `Last-Modified`, `Content-Location` and the
 * request id headers the conflict details show. Browsers hide every other
 * header of a cross-origin response from scripts (Fetch standard, CORS-safelisted response headers).
 */
export const CORS_EXPOSE_HEADERS: readonly string[] = Object.freeze([
  'ETag',
  'Location',
  'Retry-After',
  'Idempotent-Replayed',
  'Last-Modified',
  'Content-Location',
  'X-Request-Id',
]);
