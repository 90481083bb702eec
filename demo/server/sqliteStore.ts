import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteIdempotencyStore } from '../../src/server';
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
import { parseRecordId, recordId, type ResourceName } from './recordId';
import { seedData as defaultSeed, type SeedData } from './seedData';
import { SQLITE_CHANGES_SCHEMA, sqliteChangeLog, type SqliteChangeLog } from './sqliteChangeLog';
import { SQLITE_TELEMETRY_SCHEMA, sqliteTelemetryLog } from './sqliteTelemetryLog';
import { DEFAULT_KEEP_TELEMETRY, bufferedTelemetryLog } from './telemetryLog';

/** Options for {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file, created (with its folder) on first use; `:memory:` for tests.
   * @default '.data/conflict-kit.db'
   */
  readonly path?: string;
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
   * How often another process's commits are looked for (`PRAGMA data_version`), in ms.
   * @default 100
   */
  readonly pollMs?: number;
  /**
   * How many telemetry records are kept; older ones go as new ones arrive.
   * @default 50_000
   */
  readonly keepTelemetry?: number;
}

/** A {@link DemoStore} on SQLite, with the database handle for helpers that share it. */
export interface SqliteDemoStore extends DemoStore {
  /** The open better-sqlite3 connection. */
  readonly db: Database.Database;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  seq INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  assignee TEXT,
  description TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  seq INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  seq INTEGER PRIMARY KEY,
  external_id TEXT NOT NULL,
  items TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('placed', 'paid', 'fulfilling', 'shipped', 'cancelled')),
  version INTEGER NOT NULL CHECK (version >= 1),
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS orders_external_id ON orders (external_id);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
${SQLITE_CHANGES_SCHEMA}
${SQLITE_TELEMETRY_SCHEMA}
`;

type Row = Record<string, unknown>;

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
    id: recordId('tickets', row.seq as number),
    title: row.title as string,
    status: row.status as Ticket['status'],
    assignee: row.assignee as string | null,
    description: row.description as string,
    version: row.version as number,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  }),
};

const documentTable: TableSpec<DocumentRecord, DocumentFields> = {
  resource: 'documents',
  fields: ['title', 'content'],
  textFields: ['content'],
  fromRow: (row) => ({
    id: recordId('documents', row.seq as number),
    title: row.title as string,
    content: row.content as string,
    version: row.version as number,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  }),
};

function orderFromRow(row: Row): Order {
  return {
    id: recordId('orders', row.seq as number),
    externalId: row.external_id as string,
    items: JSON.parse(row.items as string) as OrderItem[],
    state: row.state as OrderState,
    version: row.version as number,
    createdAt: row.created_at as string,
    updatedBy: row.updated_by as string,
    updatedAt: row.updated_at as string,
  };
}

/** Runs a write's `within` hook inside the open transaction; it must not wait. */
function runWithin<T>(options: WriteOptions<T> | undefined, record: T): void {
  const result = options?.within?.(record, undefined);
  if (result !== undefined && typeof (result as { then?: unknown }).then === 'function') {
    throw new TypeError('sqliteStore: a write hook (within) must finish synchronously; a SQLite transaction on one connection cannot wait.');
  }
}

/** The SELECT list of a page: large text columns cut to the list limit, with a flag when cut. */
function pageColumns(columns: readonly string[], textFields: readonly string[]): string {
  return columns
    .map((c) => (textFields.includes(c) ? `substr(${c}, 1, ${LIST_TEXT_LIMIT}) AS ${c}, length(${c}) > ${LIST_TEXT_LIMIT} AS ${c}__cut` : c))
    .join(', ');
}

/** Turns page rows into list items, naming the cut fields. */
function toPage<T extends { id: string }>(rows: Row[], limit: number, textFields: readonly string[], fromRow: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit).map((row): ListItem<T> => {
    const record = fromRow(row);
    const truncated = textFields.filter((field) => Boolean(row[`${field}__cut`]));
    return truncated.length > 0 ? { ...record, truncated } : record;
  });
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: last.id } : { items };
}

function versionedCollection<T extends VersionedRecord, F extends object>(
  db: Database.Database,
  spec: TableSpec<T, F>,
  changes: SqliteChangeLog,
): VersionedCollection<T, F> {
  const table = spec.resource;
  const cols = spec.fields;
  const selectAll = db.prepare(`SELECT * FROM ${table} ORDER BY seq`);
  const selectPage = db.prepare(
    `SELECT seq, ${pageColumns(cols, spec.textFields)}, version, updated_by, updated_at FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const selectOne = db.prepare(`SELECT * FROM ${table} WHERE seq = ?`);
  // New ids continue from the highest one, starting after 1000 (T-1001, …).
  const insert = db.prepare(
    `INSERT INTO ${table} (seq, ${cols.join(', ')}, version, updated_by, updated_at)
     VALUES ((SELECT COALESCE(MAX(seq), 1000) + 1 FROM ${table}), ${cols.map((c) => `@${c}`).join(', ')}, 1, @actor, @at)`,
  );
  // The lost-update guard: the write only lands on the version the caller read.
  const update = db.prepare(
    `UPDATE ${table} SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1, updated_by = @actor, updated_at = @at
     WHERE seq = @seq AND version = @expectedVersion`,
  );
  const pick = (fields: F): Row => Object.fromEntries(cols.map((c) => [c, (fields as Row)[c] ?? null]));
  const read = (seq: number): T | undefined => {
    const row = selectOne.get(seq) as Row | undefined;
    return row && spec.fromRow(row);
  };
  const runCreate = db.transaction((fields: F, actor: string, at: string, options: WriteOptions<T> | undefined): T => {
    const { lastInsertRowid } = insert.run({ ...pick(fields), actor, at });
    const created = read(Number(lastInsertRowid));
    if (!created) throw new Error(`Inserted ${table} row ${String(lastInsertRowid)} could not be read back.`);
    changes.append(table, created);
    runWithin(options, created);
    return created;
  });
  const runUpdate = db.transaction(
    (seq: number, expectedVersion: number, fields: F, actor: string, at: string, options: WriteOptions<T> | undefined): UpdateResult<T> => {
      const { changes: written } = update.run({ ...pick(fields), actor, at, seq, expectedVersion });
      const current = read(seq);
      if (!current) return { ok: false, reason: 'not_found' };
      if (written !== 1) return { ok: false, reason: 'version_mismatch', current };
      changes.append(table, current);
      runWithin(options, current);
      return { ok: true, value: current };
    },
  );
  return {
    async list() {
      return (selectAll.all() as Row[]).map(spec.fromRow);
    },
    async page(request) {
      const after = request.after === undefined ? 0 : (parseRecordId(table, request.after) ?? 0);
      return toPage(selectPage.all(after, request.limit + 1) as Row[], request.limit, spec.textFields, spec.fromRow);
    },
    async get(id) {
      const seq = parseRecordId(table, id);
      return seq === null ? undefined : read(seq);
    },
    async create(fields, meta, options) {
      const created = runCreate.immediate(fields, meta.actor, meta.at, options);
      changes.committed();
      return created;
    },
    async update(id, expectedVersion, fields, meta, options) {
      const seq = parseRecordId(table, id);
      if (seq === null) return { ok: false, reason: 'not_found' };
      const result = runUpdate.immediate(seq, expectedVersion, fields, meta.actor, meta.at, options);
      if (result.ok) changes.committed();
      return result;
    },
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function orderCollection(db: Database.Database, changes: SqliteChangeLog): OrderCollection {
  const selectAll = db.prepare('SELECT * FROM orders ORDER BY seq');
  const selectPage = db.prepare('SELECT * FROM orders WHERE seq > ? ORDER BY seq LIMIT ?');
  const selectOne = db.prepare('SELECT * FROM orders WHERE seq = ?');
  const selectByExternalId = db.prepare('SELECT * FROM orders WHERE external_id = ?');
  const insert = db.prepare(
    `INSERT INTO orders (seq, external_id, items, state, version, created_at, updated_by, updated_at)
     VALUES ((SELECT COALESCE(MAX(seq), 1000) + 1 FROM orders), @externalId, @items, 'placed', 1, @at, @actor, @at)`,
  );
  const update = db.prepare(
    `UPDATE orders SET state = @to, version = version + 1, updated_by = @actor, updated_at = @at
     WHERE seq = @seq AND version = @expectedVersion`,
  );
  const read = (seq: number): Order | undefined => {
    const row = selectOne.get(seq) as Row | undefined;
    return row && orderFromRow(row);
  };
  const byExternalId = (externalId: string): Order | undefined => {
    const row = selectByExternalId.get(externalId) as Row | undefined;
    return row && orderFromRow(row);
  };
  const runCreate = db.transaction(
    (externalId: string, items: string, actor: string, at: string, options: WriteOptions<Order> | undefined): CreateOrderResult => {
      const existing = byExternalId(externalId);
      if (existing) return { ok: false, reason: 'duplicate_external_id', existing };
      const { lastInsertRowid } = insert.run({ externalId, items, actor, at });
      const created = read(Number(lastInsertRowid));
      if (!created) throw new Error(`Inserted order row ${String(lastInsertRowid)} could not be read back.`);
      changes.append('orders', created);
      runWithin(options, created);
      return { ok: true, value: created };
    },
  );
  const runTransition = db.transaction(
    (
      seq: number,
      to: OrderState,
      actor: string,
      at: string,
      expectedVersion: number | undefined,
      options: WriteOptions<Order> | undefined,
    ): TransitionResult => {
      const current = read(seq);
      if (!current) return { ok: false, reason: 'not_found' };
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        return { ok: false, reason: 'version_mismatch', current };
      }
      if (!canTransition(current.state, to)) return { ok: false, reason: 'invalid_transition', current };
      const { changes: written } = update.run({ to, actor, at, seq, expectedVersion: current.version });
      const after = read(seq);
      if (!after) return { ok: false, reason: 'not_found' };
      if (written !== 1) return { ok: false, reason: 'version_mismatch', current: after };
      changes.append('orders', after);
      runWithin(options, after);
      return { ok: true, value: after };
    },
  );
  return {
    async list() {
      return (selectAll.all() as Row[]).map(orderFromRow);
    },
    async page(request) {
      const after = request.after === undefined ? 0 : (parseRecordId('orders', request.after) ?? 0);
      return toPage(selectPage.all(after, request.limit + 1) as Row[], request.limit, [], orderFromRow);
    },
    async get(id) {
      const seq = parseRecordId('orders', id);
      return seq === null ? undefined : read(seq);
    },
    async create(input, meta, options) {
      try {
        const result = runCreate.immediate(input.externalId, JSON.stringify(input.items), meta.actor, meta.at, options);
        if (result.ok) changes.committed();
        return result;
      } catch (error) {
        // Another connection (another process) inserted the same externalId
        // between our check and our insert: the unique index refused ours.
        if (!isUniqueViolation(error)) throw error;
        const existing = byExternalId(input.externalId);
        if (!existing) throw error;
        return { ok: false, reason: 'duplicate_external_id', existing };
      }
    },
    async transition(id, to, meta, expectedVersion, options) {
      const seq = parseRecordId('orders', id);
      if (seq === null) return { ok: false, reason: 'not_found' };
      const result = runTransition.immediate(seq, to, meta.actor, meta.at, expectedVersion, options);
      if (result.ok) changes.committed();
      return result;
    },
  };
}

