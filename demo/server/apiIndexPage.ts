const routes: readonly (readonly [string, string])[] = [
  ['GET /api/tickets', 'list tickets, 50 a page (?limit=, then follow next)'],
  ['POST /api/tickets', 'create a ticket (optional Idempotency-Key)'],
  ['GET /api/tickets/T-1001', 'one ticket, with a strong ETag; If-None-Match → 304'],
  ['PUT /api/tickets/:id', 'replace a ticket; needs If-Match or a body "version"'],
  ['PATCH /api/tickets/:id', 'JSON merge patch (RFC 7396); needs If-Match or a body "version"'],
  ['GET /api/orders', 'list orders, 50 a page'],
  ['POST /api/orders', 'place an order { externalId, items }; Idempotency-Key required'],
  ['GET /api/orders/O-1001', 'one order'],
  ['POST /api/orders/:id/transitions', '{ "to": "paid" | "fulfilling" | "shipped" | "cancelled" }'],
  ['GET /api/documents', 'list documents, 50 a page, long text cut'],
  ['POST /api/documents', 'create a document'],
  ['GET /api/documents/D-1001', 'the long runbook for the text-merge demo'],
  ['PUT / PATCH /api/documents/:id', 'save a document; needs If-Match or a body "version"'],
  ['GET /api/events', 'server-sent events: one "change" event per write on any instance; resumes after Last-Event-ID'],
  ['POST /api/telemetry', 'the client\'s conflict events, batched: { "events": [...] } (routes, kinds, counts; never a value)'],
  ['GET /api/insights', 'conflicts of the last hours for the insights page (?hours=24)'],
  ['GET /metrics', 'Prometheus text: refused and replayed writes, client conflict events (when metrics are on)'],
];

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The small HTML page served at `/` when the demo app has not been built. */
export function apiIndexPage(): string {
  const items = routes
    .map(([route, what]) => {
      const [method, path] = route.split(' ');
      const link = method === 'GET' && path && !path.includes(':') ? `<a href="${escape(path)}">${escape(route)}</a>` : escape(route);
      return `<li><code>${link}</code> — ${escape(what)}</li>`;
    })
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>conflict-kit demo API</title>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}code{font-size:.95em}</style>
  </head>
  <body>
    <h1>conflict-kit demo API</h1>
    <p>The demo app is not built yet (<code>demo/app/dist</code> is missing), so only the API is served. Send <code>X-Actor</code> to name who is writing.</p>
    <ul>
      ${items}
    </ul>
  </body>
</html>
`;
}
