import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ConflictClient } from '../core/conflictClientTypes';
import { devWarning, isDev } from '../core/devWarning';
import type { StalenessSource } from '../core/stalenessSource';
import { ConflictKitContext, type ConflictKit } from './ConflictKitContext';
import { connectStalenessSources, type ConflictEventsOptions, type RecordChange } from './connectStalenessSources';
import { createKitRuntime } from './createKitRuntime';
import { kitsByQueryClient } from './kitOfQueryClient';
import type { ConflictResolver } from './resolver';

/** Props of {@link ConflictKitProvider}. */
export interface ConflictKitProviderProps {
  /** The conflict client, created once at module scope with `createConflictClient` (like a QueryClient). */
  readonly client: ConflictClient;
  /**
   * Resolves conflicts: the app's own UI, or the built-in queue that `useConflictSessions` and the prebuilt dialogs render.
   * @default the built-in session queue
   */
  readonly resolver?: ConflictResolver;
  /**
   * Save clean three-way merges without asking (each write may override).
   * @default true
   */
  readonly autoMerge?: boolean;
  /**
   * Milliseconds between conditional GETs of the records on screen.
   * @default undefined (no polling; focus, reconnect and events still revalidate)
   */
  readonly revalidateInterval?: number | undefined;
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
   * Feeds of changes other writers made, besides `events`: a websocket, CouchDB's `_changes`
   * (`couchdbChanges` in `conflict-kit/couchdb`), your own polling. Create them once, at module
   * scope like the client: a new list subscribes again.
   * @default [] (none)
   */
  readonly sources?: readonly StalenessSource[];
  /**
   * The BroadcastChannel name shared by the app's tabs (one tab's save marks the others stale), or `false`.
   * @default 'conflict-kit'
   */
  readonly broadcastChannel?: string | false;
  /**
   * Called for every change another writer made that the event stream, a source or another tab reported, whether or
   * not the record is on screen: invalidate the list queries that show it, so lists update live.
   * @default undefined
   */
  readonly onChange?: (change: RecordChange) => void;
  readonly children?: ReactNode;
}

/** The previous list while it holds the same items, so an inline `[a, b]` does not subscribe again on every render. */
function useSameList<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  const held = useRef(list);
  const same = held.current === list || (held.current !== undefined && list !== undefined && held.current.length === list.length && held.current.every((item, i) => item === list[i]));
  if (!same) held.current = list;
  return held.current;
}

/**
 * Provides the conflict client, the conflict resolver and the drafts to the
 * hooks, and connects them to the surrounding QueryClient so query and
 * mutation options built by the kit find them; goes inside the app's
 * `QueryClientProvider`.
 */
export function ConflictKitProvider(props: ConflictKitProviderProps): ReactNode {
  const { client, resolver, autoMerge = true, events, broadcastChannel, revalidateOnFocus, revalidateOnReconnect, revalidateInterval } = props;
  // Fails fast, with react-query's own message, outside a QueryClientProvider.
  const queryClient = useQueryClient();
  const [runtime] = useState(() => {
    // Once per mount: the prop is either there or not. Written out, not only
    // inside devWarning, so that production builds drop the message.
    if (isDev && 'onConflictEvent' in props) {
      devWarning('The onConflictEvent prop is gone: listen with subscribeConflictEvents(client, listener) from conflict-kit/telemetry.');
    }
    return createKitRuntime(client);
  });
  if (isDev && runtime.client !== client) {
    devWarning('ConflictKitProvider got another client after its first render; it keeps the first. Create the client once, at module scope.');
  }
  const kit = useMemo<ConflictKit>(
    () => ({ ...runtime, resolver: resolver ?? runtime.sessions.resolver, autoMerge }),
    [runtime, resolver, autoMerge],
  );
  // Suspense queries fetch during render, before any effect: connect on the first render already.
  if (!kitsByQueryClient.has(queryClient)) kitsByQueryClient.set(queryClient, kit);
  useLayoutEffect(() => {
    kitsByQueryClient.set(queryClient, kit);
    return () => {
      // Unless another provider took the QueryClient meanwhile.
      if (kitsByQueryClient.get(queryClient) === kit) kitsByQueryClient.delete(queryClient);
    };
  }, [queryClient, kit]);

  useEffect(() => runtime.setInterval(revalidateInterval), [runtime, revalidateInterval]);

  // The latest props, for the callbacks the connection calls (toKey, onChange): a new inline function does not reconnect.
  const latest = useRef(props);
  latest.current = props;
  const sources = useSameList(props.sources);
  useEffect(() => {
    const connected = connectStalenessSources(runtime, latest);
    runtime.sources = connected;
    return () => {
      connected.disconnect();
      if (runtime.sources === connected) runtime.sources = undefined;
    };
    // Reconnects when what it connects to changes; the callbacks are read at each event.
  }, [runtime, sources, events?.url, events?.eventType, events?.createEventSource, broadcastChannel, revalidateOnFocus, revalidateOnReconnect]);

  return <ConflictKitContext.Provider value={kit}>{props.children}</ConflictKitContext.Provider>;
}
