import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoStore, WriteMeta } from './demoStore';
import { seedData } from './seedData';

const meta = (actor: string, at = '2026-11-25T10:00:00.000Z'): WriteMeta => ({ actor, at });

/**
 * The behaviour every {@link DemoStore} must have, run against each
 * implementation so the in-browser store cannot drift from the SQLite one.
 */
export function describeDemoStoreContract(name: string, create: () => DemoStore): void {
  describe(`${name} (DemoStore contract)`, () => {
    let store: DemoStore;
    beforeEach(() => {
      store = create();
    });
    afterEach(() => {
      store.close();
    });

    it('starts with the seed data, in id order', async () => {
      expect(await store.tickets.list()).toEqual(seedData.tickets);
      expect(await store.orders.list()).toEqual(seedData.orders);
      expect(await store.documents.list()).toEqual(seedData.documents);
      expect(await store.tickets.get('T-1001')).toEqual(seedData.tickets[0]);
    });

    it('returns undefined for unknown, malformed and other-resource ids', async () => {
      for (const id of ['T-9999', 'T-0', 'x', '', 'O-1001', 'T-1001 ', 't-1001', 'T-01001']) {
        expect(await store.tickets.get(id)).toBeUndefined();
      }
      expect(await store.orders.get('T-1001')).toBeUndefined();
      expect(await store.documents.get('D-1002')).toBeUndefined();
    });

    it('creates records at version 1 with the next readable id', async () => {
      const fields = { title: 'New', status: 'open', assignee: null, description: '' } as const;
      const a = await store.tickets.create(fields, meta('ana'));
      const b = await store.tickets.create(fields, meta('ben'));
      expect(a).toEqual({ id: 'T-1005', ...fields, version: 1, updatedBy: 'ana', updatedAt: '2026-11-25T10:00:00.000Z' });
      expect(b.id).toBe('T-1006');
      expect(await store.tickets.get('T-1005')).toEqual(a);
      const doc = await store.documents.create({ title: 'Notes', content: 'a\nb\n' }, meta('ana'));
      expect(doc).toMatchObject({ id: 'D-1002', title: 'Notes', content: 'a\nb\n', version: 1 });
    });

    it('updates only on the expected version and bumps it by one', async () => {
      const fields = { title: 'Renamed', status: 'closed', assignee: 'li.wei', description: 'done' } as const;
      const result = await store.tickets.update('T-1004', 1, fields, meta('li.wei', '2026-11-25T11:00:00.000Z'));
      expect(result).toEqual({
        ok: true,
        value: { id: 'T-1004', ...fields, version: 2, updatedBy: 'li.wei', updatedAt: '2026-11-25T11:00:00.000Z' },
      });
      expect(await store.tickets.get('T-1004')).toMatchObject({ version: 2, title: 'Renamed' });
    });

    it('refuses a stale version with the current record and changes nothing', async () => {
      const before = await store.tickets.get('T-1002');
      const result = await store.tickets.update('T-1002', 4, { title: 'x', status: 'open', assignee: null, description: '' }, meta('eve'));
      expect(result).toEqual({ ok: false, reason: 'version_mismatch', current: before });
      expect(await store.tickets.get('T-1002')).toEqual(before);
    });

    it('reports not_found for updates of unknown ids', async () => {
      const fields = { title: 'x', content: '' };
      expect(await store.documents.update('D-4242', 1, fields, meta('eve'))).toEqual({ ok: false, reason: 'not_found' });
      expect(await store.documents.update('nope', 1, fields, meta('eve'))).toEqual({ ok: false, reason: 'not_found' });
    });

    it('lets exactly one of many writers holding the same version win', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.documents.update('D-1001', 1, { title: `writer ${i}`, content: `${i}\n` }, meta(`w${i}`)),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'version_mismatch')).toHaveLength(49);
      const saved = await store.documents.get('D-1001');
      expect(saved?.version).toBe(2);
      expect(winners[0]?.ok && winners[0].value).toEqual(saved);
    });

    it('hands out copies: changing a returned record does not change the store', async () => {
      const order = await store.orders.get('O-1001');
      expect(order).toBeDefined();
      (order as unknown as { items: { quantity: number }[] }).items[0]!.quantity = 99;
      expect((await store.orders.get('O-1001'))?.items[0]?.quantity).toBe(1);
    });

    it('places an order once per externalId and names the existing one on a duplicate', async () => {
      const input = { externalId: 'shop-2026-90001', items: [{ sku: 'A-1', quantity: 2 }] };
      const first = await store.orders.create(input, meta('ana'));
      expect(first).toEqual({
        ok: true,
        value: {
          id: 'O-1004',
          externalId: 'shop-2026-90001',
          items: [{ sku: 'A-1', quantity: 2 }],
          state: 'placed',
          version: 1,
          createdAt: '2026-11-25T10:00:00.000Z',
          updatedBy: 'ana',
          updatedAt: '2026-11-25T10:00:00.000Z',
        },
      });
      const again = await store.orders.create({ ...input, items: [{ sku: 'B-2', quantity: 1 }] }, meta('ben'));
      expect(again).toEqual({ ok: false, reason: 'duplicate_external_id', existing: first.ok && first.value });
      expect((await store.orders.list()).filter((o) => o.externalId === input.externalId)).toHaveLength(1);
    });

    it('creates one order when many creates with one externalId race', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.orders.create({ externalId: 'race-1', items: [{ sku: 'A', quantity: 1 }] }, meta('x'))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await store.orders.list()).filter((o) => o.externalId === 'race-1')).toHaveLength(1);
    });

    it('walks the order workflow placed → paid → fulfilling → shipped', async () => {
      const steps = ['paid', 'fulfilling', 'shipped'] as const;
      let version = 1;
      for (const to of steps) {
        const result = await store.orders.transition('O-1001', to, meta('ops'));
        expect(result).toMatchObject({ ok: true, value: { state: to, version: ++version, updatedBy: 'ops' } });
      }
      const shipped = await store.orders.get('O-1001');
      expect(await store.orders.transition('O-1001', 'cancelled', meta('ops'))).toEqual({
        ok: false,
        reason: 'invalid_transition',
        current: shipped,
      });
    });

    it('allows cancel from placed and paid but not once fulfilling', async () => {
      expect(await store.orders.transition('O-1001', 'cancelled', meta('a'))).toMatchObject({ ok: true, value: { state: 'cancelled' } });
      expect(await store.orders.transition('O-1002', 'cancelled', meta('a'))).toMatchObject({ ok: true, value: { state: 'cancelled' } });
      const fulfilling = await store.orders.get('O-1003');
      expect(await store.orders.transition('O-1003', 'cancelled', meta('a'))).toEqual({
        ok: false,
        reason: 'invalid_transition',
        current: fulfilling,
      });
      expect(await store.orders.get('O-1003')).toEqual(fulfilling);
    });

    it('checks the expected version of a transition when one is given', async () => {
      const current = await store.orders.get('O-1002');
      expect(await store.orders.transition('O-1002', 'fulfilling', meta('a'), 1)).toEqual({
        ok: false,
        reason: 'version_mismatch',
        current,
      });
      expect(await store.orders.transition('O-1002', 'fulfilling', meta('a'), 2)).toMatchObject({ ok: true, value: { version: 3 } });
      expect(await store.orders.transition('O-9999', 'paid', meta('a'))).toEqual({ ok: false, reason: 'not_found' });
    });

    it('lets one of two racing transitions from the same state win', async () => {
      const results = await Promise.all([
        store.orders.transition('O-1002', 'fulfilling', meta('warehouse')),
        store.orders.transition('O-1002', 'cancelled', meta('customer')),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'invalid_transition')).toHaveLength(1);
    });
  });
}
