/** Hono environment of the demo API: values the middleware puts on every request. */
export interface AppEnv {
  Variables: {
    /** The request id echoed in `X-Request-Id` and every problem body. */
    requestId: string;
    /** The W3C trace id: the request's `traceparent`'s, or a new one; in every problem body and log line. */
    traceId: string;
    /** Who is acting (`X-Actor`), recorded as `updatedBy`. */
    actor: string;
  };
}
