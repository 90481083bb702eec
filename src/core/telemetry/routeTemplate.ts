/** A segment kept as it is: a word (`tickets`, `transitions`, `line-items`) or an API version (`v2`). */
const WORD = /^(?:[a-z][a-z_-]{0,39}|v\d{1,3}|:[a-z][\w-]*)$/i;

/**
 * A URL as a route template for telemetry: the path only (no origin, query
 * or fragment), each segment that is not a plain word replaced by `:id`
 * (`https://x/api/tickets/T-1001?draft=1` → `/api/tickets/:id`). Segments
 * made of letters only are kept, so apps whose ids are words pass their own
 * `resourceOf`.
 * @internal
 */
export function routeTemplate(url: string): string {
  const path = `/${url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').replace(/[?#][\s\S]*$/, '')}`.replace(/^\/\//, '/');
  return path.replace(/[^/]+/g, (segment) => (WORD.test(segment) ? segment : ':id')).slice(0, 200);
}
