import type { MiddlewareHandler } from 'hono';
import { PROBLEM_CONTENT_TYPE, conflictOutcomeOf, traceIdOf, type ServerConflictOutcome } from '../../src/server';
import type { AppEnv } from './appEnv';
import type { DemoMetrics } from './demoMetrics';
import type { TelemetryLog } from './telemetryLog';

/** The structured log line of one refused write. */
export interface RefusedWriteLine {
  readonly requestId: string;
  readonly traceId: string;
  readonly status: number;
  /** The problem's `reason` (`version_mismatch`, `precondition_required`, …), when it has one. */
  readonly reason?: string;
  /** The conflict outcome it counts as in the metrics, when it is one. */
  readonly outcome?: ServerConflictOutcome;
  readonly method: string;
  /** The route template, such as `/api/tickets/:id`; `unmatched` when no route matched. */
  readonly route: string;
}

/** Options for {@link observeRequests}. */
export interface ObserveRequestsOptions {
  /** Where the server's own records of conflict outcomes go (queued with `add`). */
  readonly telemetry: TelemetryLog;
  readonly metrics?: DemoMetrics | undefined;
  /** Told once per refused write (a 4xx or 5xx answer to anything but GET, HEAD and OPTIONS). */
  readonly onRefusedWrite?: ((line: RefusedWriteLine) => void) | undefined;
  readonly now: () => number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A fresh W3C trace id, for a request that came without a valid `traceparent` (this server starts its trace). */
export function newTraceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] ||= 1; // never all zero (W3C Trace Context §3.2.2.3)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Correlation and counting around every request: takes the trace id of the
 * request's `traceparent` (or starts one), writes it into every problem body
 * that lacks it, counts writes and conflict outcomes by route template,
 * records each conflict outcome with its record id in the telemetry table,
 * and reports one line per refused write.
 */
export function observeRequests(options: ObserveRequestsOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const traceId = traceIdOf(c.req.raw) ?? newTraceId();
    c.set('traceId', traceId);
    await next();
    const method = c.req.method.toUpperCase();
    const matched = c.req.routePath;
    const route = matched.endsWith('*') ? 'unmatched' : matched;
    const { status } = c.res;
    let problem: Record<string, unknown> | undefined;
    if ((c.res.headers.get('content-type') ?? '').startsWith(PROBLEM_CONTENT_TYPE)) {
      try {
        const parsed: unknown = JSON.parse(await c.res.clone().text());
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as Record<string, unknown>;
      } catch {
        // Not our JSON: leave the body alone.
      }
      if (problem && problem['traceId'] === undefined) {
        problem['traceId'] = traceId;
        c.res = new Response(JSON.stringify(problem), { status, headers: c.res.headers });
      }
    }
    const outcome = conflictOutcomeOf(status, c.res.headers, problem);
    const isWrite = !READS.has(method) && c.req.path.startsWith('/api/') && route !== '/api/telemetry';
    if (isWrite) options.metrics?.write(route, method, status);
    if (outcome !== undefined) {
      options.metrics?.conflicts.record(outcome, { route, method });
      const recordId = route.includes(':id') ? c.req.param('id') : undefined;
      const requestId = c.get('requestId');
      options.telemetry.add({ type: 'server.outcome', at: options.now(), outcome, status, method, route, ...(recordId ? { recordId } : {}), requestId, traceId });
    }
    if (isWrite && status >= 400) {
      const reason = typeof problem?.['reason'] === 'string' ? problem['reason'] : undefined;
      options.onRefusedWrite?.({
        requestId: c.get('requestId'),
        traceId,
        status,
        ...(reason !== undefined ? { reason } : {}),
        ...(outcome !== undefined ? { outcome } : {}),
        method,
        route,
      });
    }
  };
}
