import { onlineManager, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useEffect, useMemo, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../demo/server/createEventBus';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer, kitWrapper, noRetryQueryClient, type KitWrapperOptions } from '../../test/support/kitHarness';
import { createConflictClient, type ConflictClient, type StalenessListener, type StalenessSource } from '../core/index';
import { createVersionRegistry } from '../core/createVersionRegistry';
import { ConflictKitProvider } from './ConflictKitProvider';
import type { EventSourceLike, RecordChange } from './connectStalenessSources';
import { useGuardedSave } from './useGuardedSave';
import { useStaleness } from './useStaleness';
import { useVersionedQuery } from './useVersionedQuery';
import { versionedQueryOptions } from './versionedQueryOptions';

afterEach(cleanup);

const URL_T1 = '/api/tickets/T-1001';

/** The demo server with its event bus, which announces every write. */
function demoServer() {
  const events = createEventBus();
  return { ...inProcessServer({ events }), events };
}

const providers = (props: KitWrapperOptions) => kitWrapper(props);

const ticketQuery = versionedQueryOptions<Ticket>({ url: URL_T1 });

/** Reads one record and shows whether it is stale. */
function useWatchedTicket() {
  const query = useVersionedQuery(ticketQuery);
  const staleness = useStaleness({ record: query.record });
  // Read in render, as a page would: react-query re-renders only for the properties a render read.
  void query.data;
  return { query, staleness };
}

/**
 * A fake EventSource that the test feeds, one connection per `open()` as a
 * browser makes them (StrictMode connects, disconnects and connects again):
 * events reach the connections still open.
 */
function fakeEventSource() {
  const connections: { listeners: Map<string, ((event: MessageEvent) => void)[]>; closed: boolean }[] = [];
  const open = (): EventSourceLike => {
    const connection = { listeners: new Map<string, ((event: MessageEvent) => void)[]>(), closed: false };
    connections.push(connection);
    return {
      addEventListener: (type, listener) => connection.listeners.set(type, [...(connection.listeners.get(type) ?? []), listener]),
      close: () => {
        connection.closed = true;
      },
    };
  };
  const live = () => connections.filter((connection) => !connection.closed);
  const emit = (type: string, data: string) => {
    for (const connection of live()) for (const listener of connection.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  };
  return { open, emit, isClosed: () => connections.length > 0 && live().length === 0, isListening: () => live().some((c) => c.listeners.size > 0) };
}

describe('useStaleness', () => {
  it('re-renders only the subscriber of the record that changed, among 1,000', () => {
    const registry = createVersionRegistry();
    const client: ConflictClient = createConflictClient({ registry, fetch: () => Promise.reject(new Error('no network in this test')) });
    for (let i = 0; i < 1000; i++) registry.record(`/api/tickets/${i}`, { validator: { version: 1 }, base: { id: i } });
    const renders = new Array<number>(1000).fill(0);
    function Row({ index }: { index: number }) {
      // Counted per commit: StrictMode renders twice per commit.
      useEffect(() => {
        renders[index] = (renders[index] ?? 0) + 1;
      });
      const record = useMemo(() => ({ url: `/api/tickets/${index}`, key: `/api/tickets/${index}`, queryKey: ['t', index] }), [index]);
      const { freshness } = useStaleness({ record });
      return <li data-testid={`row-${index}`}>{freshness}</li>;
    }
    render(
      <ul>
        {Array.from({ length: 1000 }, (_, index) => (
          <Row key={index} index={index} />
        ))}
      </ul>,
      { wrapper: providers({ client }) },
    );
    const before = [...renders];

    act(() => {
      registry.markStale('/api/tickets/500', { changedBy: 'ana' });
    });

    const rerendered = renders.flatMap((count, index) => (count !== before[index] ? [index] : []));
    expect(rerendered).toEqual([500]);
    expect(renders[500]).toBe((before[500] ?? 0) + 1);
    expect(screen.getByTestId('row-500').textContent).toBe('stale');
    expect(screen.getByTestId('row-499').textContent).toBe('fresh');
  });

  it('marks the record stale when the server event stream announces someone else’s write', async () => {
    const server = demoServer();
    const feed = fakeEventSource();
    const unsubscribe = server.events.subscribe((event) => feed.emit('change', JSON.stringify(event)));
    const { result, unmount } = renderHook(useWatchedTicket, {
      wrapper: providers({
        clientOptions: { fetch: server.fetch, headers: { 'X-Actor': 'ben' } },
        events: { url: '/api/events', toKey: (event) => `/api/${event.resource}/${event.id}`, createEventSource: feed.open },
      }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await waitFor(() => expect(feed.isListening()).toBe(true));

    await server.write('ana', { status: 'resolved' });

    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', isStale: true, changedBy: 'ana' }));
    expect(result.current.staleness.latest?.validator.etag?.opaque).toBe('T-1001:4');
    unmount();
    unsubscribe();
    expect(feed.isClosed()).toBe(true);
  });

  it('catches up, when the stream opens, on a write saved before it was listening', async () => {
    const server = demoServer();
    const feed = fakeEventSource();
    // Nothing is forwarded from the bus: the write below happens while the stream is not yet connected.
    const { result } = renderHook(useWatchedTicket, {
      wrapper: providers({
        clientOptions: { fetch: server.fetch, headers: { 'X-Actor': 'ben' } },
        events: { url: '/api/events', toKey: (event) => `/api/${event.resource}/${event.id}`, createEventSource: feed.open },
        revalidateOnFocus: false,
      }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await waitFor(() => expect(feed.isListening()).toBe(true));
    await server.write('ana', { status: 'resolved' });
    expect(result.current.staleness.freshness).toBe('fresh');

    act(() => feed.emit('open', ''));

    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana' }));
    expect(result.current.staleness.latest?.validator.etag?.opaque).toBe('T-1001:4');
  });

  it('ignores the echo of a version the tab already holds and malformed events', async () => {
    const server = demoServer();
    const feed = fakeEventSource();
    const { result } = renderHook(useWatchedTicket, {
      wrapper: providers({
        clientOptions: { fetch: server.fetch, headers: { 'X-Actor': 'ben' } },
        events: { url: '/api/events', toKey: (event) => `/api/${event.resource}/${event.id}`, createEventSource: feed.open },
      }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await waitFor(() => expect(feed.isListening()).toBe(true));

    act(() => {
      feed.emit('change', '{not json');
      feed.emit('change', JSON.stringify({ resource: 'tickets', id: 'T-1001', etag: '"T-1001:3"', version: 3, actor: 'ben' }));
    });

    expect(result.current.staleness.freshness).toBe('fresh');
  });

  it('marks other tabs stale over BroadcastChannel when one tab saves', async () => {
    if (typeof BroadcastChannel === 'undefined') throw new Error('this environment needs a BroadcastChannel polyfill');
    const server = demoServer();
    const channel = `conflict-kit-test-${Math.random()}`;
    const tab = (actor: string) => providers({ clientOptions: { fetch: server.fetch, headers: { 'X-Actor': actor } }, broadcastChannel: channel });
    const a = renderHook(
      () => {
        const watched = useWatchedTicket();
        return { ...watched, saver: useGuardedSave<Ticket>({ record: watched.query.record }) };
      },
      { wrapper: tab('ana') },
    );
    const b = renderHook(useWatchedTicket, { wrapper: tab('ben') });
    await waitFor(() => expect(a.result.current.query.data).toBeDefined());
    await waitFor(() => expect(b.result.current.query.data).toBeDefined());

    await act(async () => {
      await a.result.current.saver.mutateAsync({ ...a.result.current.query.data!, title: 'Saved in tab A' });
    });

    await waitFor(() => expect(b.result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana' }));
    expect(a.result.current.staleness.freshness).toBe('fresh');
  });

  it('revalidates on window focus with a conditional GET and marks a changed record stale', async () => {
    const server = demoServer();
    const { result } = renderHook(useWatchedTicket, {
      wrapper: providers({ clientOptions: { fetch: server.fetch, headers: { 'X-Actor': 'ben' } } }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await server.write('ana', { assignee: 'ana' });

    act(() => {
      window.dispatchEvent(new Event('focus'));
    });

    await waitFor(() => expect(result.current.staleness.freshness).toBe('stale'));
    expect(result.current.staleness.latest?.value).toMatchObject({ assignee: 'ana', version: 4 });
    // The base the screen shows is kept: the stale banner offers the newer version.
    expect(result.current.staleness.validator?.etag?.opaque).toBe('T-1001:3');
  });

  it('says unknown, not fresh, while offline, and fresh again once back online', async () => {
    const server = demoServer();
    const { result } = renderHook(useWatchedTicket, { wrapper: providers({ fetch: server.fetch, actor: 'ben', revalidateOnReconnect: false }) });
    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'fresh', isOffline: false }));

    act(() => onlineManager.setOnline(false));
    expect(result.current.staleness).toMatchObject({ freshness: 'unknown', isOffline: true, isStale: false });

    act(() => onlineManager.setOnline(true));
    expect(result.current.staleness).toMatchObject({ freshness: 'fresh', isOffline: false });
  });

  it('keeps saying stale while offline: that much is known', async () => {
    const server = demoServer();
    const client = createConflictClient({ fetch: server.fetch, headers: { 'X-Actor': 'ben' } });
    const { result } = renderHook(useWatchedTicket, { wrapper: providers({ client, revalidateOnReconnect: false }) });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));

    act(() => {
      client.registry.markStale(URL_T1, { changedBy: 'ana' });
      onlineManager.setOnline(false);
    });

    expect(result.current.staleness).toMatchObject({ freshness: 'stale', isStale: true, isOffline: true, changedBy: 'ana' });
    act(() => onlineManager.setOnline(true));
  });

  it('tells onChange of every change the stream announces, also of records not on screen, so lists refresh live', async () => {
    const server = demoServer();
    const feed = fakeEventSource();
    const unsubscribe = server.events.subscribe((event) => feed.emit('change', JSON.stringify(event)));
    const changes: RecordChange[] = [];
    function TicketList(): ReactNode {
      const list = useQuery({ queryKey: ['list', 'tickets'], queryFn: async () => (await server.store.tickets.list()).map((t) => `${t.id} v${t.version}`) });
      return <ul>{list.data?.map((row) => <li key={row}>{row}</li>)}</ul>;
    }
    const queryClient = noRetryQueryClient();
    render(<TicketList />, {
      wrapper: providers({
        fetch: server.fetch,
        actor: 'ben',
        queryClient,
        events: { url: '/api/events', toKey: (event) => `${String(event.resource)}/${String(event.id)}`, createEventSource: feed.open },
        onChange: (change) => {
          changes.push(change);
          void queryClient.invalidateQueries({ queryKey: ['list', change.key.split('/')[0]] });
        },
      }),
    });
    expect(await screen.findByText('T-1001 v3')).toBeTruthy();
    await waitFor(() => expect(feed.isListening()).toBe(true));

    await server.write('ana', { status: 'resolved' });

    expect(await screen.findByText('T-1001 v4')).toBeTruthy();
    expect(changes).toEqual([expect.objectContaining({ key: 'tickets/T-1001', changedBy: 'ana', source: 'events', validator: { etag: { weak: false, opaque: 'T-1001:4' }, version: 4 } })]);
    unsubscribe();
  });

  it('announces a save to other tabs with who saved it as the client’s changeOf reads it', async () => {
    const server = demoServer();
    const channel = `conflict-kit-test-${Math.random()}`;
    const changeOf = (value: unknown) => ({ changedBy: `Operator ${String((value as Ticket).updatedBy).toUpperCase()}` });
    const tab = (actor: string) => providers({ fetch: server.fetch, actor, clientOptions: { changeOf }, broadcastChannel: channel });
    const a = renderHook(
      () => {
        const watched = useWatchedTicket();
        return { ...watched, saver: useGuardedSave<Ticket>({ record: watched.query.record }) };
      },
      { wrapper: tab('ana') },
    );
    const b = renderHook(useWatchedTicket, { wrapper: tab('ben') });
    await waitFor(() => expect(a.result.current.query.data).toBeDefined());
    await waitFor(() => expect(b.result.current.query.data).toBeDefined());

    await act(async () => {
      await a.result.current.saver.mutateAsync({ ...a.result.current.query.data!, title: 'Saved in tab A' });
    });

    await waitFor(() => expect(b.result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'Operator ANA' }));
  });

  it('checks with the server on demand, marking a change stale instead of replacing what is on screen', async () => {
    const server = demoServer();
    const { result } = renderHook(useWatchedTicket, { wrapper: providers({ fetch: server.fetch, actor: 'ben', revalidateOnFocus: false }) });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await server.write('ana', { title: 'Changed by Ana' });

    await act(async () => {
      await result.current.staleness.revalidate();
    });

    expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana', validator: { etag: { opaque: 'T-1001:3' } } });
    expect(result.current.query.data?.title).not.toBe('Changed by Ana');
  });

  it('marks the record stale from a source of the app’s own (a websocket), by URL, and tells onChange', async () => {
    const server = demoServer();
    const changes: RecordChange[] = [];
    // A websocket stand-in: the server's bus, in the app's own message shape.
    const socket: StalenessSource = {
      subscribe: (listener) => server.events.subscribe((e) => listener.change({ url: `/api/${e.resource}/${e.id}`, version: e.version, changedBy: e.actor, changedAt: e.at, event: e })),
    };
    const { result } = renderHook(useWatchedTicket, {
      wrapper: providers({ fetch: server.fetch, actor: 'ben', sources: [socket], onChange: (change) => changes.push(change) }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await waitFor(() => expect(server.events.size).toBe(1));

    await server.write('ana', { status: 'resolved' });

    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana', latest: { validator: { version: 4 } } }));
    expect(changes).toEqual([expect.objectContaining({ key: URL_T1, source: 'feed', changedBy: 'ana', validator: { version: 4 } })]);
  });

  it('keeps one subscription of a source passed in an inline list across re-renders, and stops it on unmount', async () => {
    const server = demoServer();
    let live = 0;
    let subscriptions = 0;
    const source: StalenessSource = {
      subscribe: () => {
        live += 1;
        subscriptions += 1;
        return () => (live -= 1);
      },
    };
    const client = createConflictClient({ fetch: server.fetch });
    const queryClient = noRetryQueryClient();
    // A new array on every render, as `sources={[socket]}` written in JSX is.
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <ConflictKitProvider client={client} broadcastChannel={false} sources={[source]}>
            {children}
          </ConflictKitProvider>
        </QueryClientProvider>
      </StrictMode>
    );
    const { rerender, unmount } = renderHook(useWatchedTicket, { wrapper });
    await waitFor(() => expect(live).toBe(1));
    const before = subscriptions;
    rerender();
    rerender();
    expect(subscriptions).toBe(before);
    expect(live).toBe(1);
    unmount();
    expect(live).toBe(0);
  });

  it('revalidates the records on screen when a source says it (re)connected, and marks a deletion', async () => {
    const server = demoServer();
    let listener: StalenessListener | undefined;
    const source: StalenessSource = {
      subscribe: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    const { result } = renderHook(useWatchedTicket, { wrapper: providers({ fetch: server.fetch, actor: 'ben', sources: [source], revalidateOnFocus: false }) });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await server.write('ana', { status: 'resolved' });

    act(() => listener?.resync());
    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana' }));

    act(() => listener?.change({ key: URL_T1, deleted: true, changedBy: 'ana' }));
    expect(result.current.staleness.freshness).toBe('deleted');
  });

  it('ignores the echo of the version on screen from a source', async () => {
    const server = demoServer();
    let listener: StalenessListener | undefined;
    const source: StalenessSource = { subscribe: (l) => ((listener = l), () => (listener = undefined)) };
    const { result } = renderHook(useWatchedTicket, { wrapper: providers({ fetch: server.fetch, sources: [source] }) });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    act(() => listener?.change({ url: URL_T1, etag: '"T-1001:3"' }));
    expect(result.current.staleness.freshness).toBe('fresh');
  });
});

describe('useStaleness after a server render', () => {
  it('hydrates without a mismatch: the server render and the hydration both say nothing is known, then the browser learns', async () => {
    const { renderToString } = await import('react-dom/server');
    const { hydrateRoot } = await import('react-dom/client');
    const record = { url: URL_T1, key: URL_T1, queryKey: ['conflict-kit', URL_T1] };
    function Badge(): ReactNode {
      return <output>{useStaleness({ record }).freshness}</output>;
    }
    const app = (client: ConflictClient) => (
      <StrictMode>
        <QueryClientProvider client={noRetryQueryClient()}>
          <ConflictKitProvider client={client} broadcastChannel={false}>
            <Badge />
          </ConflictKitProvider>
        </QueryClientProvider>
      </StrictMode>
    );
    // The server read the record: its registry holds it as fresh.
    const onServer = createConflictClient({ fetch: async () => new Response(null, { status: 500 }) });
    onServer.registry.record(URL_T1, { validator: { etag: { weak: false, opaque: 'T-1001:3' } }, base: { title: 'x' } });
    const html = renderToString(app(onServer));
    expect(html).toContain('<output>unknown</output>');

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors: unknown[] = [];
    const inBrowser = createConflictClient({ fetch: async () => new Response(null, { status: 500 }) });
    const root = await act(async () => hydrateRoot(container, app(inBrowser), { onRecoverableError: (error) => errors.push(error) }));
    expect(errors).toEqual([]);
    act(() => void inBrowser.registry.record(URL_T1, { validator: { etag: { weak: false, opaque: 'T-1001:3' } }, base: { title: 'x' } }));
    expect(container.textContent).toBe('fresh');
    act(() => root.unmount());
    container.remove();
  });
});
