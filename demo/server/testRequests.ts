import type { Hono } from 'hono';
import { vi } from 'vitest';
import type { AppEnv } from './appEnv';
import { createApp, type CreateAppOptions } from './createApp';
import { createChangeHub, type ChangeHub } from './createChangeHub';
import { createEventBus, type ChangeEvent } from './createEventBus';
import type { DemoStore } from './demoStore';
import { memoryStore } from './memoryStore';

/** The fixed clock of app tests. */
export const TEST_NOW = '2026-11-25T12:00:00.000Z';

/** An app over a fresh store, with helpers to call it in-process (test-only). */
export interface TestApp {
  readonly app: Hono<AppEnv>;
  readonly store: DemoStore;
  /** Every change the event streams announced, in order (complete once `send` returns). */
  readonly published: ChangeEvent[];
  readonly hub: ChangeHub;
  /** Sends a JSON body (or a raw string) with the given method; returns once the change feed has read the write. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A snapshot of everything stored, to prove a request wrote nothing. */
  snapshot(): Promise<unknown>;
}

/** Builds a {@link TestApp} (test-only helper). */
export function testApp(options: Partial<CreateAppOptions> = {}): TestApp {
  const store = options.store ?? memoryStore();
  const events = options.events ?? createEventBus();
  const published: ChangeEvent[] = [];
  events.subscribe((event) => published.push(event));
  const hub =
    options.hub ??
    createChangeHub({ changes: store.changes, heartbeatMs: options.heartbeatMs ?? 15_000, observe: (event) => events.publish(event) });
  const app = createApp({ now: () => new Date(TEST_NOW), ...options, store, events, hub });
  return {
    app,
    store,
    published,
    hub,
    async send(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { 'Content-Type': 'application/json', ...headers } };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await app.request(path, init);
      await hub.settled();
      return response;
    },
    async snapshot() {
      return {
        tickets: await store.tickets.list(),
        orders: await store.orders.list(),
        documents: await store.documents.list(),
      };
    },
  };
}

/** Spies on console.error, where the app's last-resort error handler logs (test-only helper). */
export function spyOnErrorLog(): ReturnType<typeof vi.spyOn> {
  return vi.spyOn(console, 'error').mockImplementation(() => undefined);
}
