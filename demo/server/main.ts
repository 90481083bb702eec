import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { pino, type Logger } from 'pino';
import type { AppEnv } from './appEnv';
import { createApp } from './createApp';
import { createChangeHub, type ChangeHub } from './createChangeHub';
import { createEventBus, type EventBus } from './createEventBus';
import { createPromMetrics } from './createPromMetrics';
import type { DemoMetrics } from './demoMetrics';
import type { DemoStore } from './demoStore';
import { pgStore } from './pgStore';
import { ResponseDroppedError } from './ResponseDroppedError';
import { DEFAULT_DB_PATH, sqliteStore } from './sqliteStore';

/** Options for {@link startServer}; each falls back to an environment variable, then a default. */
export interface StartServerOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default Number(process.env.PORT) || 4173
   */
  readonly port?: number;
  /**
   * Interface to listen on.
   * @default process.env.HOST ?? '127.0.0.1'
   */
  readonly host?: string;
  /**
   * SQLite file, created and seeded on first start; `:memory:` for tests.
   * Used when there is no `databaseUrl`.
   * @default process.env.DB_PATH ?? '.data/conflict-kit.db'
   */
  readonly dbPath?: string;
  /**
   * A PostgreSQL database shared by every instance (`postgresql://…`):
   * records, versions, the change feed and Idempotency-Keys live there.
   * Without it the server keeps everything in the SQLite file.
   * @default process.env.DATABASE_URL
   */
  readonly databaseUrl?: string | undefined;
  /**
   * Browser origins besides the server's own that may call the API.
   * @default process.env.CORS_ALLOWED_ORIGINS, comma-separated; none
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names the server answers to besides localhost and IP addresses.
   * @default process.env.ALLOWED_HOSTS, comma-separated; none
   */
  readonly allowedHosts?: readonly string[];
  /**
   * A header in which a trusted proxy names the client's address (such as
   * `X-Forwarded-For`; its last entry counts), for the per-client stream
   * limit. Without it the connection's address counts.
   * @default process.env.CLIENT_ADDRESS_HEADER
   */
  readonly clientAddressHeader?: string | undefined;
  /**
   * Most event streams on this instance.
   * @default Number(process.env.EVENT_STREAMS_MAX) || 1_000
   */
  readonly maxEventStreams?: number;
  /**
   * Most event streams per client.
   * @default Number(process.env.EVENT_STREAMS_PER_CLIENT) || 16
   */
  readonly maxEventStreamsPerClient?: number;
  /**
   * How long a running request holds its Idempotency-Key, in ms.
   * @default Number(process.env.IDEMPOTENCY_IN_FLIGHT_MS) || 60_000
   */
  readonly idempotencyInFlightMs?: number;
  /**
   * Delay added before each API response.
   * @default Number(process.env.LATENCY_MS) || 0
   */
  readonly latencyMs?: number;
  /**
   * Test-only fault injection (`X-Fault: drop-response-after-commit` destroys
   * the socket after the commit).
   * @default process.env.FAULTS === '1'
   */
  readonly faults?: boolean;
  /**
   * The built demo app to serve with SPA fallback, when the folder exists.
   * @default demo/app/dist
   */
  readonly staticDir?: string;
  /**
   * Print the URL and errors, and log refused writes.
   * @default true
   */
  readonly log?: boolean;
  /**
   * Where the JSON log lines go (one per refused write, with request id,
   * trace id, status, reason and route template).
   * @default pino to stdout at process.env.LOG_LEVEL (info); silent when `log` is false
   */
  readonly logger?: Logger;
}

