import type { BeginResult, IdempotencyClaim, IdempotencyRecord, IdempotencyStore, StoredResponse } from './idempotencyStore';

/** The result of a query, as `pg` shapes it. */
export interface PgResultLike {
  /** The rows, one object per row keyed by column name. */
  readonly rows: readonly unknown[];
  /** How many rows the statement touched (`null` for statements that count nothing). */
  readonly rowCount: number | null;
}

/**
 * The part of a PostgreSQL client this store uses: a `pg` `Pool`, `Client`
 * or `PoolClient` satisfies it. The driver is never imported here.
 */
export interface PgQueryableLike {
  /** Runs one parameterised statement (`$1`, `$2`, …). */
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
}

/** Options for {@link pgIdempotencyStore}. */
export interface PgIdempotencyStoreOptions {
  /**
   * Table to keep keys in; created if missing.
   * @default 'idempotency_keys'
   */
  readonly table?: string;
}

/** A store whose schema can be awaited before first use (each method also waits for it). */
export interface PgIdempotencyStore extends IdempotencyStore {
  /** Resolves once the table exists. */
  readonly ready: Promise<void>;
}

/** How often (in store time) expired rows are deleted. */
const SWEEP_INTERVAL_MS = 60_000;

// PostgreSQL error codes (Appendix A): concurrent CREATE … IF NOT EXISTS from
// two instances can still collide on the catalog.
const UNIQUE_VIOLATION = '23505';
const DUPLICATE_TABLE = '42P07';

interface Row {
  readonly fingerprint: string;
  readonly state: string;
  readonly expires_at: string | number;
  readonly status: number | null;
  readonly headers: unknown;
  readonly body: Uint8Array | null;
}

function isRow(value: unknown): value is Row {
  if (value === null || typeof value !== 'object') return false;
  const row = value as Record<string, unknown>;
  return typeof row['fingerprint'] === 'string' && typeof row['state'] === 'string' && row['expires_at'] !== undefined;
}

function parseHeaders(value: unknown): Array<[string, string]> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  );
}

function toRecord(row: Row): IdempotencyRecord | null {
  // bigint columns arrive as strings: their range exceeds a double's.
  const expiresAt = Number(row.expires_at);
  if (row.state === 'in-flight') return { state: 'in-flight', fingerprint: row.fingerprint, expiresAt };
  if (row.state !== 'completed' || typeof row.status !== 'number') return null;
  const body = row.body ?? new Uint8Array(0);
  return {
    state: 'completed',
    fingerprint: row.fingerprint,
    expiresAt,
    response: {
      status: row.status,
      headers: parseHeaders(row.headers),
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    },
  };
}

function isQueryable(value: unknown): value is PgQueryableLike {
  return value !== null && typeof value === 'object' && typeof (value as { query?: unknown }).query === 'function';
}

function errorCode(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

/**
 * An {@link IdempotencyStore} in a PostgreSQL table, for servers that run
 * more than one instance on one database (through `pg` or any client of the
 * same shape).
 *
 * `begin` is a single `INSERT … ON CONFLICT DO UPDATE … WHERE expired`, so of
 * two concurrent requests with one key, on any instances, exactly one claims
 * it. `complete` takes the caller's transaction client (`tx`), so a write
 * and its key's outcome commit together.
 */
export function pgIdempotencyStore(db: PgQueryableLike, options: PgIdempotencyStoreOptions = {}): PgIdempotencyStore {
  const table = options.table ?? 'idempotency_keys';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new TypeError(`pgIdempotencyStore: ${JSON.stringify(table)} is not a plain SQL identifier; use letters, digits and _.`);
  }
  // One query string runs as one transaction: the lock makes instances that
  // start together create the table one after the other.
  const schema = `
    SELECT pg_advisory_xact_lock(hashtext('conflict-kit:${table}'));
    CREATE TABLE IF NOT EXISTS ${table} (
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      token TEXT NOT NULL,
      state TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      status INTEGER,
      headers JSONB,
      body BYTEA
    );
    CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);`;
  const create = async (attempt: number): Promise<void> => {
    try {
      await db.query(schema);
    } catch (error) {
      const code = errorCode(error);
      if (attempt > 0 || (code !== UNIQUE_VIOLATION && code !== DUPLICATE_TABLE)) throw error;
      await create(attempt + 1);
    }
  };
  const ready = create(0);
  // Each method awaits it; an unobserved rejection must not crash the process first.
  ready.catch(() => undefined);
  let lastSweep = -Infinity;

  return {
    ready,
    async begin(claim: IdempotencyClaim, now: number): Promise<BeginResult> {
      await ready;
      if (now - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = now;
        await db.query(`DELETE FROM ${table} WHERE expires_at <= $1`, [now]);
      }
      // Another instance may release the row between the failed claim and
      // the read; then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimed = await db.query(
          `INSERT INTO ${table} (key, fingerprint, token, state, expires_at) VALUES ($1, $2, $3, 'in-flight', $4)
           ON CONFLICT (key) DO UPDATE SET
             fingerprint = excluded.fingerprint, token = excluded.token, state = 'in-flight',
             expires_at = excluded.expires_at, status = NULL, headers = NULL, body = NULL
           WHERE ${table}.expires_at <= $5`,
          [claim.key, claim.fingerprint, claim.token, claim.expiresAt, now],
        );
        if ((claimed.rowCount ?? 0) > 0) return { outcome: 'started' };
        const found = await db.query(
          `SELECT fingerprint, state, expires_at, status, headers, body FROM ${table} WHERE key = $1 AND expires_at > $2`,
          [claim.key, now],
        );
        const row = found.rows[0];
        if (isRow(row)) {
          const record = toRecord(row);
          if (record) return { outcome: 'exists', record };
        }
      }
      throw new Error(
        `pgIdempotencyStore: could not claim or read the idempotency key in table ${table}; the row changes under every attempt or holds an unknown state.`,
      );
    },
    async complete(key: string, token: string, response: StoredResponse, expiresAt: number, tx?: unknown): Promise<boolean> {
      if (tx !== undefined && !isQueryable(tx)) {
        throw new TypeError('pgIdempotencyStore.complete: tx must be the pg client of the open transaction (an object with query()).');
      }
      await ready;
      const result = await (tx ?? db).query(
        `UPDATE ${table} SET state = 'completed', status = $1, headers = $2, body = $3, expires_at = $4
         WHERE key = $5 AND token = $6 AND state = 'in-flight'`,
        [response.status, JSON.stringify(response.headers), response.body, expiresAt, key, token],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async release(key: string, token: string): Promise<void> {
      await ready;
      await db.query(`DELETE FROM ${table} WHERE key = $1 AND token = $2 AND state = 'in-flight'`, [key, token]);
    },
  };
}
