import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { createConflictClient } from '../core/index';
import { useVersionedQuery, versionedQueryKey } from './useVersionedQuery';

afterEach(cleanup);

describe('useVersionedQuery', () => {
  it('records the validator and the base snapshot of what it read under the record’s key', async () => {
    const { app } = demoServer();
    const client = createConflictClient({
      fetch: async (url, init) => app.fetch(new Request(new URL(url, 'http://test'), init)),
      headers: { 'X-Actor': 'ben' },
    });
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useVersionedQuery<Ticket>({ url: '/api/tickets/T-1002' }), {
      wrapper: kitWrapper({ client, queryClient }),
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
