import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { SetupWorker } from 'msw/browser';
import { useState, type ReactNode } from 'react';
import { createConflictClient, memoryIntentStorage } from '../../src/core/index';
import { ConflictKitProvider, type DraftStorage } from '../../src/react/index';
import { createDemoHandlers } from '../../demo/msw/handlers';
import type { DemoStore } from '../../demo/server/demoStore';
import { memoryStore } from '../../demo/server/memoryStore';

/** What {@link liveApi} hands the story through `loaded`. */
export interface LiveApi {
  /** The fresh seeded store behind this render's API. */
  readonly store: DemoStore;
}

/**
 * Loader: serves the reference Hono app through MSW over a fresh seeded
 * in-memory store, so every render (and every test run) starts from the
 * same tickets, orders and documents. Runs after the project's mswLoader,
 * which resets the worker's handlers.
 */
export async function liveApi(context: { readonly msw?: SetupWorker }): Promise<{ api: LiveApi }> {
  const store = memoryStore();
  if (!context.msw) throw new Error('liveApi needs the MSW loader of .storybook/preview.tsx (context.msw is missing).');
  context.msw.use(...createDemoHandlers({ store }));
  return { api: { store } };
}

/** Drafts kept in memory only, one storage per simulated client (two operators on one page must not share drafts). */
export function memoryDraftStorage(): DraftStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** Props of {@link LiveKit}. */
export interface LiveKitProps {
  /** Sent as `X-Actor` on every request: who is acting. */
  readonly actor: string;
  /**
   * Milliseconds between conditional GETs of the records on screen.
   * @default undefined (revalidate on demand: the event stream through MSW may arrive buffered)
   */
  readonly revalidateInterval?: number;
  readonly children?: ReactNode;
}

/**
 * One independent client: its own react-query client, conflict client,
 * version registry, intent storage and session queue. No BroadcastChannel,
 * so two of these on one page behave like two people, not two tabs.
 */
export function LiveKit({ actor, revalidateInterval, children }: LiveKitProps): ReactNode {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  const [conflicts] = useState(() => createConflictClient({ headers: { 'X-Actor': actor }, intentStorage: memoryIntentStorage() }));
  return (
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider
        client={conflicts}
        broadcastChannel={false}
        revalidateOnFocus={false}
        {...(revalidateInterval !== undefined ? { revalidateInterval } : {})}
      >
        {children}
      </ConflictKitProvider>
    </QueryClientProvider>
  );
}

/** A write from someone else, straight to the API (as another client would): GET for the ETag, then a guarded PATCH. */
export async function editAs(actor: string, url: string, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
  const read = await fetch(url, { headers: { 'X-Actor': actor } });
  const etag = read.headers.get('ETag');
  if (!read.ok || etag === null) throw new Error(`GET ${url} answered ${read.status} without an ETag; the story's API is not running.`);
  const write = await fetch(url, {
    method: 'PATCH',
    headers: { 'X-Actor': actor, 'If-Match': etag, 'Content-Type': 'application/merge-patch+json' },
    body: JSON.stringify(patch),
  });
  if (!write.ok) throw new Error(`PATCH ${url} as ${actor} answered ${write.status}: ${await write.text()}`);
  return (await write.json()) as Record<string, unknown>;
}

/** Reads a record straight from the API, to check what the server holds. */
export async function serverRecord(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}.`);
  return (await response.json()) as Record<string, unknown>;
}
