import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgSuiteName, testPostgres } from '../../test/support/testPostgres';
import { pgStore } from './pgStore';
import { describeDemoStoreContract } from './storeContract';

const postgres = await testPostgres();
const url = postgres.available ? await postgres.newDatabase() : '';
const skip = postgres.available ? undefined : postgres.reason;

/** Empties the database, so each store starts as on a new server. */
async function resetDatabase(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await client.end();
  }
}

describeDemoStoreContract(
  'pgStore',
  async () => {
    await resetDatabase();
    return pgStore({ connectionString: url });
  },
  {
    skip,
    // A database of its own: the contract's store stays open on the shared one meanwhile.
    createWithTelemetryCap: async (keep) => pgStore({ connectionString: postgres.available ? await postgres.newDatabase() : url, keepTelemetry: keep }),
  },
);

describe.skipIf(!postgres.available)(pgSuiteName('pgStore', postgres), () => {
  const meta = { actor: 'ana', at: '2026-11-25T10:00:00.000Z' };
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
  });
  const open = async () => {
    const store = await pgStore({ connectionString: url, pollMs: 50 });
    opened.push(store);
    return store;
  };

  it('seeds once when three instances start together, and keeps one winner per version across them', async () => {
    await resetDatabase();
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    expect(await a!.tickets.list()).toHaveLength(4);
    const fields = { title: 't', content: 'c' };
    const results = await Promise.all([a!, b!, c!].map((store, i) => store.documents.update('D-1001', 1, { ...fields, title: `w${i}` }, meta)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const orders = await Promise.all([a!, b!, c!].map((store) => store.orders.create({ externalId: 'x-1', items: [{ sku: 's', quantity: 1 }] }, meta)));
    expect(orders.filter((r) => r.ok)).toHaveLength(1);
    expect((await c!.orders.list()).filter((o) => o.externalId === 'x-1')).toHaveLength(1);
  });

  it("numbers changes in commit order, so a follower reading past its cursor during concurrent writes misses none, and wakes every instance's watcher", async () => {
    await resetDatabase();
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    const start = (await c!.changes.bounds()).latest;
    let woken = 0;
    const stop = c!.changes.watch(() => woken++);
    const seen: number[] = [];
    let cursor = start;
    let writing = true;
    const follow = (async () => {
      while (writing || (await c!.changes.bounds()).latest > cursor) {
        for (const change of await c!.changes.after(cursor, 1_000)) {
          seen.push(change.seq);
          cursor = change.seq;
        }
      }
    })();
    try {
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          [a!, b!][i % 2]!.tickets.create({ title: `c${i}`, status: 'open', assignee: null, description: '' }, meta),
        ),
      );
      // Positions come moments after the commits.
      await expect.poll(async () => (await c!.changes.after(start, 1_000)).length).toBe(60);
      writing = false;
      await follow;
      const all = (await c!.changes.after(start, 1_000)).map((change) => change.seq);
      expect(seen).toEqual(all);
      expect(woken).toBeGreaterThan(0);
    } finally {
      writing = false;
      stop();
    }
  });
});
