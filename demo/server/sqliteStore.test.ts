import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStore } from './sqliteStore';
import { describeDemoStoreContract } from './storeContract';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const tempPath = (): string => join(dir, `store-${++fileCount}.db`);

describeDemoStoreContract('sqliteStore (:memory:)', () => sqliteStore({ path: ':memory:' }), {
  createWithTelemetryCap: (keep) => sqliteStore({ path: ':memory:', keepTelemetry: keep }),
});
describeDemoStoreContract('sqliteStore (file)', () => sqliteStore({ path: tempPath() }));

describe('sqliteStore', () => {
  const meta = { actor: 'ana', at: '2026-11-25T10:00:00.000Z' };

  it('creates the folder and seeds a new file once, keeping writes across reopen', async () => {
    const path = join(dir, 'nested', 'deeper', 'demo.db');
    const first = sqliteStore({ path });
    await first.tickets.update('T-1004', 1, { title: 'kept', status: 'open', assignee: null, description: '' }, meta);
    await first.close();
    const second = sqliteStore({ path });
    expect(await second.tickets.get('T-1004')).toMatchObject({ title: 'kept', version: 2 });
    expect(await second.tickets.list()).toHaveLength(4);
    await second.close();
  });

  it('syncs every commit to disk (synchronous=FULL), so an acknowledged write survives a power loss, in WAL mode', async () => {
    const store = sqliteStore({ path: tempPath() });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();
  });

  it('starts empty with seed: false', async () => {
    const store = sqliteStore({ path: ':memory:', seed: false });
    expect(await store.orders.list()).toEqual([]);
    const created = await store.orders.create({ externalId: 'e', items: [{ sku: 's', quantity: 1 }] }, meta);
    expect(created).toMatchObject({ ok: true, value: { id: 'O-1001' } });
    store.close();
  });

  it('keeps one winner per version across two connections to one file', async () => {
    const path = tempPath();
    const a = sqliteStore({ path });
    const b = sqliteStore({ path });
    const fields = { title: 't', content: 'c' };
    const ra = await a.documents.update('D-1001', 1, { ...fields, title: 'a' }, meta);
    const rb = await b.documents.update('D-1001', 1, { ...fields, title: 'b' }, meta);
    expect(ra.ok).toBe(true);
    expect(rb).toMatchObject({ ok: false, reason: 'version_mismatch', current: { title: 'a', version: 2 } });
    const oa = await a.orders.create({ externalId: 'x-1', items: [{ sku: 's', quantity: 1 }] }, meta);
    const ob = await b.orders.create({ externalId: 'x-1', items: [{ sku: 's', quantity: 1 }] }, meta);
    expect(oa.ok).toBe(true);
    expect(ob).toMatchObject({ ok: false, reason: 'duplicate_external_id', existing: { id: 'O-1004' } });
    await a.close();
    await b.close();
  });

  it('enforces a unique externalId in the schema itself', () => {
    const store = sqliteStore({ path: ':memory:' });
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO orders (external_id, items, state, version, created_at, updated_by, updated_at) VALUES ('shop-2026-88419', '[]', 'placed', 1, 'a', 'a', 'a')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    store.close();
  });
});
