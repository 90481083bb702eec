/**
 * The behaviour every IdempotencyStore must have, run against each store.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgSuiteName, testPostgres } from '../../test/support/testPostgres';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from './idempotencyStore';
import { memoryIdempotencyStore } from './memoryIdempotencyStore';
import { pgIdempotencyStore } from './pgIdempotencyStore';
import { sqliteIdempotencyStore } from './sqliteIdempotencyStore';

const response: StoredResponse = {
  status: 201,
  headers: [
    ['content-type', 'application/json'],
    ['location', '/api/orders/1'],
  ],
  body: new TextEncoder().encode('{"id":"1"}'),
};

function claim(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  return { key: 'k', fingerprint: 'fp', token: 't1', expiresAt: 1_000, ...overrides };
}

/** Runs the store contract against fresh stores from `create`; `skip` names why it cannot run here. */
function describeIdempotencyStore(name: string, create: () => IdempotencyStore, skip?: string): void {
  describe.skipIf(skip !== undefined)(skip === undefined ? `${name} (IdempotencyStore contract)` : `${name} (IdempotencyStore contract; skipped: ${skip})`, () => {
    it('lets the first begin start and shows the second the in-flight record', async () => {
      const store = create();
      expect(await store.begin(claim(), 0)).toEqual({ outcome: 'started' });
      expect(await store.begin(claim({ token: 't2', fingerprint: 'other' }), 10)).toEqual({
        outcome: 'exists',
        record: { state: 'in-flight', fingerprint: 'fp', expiresAt: 1_000 },
      });
    });

    it('keeps a completed response byte for byte until it expires', async () => {
      const store = create();
      await store.begin(claim(), 0);
      expect(await store.complete('k', 't1', response, 5_000)).toBe(true);
      const result = await store.begin(claim({ token: 't2' }), 4_999);
      expect(result.outcome).toBe('exists');
      if (result.outcome !== 'exists' || result.record.state !== 'completed') throw new Error('expected a completed record');
      expect(result.record.fingerprint).toBe('fp');
      expect(result.record.expiresAt).toBe(5_000);
      expect(result.record.response.status).toBe(201);
      expect(result.record.response.headers).toEqual(response.headers);
      expect(new TextDecoder().decode(result.record.response.body)).toBe('{"id":"1"}');
      expect(await store.begin(claim({ token: 't3' }), 5_000)).toEqual({ outcome: 'started' });
    });

    it('lets a new request claim a key whose in-flight claim lapsed', async () => {
      const store = create();
      await store.begin(claim({ expiresAt: 100 }), 0);
      expect(await store.begin(claim({ token: 't2', expiresAt: 1_100 }), 100)).toEqual({ outcome: 'started' });
      // The lapsed holder can no longer complete or release the new claim.
      expect(await store.complete('k', 't1', response, 9_000)).toBe(false);
      await store.release('k', 't1');
      expect((await store.begin(claim({ token: 't3' }), 200)).outcome).toBe('exists');
    });

    it('frees a released key for the next request', async () => {
      const store = create();
      await store.begin(claim(), 0);
      await store.release('k', 't1');
      expect(await store.begin(claim({ token: 't2' }), 1)).toEqual({ outcome: 'started' });
    });

    it('does not release a completed response', async () => {
      const store = create();
      await store.begin(claim(), 0);
      await store.complete('k', 't1', response, 5_000);
      await store.release('k', 't1');
      expect((await store.begin(claim({ token: 't2' }), 1)).outcome).toBe('exists');
    });

    it('keeps keys apart', async () => {
      const store = create();
      await store.begin(claim({ key: 'a' }), 0);
      expect(await store.begin(claim({ key: 'b', token: 't2' }), 0)).toEqual({ outcome: 'started' });
    });

    it('stores an empty body', async () => {
      const store = create();
      await store.begin(claim(), 0);
      await store.complete('k', 't1', { status: 204, headers: [], body: new Uint8Array(0) }, 5_000);
      const result = await store.begin(claim({ token: 't2' }), 1);
      if (result.outcome !== 'exists' || result.record.state !== 'completed') throw new Error('expected a completed record');
      expect(result.record.response.body.byteLength).toBe(0);
    });

    it('sweeps expired entries without losing live ones', async () => {
      const store = create();
      await store.begin(claim({ key: 'old', expiresAt: 10 }), 0);
      await store.begin(claim({ key: 'live', expiresAt: 500_000 }), 0);
      // A begin far enough in the future triggers a sweep.
      await store.begin(claim({ key: 'other' }), 120_000);
      expect((await store.begin(claim({ key: 'live', token: 'x' }), 120_001)).outcome).toBe('exists');
      expect((await store.begin(claim({ key: 'old', token: 'x', expiresAt: 900_000 }), 120_001)).outcome).toBe('started');
    });
  });
}

describeIdempotencyStore('memoryIdempotencyStore', () => memoryIdempotencyStore());
describeIdempotencyStore('sqliteIdempotencyStore', () => sqliteIdempotencyStore(new Database(':memory:')));

const postgres = await testPostgres();
const pool = postgres.available ? new pg.Pool({ connectionString: await postgres.newDatabase() }) : undefined;
afterAll(() => pool?.end());
let tables = 0;
describeIdempotencyStore(
  'pgIdempotencyStore',
  () => pgIdempotencyStore(pool as pg.Pool, { table: `keys_${++tables}` }),
  postgres.available ? undefined : postgres.reason,
);

describe.skipIf(!pool)(pgSuiteName('pgIdempotencyStore', postgres), () => {
  const db = pool as pg.Pool;

  it('records an outcome inside the caller\'s transaction: gone on rollback, kept on commit', async () => {
    const store = pgIdempotencyStore(db, { table: 'keys_tx' });
    expect(await store.begin(claim(), 0)).toEqual({ outcome: 'started' });
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      expect(await store.complete('k', 't1', response, 5_000, client)).toBe(true);
      await client.query('ROLLBACK');
      expect(await store.begin(claim({ token: 't2' }), 1)).toMatchObject({ outcome: 'exists', record: { state: 'in-flight' } });
      await client.query('BEGIN');
      expect(await store.complete('k', 't1', response, 5_000, client)).toBe(true);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await store.begin(claim({ token: 't3' }), 2)).toMatchObject({ outcome: 'exists', record: { state: 'completed' } });
  });

  it('lets exactly one of many instances claim one key', async () => {
    const stores = [1, 2, 3].map(() => pgIdempotencyStore(db, { table: 'keys_race' }));
    await Promise.all(stores.map((store) => store.ready));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (stores[i % 3] as IdempotencyStore).begin(claim({ token: `t${i}` }), 0)),
    );
    expect(results.filter((r) => r.outcome === 'started')).toHaveLength(1);
  });

  it('refuses a transaction handle that is not a pg client, and a table that is not a plain identifier', async () => {
    const store = pgIdempotencyStore(db, { table: 'keys_args' });
    await store.begin(claim(), 0);
    await expect(store.complete('k', 't1', response, 5_000, { notAClient: true })).rejects.toThrow(TypeError);
    expect(() => pgIdempotencyStore(db, { table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });
});
