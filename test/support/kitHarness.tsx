import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { expect } from 'vitest';
import { createApp } from '../../demo/server/createApp';
import type { createEventBus } from '../../demo/server/createEventBus';
import type { Ticket } from '../../demo/server/demoStore';
import { memoryStore } from '../../demo/server/memoryStore';
import type { ConflictClientOptions } from '../../src/core/conflictClientTypes';
import { createConflictClient } from '../../src/core/createConflictClient';
import { ConflictKitProvider, type ConflictKitProviderProps } from '../../src/react/ConflictKitProvider';

// Test support for the React and UI tests: the demo reference server in
// process as `fetch`, and the providers a page renders inside. It lives
// outside src/ because it imports demo code, which the package never does.

/** `fetch` as the conflict client calls it. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Sees each request (and the URL the client asked for) on its way to the server; calls `forward` to let it through. */
export type Tap = (request: Request, forward: (request: Request) => Promise<Response>, url: string) => Promise<Response>;

/**
 * In vitest's jsdom realm, bodies from Node's fetch yield Uint8Arrays of
 * another realm, which core's readBoundedText skips (`instanceof`), so
 * conflict bodies would read as empty. Re-chunk them as this realm's bytes,
 * as a browser's fetch delivers them.
 */
export async function sameRealm(response: Response): Promise<Response> {
  const bytes = response.status === 204 || response.status === 304 ? null : new Uint8Array(await response.arrayBuffer());
  const body =
    bytes && bytes.byteLength > 0
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        })
      : null;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The demo reference server over a fresh in-memory store, reached as `fetch` from this realm. */
export function demoServer(options: { events?: ReturnType<typeof createEventBus> } = {}) {
  const store = memoryStore();
  // Requests go to http://test, which the server's Host check must know.
  const app = createApp({ store, allowedHosts: ['test'], ...options });
  const forward = async (request: Request): Promise<Response> => sameRealm(await app.fetch(request));
  /** A `fetch` whose requests pass through `tap` first. */
  const fetchVia =
    (tap: Tap): Fetch =>
    (url, init) =>
      tap(new Request(new URL(url, 'http://test'), init), forward, url);
  const fetch: Fetch = (url, init) => forward(new Request(new URL(url, 'http://test'), init));
  /** Another writer, straight to the server: a merge patch on the ticket's current version. */
  const write = async (actor: string, patch: Partial<Ticket>, id = 'T-1001'): Promise<Ticket> => {
    const current = (await store.tickets.get(id))!;
    const response = await app.fetch(
      new Request(`http://test/api/tickets/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json', 'x-actor': actor, 'if-match': `"${id}:${current.version}"` },
        body: JSON.stringify(patch),
      }),
    );
    expect(response.status).toBe(200);
    return (await response.json()) as Ticket;
  };
  return { store, app, fetch, fetchVia, write };
}

/** A query client that fails a read at once instead of retrying it. */
export function noRetryQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

/** Options for {@link kitWrapper}: the provider's props (the client optional), plus how to make the client. */
export type KitWrapperOptions = Partial<ConflictKitProviderProps> & {
  readonly fetch?: Fetch;
  /** Sent as `X-Actor` with every request when `fetch` is given. */
  readonly actor?: string;
  /** Options of the client the wrapper creates when `client` is not given. */
  readonly clientOptions?: ConflictClientOptions;
  /** @default a client that does not retry reads */
  readonly queryClient?: QueryClient;
};

/**
 * A fresh page load: one QueryClient, one conflict client (with a new
 * registry) and one ConflictKitProvider around the children, under `<StrictMode>` as in an app's
 * development build; only storage outlives it. Broadcasting between tabs is
 * off unless `broadcastChannel` is given.
 */
export function kitWrapper(options: KitWrapperOptions = {}) {
  const { fetch, actor, clientOptions, client, queryClient = noRetryQueryClient(), ...props } = options;
  const conflicts =
    client ??
    createConflictClient({
      ...(fetch ? { fetch } : {}),
      ...(actor !== undefined ? { headers: { 'X-Actor': actor } } : {}),
      ...clientOptions,
    });
  return ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ConflictKitProvider client={conflicts} broadcastChannel={false} {...props}>
          {children}
        </ConflictKitProvider>
      </QueryClientProvider>
    </StrictMode>
  );
}
