import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictKitError, createConflictClient } from '../core/index';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { ConflictKitProvider } from './ConflictKitProvider';
import { useStaleness } from './useStaleness';
import { useVersionedQuery } from './useVersionedQuery';
import { useConflictKit } from './useConflictKit';
import { useConflictNotices } from './useConflictNotices';

afterEach(cleanup);

function wrapper(props: { children: ReactNode; client?: ReturnType<typeof createConflictClient> }) {
  return (
    <QueryClientProvider client={new QueryClient()}>
      <ConflictKitProvider {...(props.client ? { client: props.client } : {})} broadcastChannel={false}>
        {props.children}
      </ConflictKitProvider>
    </QueryClientProvider>
  );
}

describe('ConflictKitProvider', () => {
  it('explains how to fix a hook used outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useConflictKit())).toThrow(ConflictKitError);
    expect(() => renderHook(() => useConflictKit())).toThrow(/inside <ConflictKitProvider>/);
    vi.restoreAllMocks();
  });

  it('uses the client it is given and keeps it across renders', () => {
    const client = createConflictClient({ fetch: () => Promise.reject(new Error('offline')) });
    const { result, rerender } = renderHook(() => useConflictKit(), { wrapper: (p) => wrapper({ ...p, client }) });
    const first = result.current;
    rerender();
    expect(first.client).toBe(client);
    expect(result.current.registry).toBe(client.registry);
    expect(result.current.client).toBe(first.client);
  });

  it('shows notices and dismisses them', async () => {
    function Toasts() {
      const kit = useConflictKit();
      const { notices, dismiss } = useConflictNotices();
      return (
        <>
          <button onClick={() => kit.notices.notify({ kind: 'auto-merged', changedBy: 'ana' })}>Notify</button>
          {notices.map((n) => (
            <p key={n.id}>
              Merged with changes by {n.changedBy} <button onClick={() => dismiss(n.id)}>Dismiss</button>
            </p>
          ))}
        </>
      );
    }
    const user = userEvent.setup();
    render(<Toasts />, { wrapper });
    await user.click(screen.getByRole('button', { name: 'Notify' }));
    expect(screen.getByText(/Merged with changes by ana/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Merged with changes by/)).toBeNull();
  });

  it('polls the records on screen every revalidateInterval and marks one someone else changed stale', async () => {
    const { fetch, write } = demoServer();
    const url = '/api/tickets/T-1001';
    const { result } = renderHook(() => ({ query: useVersionedQuery({ url }), staleness: useStaleness(url) }), {
      wrapper: kitWrapper({ clientOptions: { fetch, headers: { 'X-Actor': 'ben' } }, revalidateInterval: 40, revalidateOnFocus: false }),
    });
    await waitFor(() => expect(result.current.staleness.freshness).toBe('fresh'));
    await write('ana', { status: 'resolved' });
    // No event stream and no focus: only the schedule can notice.
    await waitFor(() => expect(result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'ana' }), { timeout: 2000 });
  });
});
