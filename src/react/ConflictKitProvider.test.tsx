import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { ConflictKitError, createConflictClient } from '../core/index';
import { ConflictKitProvider } from './ConflictKitProvider';
import { useConflictKit } from './useConflictKit';
import { useConflictNotices } from './useConflictNotices';
import { useStaleness } from './useStaleness';
import { useVersionedQuery } from './useVersionedQuery';

afterEach(cleanup);

const URL_T1 = '/api/tickets/T-1001';

function useWatched() {
  const query = useVersionedQuery<Ticket>({ url: URL_T1 });
  const staleness = useStaleness({ record: query.record });
  void query.data;
  return { query, staleness };
}

describe('ConflictKitProvider', () => {
  it('explains how to fix a hook used outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useConflictKit())).toThrow(ConflictKitError);
    expect(() => renderHook(() => useConflictKit())).toThrow(/inside <ConflictKitProvider client=\{conflicts\}>/);
    vi.restoreAllMocks();
  });

  it('throws the same error with a short sentence in production builds', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: fresh copies of the modules see production.
    vi.resetModules();
    const { useVersionedQuery: productionHook } = await import('./useVersionedQuery');
    const { ConflictKitError: ProductionError } = await import('../core/errors');
    try {
      expect(() => renderHook(() => productionHook({ url: URL_T1 }))).toThrow(ProductionError);
      expect(() => renderHook(() => productionHook({ url: URL_T1 }))).toThrow(/^conflict-kit hooks must be used inside <ConflictKitProvider>\.$/);
    } finally {
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
    }
  });

  it('uses the client it is given and keeps it across renders', () => {
    const client = createConflictClient({ fetch: () => Promise.reject(new Error('offline')) });
    const { result, rerender } = renderHook(() => useConflictKit(), { wrapper: kitWrapper({ client }) });
    const first = result.current;
    rerender();
    expect(first.client).toBe(client);
    expect(result.current.client).toBe(client);
    expect(result.current.sessions).toBe(first.sessions);
  });

  it('shows notices and dismisses them', async () => {
    function Toasts() {
      const kit = useConflictKit();
      const { notices, dismiss } = useConflictNotices();
      return (
        <>
          <button onClick={() => kit.sessions.notify({ kind: 'auto-merged', changedBy: 'ana' })}>Notify</button>
          {notices.map((n) => (
            <p key={n.id}>
              Merged with changes by {n.changedBy} <button onClick={() => dismiss(n.id)}>Dismiss</button>
            </p>
          ))}
        </>
      );
    }
    const user = userEvent.setup();
    render(<Toasts />, { wrapper: kitWrapper() });
    await user.click(screen.getByRole('button', { name: 'Notify' }));
    expect(screen.getByText(/Merged with changes by ana/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Merged with changes by/)).toBeNull();
  });

  it('polls the records on screen every revalidateInterval and marks one someone else changed stale', async () => {
    const { fetch, write } = demoServer();
    const { result } = renderHook(useWatched, { wrapper: kitWrapper({ fetch, actor: 'ben', revalidateInterval: 40, revalidateOnFocus: false }) });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await write('ana', { status: 'resolved' });
    // No event stream and no focus: only the schedule can notice.
    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana' }), { timeout: 2000 });
  });

  it('follows a revalidateInterval that changes after mount', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { fetch, write } = demoServer();
      const client = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
      const queryClient = new QueryClient();
      let setInterval: (ms: number | undefined) => void = () => undefined;
      function Page(): ReactNode {
        const watched = useWatched();
        return <p>{watched.staleness.freshness}</p>;
      }
      function App(): ReactNode {
        const [interval, set] = useState<number | undefined>(undefined);
        setInterval = set;
        return (
          <QueryClientProvider client={queryClient}>
            <ConflictKitProvider client={client} broadcastChannel={false} revalidateOnFocus={false} revalidateInterval={interval}>
              <Page />
            </ConflictKitProvider>
          </QueryClientProvider>
        );
      }
      render(
        <StrictMode>
          <App />
        </StrictMode>,
      );
      await vi.waitFor(() => expect(screen.getByText('fresh')).toBeTruthy());
      await write('ana', { status: 'resolved' });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(60_000);
      });
      expect(screen.getByText('fresh')).toBeTruthy();

      act(() => setInterval(1_000));
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      await vi.waitFor(() => expect(screen.getByText('stale')).toBeTruthy());
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets the URL of a record nobody watches any more: revalidating its key sends nothing', async () => {
    const { fetchVia } = demoServer();
    const gets: string[] = [];
    const fetch = fetchVia((request, forward) => {
      if (request.method === 'GET') gets.push(new URL(request.url).pathname);
      return forward(request);
    });
    let kit: ReturnType<typeof useConflictKit> | undefined;
    function Probe(): ReactNode {
      kit = useConflictKit();
      return null;
    }
    function Page(): ReactNode {
      const { query } = useWatched();
      return <p>{query.data?.title ?? 'loading'}</p>;
    }
    function App({ open }: { open: boolean }): ReactNode {
      return (
        <>
          <Probe />
          {open ? <Page /> : null}
        </>
      );
    }
    const { rerender } = render(<App open />, { wrapper: kitWrapper({ fetch, actor: 'ben', revalidateOnFocus: false }) });
    await waitFor(() => expect(gets).toContain(URL_T1));
    await act(async () => {
      await kit!.revalidate(URL_T1);
    });
    const whileOpen = gets.length;
    expect(whileOpen).toBeGreaterThan(1);

    rerender(<App open={false} />);
    await act(async () => {
      await kit!.revalidate(URL_T1);
    });
    expect(gets).toHaveLength(whileOpen);
  });
});
