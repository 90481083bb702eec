import { Hono, type Context } from 'hono';
import { badRequestProblem, createIdempotencyHandler, notFoundProblem, problemResponse, type IdempotencyStore } from '../../src/server';
import { apiIndexPage } from './apiIndexPage';
import type { AppEnv } from './appEnv';
import { createChangeHub, type ChangeHub } from './createChangeHub';
import type { EventBus } from './createEventBus';
import type { DemoStore, TicketFields } from './demoStore';
import type { DemoMetrics } from './demoMetrics';
import { eventRoutes } from './eventRoutes';
import { observeRequests, type RefusedWriteLine } from './observeRequests';
import { orderRoutes } from './orderRoutes';
import { originPolicy } from './originPolicy';
import { parseActor, requestIdFrom } from './requestHeaders';
import {
  documentCreateSchema,
  documentFieldsSchema,
  documentPutSchema,
  ticketCreateSchema,
  ticketFieldsSchema,
  ticketPutSchema,
} from './resourceSchemas';
import { ResponseDroppedError } from './ResponseDroppedError';
import type { RouteContext } from './routeContext';
import { telemetryRoutes } from './telemetryRoutes';
import { versionedResourceRoutes } from './versionedResourceRoutes';

/** The fault a test can ask for with `X-Fault` when {@link CreateAppOptions.faults} is on. */
export const FAULTS = ['drop-response-after-commit'] as const;

/** Options for {@link createApp}. */
export interface CreateAppOptions {
  /** Where records live: `sqliteStore()` or `pgStore()` on Node, `memoryStore()` in the browser and in tests. */
  readonly store: DemoStore;
  /**
   * Where Idempotency-Keys and their responses live. The store's own keeps
   * a key's outcome in the same transaction as the write it guards; another
   * one can only record it after the commit.
   * @default store.idempotency
   */
  readonly idempotencyStore?: IdempotencyStore;
  /**
   * How long a running request holds its Idempotency-Key, in ms; a key left
   * by a crashed instance is free again after this.
   * @default 60_000
   */
  readonly idempotencyInFlightMs?: number;
  /** Sees every change the event streams announce, in order (tests, logs). */
  readonly events?: EventBus;
  /**
   * The fan-out behind `GET /api/events`; pass one to close it with the server.
   * @default createChangeHub({ changes: store.changes, … })
   */
  readonly hub?: ChangeHub;
  /**
   * Browser origins besides the server's own that may call the API.
   * @default [] (same origin only)
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names the server answers to besides `localhost` and IP addresses (DNS rebinding protection).
   * @default []
   */
  readonly allowedHosts?: readonly string[];
  /**
   * The client a request comes from, for the per-client limit on event streams.
   * @default () => 'local' (one client: an in-process or in-browser app)
   */
  readonly clientKey?: (c: Context<AppEnv>) => string;
  /**
   * Most event streams open at once on this instance.
   * @default 1_000
   */
  readonly maxEventStreams?: number;
  /**
   * Most event streams open at once per client.
   * @default 16
   */
  readonly maxEventStreamsPerClient?: number;
  /**
   * Delay added before every API response except the event stream, to make
   * races and spinners visible in the demo.
   * @default 0
   */
  readonly latencyMs?: number;
  /**
   * Test-only fault injection: honours `X-Fault: drop-response-after-commit`,
   * which lets a successful request commit and then loses its response (the
   * app throws {@link ResponseDroppedError}; on Node the socket is destroyed).
   * Never enable it for real use.
   * @default false
   */
  readonly faults?: boolean;
  /**
   * The clock for `updatedAt` and `createdAt`.
   * @default () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Idle time between SSE heartbeat comments.
   * @default 15_000
   */
  readonly heartbeatMs?: number;
  /**
   * Body limit for ticket and order writes, in bytes.
   * @default 262_144 (256 KiB)
   */
  readonly bodyLimit?: number;
  /**
   * Body limit for document writes, in bytes.
   * @default 2_097_152 (2 MiB)
   */
  readonly documentBodyLimit?: number;
  /**
   * Counters behind `GET /metrics` (see `createPromMetrics`); without them
   * there is no `/metrics` route and nothing is counted.
   * @default undefined
   */
  readonly metrics?: DemoMetrics;
  /**
   * Told once per refused write with its request id, trace id, status,
   * reason and route template (the Node server logs it as one JSON line).
   * @default undefined
   */
  readonly onRefusedWrite?: (line: RefusedWriteLine) => void;
}

const ticketFields = ['title', 'status', 'assignee', 'description'] as const;
const documentFields = ['title', 'content'] as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The reference API of the demo: tickets, orders and documents with ETags,
 * If-Match, problem+json conflicts, Idempotency-Keys and a change feed.
 *
 * Pure Fetch API and Hono, with no Node imports, so the same app serves
 * `npm start` on Node (with SQLite) and Storybook in the browser (through
 * MSW, with the in-memory store).
 */