function writeSeed(db: Database.Database, seed: SeedData): void {
  const ticket = db.prepare(
    `INSERT INTO tickets (seq, title, status, assignee, description, version, updated_by, updated_at)
     VALUES (@seq, @title, @status, @assignee, @description, @version, @updatedBy, @updatedAt)`,
  );
  const document = db.prepare(
    `INSERT INTO documents (seq, title, content, version, updated_by, updated_at)
     VALUES (@seq, @title, @content, @version, @updatedBy, @updatedAt)`,
  );
  const order = db.prepare(
    `INSERT INTO orders (seq, external_id, items, state, version, created_at, updated_by, updated_at)
     VALUES (@seq, @externalId, @items, @state, @version, @createdAt, @updatedBy, @updatedAt)`,
  );
  const seqOf = (resource: ResourceName, id: string): number => {
    const seq = parseRecordId(resource, id);
    if (seq === null) throw new Error(`Seed ${resource} id ${id} is not a ${resource} id.`);
    return seq;
  };
  for (const t of seed.tickets) ticket.run({ ...t, seq: seqOf('tickets', t.id) });
  for (const d of seed.documents) document.run({ ...d, seq: seqOf('documents', d.id) });
  for (const o of seed.orders) {
    order.run({
      seq: seqOf('orders', o.id),
      externalId: o.externalId,
      items: JSON.stringify(o.items),
      state: o.state,
      version: o.version,
      createdAt: o.createdAt,
      updatedBy: o.updatedBy,
      updatedAt: o.updatedAt,
    });
  }
}

