import pg from 'pg';
import { pgIdempotencyStore } from '../../src/server';
import { DEFAULT_KEEP_CHANGES } from './changeLog';
import {
  LIST_TEXT_LIMIT,
  type CreateOrderResult,
  type DemoStore,
  type DocumentFields,
  type DocumentRecord,
  type ListItem,
  type Order,
  type OrderCollection,
  type OrderItem,
  type Page,
  type Ticket,
  type TicketFields,
  type TransitionResult,
  type UpdateResult,
  type VersionedCollection,
  type VersionedRecord,
  type WriteOptions,
} from './demoStore';
import { canTransition, type OrderState } from './orderStateMachine';
import { PG_CHANGES_SCHEMA, pgChangeLog, type PgChangeLog } from './pgChangeLog';
import { PG_TELEMETRY_SCHEMA, pgTelemetryLog } from './pgTelemetryLog';
import { DEFAULT_KEEP_TELEMETRY, bufferedTelemetryLog } from './telemetryLog';
import { ID_PREFIX, parseRecordId, recordId, type ResourceName } from './recordId';
import { seedData as defaultSeed, type SeedData } from './seedData';

/** Options for {@link pgStore}. */
export interface PgStoreOptions {
  /** The database, such as `postgresql://user@db.internal:5432/conflict_kit` (the server reads `DATABASE_URL`). */
  readonly connectionString: string;
  /**
   * Records written when the database is new; `false` for an empty store.
   * @default the demo seed
   */
  readonly seed?: SeedData | false;
  /**
   * How many changes the change table keeps for clients that resume the feed.
   * @default 10_000
   */
  readonly keepChanges?: number;
  /**
   * Most connections this instance opens (plus one that listens for changes).
   * @default 10
   */
  readonly poolSize?: number;
  /**
   * How often the change table is read even without a notification, in ms:
   * the safety net for a notification lost while the listening connection
   * was down.
   * @default 1_000
   */
  readonly pollMs?: number;
  /**
   * How many telemetry records are kept (across instances); older ones go as new ones arrive.
   * @default 50_000
   */
  readonly keepTelemetry?: number;
  /**
   * Told about a connection failure outside a request (the listening
   * connection, an idle pooled one). Requests report their own failures.
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/** A {@link DemoStore} on PostgreSQL, with the pool for helpers that share it. */
export interface PgDemoStore extends DemoStore {
  readonly pool: pg.Pool;
}

// An arbitrary but fixed advisory lock key: schema setup and seeding run
// one instance at a time.
const SCHEMA_LOCK = 7_210_460_182;

const SCHEMA = `
CREATE SEQUENCE IF NOT EXISTS tickets_seq MINVALUE 1 START WITH 1001;
CREATE TABLE IF NOT EXISTS tickets (
  seq BIGINT PRIMARY KEY DEFAULT nextval('tickets_seq'),
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  assignee TEXT,
  description TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS documents_seq MINVALUE 1 START WITH 1001;
CREATE TABLE IF NOT EXISTS documents (
  seq BIGINT PRIMARY KEY DEFAULT nextval('documents_seq'),
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS orders_seq MINVALUE 1 START WITH 1001;
CREATE TABLE IF NOT EXISTS orders (
  seq BIGINT PRIMARY KEY DEFAULT nextval('orders_seq'),
  external_id TEXT NOT NULL UNIQUE,
  items TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('placed', 'paid', 'fulfilling', 'shipped', 'cancelled')),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
${PG_CHANGES_SCHEMA}
${PG_TELEMETRY_SCHEMA}
`;

type Row = Record<string, unknown>;
type Queryable = pg.Pool | pg.PoolClient;

/** How one versioned table maps to its record type. */
interface TableSpec<T extends VersionedRecord, F> {
  readonly resource: ResourceName;
  /** Writable fields, which are also the column names. */
  readonly fields: readonly (keyof F & string)[];
  /** The large text fields, cut in lists. */
  readonly textFields: readonly (keyof F & string)[];
  readonly fromRow: (row: Row) => T;
}

const ticketTable: TableSpec<Ticket, TicketFields> = {
  resource: 'tickets',
  fields: ['title', 'status', 'assignee', 'description'],
  textFields: ['description'],
  fromRow: (row) => ({
    id: recordId('tickets', Number(row.seq)),
    title: row.title as string,
    status: row.status as Ticket['status'],
    assignee: row.assignee as string | null,
    description: row.description as string,
    version: Number(row.version),
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  }),
};

const documentTable: TableSpec<DocumentRecord, DocumentFields> = {
  resource: 'documents',
  fields: ['title', 'content'],
  textFields: ['content'],
  fromRow: (row) => ({
    id: recordId('documents', Number(row.seq)),
    title: row.title as string,
    content: row.content as string,
    version: Number(row.version),
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  }),
};

function orderFromRow(row: Row): Order {
  return {
    id: recordId('orders', Number(row.seq)),
    externalId: row.external_id as string,
    items: JSON.parse(row.items as string) as OrderItem[],
    state: row.state as OrderState,
    version: Number(row.version),
    createdAt: row.created_at as string,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  };
}

/** A table row as the API shows the record (also for tools that read these tables directly). */
export function recordFromRow(resource: ResourceName, row: Row): VersionedRecord {
  if (resource === 'orders') return orderFromRow(row);
  return (resource === 'tickets' ? ticketTable : documentTable).fromRow(row);
}

/** Runs `work` in one transaction on one pooled connection: committed when it returns, rolled back when it throws. */
async function inTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // The connection itself failed: drop it from the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Runs a write's `within` hook inside the open transaction, with the transaction's client. */
async function runWithin<T>(options: WriteOptions<T> | undefined, record: T, client: pg.PoolClient): Promise<void> {
  await options?.within?.(record, client);
}

/** The SELECT list of a page: large text columns cut to the list limit, with a flag when cut. */
function pageColumns(columns: readonly string[], textFields: readonly string[]): string {
  return columns
    .map((c) => (textFields.includes(c) ? `left(${c}, ${LIST_TEXT_LIMIT}) AS ${c}, char_length(${c}) > ${LIST_TEXT_LIMIT} AS ${c}__cut` : c))
    .join(', ');
}

function toPage<T extends { id: string }>(rows: Row[], limit: number, textFields: readonly string[], fromRow: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit).map((row): ListItem<T> => {
    const record = fromRow(row);
    const truncated = textFields.filter((field) => row[`${field}__cut`] === true);
    return truncated.length > 0 ? { ...record, truncated } : record;
  });
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: last.id } : { items };
}

