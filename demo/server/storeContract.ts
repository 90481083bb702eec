import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIST_TEXT_LIMIT, type DemoStore, type WriteMeta } from './demoStore';
import { seedData } from './seedData';
import type { TelemetryRecord } from './telemetryLog';

const meta = (actor: string, at = '2026-11-25T10:00:00.000Z'): WriteMeta => ({ actor, at });

/** Options for {@link describeDemoStoreContract}. */
export interface StoreContractOptions {
  /** Why this store cannot run here (PostgreSQL missing): the suite reports as skipped, with the reason. */
  readonly skip?: string | undefined;
  /** Opens the store with a telemetry cap of `keep` rows, for the retention test. */
  readonly createWithTelemetryCap?: (keep: number) => DemoStore | Promise<DemoStore>;
}

const detected = (i: number, at = 1_767_000_000_000 + i): TelemetryRecord => ({
  type: 'conflict.detected',
  at,
  conflictId: `c${i}`,
  kind: 'edit',
  resource: '/api/tickets/:id',
  requestId: `req_${i}`,
  reason: 'version_mismatch',
  status: 412,
  method: 'PUT',
});

/**
 * The behaviour every {@link DemoStore} must have, run against each
 * implementation so the in-browser store cannot drift from the SQL ones.
 */
export function describeDemoStoreContract(name: string, create: () => DemoStore | Promise<DemoStore>, options: StoreContractOptions = {}): void {
  const title = options.skip === undefined ? `${name} (DemoStore contract)` : `${name} (DemoStore contract; skipped: ${options.skip})`;
  describe.skipIf(options.skip !== undefined)(title, () => {
    let store: DemoStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
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

    it('logs every committed write once, in commit order, with a sequence that only grows (readable at once or moments after the commit)', async () => {
      const before = await store.changes.bounds();
      const fields = { title: 'x', status: 'open', assignee: null, description: '' } as const;
      const created = await store.tickets.create(fields, meta('ana', '2026-11-25T10:00:01.000Z'));
      await store.tickets.update(created.id, 1, { ...fields, title: 'y' }, meta('ben', '2026-11-25T10:00:02.000Z'));
      await store.orders.transition('O-1001', 'paid', meta('cy', '2026-11-25T10:00:03.000Z'));
      const order = await store.orders.create({ externalId: 'log-1', items: [{ sku: 'A', quantity: 1 }] }, meta('di', '2026-11-25T10:00:04.000Z'));
      await expect.poll(async () => (await store.changes.after(before.latest, 100)).length).toBe(4);
      const logged = await store.changes.after(before.latest, 100);
      expect(logged.map(({ seq: _seq, ...rest }) => rest)).toEqual([
        { resource: 'tickets', id: created.id, version: 1, actor: 'ana', at: '2026-11-25T10:00:01.000Z' },
        { resource: 'tickets', id: created.id, version: 2, actor: 'ben', at: '2026-11-25T10:00:02.000Z' },
        { resource: 'orders', id: 'O-1001', version: 2, actor: 'cy', at: '2026-11-25T10:00:03.000Z' },
        { resource: 'orders', id: order.ok ? order.value.id : '', version: 1, actor: 'di', at: '2026-11-25T10:00:04.000Z' },
      ]);
      const seqs = logged.map((change) => change.seq);
      expect(seqs.every((seq, i) => seq > before.latest && (i === 0 || seq > (seqs[i - 1] as number)))).toBe(true);
      expect((await store.changes.bounds()).latest).toBe(seqs[seqs.length - 1]);
      expect(await store.changes.after(seqs[1] as number, 1)).toEqual([logged[2]]);
    });

    it('logs nothing for refused writes', async () => {
      const before = await store.changes.bounds();
      await store.tickets.update('T-1002', 1, { title: 'x', status: 'open', assignee: null, description: '' }, meta('eve'));
      await store.orders.create({ externalId: 'shop-2026-88419', items: [{ sku: 'A', quantity: 1 }] }, meta('eve'));
      await store.orders.transition('O-1003', 'cancelled', meta('eve'));
      expect(await store.changes.after(before.latest, 10)).toEqual([]);
    });

    it('wakes a watcher after a commit', async () => {
      let woken = 0;
      const stop = store.changes.watch(() => woken++);
      try {
        await store.orders.transition('O-1001', 'paid', meta('ops'));
        await expect.poll(() => woken).toBeGreaterThan(0);
      } finally {
        stop();
      }
    });

    it('runs a write hook inside the write: it sees the record, and its failure rolls the write back', async () => {
      const fields = { title: 'hooked', status: 'open', assignee: null, description: '' } as const;
      const seen: unknown[] = [];
      const created = await store.tickets.create(fields, meta('ana'), { within: (record) => void seen.push(record) });
      expect(seen).toEqual([created]);
      const before = await store.changes.bounds();
      const boom = new Error('claim lost');
      const fail = { within: () => { throw boom; } };
      await expect(store.tickets.update(created.id, 1, { ...fields, title: 'never' }, meta('ben'), fail)).rejects.toBe(boom);
      await expect(store.tickets.create(fields, meta('ben'), fail)).rejects.toBe(boom);
      await expect(store.orders.create({ externalId: 'hook-1', items: [{ sku: 'A', quantity: 1 }] }, meta('ben'), fail)).rejects.toBe(boom);
      await expect(store.orders.transition('O-1001', 'paid', meta('ben'), undefined, fail)).rejects.toBe(boom);
      expect(await store.tickets.get(created.id)).toEqual(created);
      expect((await store.tickets.list()).filter((t) => t.title === 'hooked')).toHaveLength(1);
      expect((await store.orders.list()).some((o) => o.externalId === 'hook-1')).toBe(false);
      expect((await store.orders.get('O-1001'))?.state).toBe('placed');
      expect(await store.changes.after(before.latest, 10)).toEqual([]);
    });

    it('pages lists by id with a next cursor', async () => {
      for (let i = 0; i < 5; i++) await store.tickets.create({ title: `p${i}`, status: 'open', assignee: null, description: '' }, meta('ana'));
      const first = await store.tickets.page({ limit: 4 });
      expect(first.items.map((t) => t.id)).toEqual(['T-1001', 'T-1002', 'T-1003', 'T-1004']);
      expect(first.next).toBe('T-1004');
      const second = await store.tickets.page({ after: first.next, limit: 4 });
      expect(second.items.map((t) => t.id)).toEqual(['T-1005', 'T-1006', 'T-1007', 'T-1008']);
      const last = await store.tickets.page({ after: second.next, limit: 4 });
      expect(last).toEqual({ items: [expect.objectContaining({ id: 'T-1009', title: 'p4' })] });
      expect((await store.orders.page({ limit: 2 })).items.map((o) => o.id)).toEqual(['O-1001', 'O-1002']);
      expect((await store.documents.page({ after: 'D-1001', limit: 10 })).items).toEqual([]);
    });

    it('cuts large text fields in lists and says so, keeping the record whole', async () => {
      const content = 'line\n'.repeat(10_000);
      const big = await store.documents.create({ title: 'Big', content }, meta('ana'));
      const { items } = await store.documents.page({ after: 'D-1001', limit: 10 });
      expect(items).toEqual([{ ...big, content: content.slice(0, LIST_TEXT_LIMIT), truncated: ['content'] }]);
      expect((await store.documents.page({ limit: 1 })).items[0]).not.toHaveProperty('truncated');
      expect((await store.documents.get(big.id))?.content).toBe(content);
    });
    it('keeps telemetry records as they came, oldest first, and reads them from a time on', async () => {
      const refusal: TelemetryRecord = {
        type: 'server.outcome',
        at: 1_767_000_000_500,
        outcome: 'precondition_failed',
        status: 412,
        method: 'PUT',
        route: '/api/tickets/:id',
        recordId: 'T-1001',
        requestId: 'req_s',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      };
      const resolved: TelemetryRecord = {
        type: 'conflict.resolved',
        at: 1_767_000_000_900,
        conflictId: 'c1',
        kind: 'edit',
        resource: '/api/tickets/:id',
        outcome: 'mixed',
        choices: { mine: 1, theirs: 2, both: 0, original: 0, edit: 1 },
        durationMs: 1234.5,
      };
      await store.telemetry.append([detected(1), refusal]);
      await store.telemetry.append([resolved]);
      expect(await store.telemetry.count()).toBe(3);
      expect(await store.telemetry.since(0)).toEqual([detected(1), refusal, resolved]);
      expect(await store.telemetry.since(1_767_000_000_500)).toEqual([refusal, resolved]);
      await store.telemetry.append([]);
      expect(await store.telemetry.count()).toBe(3);
    });

    it('queues added telemetry records and writes them together within moments, or at once on flush', async () => {
      store.telemetry.add(detected(1));
      store.telemetry.add(detected(2));
      await expect.poll(() => store.telemetry.count()).toBe(2);
      store.telemetry.add(detected(3));
      await store.telemetry.flush();
      expect((await store.telemetry.since(0)).length).toBe(3);
    });

    it.skipIf(options.createWithTelemetryCap === undefined)('drops the oldest telemetry beyond its cap, so the table cannot grow without bound', async () => {
      const capped = await options.createWithTelemetryCap!(5);
      try {
        await capped.telemetry.append(Array.from({ length: 4 }, (_, i) => detected(i)));
        await capped.telemetry.append(Array.from({ length: 4 }, (_, i) => detected(4 + i)));
        expect(await capped.telemetry.count()).toBe(5);
        expect((await capped.telemetry.since(0)).map((r) => (r.type === 'conflict.detected' ? r.conflictId : ''))).toEqual(['c3', 'c4', 'c5', 'c6', 'c7']);
      } finally {
        await capped.close();
      }
    });
  });
}
