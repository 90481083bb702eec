import type { Context, Hono } from 'hono';
import { problemResponse } from '../../src/server';
import type { AppEnv } from './appEnv';
import { isDirectResponse, type ChangeHub } from './createChangeHub';

/** Options for {@link eventRoutes}. */
export interface EventRoutesOptions {
  readonly hub: ChangeHub;
  /** The client a stream counts against for the per-client limit. */
  readonly clientKey: (c: Context<AppEnv>) => string;
}

/** Seconds a refused client is asked to wait before opening another stream. */
const RETRY_AFTER_SECONDS = 30;

/**
 * Mounts `GET /api/events`: server-sent events, a `ready` event first (its
 * id is the feed position the stream starts from), then one `change` event
 * per committed write on any instance (`{ resource, id, etag, version,
 * actor, at }`, its id the durable change sequence), and a heartbeat comment
 * when idle. A reconnect with `Last-Event-ID` first gets the changes it
 * missed. Too many streams for one client → 429, for the instance → 503.
 */
export function eventRoutes(app: Hono<AppEnv>, options: EventRoutesOptions): void {
  app.get('/api/events', async (c) => {
    const requestId = c.get('requestId');
    // On Node (@hono/node-server) the raw response is in the bindings; elsewhere there is none.
    const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
    const opened = await options.hub.open({
      clientKey: options.clientKey(c),
      lastEventId: c.req.header('last-event-id') ?? null,
      requestId,
      signal: c.req.raw.signal,
      direct: isDirectResponse(outgoing) ? outgoing : undefined,
    });
    if (opened.ok) return opened.response;
    const perClient = opened.limit === 'client';
    return problemResponse({
      status: perClient ? 429 : 503,
      title: perClient ? 'Too many event streams' : 'Event streams are full',
      detail: perClient
        ? `This client already has ${opened.max} event streams open, the most allowed. Close one (another tab) and retry after ${RETRY_AFTER_SECONDS} s.`
        : `This server instance has ${opened.max} event streams open, the most it serves. Retry after ${RETRY_AFTER_SECONDS} s.`,
      reason: perClient ? 'too_many_streams' : 'streams_full',
      requestId,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
  });
}