function versionedCollection<T extends VersionedRecord, F extends object>(
  pool: pg.Pool,
  spec: TableSpec<T, F>,
  changes: PgChangeLog,
): VersionedCollection<T, F> {
  const table = spec.resource;
  const cols = spec.fields;
  const values = (fields: F): unknown[] => cols.map((c) => (fields as Row)[c] ?? null);
  const read = async (db: Queryable, seq: number, lock = false): Promise<T | undefined> => {
    const { rows } = await db.query<Row>(`SELECT * FROM ${table} WHERE seq = $1${lock ? ' FOR UPDATE' : ''}`, [seq]);
    return rows[0] && spec.fromRow(rows[0]);
  };
  const n = cols.length;
  const insertSql = `INSERT INTO ${table} (${cols.join(', ')}, version, updated_by, updated_at)
    VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, 1, $${n + 1}, $${n + 2}) RETURNING *`;
  // The lost-update guard: the write only lands on the version the caller read.
  const updateSql = `UPDATE ${table} SET ${cols.map((c, i) => `${c} = $${i + 1}`).join(', ')}, version = version + 1,
    updated_by = $${n + 1}, updated_at = $${n + 2} WHERE seq = $${n + 3} AND version = $${n + 4} RETURNING *`;
  // Without a hook to run in between, the write and its change row are one
  // statement (atomic on its own): one round trip instead of four.
  const updateLoggedSql = `WITH written AS (${updateSql})
    , logged AS (INSERT INTO changes (resource, record_id, version, actor, at)
        SELECT '${table}', '${ID_PREFIX[table]}-' || seq, version, updated_by, updated_at FROM written)
    SELECT * FROM written`;
  const pageSql = `SELECT seq, ${pageColumns(cols, spec.textFields)}, version, updated_by, updated_at FROM ${table}
    WHERE seq > $1 ORDER BY seq LIMIT $2`;
  const refused = async (seq: number): Promise<UpdateResult<T>> => {
    const current = await read(pool, seq);
    return current ? { ok: false, reason: 'version_mismatch', current } : { ok: false, reason: 'not_found' };
  };
  return {
    async list() {
      const { rows } = await pool.query<Row>(`SELECT * FROM ${table} ORDER BY seq`);
      return rows.map(spec.fromRow);
    },
    async page(request) {
      const after = request.after === undefined ? 0 : (parseRecordId(table, request.after) ?? 0);
      const { rows } = await pool.query<Row>(pageSql, [after, request.limit + 1]);
      return toPage(rows, request.limit, spec.textFields, spec.fromRow);
    },
    async get(id) {
      const seq = parseRecordId(table, id);
      return seq === null ? undefined : read(pool, seq);
    },
    async create(fields, meta, options) {
      const created = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<Row>(insertSql, [...values(fields), meta.actor, meta.at]);
        const record = spec.fromRow(rows[0] as Row);
        await runWithin(options, record, client);
        await changes.append(client, table, record);
        return record;
      });
      changes.committed();
      return created;
    },
    async update(id, expectedVersion, fields, meta, options) {
      const seq = parseRecordId(table, id);
      if (seq === null) return { ok: false, reason: 'not_found' };
      if (!options?.within) {
        const { rows } = await pool.query<Row>(updateLoggedSql, [...values(fields), meta.actor, meta.at, seq, expectedVersion]);
        const written = rows[0];
        if (!written) return refused(seq);
        changes.committed();
        return { ok: true, value: spec.fromRow(written) };
      }
      const result = await inTransaction(pool, async (client): Promise<UpdateResult<T>> => {
        const { rows } = await client.query<Row>(updateSql, [...values(fields), meta.actor, meta.at, seq, expectedVersion]);
        const written = rows[0];
        if (!written) {
          const current = await read(client, seq);
          return current ? { ok: false, reason: 'version_mismatch', current } : { ok: false, reason: 'not_found' };
        }
        const record = spec.fromRow(written);
        await runWithin(options, record, client);
        await changes.append(client, table, record);
        return { ok: true, value: record };
      });
      if (result.ok) changes.committed();
      return result;
    },
  };
}

