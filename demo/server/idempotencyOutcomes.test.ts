import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdempotencyStore } from '../../src/server';
import { pgSuiteName, testPostgres } from '../../test/support/testPostgres';
import type { DemoStore } from './demoStore';
import { memoryStore } from './memoryStore';
import { pgStore } from './pgStore';
import { sqliteStore } from './sqliteStore';
import { spyOnErrorLog, testApp } from './testRequests';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-idem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const postgres = await testPostgres();
const pgUrl = postgres.available ? await postgres.newDatabase() : '';

/** A store that can be opened again on the same data, as a restarted process would. */
interface Reopenable {
  readonly name: string;
  readonly skip?: string | undefined;
  open(): Promise<DemoStore>;
}

let files = 0;
const stores = (): Reopenable[] => {
  const memory = memoryStore();
  const path = join(dir, `store-${++files}.db`);
  return [
    // A memory store dies with its process; the same object stands for "after the crash".
    { name: 'memory', open: async () => memory },
    { name: 'SQLite file', open: async () => sqliteStore({ path }) },
    { name: 'PostgreSQL', skip: postgres.available ? undefined : postgres.reason, open: () => pgStore({ connectionString: pgUrl }) },
  ];
};

class ProcessKilled extends Error {}

/** The process dies right after the store committed: nothing after it runs, not even releasing the key. */
function dyingAfterCommit(store: DemoStore): { store: DemoStore; idempotencyStore: IdempotencyStore } {
  const create = store.tickets.create.bind(store.tickets);
  const dying = Object.create(store) as DemoStore;
  Object.defineProperty(dying, 'tickets', {
    value: {
      ...store.tickets,
      page: store.tickets.page.bind(store.tickets),
      get: store.tickets.get.bind(store.tickets),
      list: store.tickets.list.bind(store.tickets),
      update: store.tickets.update.bind(store.tickets),
      create: async (...args: Parameters<typeof create>) => {
        await create(...args);
        throw new ProcessKilled('SIGKILL after the commit');
      },
    },
  });
  const keys = store.idempotency;
  return {
    store: dying,
    idempotencyStore: {
      begin: (claim, now) => keys.begin(claim, now),
      complete: (key, token, response, expiresAt, tx) => keys.complete(key, token, response, expiresAt, tx),
      release: async () => undefined,
    },
  };
}

describe.each(stores().map((s) => [s.name, s] as const))('Idempotency-Key outcomes (%s store)', (_name, reopenable) => {
  const title = reopenable.skip === undefined ? 'on this store' : pgSuiteName('on this store', { available: false, reason: reopenable.skip });
  describe.skipIf(reopenable.skip !== undefined)(title, () => {
    const slug = `${reopenable.name.replace(/\W/g, '')}-${files}`;
    it('never creates twice for one key when the process dies right after the commit (the outcome commits with the write)', async () => {
      const first = await reopenable.open();
      const crash = dyingAfterCommit(first);
      const before = testApp({ ...crash, idempotencyInFlightMs: 1 });
      const body = { title: `Crash-safe ${reopenable.name} ${files}` };
      const headers = { 'Idempotency-Key': '"crash-1"', 'X-Actor': 'ana' };
      const errorLog = spyOnErrorLog();
      // In-process the app turns the "death" into a 500; what matters is what the database holds now.
      expect((await before.send('POST', '/api/tickets', body, headers)).status).toBe(500);
      expect(errorLog.mock.calls[0]?.[1]).toBeInstanceOf(ProcessKilled);
      errorLog.mockRestore();
      before.hub.close();
      const created = (await first.tickets.list()).filter((ticket) => ticket.title === body.title);
      expect(created).toHaveLength(1);
      if (reopenable.name !== 'memory') await first.close();

      // A new process, long after the claim of the dead one lapsed.
      const restarted = await reopenable.open();
      const after = testApp({ store: restarted, idempotencyInFlightMs: 1 });
      try {
        const retry = await after.send('POST', '/api/tickets', body, headers);
        expect(retry.status).toBe(201);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect(retry.headers.get('location')).toBe(`/api/tickets/${created[0]?.id}`);
        expect((await restarted.tickets.list()).filter((ticket) => ticket.title === body.title)).toHaveLength(1);
      } finally {
        after.hub.close();
        await restarted.close();
      }
    });

    it('does not replay a refused precondition or a not-found: the corrected retry with the same key runs', async () => {
      const store = await reopenable.open();
      const t = testApp({ store });
      try {
        const order = await t.send('POST', '/api/orders', { externalId: `pre-${slug}`, items: [{ sku: 'A', quantity: 1 }] }, { 'Idempotency-Key': `"o-${files}"` });
        const id = ((await order.json()) as { id: string }).id;
        const pay = (ifMatch: string) => t.send('POST', `/api/orders/${id}/transitions`, { to: 'paid' }, { 'Idempotency-Key': '"pay-1"', 'If-Match': ifMatch });
        const stale = await pay(`"${id}:7"`);
        expect(stale.status).toBe(412);
        const corrected = await pay(`"${id}:1"`);
        expect(corrected.status).toBe(200);
        expect(corrected.headers.get('idempotent-replayed')).toBeNull();
        expect(await corrected.json()).toMatchObject({ id, state: 'paid', version: 2 });
        // A replay now answers what really happened.
        expect((await pay(`"${id}:1"`)).headers.get('idempotent-replayed')).toBe('true');

        const next = `O-${Number(id.slice(2)) + 1}`;
        const early = await t.send('POST', `/api/orders/${next}/transitions`, { to: 'paid' }, { 'Idempotency-Key': '"early-1"' });
        expect(early.status).toBe(404);
        await t.send('POST', '/api/orders', { externalId: `pre2-${slug}`, items: [{ sku: 'A', quantity: 1 }] }, { 'Idempotency-Key': `"o2-${files}"` });
        const later = await t.send('POST', `/api/orders/${next}/transitions`, { to: 'paid' }, { 'Idempotency-Key': '"early-1"' });
        expect(later.status).toBe(200);
      } finally {
        t.hub.close();
        await store.close();
      }
    });

    it('lets a create refused for invalid fields run when corrected with the same key', async () => {
      const store = await reopenable.open();
      const t = testApp({ store });
      try {
        const headers = { 'Idempotency-Key': '"fix-me"', 'X-Actor': `fixer-${files}` };
        expect((await t.send('POST', '/api/tickets', { title: '' }, headers)).status).toBe(422);
        const fixed = await t.send('POST', '/api/tickets', { title: 'Fixed title' }, headers);
        expect(fixed.status).toBe(201);
      } finally {
        t.hub.close();
        await store.close();
      }
    });

    it('names what the first request created when its key comes back with another payload', async () => {
      const store = await reopenable.open();
      const t = testApp({ store });
      try {
        const headers = { 'Idempotency-Key': '"reused-1"', 'X-Actor': `reuser-${files}` };
        const first = await t.send('POST', '/api/tickets', { title: 'First attempt' }, headers);
        const location = first.headers.get('location');
        const id = ((await first.json()) as { id: string }).id;
        const reused = await t.send('POST', '/api/tickets', { title: 'Second, different attempt' }, headers);
        expect(reused.status).toBe(422);
        expect(reused.headers.get('content-type')).toBe('application/problem+json');
        expect(await reused.json()).toMatchObject({
          type: 'https://conflict-kit.dev/problems/idempotency-key-reused',
          reason: 'idempotency_key_reused',
          status: 422,
          existing: location,
          existingResourceId: id,
          idempotencyKey: 'reused-1',
        });
      } finally {
        t.hub.close();
        await store.close();
      }
    });
  });
});
