import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../demo/server/createApp';
import type { Ticket } from '../../demo/server/demoStore';
import { memoryStore } from '../../demo/server/memoryStore';
import { createConflictClient } from '../core/index';
import { ConflictKitProvider } from './ConflictKitProvider';
import { useVersionedQuery, versionedQueryKey } from './useVersionedQuery';

afterEach(cleanup);

describe('useVersionedQuery', () => {
  it('records the validator and the base snapshot of what it read under the record’s key', async () => {
    const app = createApp({ store: memoryStore() });
    const client = createConflictClient({
      fetch: async (url, init) => app.fetch(new Request(new URL(url, 'http://test'), init)),
      headers: { 'X-Actor': 'ben' },
    });
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useVersionedQuery<Ticket>({ url: '/api/tickets/T-1002' }), {
      wrapper: ({ children }) => (
        <QueryClientProvider client={queryClient}>
          <ConflictKitProvider client={client} broadcastChannel={false}>
            {children}
          </ConflictKitProvider>
        </QueryClientProvider>
      ),
    });

    await act(async () => {
      await vi.waitFor(() => expect(result.current.data).toBeDefined());
    });

    const entry = client.registry.get('/api/tickets/T-1002');
    expect(entry?.validator.etag).toEqual({ weak: false, opaque: 'T-1002:5' });
    expect(entry?.base).toEqual(result.current.data);
    expect(result.current.version).toEqual({ validator: entry?.validator, freshness: 'fresh' });
    expect(result.current.registryKey).toBe('/api/tickets/T-1002');
    expect(queryClient.getQueryData(versionedQueryKey('/api/tickets/T-1002'))).toEqual(entry?.base);
  });
});
