import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedData } from './seedData';
import { ResponseDroppedError } from './ResponseDroppedError';
import { spyOnErrorLog, testApp, TEST_NOW, type TestApp } from './testRequests';

let t: TestApp;
let errorLog: ReturnType<typeof spyOnErrorLog>;
beforeEach(() => {
  t = testApp();
  errorLog = spyOnErrorLog();
});
afterEach(() => {
  // No test here may reach the last-resort 500 handler.
  expect(errorLog).not.toHaveBeenCalled();
  errorLog.mockRestore();
});

const problem = async (res: Response): Promise<Record<string, unknown>> => {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as Record<string, unknown>;
};

describe('reads', () => {
  it('lists tickets, orders and documents as { items }', async () => {
    for (const [path, count] of [['/api/tickets', 4], ['/api/orders', 3], ['/api/documents', 1]] as const) {
      const res = await t.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(count);
    }
  });

  it('returns a record with a strong ETag bound to its id and version, and no-cache', async () => {
    const res = await t.app.request('/api/tickets/T-1001');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"T-1001:3"');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual(seedData.tickets[0]);
    expect((await t.app.request('/api/orders/O-1001')).headers.get('etag')).toBe('"O-1001:1"');
    expect((await t.app.request('/api/documents/D-1001')).headers.get('etag')).toBe('"D-1001:1"');
  });

  it('seeds a long multi-paragraph ticket and a ~200-line document', async () => {
    const ticket = (await (await t.app.request('/api/tickets/T-1001')).json()) as { description: string };
    expect(ticket.description.split('\n\n').length).toBeGreaterThanOrEqual(4);
    const doc = (await (await t.app.request('/api/documents/D-1001')).json()) as { content: string };
    expect(doc.content.split('\n').length).toBeGreaterThanOrEqual(180);
  });

  it('answers a conditional GET with 304, no body, the ETag and no-cache', async () => {
    for (const tag of ['"T-1001:3"', 'W/"T-1001:3"', '"x", "T-1001:3"', '*']) {
      const res = await t.app.request('/api/tickets/T-1001', { headers: { 'If-None-Match': tag } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe('"T-1001:3"');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe('');
    }
    const changed = await t.app.request('/api/tickets/T-1001', { headers: { 'If-None-Match': '"T-1001:2"' } });
    expect(changed.status).toBe(200);
    const order = await t.app.request('/api/orders/O-1002', { headers: { 'If-None-Match': '"O-1002:2"' } });
    expect(order.status).toBe(304);
  });

  it('answers 404 problem+json for unknown records, with the request id', async () => {
    for (const path of ['/api/tickets/T-9999', '/api/orders/nope', '/api/documents/T-1001', '/api/nothing', '/elsewhere']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      const body = await problem(res);
      expect(body.requestId).toBe(res.headers.get('x-request-id'));
      expect(body.detail).toEqual(expect.any(String));
    }
  });

  it('answers 405 with Allow for methods a route does not have', async () => {
    const res = await t.send('DELETE', '/api/tickets/T-1001');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH');
    expect((await t.send('PUT', '/api/orders/O-1001', {})).status).toBe(405);
    expect((await t.app.request('/api/orders/O-1001/transitions')).status).toBe(405);
  });

  it('serves a small HTML page listing the API at /', async () => {
    const res = await t.app.request('/');
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/api/tickets');
  });
});

describe('request id, actor and CORS', () => {
  it('echoes a valid X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.app.request('/api/tickets', { headers: { 'X-Request-Id': 'client-42.a:b' } });
    expect(kept.headers.get('x-request-id')).toBe('client-42.a:b');
    const replaced = await t.app.request('/api/tickets', { headers: { 'X-Request-Id': '<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{16}$/);
  });

  it('records X-Actor as updatedBy and defaults to anonymous', async () => {
    const named = await t.send('PATCH', '/api/tickets/T-1004', { status: 'in_progress' }, { 'If-Match': '"T-1004:1"', 'X-Actor': ' li.wei ' });
    expect(await named.json()).toMatchObject({ updatedBy: 'li.wei', updatedAt: TEST_NOW, version: 2 });
    const anonymous = await t.send('PATCH', '/api/tickets/T-1004', { status: 'open' }, { 'If-Match': '"T-1004:2"' });
    expect(await anonymous.json()).toMatchObject({ updatedBy: 'anonymous' });
  });

  it('refuses an X-Actor that is too long or not printable with 400 naming the header', async () => {
    for (const actor of ['x'.repeat(65), 'a\tb', 'é', '   ']) {
      const res = await t.send('PATCH', '/api/tickets/T-1004', { status: 'closed' }, { 'If-Match': '"T-1004:1"', 'X-Actor': actor });
      expect(res.status).toBe(400);
      expect(await problem(res)).toMatchObject({ field: 'X-Actor' });
    }
    expect((await t.store.tickets.get('T-1004'))?.version).toBe(1);
  });
});

describe('PUT and PATCH', () => {
  const ticket = { title: 'Dark mode dropdown', status: 'in_progress', assignee: 'ana', description: 'Fixed colours.' };

  it('replaces a ticket with a matching If-Match, bumps the version, returns the new ETag and announces it', async () => {
    const res = await t.send('PUT', '/api/tickets/T-1004', ticket, { 'If-Match': '"T-1004:1"', 'X-Actor': 'ana' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"T-1004:2"');
    expect(await res.json()).toEqual({ id: 'T-1004', ...ticket, version: 2, updatedBy: 'ana', updatedAt: TEST_NOW });
    expect(t.published).toEqual([{ resource: 'tickets', id: 'T-1004', etag: '"T-1004:2"', version: 2, actor: 'ana', at: TEST_NOW }]);
  });

  it('answers 428 to a write without If-Match or version, and writes nothing', async () => {
    const before = await t.snapshot();
    for (const headers of [{}, { 'If-Unmodified-Since': 'Wed, 25 Nov 2026 12:00:00 GMT' }, { 'If-None-Match': '"nope"' }]) {
      const res = await t.send('PUT', '/api/tickets/T-1004', ticket, headers);
      expect(res.status).toBe(428);
      expect(await problem(res)).toMatchObject({ reason: 'precondition_required', detail: expect.stringContaining('"T-1004:1"') });
    }
    expect((await t.send('PATCH', '/api/documents/D-1001', { title: 'x' })).status).toBe(428);
    expect(await t.snapshot()).toEqual(before);
    expect(t.published).toEqual([]);
  });

  it('answers 412 with the current record and ETag to a stale If-Match', async () => {
    await t.send('PUT', '/api/tickets/T-1004', ticket, { 'If-Match': '"T-1004:1"' });
    const stale = await t.send('PUT', '/api/tickets/T-1004', { ...ticket, title: 'Mine' }, { 'If-Match': '"T-1004:1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"T-1004:2"');
    const body = await problem(stale);
    expect(body).toMatchObject({ reason: 'version_mismatch', currentVersion: 2, currentETag: '"T-1004:2"', current: { title: ticket.title, version: 2 } });
    expect((await t.store.tickets.get('T-1004'))?.title).toBe(ticket.title);
  });

  it('refuses a weak ETag in If-Match (strong comparison) and If-Match: *, which names no version', async () => {
    const weak = await t.send('PUT', '/api/tickets/T-1004', ticket, { 'If-Match': 'W/"T-1004:1"' });
    expect(weak.status).toBe(412);
    expect(String((await problem(weak)).detail)).toContain('strong comparison');
    const wildcard = await t.send('PUT', '/api/tickets/T-1004', ticket, { 'If-Match': '*' });
    expect(wildcard.status).toBe(428);
    expect((await t.store.tickets.get('T-1004'))?.version).toBe(1);
    expect((await t.send('PUT', '/api/tickets/T-1004', ticket, { 'If-Match': '"T-1003:2", "T-1004:1"' })).status).toBe(200);
  });

  it('accepts a body version instead of If-Match, and answers 409 version_mismatch when it is stale', async () => {
    const ok = await t.send('PUT', '/api/tickets/T-1004', { ...ticket, version: 1 });
    expect(ok.status).toBe(200);
    const stale = await t.send('PUT', '/api/tickets/T-1004', { ...ticket, title: 'late', version: 1 });
    expect(stale.status).toBe(409);
    expect(await problem(stale)).toMatchObject({ reason: 'version_mismatch', currentVersion: 2, attemptedVersion: 1, current: { version: 2 } });
    expect(stale.headers.get('etag')).toBe('"T-1004:2"');
    const patch = await t.send('PATCH', '/api/tickets/T-1004', { title: 'patched', version: 2 }, { 'Content-Type': 'application/merge-patch+json' });
    expect(await patch.json()).toMatchObject({ title: 'patched', version: 3 });
  });

  it('accepts a full record sent back (id, updatedBy, updatedAt are server-managed and ignored)', async () => {
    const current = seedData.tickets[3]!;
    const res = await t.send('PUT', '/api/tickets/T-1004', { ...current, title: 'Edited' }, { 'If-Match': '"T-1004:1"', 'X-Actor': 'ben' });
    expect(await res.json()).toMatchObject({ title: 'Edited', updatedBy: 'ben', updatedAt: TEST_NOW, version: 2 });
    const moved = await t.send('PUT', '/api/tickets/T-1004', { ...current, id: 'T-1001' }, { 'If-Match': '"T-1004:2"' });
    expect(moved.status).toBe(422);
    expect(await problem(moved)).toMatchObject({ field: 'id' });
  });

  it('applies a JSON merge patch: null unassigns, other fields stay', async () => {
    const res = await t.send('PATCH', '/api/tickets/T-1001', { assignee: null, status: 'in_progress' }, {
      'Content-Type': 'application/merge-patch+json',
      'If-Match': '"T-1001:3"',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ assignee: null, status: 'in_progress', title: seedData.tickets[0]?.title, version: 4 });
  });

  it('refuses a patch that removes a required field, or is not an object', async () => {
    const removed = await t.send('PATCH', '/api/tickets/T-1001', { title: null }, { 'If-Match': '"T-1001:3"' });
    expect(removed.status).toBe(422);
    expect(await problem(removed)).toMatchObject({ field: 'title', errors: [{ field: 'title', message: 'is required' }] });
    const array = await t.send('PATCH', '/api/tickets/T-1001', [{ op: 'replace' }], { 'If-Match': '"T-1001:3"' });
    expect(array.status).toBe(422);
    expect((await t.store.tickets.get('T-1001'))?.version).toBe(3);
  });

  it('answers 415 with Accept-Patch to a JSON Patch or other non-merge-patch type', async () => {
    for (const type of ['application/json-patch+json', 'text/plain']) {
      const res = await t.send('PATCH', '/api/tickets/T-1001', { title: 'x' }, { 'If-Match': '"T-1001:3"', 'Content-Type': type });
      expect(res.status).toBe(415);
      expect(res.headers.get('accept-patch')).toContain('application/merge-patch+json');
    }
  });

  it('saves a document of about 1.5 MB (under its 2 MiB limit)', async () => {
    const content = 'line of text in a long document\n'.repeat(48_000);
    const res = await t.send('PUT', '/api/documents/D-1001', { title: 'Big', content }, { 'If-Match': '"D-1001:1"' });
    expect(res.status).toBe(200);
    expect((await t.store.documents.get('D-1001'))?.content).toBe(content);
  });
});

describe('creates and Idempotency-Key', () => {
  it('creates a ticket with defaults: 201, Location, ETag', async () => {
    const res = await t.send('POST', '/api/tickets', { title: 'New ticket' }, { 'X-Actor': 'ana' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/tickets/T-1005');
    expect(res.headers.get('etag')).toBe('"T-1005:1"');
    expect(await res.json()).toEqual({
      id: 'T-1005',
      title: 'New ticket',
      status: 'open',
      assignee: null,
      description: '',
      version: 1,
      updatedBy: 'ana',
      updatedAt: TEST_NOW,
    });
    const doc = await t.send('POST', '/api/documents', { title: 'Notes' });
    expect(doc.status).toBe(201);
    expect(doc.headers.get('location')).toBe('/api/documents/D-1002');
  });

  it('replays a create with the same key and body, marked Idempotent-Replayed, creating once', async () => {
    const headers = { 'Idempotency-Key': '"8e03978e-40d5"' };
    const first = await t.send('POST', '/api/tickets', { title: 'Once' }, headers);
    const again = await t.send('POST', '/api/tickets', { title: 'Once' }, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.json()).toEqual(await first.json());
    expect((await t.store.tickets.list()).filter((x) => x.title === 'Once')).toHaveLength(1);
  });

  it('answers 422 idempotency_key_reused to the same key with a different body', async () => {
    await t.send('POST', '/api/tickets', { title: 'A' }, { 'Idempotency-Key': 'k-1' });
    const res = await t.send('POST', '/api/tickets', { title: 'B' }, { 'Idempotency-Key': 'k-1' });
    expect(res.status).toBe(422);
    expect(await problem(res)).toMatchObject({ reason: 'idempotency_key_reused' });
  });

  it('keeps keys per actor: two actors may use the same key', async () => {
    const a = await t.send('POST', '/api/tickets', { title: 'A' }, { 'Idempotency-Key': 'same', 'X-Actor': 'a' });
    const b = await t.send('POST', '/api/tickets', { title: 'A' }, { 'Idempotency-Key': 'same', 'X-Actor': 'b' });
    expect(b.headers.get('location')).not.toBe(a.headers.get('location'));
  });
});

describe('orders', () => {
  const order = { externalId: 'shop-2026-90001', items: [{ sku: 'KB-1', quantity: 1, name: 'Keyboard', unitPriceCents: 9900 }] };

  it('requires an Idempotency-Key (400) and refuses a malformed one (400)', async () => {
    const missing = await t.send('POST', '/api/orders', order);
    expect(missing.status).toBe(400);
    expect(await problem(missing)).toMatchObject({ reason: 'idempotency_key_missing' });
    const malformed = await t.send('POST', '/api/orders', order, { 'Idempotency-Key': '"a", "b"' });
    expect(malformed.status).toBe(400);
    expect(await problem(malformed)).toMatchObject({ reason: 'idempotency_key_malformed' });
    expect(await t.store.orders.list()).toHaveLength(3);
  });

  it('places an order (201) and answers a second one with the same externalId with 409 naming the existing order', async () => {
    const created = await t.send('POST', '/api/orders', order, { 'Idempotency-Key': 'k-1' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/orders/O-1004');
    expect(await created.json()).toMatchObject({ id: 'O-1004', state: 'placed', version: 1, externalId: order.externalId });

    const dup = await t.send('POST', '/api/orders', { ...order, items: [{ sku: 'OTHER', quantity: 2 }] }, { 'Idempotency-Key': 'k-2' });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('location')).toBe('/api/orders/O-1004');
    const body = await problem(dup);
    expect(body).toMatchObject({
      reason: 'duplicate_external_id',
      existing: '/api/orders/O-1004',
      existingResourceId: 'O-1004',
      externalId: order.externalId,
      current: { id: 'O-1004', items: order.items },
    });
    // The existing URL works as it is.
    expect((await t.app.request(String(body.existing))).status).toBe(200);
    expect((await t.store.orders.list()).filter((o) => o.externalId === order.externalId)).toHaveLength(1);
  });

  it('walks the workflow and answers 409 invalid_transition with the state and what is still allowed', async () => {
    const paid = await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' }, { 'X-Actor': 'payments' });
    expect(paid.status).toBe(200);
    expect(paid.headers.get('etag')).toBe('"O-1001:2"');
    expect(await paid.json()).toMatchObject({ state: 'paid', version: 2, updatedBy: 'payments' });
    expect(t.published.at(-1)).toMatchObject({ resource: 'orders', id: 'O-1001', version: 2 });

    const cancel = await t.send('POST', '/api/orders/O-1003/transitions', { to: 'cancelled' });
    expect(cancel.status).toBe(409);
    expect(await problem(cancel)).toMatchObject({
      reason: 'invalid_transition',
      currentState: 'fulfilling',
      allowedTransitions: ['shipped'],
      attemptedTransition: 'cancelled',
      current: { id: 'O-1003', state: 'fulfilling' },
    });
    const back = await t.send('POST', '/api/orders/O-1002/transitions', { to: 'placed' });
    expect(back.status).toBe(409);
  });

  it('checks an optional If-Match on transitions (412 when stale)', async () => {
    const stale = await t.send('POST', '/api/orders/O-1002/transitions', { to: 'fulfilling' }, { 'If-Match': '"O-1002:1"' });
    expect(stale.status).toBe(412);
    expect(await problem(stale)).toMatchObject({ reason: 'version_mismatch', current: { state: 'paid' } });
    const fresh = await t.send('POST', '/api/orders/O-1002/transitions', { to: 'fulfilling' }, { 'If-Match': '"O-1002:2"' });
    expect(fresh.status).toBe(200);
  });

  it('answers 422 naming "to" for an unknown transition and 404 for an unknown order', async () => {
    const unknown = await t.send('POST', '/api/orders/O-1001/transitions', { to: 'refunded' });
    expect(unknown.status).toBe(422);
    expect(await problem(unknown)).toMatchObject({ field: 'to' });
    expect((await t.send('POST', '/api/orders/O-4242/transitions', { to: 'paid' })).status).toBe(404);
    expect((await t.store.orders.get('O-1001'))?.state).toBe('placed');
  });

  it('replays a transition retried with the same Idempotency-Key instead of failing it', async () => {
    const headers = { 'Idempotency-Key': 'pay-1' };
    const first = await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' }, headers);
    const retry = await t.send('POST', '/api/orders/O-1001/transitions', { to: 'paid' }, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await t.store.orders.get('O-1001'))?.version).toBe(2);
  });
});

describe('latency and fault injection', () => {
  it('delays API responses by latencyMs', async () => {
    const slow = testApp({ latencyMs: 60 });
    const started = performance.now();
    await slow.app.request('/api/tickets/T-1001');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('ignores X-Fault unless faults are enabled', async () => {
    const res = await t.send('POST', '/api/tickets', { title: 'x' }, { 'X-Fault': 'drop-response-after-commit' });
    expect(res.status).toBe(201);
  });

  it('commits, then loses the response (a network-like TypeError); the retry with the same key gets the same order', async () => {
    const faulty = testApp({ faults: true });
    const order = { externalId: 'shop-2026-77777', items: [{ sku: 'A-1', quantity: 1 }] };
    const headers = { 'Idempotency-Key': '"intent-1"', 'X-Fault': 'drop-response-after-commit' };
    const lost = faulty.send('POST', '/api/orders', order, headers);
    await expect(lost).rejects.toBeInstanceOf(TypeError);
    await expect(lost).rejects.toBeInstanceOf(ResponseDroppedError);
    // Committed although nobody heard the answer.
    const stored = (await faulty.store.orders.list()).filter((o) => o.externalId === order.externalId);
    expect(stored).toHaveLength(1);

    const retry = await faulty.send('POST', '/api/orders', order, { 'Idempotency-Key': '"intent-1"' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toMatchObject({ id: stored[0]?.id });
    // A new key (a reload that lost the key) still cannot create twice.
    const fresh = await faulty.send('POST', '/api/orders', order, { 'Idempotency-Key': '"intent-2"' });
    expect(fresh.status).toBe(409);
    expect((await faulty.store.orders.list()).filter((o) => o.externalId === order.externalId)).toHaveLength(1);
  });

  it('does not drop refused writes, and answers 400 to an unknown fault', async () => {
    const faulty = testApp({ faults: true });
    const refused = await faulty.send('PUT', '/api/tickets/T-1001', {}, { 'X-Fault': 'drop-response-after-commit' });
    expect(refused.status).toBe(422);
    const unknown = await faulty.send('GET', '/api/tickets', undefined, { 'X-Fault': 'explode' });
    expect(unknown.status).toBe(400);
    expect(await problem(unknown)).toMatchObject({ field: 'X-Fault' });
  });
});

describe('browser safety', () => {
  it('keeps Node out of the app: no module it imports reaches for node:, better-sqlite3 or @hono/node-server', () => {
    const seen = new Set<string>();
    const visit = (url: URL): void => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const [, spec] of source.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
        if (spec === undefined) continue;
        expect(spec, `${url.pathname} imports ${spec}`).not.toMatch(/^node:|^better-sqlite3|^@hono\/node-server|^(fs|path|os|url|net|http)$/);
        if (!spec.startsWith('.')) continue;
        const target = new URL(spec, url);
        visit(existsSync(new URL(`${target.href}.ts`)) ? new URL(`${target.href}.ts`) : new URL(`${target.href}/index.ts`));
      }
    };
    visit(new URL('./createApp.ts', import.meta.url));
    visit(new URL('./memoryStore.ts', import.meta.url));
    visit(new URL('../msw/handlers.ts', import.meta.url));
    // The kit's server helpers are followed too.
    expect([...seen].some((href) => href.endsWith('src/server/index.ts'))).toBe(true);
    expect(seen.size).toBeGreaterThan(10);
  });
});