export function createApp(options: CreateAppOptions): Hono<AppEnv> {
  const idempotencyStore = options.idempotencyStore ?? options.store.idempotency;
  const inFlightTtlMs = options.idempotencyInFlightMs ?? 60_000;
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const events = options.events;
  const hub =
    options.hub ??
    createChangeHub({
      changes: options.store.changes,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      maxStreams: options.maxEventStreams ?? 1_000,
      maxStreamsPerClient: options.maxEventStreamsPerClient ?? 16,
      ...(events ? { observe: (event) => events.publish(event) } : {}),
    });
  const ctx: RouteContext = {
    store: options.store,
    idempotency: createIdempotencyHandler({ store: idempotencyStore, inFlightTtlMs }),
    requiredIdempotency: createIdempotencyHandler({ store: idempotencyStore, inFlightTtlMs, required: true }),
    now: options.now ?? (() => new Date()),
    bodyLimit: options.bodyLimit ?? 262_144,
    documentBodyLimit: options.documentBodyLimit ?? 2_097_152,
  };

  const app = new Hono<AppEnv>();

  // Outermost, so it sees the final response: commit, then lose the answer.
  if (options.faults) {
    app.use('*', async (c, next) => {
      const fault = c.req.header('x-fault');
      if (fault === undefined) return next();
      if (!(FAULTS as readonly string[]).includes(fault)) {
        c.res = badRequestProblem(`Unknown X-Fault ${JSON.stringify(fault.slice(0, 64))}; known: ${FAULTS.join(', ')}.`, {
          requestId: requestIdFrom(c.req.header('x-request-id') ?? null),
          field: 'X-Fault',
        });
        return;
      }
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        throw new ResponseDroppedError(c.req.method, c.req.url, c.res.status);
      }
    });
  }

  app.use('*', async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id') ?? null);
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
  });

  app.use(
    '*',
    observeRequests({
      telemetry: options.store.telemetry,
      metrics: options.metrics,
      onRefusedWrite: options.onRefusedWrite,
      now: () => ctx.now().getTime(),
    }),
  );

  app.use('*', originPolicy({ allowedOrigins: options.allowedOrigins ?? [], allowedHosts: options.allowedHosts ?? [] }));

  app.use('/api/*', async (c, next) => {
    const actor = parseActor(c.req.header('x-actor') ?? null);
    if (actor === null) {
      return badRequestProblem('X-Actor must be 1 to 64 printable ASCII characters, such as "maria.lopez".', {
        requestId: c.get('requestId'),
        title: 'Invalid X-Actor header',
        field: 'X-Actor',
      });
    }
    c.set('actor', actor);
    if (latencyMs > 0 && c.req.path !== '/api/events') await sleep(latencyMs);
    await next();
  });

  app.get('/', (c) => c.html(apiIndexPage()));

  const metrics = options.metrics;
  if (metrics) {
    app.get('/metrics', async () => {
      const { contentType, body } = await metrics.exposition();
      return new Response(body, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
    });
  }

  versionedResourceRoutes(app, ctx, {
    resource: 'tickets',
    collection: options.store.tickets,
    bodyLimit: ctx.bodyLimit,
    fields: ticketFields,
    fieldsSchema: ticketFieldsSchema,
    putSchema: ticketPutSchema,
    normalize: (input): TicketFields => ({
      title: input.title,
      status: input.status,
      assignee: input.assignee ?? null,
      description: input.description,
    }),
    createSchema: ticketCreateSchema,
    fromCreate: (input) => ({
      title: input.title,
      status: input.status ?? 'open',
      assignee: input.assignee ?? null,
      description: input.description ?? '',
    }),
  });
  versionedResourceRoutes(app, ctx, {
    resource: 'documents',
    collection: options.store.documents,
    bodyLimit: ctx.documentBodyLimit,
    fields: documentFields,
    fieldsSchema: documentFieldsSchema,
    putSchema: documentPutSchema,
    normalize: (input) => ({ title: input.title, content: input.content }),
    createSchema: documentCreateSchema,
    fromCreate: (input) => ({ title: input.title, content: input.content ?? '' }),
  });
  orderRoutes(app, ctx);
  eventRoutes(app, { hub, clientKey: options.clientKey ?? (() => 'local') });
  telemetryRoutes(app, { telemetry: options.store.telemetry, metrics: options.metrics, now: () => ctx.now().getTime() });

  app.notFound((c) =>
    notFoundProblem(`Nothing is at ${c.req.method} ${c.req.path}. The API lives under /api (see / for the list).`, {
      requestId: c.get('requestId'),
    }),
  );

  // The last resort: every bad input has its own 4xx above, and tests prove
  // none of them ends here.
  app.onError((error, c) => {
    if (error instanceof ResponseDroppedError) throw error;
    console.error(`[demo-server] ${c.req.method} ${c.req.path} failed:`, error);
    return problemResponse({
      status: 500,
      title: 'Internal Server Error',
      detail: 'The server failed while handling this request. Nothing was half-written: every write is one transaction. Retry, and report the requestId if it keeps happening.',
      reason: 'internal_error',
      requestId: c.get('requestId'),
    });
  });

  return app;
}
