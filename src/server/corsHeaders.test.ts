import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import { createConflictClient } from '../core/createConflictClient';
import { memoryIntentStorage } from '../core/intentStorage';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from './corsHeaders';

/** Headers a browser sends cross-origin without a preflight allowing them (Fetch standard, CORS-safelisted request headers). */
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

describe('CORS header lists', () => {
  it('allow every header the client sends on reads, saves, revalidations and creates', async () => {
    const sent = new Set<string>();
    const client = createConflictClient({
      intentStorage: memoryIntentStorage(),
      fetch: async (_url, init) => {
        new Headers(init.headers).forEach((_value, name) => sent.add(name));
        return new Response(JSON.stringify({ id: 'r1', name: 'x' }), { status: init.method === 'GET' ? 200 : 201, headers: { 'content-type': 'application/json', etag: '"v1"' } });
      },
    });
    await client.read('http://api.test/r/r1');
    await client.revalidate('http://api.test/r/r1');
    await client.save('http://api.test/r/r1', { id: 'r1', name: 'y' });
    await client.create('http://api.test/r', { name: 'x' }, { intent: 'a' });
    await client.create('http://api.test/r/r2', { name: 'x' }, { intent: 'b', method: 'PUT' });
    const allowed = new Set(CORS_ALLOW_HEADERS.map((name) => name.toLowerCase()));
    expect([...sent].filter((name) => !SAFELISTED.has(name) && !allowed.has(name))).toEqual([]);
    expect(allowed.has('traceparent')).toBe(true);
  });

  it('pass a preflight and expose ETag and Location through hono/cors', async () => {
    const app = new Hono();
    app.use('*', cors({ origin: 'http://app.test', allowHeaders: [...CORS_ALLOW_HEADERS], exposeHeaders: [...CORS_EXPOSE_HEADERS] }));
    app.post('/r', (c) => c.json({ id: 'r1' }, 201, { etag: '"v1"', location: '/r/r1' }));
    const preflight = await app.request('/r', {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key,if-match,traceparent' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    const created = await app.request('/r', { method: 'POST', headers: { origin: 'http://app.test' } });
    expect(created.headers.get('access-control-expose-headers')?.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['etag', 'location', 'retry-after']));
  });
});