/** A running demo server. */
export interface RunningServer {
  /** Base URL, such as `http://127.0.0.1:4173`. */
  readonly url: string;
  readonly port: number;
  readonly store: DemoStore;
  /** Sees every change this instance's streams announce. */
  readonly events: EventBus;
  /** This instance's event streams. */
  readonly hub: ChangeHub;
  /** The counters behind `GET /metrics`. */
  readonly metrics: DemoMetrics;
  /** Stops listening, ends open connections (event streams too) and closes the database. */
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../app/dist', import.meta.url));
const HAS_EXTENSION = /\.[A-Za-z0-9]+$/;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} is not a whole number.`);
  return value;
}

function envList(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A database URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://…';
  }
}

/** The client's address: the last entry of a trusted proxy's header, else the connection's. */
function clientKeyOf(header: string | undefined): (c: Context<AppEnv>) => string {
  return (c) => {
    const forwarded = header === undefined ? undefined : c.req.header(header);
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
    const env = c.env as HttpBindings | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };
}

/** The built demo app with SPA fallback: any extensionless path that is not a file gets index.html. */
function staticApp(root: string): Hono {
  const web = new Hono();
  web.use('*', serveStatic({ root }));
  web.get('*', async (c, next) => {
    if (HAS_EXTENSION.test(c.req.path)) return next();
    c.header('Cache-Control', 'no-cache');
    return serveStatic({ root, path: 'index.html' })(c, next);
  });
  return web;
}

/**
 * Starts the demo server on Node: the API and, when built, the demo app, on
 * one origin. Records, the change feed and Idempotency-Keys live in one
 * database: SQLite by default (no database server needed), or PostgreSQL
 * with `DATABASE_URL`, where any number of instances share them.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? envNumber('PORT') ?? 4173;
  const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
  const databaseUrl = 'databaseUrl' in options ? options.databaseUrl : process.env['DATABASE_URL'] || undefined;
  const dbPath = options.dbPath ?? process.env['DB_PATH'] ?? DEFAULT_DB_PATH;
  const faults = options.faults ?? process.env['FAULTS'] === '1';
  const log = options.log ?? true;
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;

  const logger = options.logger ?? pino({ level: log ? (process.env['LOG_LEVEL'] ?? 'info') : 'silent' });
  const metrics = createPromMetrics();
  const store: DemoStore = databaseUrl ? await pgStore({ connectionString: databaseUrl }) : sqliteStore({ path: dbPath });
  const events = createEventBus();
  const hub = createChangeHub({
    changes: store.changes,
    maxStreams: options.maxEventStreams ?? envNumber('EVENT_STREAMS_MAX') ?? 1_000,
    maxStreamsPerClient: options.maxEventStreamsPerClient ?? envNumber('EVENT_STREAMS_PER_CLIENT') ?? 16,
    observe: (event) => events.publish(event),
  });
  const api = createApp({
    store,
    events,
    hub,
    latencyMs: options.latencyMs ?? envNumber('LATENCY_MS') ?? 0,
    idempotencyInFlightMs: options.idempotencyInFlightMs ?? envNumber('IDEMPOTENCY_IN_FLIGHT_MS') ?? 60_000,
    allowedOrigins: options.allowedOrigins ?? envList('CORS_ALLOWED_ORIGINS'),
    allowedHosts: options.allowedHosts ?? envList('ALLOWED_HOSTS'),
    clientKey: clientKeyOf('clientAddressHeader' in options ? options.clientAddressHeader : process.env['CLIENT_ADDRESS_HEADER'] || undefined),
    faults,
    metrics,
    onRefusedWrite: (line) => logger.warn(line, 'write refused'),
  });
  // Built lazily: the demo app may be built while the server runs.
  let web: Hono | undefined;

  const fetch = async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const useWeb = !pathname.startsWith('/api/') && pathname !== '/api' && pathname !== '/metrics' && existsSync(`${staticDir}/index.html`);
    try {
      return await (useWeb ? (web ??= staticApp(staticDir)) : api).fetch(request, env);
    } catch (error) {
      if (!(error instanceof ResponseDroppedError)) throw error;
      // The write committed; now the client sees the connection die with no
      // answer, as after a network failure.
      env.incoming.socket.destroy();
      return new Response(null, { status: 599 });
    }
  };

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  // Node closes an idle keep-alive connection after 5 s; a client that sends on it just then gets
  // ECONNRESET for a request the server never saw. Keep idle connections longer than clients
  // (and proxies, which commonly wait 60 s) do, so the server is never the side that races.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (log) {
    console.log(`conflict-kit demo server listening on ${url} (database: ${databaseUrl ? redact(databaseUrl) : dbPath})`);
    if (faults) console.log('fault injection is ON (X-Fault: drop-response-after-commit); never use this setting for real data');
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    store,
    events,
    hub,
    metrics,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          store.close().then(() => (error ? reject(error) : resolve()), reject);
        });
        // Event streams never end by themselves.
        hub.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}

// `tsx demo/server/main.ts` (npm start): run until interrupted.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startServer();
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
