import { QueryClient, QueryClientProvider, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, Suspense, type ReactNode } from 'react';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { createConflictClient } from '../core/index';
import { ConflictKitProvider } from './ConflictKitProvider';
import { useVersionedQuery } from './useVersionedQuery';
import { versionedQueryOptions } from './versionedQueryOptions';

afterEach(cleanup);

const ticketQuery = (id: string) => versionedQueryOptions<Ticket>({ url: `/api/tickets/${id}` });

function inProcessClient() {
  const { app, write } = demoServer();
  const client = createConflictClient({
    fetch: async (url, init) => app.fetch(new Request(new URL(url, 'http://test'), init)),
    headers: { 'X-Actor': 'ben' },
  });
  return { client, write };
}

describe('useVersionedQuery', () => {
  it('records the validator and the base snapshot of what it read, and hands out one record handle', async () => {
    const { client } = inProcessClient();
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useVersionedQuery(ticketQuery('T-1002')), { wrapper: kitWrapper({ client, queryClient }) });

    await waitFor(() => expect(result.current.data).toBeDefined());

    const entry = client.registry.get('/api/tickets/T-1002');
    expect(entry?.validator.etag).toEqual({ weak: false, opaque: 'T-1002:5' });
    expect(entry?.base).toEqual(result.current.data);
    expect(result.current.record).toEqual({ url: '/api/tickets/T-1002', key: '/api/tickets/T-1002', queryKey: ['conflict-kit', '/api/tickets/T-1002'] });
    expect(queryClient.getQueryData(result.current.record.queryKey)).toEqual(entry?.base);
    expectTypeOf(result.current.data).toEqualTypeOf<Ticket | undefined>();
  });

  it('keeps react-query’s tracked properties: a refetch that changes nothing read does not re-render', async () => {
    const { client } = inProcessClient();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders += 1;
        const query = useVersionedQuery(ticketQuery('T-1002'));
        return { title: query.data?.title, refetch: query.refetch };
      },
      { wrapper: kitWrapper({ client }) },
    );
    await waitFor(() => expect(result.current.title).toBeDefined());
    const settled = renders;

    await act(async () => {
      await result.current.refetch();
    });

    // The refetch flips isFetching twice; nobody read it, so nothing re-rendered.
    expect(renders).toBe(settled);
  });

  it('records the version through a plain useQuery and useSuspenseQuery too, since the query function does it', async () => {
    const { client } = inProcessClient();
    function Plain(): ReactNode {
      const { data } = useQuery(ticketQuery('T-1001'));
      return <p>{data?.title ?? 'loading'}</p>;
    }
    function Suspended(): ReactNode {
      const { data } = useSuspenseQuery(ticketQuery('T-1002'));
      expectTypeOf(data).toEqualTypeOf<Ticket>();
      return <p>{data.title}</p>;
    }
    render(
      <>
        <Plain />
        <Suspense fallback={<p>suspended</p>}>
          <Suspended />
        </Suspense>
      </>,
      { wrapper: kitWrapper({ client }) },
    );
    await waitFor(() => expect(client.registry.get('/api/tickets/T-1001')?.freshness).toBe('fresh'));
    await waitFor(() => expect(client.registry.get('/api/tickets/T-1002')?.freshness).toBe('fresh'));
    await waitFor(() => expect(screen.queryByText('suspended')).toBeNull());
  });

  it('runs in a router loader before React renders when given the client, and the page then reads from the cache', async () => {
    const { client } = inProcessClient();
    const queryClient = new QueryClient();
    const loaderQuery = (id: string) => versionedQueryOptions<Ticket>({ url: `/api/tickets/${id}`, client });

    // What a React Router loader does: no provider has mounted yet.
    const ticket = await queryClient.ensureQueryData(loaderQuery('T-1001'));
    expect(client.registry.get('/api/tickets/T-1001')?.base).toEqual(ticket);

    const fetchSpy = vi.spyOn(client, 'read');
    const { result } = renderHook(() => useVersionedQuery({ ...loaderQuery('T-1001'), staleTime: Infinity }), { wrapper: kitWrapper({ client, queryClient }) });
    expect(result.current.data).toEqual(ticket);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names the fix when a query runs before any provider and without a client', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    await expect(queryClient.fetchQuery(ticketQuery('T-1001'))).rejects.toThrow(/versionedQueryOptions\(\{ url, client: conflicts \}\)/);
  });

  it('is found by a suspense query that fetches during the first render, under StrictMode', async () => {
    const { client } = inProcessClient();
    const queryClient = new QueryClient();
    function Page(): ReactNode {
      const { data } = useSuspenseQuery(ticketQuery('T-1003'));
      return <p>{data.id}</p>;
    }
    render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <ConflictKitProvider client={client} broadcastChannel={false}>
            <Suspense fallback={null}>
              <Page />
            </Suspense>
          </ConflictKitProvider>
        </QueryClientProvider>
      </StrictMode>,
    );
    expect(await screen.findByText('T-1003')).toBeTruthy();
    expect(client.registry.get('/api/tickets/T-1003')?.freshness).toBe('fresh');
  });
});
