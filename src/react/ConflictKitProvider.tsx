import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createConflictClient } from '../core/createConflictClient';
import type { ConflictClient, ConflictClientOptions } from '../core/conflictClientTypes';
import { ConflictKitContext, type ConflictKit, type DraftTracker } from './ConflictKitContext';
import type { ConflictEventsOptions, StalenessSources } from './connectStalenessSources';
import { createConflictSessionStore } from './createConflictSessionStore';
import { createWatchList } from './createWatchList';
import type { ConflictResolver } from './resolver';

/** Props of {@link ConflictKitProvider}. */
export interface ConflictKitProviderProps {
  /**
   * The conflict client to use (read once, on mount).
   * @default createConflictClient(clientOptions)
   */
  readonly client?: ConflictClient;
  /**
   * Options for the client the provider creates when `client` is not given (read once, on mount).
   * @default {}
   */
  readonly clientOptions?: ConflictClientOptions;
  /**
   * Resolves conflicts: the app's own UI, or the built-in queue that `useConflictSessions` and the prebuilt dialogs render.
   * @default the built-in session queue
   */
  readonly resolver?: ConflictResolver;
  /**
   * Save clean three-way merges without asking (each hook may override).
   * @default true
   */
  readonly autoMerge?: boolean;
  /**
   * Milliseconds between conditional GETs of the records on screen.
   * @default undefined (no polling; focus, reconnect and events still revalidate)
   */
  readonly revalidateInterval?: number;
  /**
   * Revalidate the records on screen when the window regains focus.
   * @default true
   */
  readonly revalidateOnFocus?: boolean;
  /**
   * Revalidate the records on screen when the browser comes back online.
   * @default true
   */
  readonly revalidateOnReconnect?: boolean;
  /**
   * The server's change feed (EventSource) that marks records stale.
   * @default undefined (no event stream)
   */
  readonly events?: ConflictEventsOptions;
  /**
   * The BroadcastChannel name shared by the app's tabs (one tab's save marks the others stale), or `false`.
   * @default 'conflict-kit'
   */
  readonly broadcastChannel?: string | false;
  readonly children?: ReactNode;
}

/**
 * Loads, once the page is idle, the code the kit defers past the first load
 * (the client's failure path, merge patches, the create and save-recovery
 * loops), so a request made after a drop in connectivity still gets its
 * NetworkError or classified conflict rather than a failed chunk load.
 */
function preloadDeferred(): void {
  for (const load of [
    () => import('../core/mergePatch'),
    () => import('./runIdempotentCreate'),
    () => import('./recoverGuardedSave'),
  ]) {
    load().catch(() => undefined);
  }
}

function createDraftTracker(): DraftTracker {
  const dirty = new Set<string>();
  return {
    isDirty: (key) => dirty.has(key),
    setDirty: (key, value) => {
      if (value) dirty.add(key);
      else dirty.delete(key);
    },
  };
}

/**
 * Provides the conflict client, its version registry and a conflict resolver
 * to the hooks; goes inside the app's react-query `QueryClientProvider`.
 */
export function ConflictKitProvider(props: ConflictKitProviderProps): ReactNode {
  // Fails fast, with react-query's own message, outside a QueryClientProvider.
  useQueryClient();
  const { resolver, autoMerge = true, events, broadcastChannel, revalidateOnFocus, revalidateOnReconnect } = props;
  const [core] = useState(() => {
    const client = props.client ?? createConflictClient(props.clientOptions);
    const urls = new Map<string, string>();
    const revalidate = async (key: string): Promise<void> => {
      const url = urls.get(key);
      if (url !== undefined) await client.revalidate(url, { key });
    };
    return { client, urls, revalidate, watching: createWatchList(revalidate), sessionStore: createConflictSessionStore(), drafts: createDraftTracker() };
  });
  const interval = props.revalidateInterval;

  useEffect(() => {
    // The schedule loads after mount; the keys watched meanwhile are handed over when it arrives.
    let disposed = false;
    import('../core/createRevalidator')
      .then(({ createRevalidator }) => {
        if (disposed) return;
        core.watching.attach(
          createRevalidator({
            intervalMs: interval ?? 0,
            revalidate: core.revalidate,
            // Without an interval nothing is scheduled; focus, reconnect and events call revalidateNow.
            ...(interval === undefined || interval <= 0 ? { setTimeout: () => undefined, clearTimeout: () => undefined } : {}),
          }),
        );
      })
      // Offline, the chunk may not load: revalidation asked for still reaches the client.
      .catch(() => undefined);
    return () => {
      disposed = true;
      core.watching.attach(undefined);
    };
  }, [core, interval]);
  const sources = useRef<StalenessSources | null>(null);
  const toKey = useRef(events?.toKey);
  toKey.current = events?.toKey;
  const eventsUrl = events?.url;
  const createEventSource = events?.createEventSource;
  const eventType = events?.eventType;

  useEffect(() => {
    // The browser listeners load after mount: staleness detection may start a
    // tick later, and the page's first load does not carry them.
    let connected: StalenessSources | undefined;
    let disposed = false;
    void import('./connectStalenessSources').then(({ connectStalenessSources }) => {
      if (disposed) return;
      connected = connectStalenessSources({
        registry: core.client.registry,
        revalidateAll: () => void core.watching.revalidateNow(),
        ...(revalidateOnFocus !== undefined ? { revalidateOnFocus } : {}),
        ...(revalidateOnReconnect !== undefined ? { revalidateOnReconnect } : {}),
        ...(broadcastChannel !== undefined ? { channel: broadcastChannel } : {}),
        ...(eventsUrl !== undefined
          ? {
              events: {
                url: eventsUrl,
                toKey: (event) => toKey.current?.(event),
                ...(eventType !== undefined ? { eventType } : {}),
                ...(createEventSource ? { createEventSource } : {}),
              },
            }
          : {}),
      });
      sources.current = connected;
    });
    return () => {
      disposed = true;
      connected?.disconnect();
      if (sources.current === connected) sources.current = null;
    };
  }, [core, eventsUrl, eventType, createEventSource, broadcastChannel, revalidateOnFocus, revalidateOnReconnect]);

  useEffect(() => {
    const { requestIdleCallback: onIdle, cancelIdleCallback } = globalThis as Partial<typeof globalThis>;
    if (typeof onIdle === 'function' && typeof cancelIdleCallback === 'function') {
      const id = onIdle(preloadDeferred, { timeout: 5000 });
      return () => cancelIdleCallback(id);
    }
    // No requestIdleCallback (Safari): soon after the page settles.
    const id = setTimeout(preloadDeferred, 1000);
    return () => clearTimeout(id);
  }, []);

  const value = useMemo<ConflictKit>(
    () => ({
      client: core.client,
      registry: core.client.registry,
      resolver: resolver ?? core.sessionStore.resolver,
      autoMerge,
      notices: { notify: core.sessionStore.notify, dismiss: core.sessionStore.dismiss },
      sessionStore: core.sessionStore,
      drafts: core.drafts,
      watch: (url, key) => {
        core.urls.set(key, url);
        return core.watching.watch(key);
      },
      revalidate: (key) => core.watching.revalidateNow(key),
      announce: (key, validator, changedBy) => sources.current?.announce(key, validator, changedBy),
    }),
    [core, resolver, autoMerge],
  );

  return <ConflictKitContext.Provider value={value}>{props.children}</ConflictKitContext.Provider>;
}