/** The default database file of the demo server. */
export const DEFAULT_DB_PATH = '.data/conflict-kit.db';

/**
 * A {@link DemoStore} on SQLite through better-sqlite3. Creates the schema and
 * seeds the demo data the first time a database is opened. Every write is a
 * version-conditioned statement inside an immediate transaction, so two
 * writers (even in two processes) can never both win one version; the same
 * transaction appends the change row and records the Idempotency-Key's
 * outcome.
 */
export function sqliteStore(options: SqliteStoreOptions = {}): SqliteDemoStore {
  const path = options.path ?? DEFAULT_DB_PATH;
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs only at checkpoints, so a power loss can roll
  // back commits that were already acknowledged; FULL syncs every commit
  // (https://www.sqlite.org/pragma.html#pragma_synchronous). The cost is
  // measured by npm run bench:server.
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const seed = options.seed ?? defaultSeed;
  db.transaction(() => {
    const seeded = db.prepare("SELECT value FROM store_meta WHERE key = 'seeded'").get();
    if (seeded) return;
    if (seed) writeSeed(db, seed);
    db.prepare("INSERT INTO store_meta (key, value) VALUES ('seeded', ?)").run(new Date().toISOString());
  }).immediate();
  const changes = sqliteChangeLog(db, options.keepChanges ?? DEFAULT_KEEP_CHANGES, options.pollMs ?? 100, path !== ':memory:');
  const telemetry = bufferedTelemetryLog(sqliteTelemetryLog(db, options.keepTelemetry ?? DEFAULT_KEEP_TELEMETRY));
  return {
    db,
    tickets: versionedCollection(db, ticketTable, changes),
    documents: versionedCollection(db, documentTable, changes),
    orders: orderCollection(db, changes),
    changes,
    idempotency: sqliteIdempotencyStore(db),
    telemetry,
    async close() {
      if (db.open) await telemetry.flush();
      changes.stop();
      if (db.open) db.close();
    },
  };
}