function orderCollection(pool: pg.Pool, changes: PgChangeLog): OrderCollection {
  const read = async (db: Queryable, seq: number, lock = false): Promise<Order | undefined> => {
    const { rows } = await db.query<Row>(`SELECT * FROM orders WHERE seq = $1${lock ? ' FOR UPDATE' : ''}`, [seq]);
    return rows[0] && orderFromRow(rows[0]);
  };
  return {
    async list() {
      const { rows } = await pool.query<Row>('SELECT * FROM orders ORDER BY seq');
      return rows.map(orderFromRow);
    },
    async page(request) {
      const after = request.after === undefined ? 0 : (parseRecordId('orders', request.after) ?? 0);
      const { rows } = await pool.query<Row>('SELECT * FROM orders WHERE seq > $1 ORDER BY seq LIMIT $2', [after, request.limit + 1]);
      return toPage(rows, request.limit, [], orderFromRow);
    },
    async get(id) {
      const seq = parseRecordId('orders', id);
      return seq === null ? undefined : read(pool, seq);
    },
    async create(input, meta, options) {
      const result = await inTransaction(pool, async (client): Promise<CreateOrderResult> => {
        // The unique index decides between racing creates on any instance:
        // the loser waits for the winner's commit, then inserts nothing.
        const { rows } = await client.query<Row>(
          `INSERT INTO orders (external_id, items, state, version, created_at, updated_by, updated_at)
           VALUES ($1, $2, 'placed', 1, $3, $4, $3) ON CONFLICT (external_id) DO NOTHING RETURNING *`,
          [input.externalId, JSON.stringify(input.items), meta.at, meta.actor],
        );
        const inserted = rows[0];
        if (!inserted) {
          const found = await client.query<Row>('SELECT * FROM orders WHERE external_id = $1', [input.externalId]);
          if (!found.rows[0]) throw new Error(`Order with externalId ${input.externalId} conflicted on insert but cannot be read.`);
          return { ok: false, reason: 'duplicate_external_id', existing: orderFromRow(found.rows[0]) };
        }
        const order = orderFromRow(inserted);
        await runWithin(options, order, client);
        await changes.append(client, 'orders', order);
        return { ok: true, value: order };
      });
      if (result.ok) changes.committed();
      return result;
    },
    async transition(id, to, meta, expectedVersion, options) {
      const seq = parseRecordId('orders', id);
      if (seq === null) return { ok: false, reason: 'not_found' };
      const result = await inTransaction(pool, async (client): Promise<TransitionResult> => {
        const current = await read(client, seq, true);
        if (!current) return { ok: false, reason: 'not_found' };
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          return { ok: false, reason: 'version_mismatch', current };
        }
        if (!canTransition(current.state, to)) return { ok: false, reason: 'invalid_transition', current };
        const { rows } = await client.query<Row>(
          'UPDATE orders SET state = $1, version = version + 1, updated_by = $2, updated_at = $3 WHERE seq = $4 RETURNING *',
          [to, meta.actor, meta.at, seq],
        );
        const order = orderFromRow(rows[0] as Row);
        await runWithin(options, order, client);
        await changes.append(client, 'orders', order);
        return { ok: true, value: order };
      });
      if (result.ok) changes.committed();
      return result;
    },
  };
}

