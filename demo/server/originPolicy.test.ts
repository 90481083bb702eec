import { describe, expect, it } from 'vitest';
import { testApp } from './testRequests';

const patch = (origin: string | undefined, extra: Record<string, string> = {}): RequestInit => ({
  method: 'PATCH',
  headers: {
    'Content-Type': 'application/merge-patch+json',
    'If-Match': '"T-1004:1"',
    'X-Actor': 'someone.else',
    ...(origin !== undefined ? { Origin: origin } : {}),
    ...extra,
  },
  body: JSON.stringify({ status: 'closed' }),
});

describe('origin policy (CORS and Host)', () => {
  it('refuses a write from another origin by default (403, nothing written), and gives it no CORS headers', async () => {
    const t = testApp();
    for (const origin of ['http://localhost:6006', 'https://evil.example', 'null']) {
      const res = await t.app.request('http://localhost/api/tickets/T-1004', patch(origin));
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.json()).toMatchObject({ reason: 'origin_not_allowed', status: 403 });
    }
    const order = await t.app.request('http://localhost/api/orders/O-1001/transitions', {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:9999', 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'cancelled' }),
    });
    expect(order.status).toBe(403);
    expect((await t.store.tickets.get('T-1004'))?.version).toBe(1);
    expect((await t.store.orders.get('O-1001'))?.state).toBe('placed');
  });

  it('refuses the preflight of a foreign origin', async () => {
    const t = testApp();
    const preflight = await t.app.request('http://localhost/api/tickets/T-1004', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'if-match, x-actor' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves its own origin, and requests without an Origin (non-browser clients)', async () => {
    const t = testApp();
    expect((await t.app.request('http://localhost:4173/api/tickets/T-1004', patch('http://localhost:4173'))).status).toBe(200);
    expect((await t.app.request('http://localhost:4173/api/tickets/T-1004', patch(undefined, { 'If-Match': '"T-1004:2"' }))).status).toBe(200);
  });

  it('lets an allowed origin in, with the conflict headers allowed and the ones clients read exposed', async () => {
    const t = testApp({ allowedOrigins: ['http://localhost:6006'] });
    const preflight = await t.app.request('http://localhost/api/tickets/T-1001', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:6006', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'if-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
    const allowed = preflight.headers.get('access-control-allow-headers') ?? '';
    for (const name of ['If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Actor', 'Last-Event-ID', 'traceparent']) expect(allowed).toContain(name);
    expect(preflight.headers.get('vary')).toContain('Origin');
    const res = await t.app.request('http://localhost/api/tickets/T-1001', { headers: { Origin: 'http://localhost:6006' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    for (const name of ['ETag', 'Location', 'Link', 'X-Request-Id', 'Idempotent-Replayed']) expect(exposed).toContain(name);
    // Listing an origin never opens the door for another, nor for "null".
    expect((await t.app.request('http://localhost/api/tickets/T-1004', patch('http://localhost:6007'))).status).toBe(403);
    expect((await t.app.request('http://localhost/api/tickets/T-1004', patch('null'))).status).toBe(403);
  });

  it('answers only for its own host names: localhost and addresses by default, plus ALLOWED_HOSTS (DNS rebinding)', async () => {
    const t = testApp();
    const rebound = await t.app.request('http://attacker.example:4173/api/tickets/T-1001');
    expect(rebound.status).toBe(403);
    expect(await rebound.json()).toMatchObject({ reason: 'host_not_allowed' });
    const write = await t.app.request('http://attacker.example:4173/api/tickets/T-1004', patch(undefined));
    expect(write.status).toBe(403);
    expect((await t.store.tickets.get('T-1004'))?.version).toBe(1);
    for (const host of ['localhost:4173', '127.0.0.1:4173', '[::1]:4173', 'app.localhost']) {
      expect((await t.app.request(`http://${host}/api/tickets/T-1001`)).status, host).toBe(200);
    }
    const configured = testApp({ allowedHosts: ['api.example.com', '.internal.example'] });
    for (const host of ['api.example.com', 'a.internal.example', 'internal.example']) {
      expect((await configured.app.request(`http://${host}/api/tickets/T-1001`)).status, host).toBe(200);
    }
    expect((await configured.app.request('http://api.example.com.evil.example/api/tickets/T-1001')).status).toBe(403);
  });
});
