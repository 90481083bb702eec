import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoHandlers } from '../msw/handlers';
import { memoryStore } from './memoryStore';

const base = 'http://localhost:6006';
const store = memoryStore();
const server = setupServer(...createDemoHandlers({ store, faults: true, origin: base }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('MSW handlers (the demo API without a server)', () => {
  it('answers /api requests from the in-memory store with the same headers as the real server', async () => {
    const res = await fetch(`${base}/api/tickets/T-1001`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"T-1001:3"');
    const stale = await fetch(`${base}/api/tickets/T-1001`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '"T-1001:2"' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ reason: 'version_mismatch', currentVersion: 3 });
  });

  it('turns a dropped response into a network error, after the commit', async () => {
    const body = JSON.stringify({ externalId: 'msw-1', items: [{ sku: 'A', quantity: 1 }] });
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'msw-key' };
    await expect(fetch(`${base}/api/orders`, { method: 'POST', headers: { ...headers, 'X-Fault': 'drop-response-after-commit' }, body })).rejects.toThrow(
      TypeError,
    );
    expect((await store.orders.list()).filter((o) => o.externalId === 'msw-1')).toHaveLength(1);
    const retry = await fetch(`${base}/api/orders`, { method: 'POST', headers, body });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });
});