async function writeSeed(client: pg.PoolClient, seed: SeedData): Promise<void> {
  const seqOf = (resource: ResourceName, id: string): number => {
    const seq = parseRecordId(resource, id);
    if (seq === null) throw new Error(`Seed ${resource} id ${id} is not a ${resource} id.`);
    return seq;
  };
  for (const t of seed.tickets) {
    await client.query(
      'INSERT INTO tickets (seq, title, status, assignee, description, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [seqOf('tickets', t.id), t.title, t.status, t.assignee, t.description, t.version, t.updatedBy, t.updatedAt],
    );
  }
  for (const d of seed.documents) {
    await client.query('INSERT INTO documents (seq, title, content, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      seqOf('documents', d.id),
      d.title,
      d.content,
      d.version,
      d.updatedBy,
      d.updatedAt,
    ]);
  }
  for (const o of seed.orders) {
    await client.query(
      'INSERT INTO orders (seq, external_id, items, state, version, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [seqOf('orders', o.id), o.externalId, JSON.stringify(o.items), o.state, o.version, o.createdAt, o.updatedBy, o.updatedAt],
    );
  }
  // New ids continue after the seeded ones (T-1005, …), as on the other stores.
  for (const table of ['tickets', 'documents', 'orders']) {
    await client.query(`SELECT setval('${table}_seq', GREATEST((SELECT COALESCE(MAX(seq), 1000) FROM ${table}), 1000))`);
  }
}

/**
 * A {@link DemoStore} on PostgreSQL through `pg`, for running the reference
 * server as several instances on one database: records, versions, the change
 * table and Idempotency-Keys all live there. Creates the schema and seeds the
 * demo data once, whichever instance starts first. Every write is one
 * transaction: the version-conditioned statement, the Idempotency-Key's
 * outcome and the change row commit together.
 */
export async function pgStore(options: PgStoreOptions): Promise<PgDemoStore> {
  const onError = options.onError ?? ((error: unknown) => console.error('[pgStore]', error));
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that dies (database restart) must not crash the process.
  pool.on('error', onError);
  try {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(SCHEMA);
      const seeded = await client.query("SELECT value FROM store_meta WHERE key = 'seeded'");
      if (seeded.rows.length > 0) return;
      const seed = options.seed ?? defaultSeed;
      if (seed) await writeSeed(client, seed);
      await client.query("INSERT INTO store_meta (key, value) VALUES ('seeded', $1)", [new Date().toISOString()]);
    });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const idempotency = pgIdempotencyStore(pool);
  await idempotency.ready;
  const changes = pgChangeLog(pool, options.connectionString, options.keepChanges ?? DEFAULT_KEEP_CHANGES, options.pollMs ?? 1_000, onError);
  const telemetry = bufferedTelemetryLog(pgTelemetryLog(pool, options.keepTelemetry ?? DEFAULT_KEEP_TELEMETRY), onError);
  let closing: Promise<void> | undefined;
  return {
    pool,
    tickets: versionedCollection(pool, ticketTable, changes),
    documents: versionedCollection(pool, documentTable, changes),
    orders: orderCollection(pool, changes),
    changes,
    idempotency,
    telemetry,
    close() {
      closing ??= telemetry
        .flush()
        .then(() => changes.stop())
        .then(() => pool.end());
      return closing;
    },
  };
}
