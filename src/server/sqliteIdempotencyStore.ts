import type { BeginResult, IdempotencyClaim, IdempotencyRecord, IdempotencyStore, StoredResponse } from './idempotencyStore';

/** A prepared statement, as better-sqlite3 and `node:sqlite` shape it. */
export interface SqliteStatementLike {
  /** Runs the statement; `changes` counts the rows it wrote. */
  run(...params: never[]): { readonly changes: number | bigint };
  /** The first result row, or `undefined`. */
  get(...params: never[]): unknown;
  /** All result rows. */
  all(...params: never[]): unknown[];
}

/**
 * The part of a synchronous SQLite driver this store uses. A better-sqlite3
 * `Database` and a `node:sqlite` `DatabaseSync` both satisfy it; the driver
 * is never imported here.
 */
export interface SqliteLike {
  /** Compiles one SQL statement. */
  prepare(sql: string): SqliteStatementLike;
  /** Runs one or more SQL statements without results. */
  exec(sql: string): unknown;
}

/** Options for {@link sqliteIdempotencyStore}. */
export interface SqliteIdempotencyStoreOptions {
  /**
   * Table to keep keys in; created if missing.
   * @default 'idempotency_keys'
   */
  readonly table?: string;
}

/** How often (in store time) expired rows are deleted. */
const SWEEP_INTERVAL_MS = 60_000;

type Params = (string | number | Uint8Array | null)[];

interface Row {
  readonly fingerprint: string;
  readonly state: string;
  readonly expires_at: number;
  readonly status: number | null;
  readonly headers: string | null;
  readonly body: Uint8Array | null;
}

function isRow(value: unknown): value is Row {
  if (value === null || typeof value !== 'object') return false;
  const row = value as Record<string, unknown>;
  return typeof row['fingerprint'] === 'string' && typeof row['state'] === 'string' && typeof row['expires_at'] === 'number';
}

function parseHeaders(json: string | null): Array<[string, string]> {
  if (json === null) return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (pair): pair is [string, string] =>
      Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string',
  );
}

function toRecord(row: Row): IdempotencyRecord | null {
  if (row.state === 'in-flight') return { state: 'in-flight', fingerprint: row.fingerprint, expiresAt: row.expires_at };
  if (row.state !== 'completed' || typeof row.status !== 'number') return null;
  const body = row.body ?? new Uint8Array(0);
  return {
    state: 'completed',
    fingerprint: row.fingerprint,
    expiresAt: row.expires_at,
    response: {
      status: row.status,
      headers: parseHeaders(row.headers),
      // Drivers hand BLOBs back as Buffer (a Uint8Array); keep a plain view.
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    },
  };
}

/**
 * An {@link IdempotencyStore} in a SQLite table, for servers that keep state
 * in SQLite (better-sqlite3, `node:sqlite`).
 *
 * `begin` is a single `INSERT … ON CONFLICT DO UPDATE … WHERE expired`
 * statement, so of two concurrent requests with one key, on one connection
 * or several, exactly one claims it.
 */
export function sqliteIdempotencyStore(db: SqliteLike, options: SqliteIdempotencyStoreOptions = {}): IdempotencyStore {
  const table = options.table ?? 'idempotency_keys';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new TypeError(`sqliteIdempotencyStore: ${JSON.stringify(table)} is not a plain SQL identifier; use letters, digits and _.`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${table} (
      key TEXT PRIMARY KEY,
      fingerprint TEXT NOT NULL,
      token TEXT NOT NULL,
      state TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      status INTEGER,
      headers TEXT,
      body BLOB
    );
    CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);
  `);
  // The statement types are loose across drivers; parameters are checked here.
  const prepare = (sql: string) => {
    const statement = db.prepare(sql);
    return {
      run: (...params: Params) => (statement.run as (...p: Params) => { changes: number | bigint })(...params),
      get: (...params: Params) => (statement.get as (...p: Params) => unknown)(...params),
    };
  };
  const claim = prepare(`
    INSERT INTO ${table} (key, fingerprint, token, state, expires_at) VALUES (?, ?, ?, 'in-flight', ?)
    ON CONFLICT (key) DO UPDATE SET
      fingerprint = excluded.fingerprint, token = excluded.token, state = 'in-flight',
      expires_at = excluded.expires_at, status = NULL, headers = NULL, body = NULL
    WHERE ${table}.expires_at <= ?`);
  const select = prepare(
    `SELECT fingerprint, state, expires_at, status, headers, body FROM ${table} WHERE key = ? AND expires_at > ?`,
  );
  const completeStmt = prepare(`
    UPDATE ${table} SET state = 'completed', status = ?, headers = ?, body = ?, expires_at = ?
    WHERE key = ? AND token = ? AND state = 'in-flight'`);
  const releaseStmt = prepare(`DELETE FROM ${table} WHERE key = ? AND token = ? AND state = 'in-flight'`);
  const sweep = prepare(`DELETE FROM ${table} WHERE expires_at <= ?`);
  let lastSweep = -Infinity;

  return {
    begin(request: IdempotencyClaim, now: number): BeginResult {
      if (now - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = now;
        sweep.run(now);
      }
      // Another connection may release the row between the failed claim and
      // the read; then claim again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = claim.run(request.key, request.fingerprint, request.token, request.expiresAt, now);
        if (Number(result.changes) > 0) return { outcome: 'started' };
        const row = select.get(request.key, now);
        if (isRow(row)) {
          const record = toRecord(row);
          if (record) return { outcome: 'exists', record };
        }
      }
      throw new Error(
        `sqliteIdempotencyStore: could not claim or read the idempotency key in table ${table}; the row changes under every attempt or holds an unknown state.`,
      );
    },
    complete(key: string, token: string, response: StoredResponse, expiresAt: number): boolean {
      const result = completeStmt.run(
        response.status,
        JSON.stringify(response.headers),
        response.body,
        expiresAt,
        key,
        token,
      );
      return Number(result.changes) > 0;
    },
    release(key: string, token: string): void {
      releaseStmt.run(key, token);
    },
  };
}
