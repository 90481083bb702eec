import { describe, expect, it } from 'vitest';
import { testApp } from './testRequests';

const order = { externalId: 'shop-2026-77777', items: [{ sku: 'A-1', quantity: 1 }] };

describe('preconditions on creates (RFC 9110 §13.1 holds for POST too)', () => {
  it('refuses a create with If-Match (412), which names a version of something that does not exist yet, and creates nothing', async () => {
    const t = testApp();
    for (const ifMatch of ['"bogus"', '*', '"T-1001:3"']) {
      const ticket = await t.send('POST', '/api/tickets', { title: 'Never' }, { 'If-Match': ifMatch });
      expect(ticket.status, ifMatch).toBe(412);
      expect(await ticket.json()).toMatchObject({ reason: 'precondition_failed', status: 412 });
      const placed = await t.send('POST', '/api/orders', order, { 'If-Match': ifMatch, 'Idempotency-Key': `"k-${ifMatch}"` });
      expect(placed.status, ifMatch).toBe(412);
    }
    expect((await t.store.tickets.list()).some((x) => x.title === 'Never')).toBe(false);
    expect((await t.store.orders.list()).some((x) => x.externalId === order.externalId)).toBe(false);
    expect(t.published).toEqual([]);
  });

  it('answers 400 to a malformed If-Match or If-None-Match on a create', async () => {
    const t = testApp();
    expect((await t.send('POST', '/api/tickets', { title: 'x' }, { 'If-Match': 'not-a-tag' })).status).toBe(400);
    expect((await t.send('POST', '/api/documents', { title: 'x' }, { 'If-None-Match': 'garbage' })).status).toBe(400);
  });

  it('creates with If-None-Match: * while the thing does not exist', async () => {
    const t = testApp();
    expect((await t.send('POST', '/api/tickets', { title: 'Only if new' }, { 'If-None-Match': '*' })).status).toBe(201);
    expect((await t.send('POST', '/api/orders', order, { 'If-None-Match': '*', 'Idempotency-Key': '"first"' })).status).toBe(201);
  });

  it('answers 412 already_exists naming the order when If-None-Match: * meets an existing external id', async () => {
    const t = testApp();
    const first = await t.send('POST', '/api/orders', order, { 'Idempotency-Key': '"first"' });
    const existingId = ((await first.json()) as { id: string }).id;
    const again = await t.send('POST', '/api/orders', order, { 'If-None-Match': '*', 'Idempotency-Key': '"second"' });
    expect(again.status).toBe(412);
    expect(again.headers.get('etag')).toBe(`"${existingId}:1"`);
    expect(await again.json()).toMatchObject({
      reason: 'already_exists',
      existing: `/api/orders/${existingId}`,
      existingResourceId: existingId,
      current: { id: existingId, externalId: order.externalId },
    });
    expect((await t.store.orders.list()).filter((x) => x.externalId === order.externalId)).toHaveLength(1);
  });
});
