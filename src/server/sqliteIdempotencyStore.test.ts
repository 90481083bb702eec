import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteIdempotencyStore, type SqliteLike } from './sqliteIdempotencyStore';

describe('sqliteIdempotencyStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a better-sqlite3 Database as SqliteLike', () => {
    const db: SqliteLike = new Database(':memory:');
    expect(() => sqliteIdempotencyStore(db)).not.toThrow();
  });

  it('lets exactly one of two connections claim one key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-idem-'));
    dirs.push(dir);
    const file = join(dir, 'keys.db');
    const a = new Database(file);
    const b = new Database(file);
    a.pragma('journal_mode = WAL');
    const storeA = sqliteIdempotencyStore(a);
    const storeB = sqliteIdempotencyStore(b);
    const claim = { key: 'k', fingerprint: 'fp', expiresAt: 1_000 };
    const results = [storeA.begin({ ...claim, token: 'a' }, 0), storeB.begin({ ...claim, token: 'b' }, 0)];
    expect(results.filter((r) => 'outcome' in r && r.outcome === 'started')).toHaveLength(1);
    expect(results.filter((r) => 'outcome' in r && r.outcome === 'exists')).toHaveLength(1);
    // Only the winner's token can complete it.
    expect(storeB.complete('k', 'b', { status: 200, headers: [], body: new Uint8Array() }, 5_000)).toBe(false);
    expect(storeA.complete('k', 'a', { status: 200, headers: [], body: new Uint8Array([1, 2]) }, 5_000)).toBe(true);
    a.close();
    b.close();
  });

  it('keeps many concurrent claims of one key down to one winner', async () => {
    const store = sqliteIdempotencyStore(new Database(':memory:'));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => Promise.resolve().then(() => store.begin({ key: 'k', fingerprint: 'fp', token: `t${i}`, expiresAt: 100 }, 0))),
    );
    expect(results.filter((r) => r.outcome === 'started')).toHaveLength(1);
  });

  it('uses the table it is given and refuses one that is not a plain identifier', () => {
    const db = new Database(':memory:');
    sqliteIdempotencyStore(db, { table: 'my_keys' });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'my_keys'`).get()).toBeTruthy();
    expect(() => sqliteIdempotencyStore(db, { table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });

  it('survives a second store on the same database (CREATE IF NOT EXISTS)', () => {
    const db = new Database(':memory:');
    const first = sqliteIdempotencyStore(db);
    first.begin({ key: 'k', fingerprint: 'fp', token: 't', expiresAt: 100 }, 0);
    const second = sqliteIdempotencyStore(db);
    expect(second.begin({ key: 'k', fingerprint: 'fp', token: 'u', expiresAt: 100 }, 1)).toMatchObject({ outcome: 'exists' });
  });
});
