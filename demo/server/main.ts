import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { sqliteIdempotencyStore } from '../../src/server';
import { createApp } from './createApp';
import { createEventBus, type EventBus } from './createEventBus';
import { ResponseDroppedError } from './ResponseDroppedError';
import { DEFAULT_DB_PATH, sqliteStore, type SqliteDemoStore } from './sqliteStore';

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
   * @default process.env.DB_PATH ?? '.data/conflict-kit.db'
   */
  readonly dbPath?: string;
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
   * Print the URL and errors.
   * @default true
   */
  readonly log?: boolean;
}

/** A running demo server. */
export interface RunningServer {
  /** Base URL, such as `http://127.0.0.1:4173`. */
  readonly url: string;
  readonly port: number;
  readonly store: SqliteDemoStore;
  readonly events: EventBus;
  /** Stops listening, ends open connections (event streams too) and closes the database. */
  close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../app/dist', import.meta.url));
const HAS_EXTENSION = /\.[A-Za-z0-9]+$/;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${raw} is not a whole number of ${name === 'PORT' ? 'port' : 'milliseconds'}.`);
  return value;
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
 * Starts the demo server on Node: the API (SQLite store, Idempotency-Keys in
 * the same database) and, when built, the demo app, on one origin.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? envNumber('PORT') ?? 4173;
  const host = options.host ?? process.env['HOST'] ?? '127.0.0.1';
  const dbPath = options.dbPath ?? process.env['DB_PATH'] ?? DEFAULT_DB_PATH;
  const faults = options.faults ?? process.env['FAULTS'] === '1';
  const log = options.log ?? true;
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;

  const store = sqliteStore({ path: dbPath });
  const events = createEventBus();
  const api = createApp({
    store,
    events,
    idempotencyStore: sqliteIdempotencyStore(store.db),
    latencyMs: options.latencyMs ?? envNumber('LATENCY_MS') ?? 0,
    faults,
  });
  // Built lazily: the demo app may be built while the server runs.
  let web: Hono | undefined;

  const fetch = async (request: Request, env: HttpBindings | Http2Bindings): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const useWeb = !pathname.startsWith('/api/') && pathname !== '/api' && existsSync(`${staticDir}/index.html`);
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
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (log) {
    console.log(`conflict-kit demo server listening on ${url} (database: ${dbPath})`);
    if (faults) console.log('fault injection is ON (X-Fault: drop-response-after-commit); never use this setting for real data');
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    store,
    events,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          store.close();
          if (error) reject(error);
          else resolve();
        });
        // Event streams never end by themselves.
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
