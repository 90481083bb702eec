import type { Hono } from 'hono';
import { badRequestProblem, readJsonBody, unprocessableProblem, unsupportedMediaTypeProblem } from '../../src/server';
import { aggregateInsights } from './aggregateInsights';
import type { AppEnv } from './appEnv';
import type { DemoMetrics } from './demoMetrics';
import { MAX_BATCH_BYTES, parseTelemetryBatch } from './parseTelemetryBatch';
import { methodNotAllowedProblem } from './responses';
import type { TelemetryLog } from './telemetryLog';

/** What {@link telemetryRoutes} needs. */
export interface TelemetryRoutesOptions {
  readonly telemetry: TelemetryLog;
  readonly metrics?: DemoMetrics | undefined;
  readonly now: () => number;
}

// navigator.sendBeacon with a string body sends text/plain;charset=UTF-8 and
// cannot set another type without a CORS preflight (Beacon API §3.1).
const ACCEPTED_TYPES = new Set(['application/json', 'text/plain']);
const HOUR = 3_600_000;

/**
 * `POST /api/telemetry`, the collector of client conflict events (202, or a
 * problem and nothing stored), and `GET /api/insights?hours=…`, the
 * aggregate the insights page draws.
 */
export function telemetryRoutes(app: Hono<AppEnv>, options: TelemetryRoutesOptions): void {
  const { telemetry, metrics } = options;

  app.post('/api/telemetry', async (c) => {
    const requestId = c.get('requestId');
    const refuse = (response: Response): Response => {
      metrics?.telemetryBatch('refused');
      return response;
    };
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!ACCEPTED_TYPES.has(type)) {
      return refuse(
        unsupportedMediaTypeProblem(`Send the events as JSON (application/json, or text/plain as navigator.sendBeacon does), not ${JSON.stringify(type.slice(0, 100))}.`, { requestId }),
      );
    }
    const headers = new Headers(c.req.raw.headers);
    headers.set('content-type', 'application/json');
    const body = await readJsonBody(new Request(c.req.url, { method: 'POST', headers, body: await c.req.raw.arrayBuffer() }), {
      limit: MAX_BATCH_BYTES,
      maxDepth: 4,
      requestId,
    });
    if (!body.ok) return refuse(body.response);
    const batch = parseTelemetryBatch(body.value, options.now());
    if (!batch.ok) {
      return refuse(
        unprocessableProblem({
          title: 'Invalid telemetry batch',
          detail: `${batch.field || 'The body'} ${batch.message}. Nothing from this batch was stored.`,
          field: batch.field,
          requestId,
        }),
      );
    }
    await telemetry.append(batch.events);
    metrics?.collected(batch.events);
    metrics?.telemetryBatch('accepted');
    return new Response(null, { status: 202 });
  });
  app.all('/api/telemetry', (c) => methodNotAllowedProblem(c.req.method, 'POST', c.get('requestId')));

  app.get('/api/insights', async (c) => {
    const raw = c.req.query('hours') ?? '24';
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 720) {
      return badRequestProblem(`hours must be a whole number from 1 to 720, not ${JSON.stringify(raw.slice(0, 20))}.`, {
        requestId: c.get('requestId'),
        field: 'hours',
      });
    }
    const now = options.now();
    const windowMs = Number(raw) * HOUR;
    const insights = aggregateInsights(await telemetry.since(now - windowMs), { now, windowMs });
    return c.json(insights, 200, { 'Cache-Control': 'no-store' });
  });
}
