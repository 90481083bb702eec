import { memoryIdempotencyStore } from '../../src/server/memoryIdempotencyStore';
import { DEFAULT_KEEP_CHANGES, localWatchers, type ChangeLog, type StoredChange } from './changeLog';
import {
  LIST_TEXT_LIMIT,
  type CreateOrderResult,
  type DemoStore,
  type ListItem,
  type Order,
  type OrderCollection,
  type OrderInput,
  type Page,
  type PageRequest,
  type TransitionResult,
  type UpdateResult,
  type VersionedCollection,
  type VersionedRecord,
  type WriteMeta,
  type WriteOptions,
} from './demoStore';
import { canTransition, type OrderState } from './orderStateMachine';
import { parseRecordId, recordId, type ResourceName } from './recordId';
import { seedData as defaultSeed, type SeedData } from './seedData';
import { DEFAULT_KEEP_TELEMETRY, memoryTelemetryLog } from './telemetryLog';

/** Options for {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Records to start with; pass an empty seed for a blank store.
   * @default the demo seed (tickets, orders, the runbook document)
   */
  readonly seed?: SeedData;
  /**
   * How many changes are kept for clients that resume the change feed.
   * @default 10_000
   */
  readonly keepChanges?: number;
  /**
   * How many telemetry records are kept; older ones go as new ones arrive.
   * @default 50_000
   */
  readonly keepTelemetry?: number;
}

// Every read hands out a copy, so callers can never change stored state
// except through the version-checked writes below (the same isolation a
// database gives).
const copy = <T>(value: T): T => structuredClone(value);

/** The in-memory change table: appended by every write, woken watchers after it. */
interface MemoryChanges extends ChangeLog {
  append(resource: ResourceName, record: VersionedRecord): void;
}

function memoryChanges(keep: number): MemoryChanges {
  const rows: StoredChange[] = [];
  let latest = 0;
  const watchers = localWatchers();
  return {
    append(resource, record) {
      rows.push({ seq: ++latest, resource, id: record.id, version: record.version, actor: record.updatedBy, at: record.updatedAt });
      if (rows.length > keep) rows.splice(0, rows.length - keep);
      watchers.wake();
    },
    async after(seq, limit) {
      // Sequence numbers are dense here, so the first wanted row is found by arithmetic.
      const first = rows[0]?.seq ?? latest + 1;
      const start = Math.max(0, seq + 1 - first);
      return rows.slice(start, start + limit).map((row) => ({ ...row }));
    },
    async bounds() {
      return { latest, oldest: rows[0]?.seq ?? latest + 1 };
    },
    watch: (wake) => watchers.add(wake),
  };
}

/** Runs a write's `within` hook, which must not wait: nothing else may run inside this "transaction". */
function runWithin<T>(options: WriteOptions<T> | undefined, record: T): void {
  const result = options?.within?.(copy(record), undefined);
  if (result !== undefined && typeof (result as { then?: unknown }).then === 'function') {
    throw new TypeError('memoryStore: a write hook (within) must finish synchronously; this store cannot wait inside a write.');
  }
}

/** A list item: text fields cut to the list limit and named in `truncated`. */
function listItem<T extends object>(record: T, textFields: readonly string[]): ListItem<T> {
  const item: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  const truncated: string[] = [];
  for (const field of textFields) {
    const value = item[field];
    if (typeof value === 'string' && value.length > LIST_TEXT_LIMIT) {
      item[field] = value.slice(0, LIST_TEXT_LIMIT);
      truncated.push(field);
    }
  }
  if (truncated.length > 0) item['truncated'] = truncated;
  return item as ListItem<T>;
}

function pageOf<T extends { id: string }>(
  resource: ResourceName,
  rows: Map<number, T>,
  request: PageRequest,
  textFields: readonly string[],
): Page<T> {
  const afterSeq = request.after === undefined ? 0 : (parseRecordId(resource, request.after) ?? 0);
  const seqs = [...rows.keys()].filter((seq) => seq > afterSeq).sort((a, b) => a - b);
  const picked = seqs.slice(0, request.limit);
  const items = picked.map((seq) => listItem(copy(rows.get(seq) as T), textFields));
  const last = items[items.length - 1];
  return seqs.length > request.limit && last ? { items, next: last.id } : { items };
}

function versionedCollection<T extends VersionedRecord, F extends object>(
  resource: ResourceName,
  seed: readonly T[],
  changes: MemoryChanges,
  textFields: readonly string[],
): VersionedCollection<T, F> {
  const rows = new Map<number, T>();
  let lastSeq = 1000;
  for (const record of seed) {
    const seq = parseRecordId(resource, record.id);
    if (seq === null) throw new Error(`Seed ${resource} id ${record.id} is not a ${resource} id.`);
    rows.set(seq, copy(record));
    lastSeq = Math.max(lastSeq, seq);
  }
  const find = (id: string): T | undefined => {
    const seq = parseRecordId(resource, id);
    return seq === null ? undefined : rows.get(seq);
  };
  return {
    async list() {
      return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => copy(row));
    },
    async page(request) {
      return pageOf(resource, rows, request, textFields);
    },
    async get(id) {
      const row = find(id);
      return row && copy(row);
    },
    async create(fields, meta, options) {
      const seq = lastSeq + 1;
      const row = { id: recordId(resource, seq), ...copy(fields), version: 1, updatedBy: meta.actor, updatedAt: meta.at } as unknown as T;
      runWithin(options, row);
      lastSeq = seq;
      rows.set(seq, row);
      changes.append(resource, row);
      return copy(row);
    },
    async update(id, expectedVersion, fields, meta, options): Promise<UpdateResult<T>> {
      // Check and write in one synchronous step: nothing can run in between,
      // which is what `UPDATE … WHERE version = ?` gives the SQL stores.
      const seq = parseRecordId(resource, id);
      const row = seq === null ? undefined : rows.get(seq);
      if (seq === null || !row) return { ok: false, reason: 'not_found' };
      if (row.version !== expectedVersion) return { ok: false, reason: 'version_mismatch', current: copy(row) };
      const next = { ...row, ...copy(fields), version: row.version + 1, updatedBy: meta.actor, updatedAt: meta.at };
      runWithin(options, next);
      rows.set(seq, next);
      changes.append(resource, next);
      return { ok: true, value: copy(next) };
    },
  };
}

function orderCollection(seed: readonly Order[], changes: MemoryChanges): OrderCollection {
  const rows = new Map<number, Order>();
  const byExternalId = new Map<string, number>();
  let lastSeq = 1000;
  for (const order of seed) {
    const seq = parseRecordId('orders', order.id);
    if (seq === null) throw new Error(`Seed order id ${order.id} is not an order id.`);
    if (byExternalId.has(order.externalId)) throw new Error(`Seed has two orders with externalId ${order.externalId}.`);
    rows.set(seq, copy(order));
    byExternalId.set(order.externalId, seq);
    lastSeq = Math.max(lastSeq, seq);
  }
  const find = (id: string): [number, Order] | undefined => {
    const seq = parseRecordId('orders', id);
    const row = seq === null ? undefined : rows.get(seq);
    return seq !== null && row ? [seq, row] : undefined;
  };
  return {
    async list() {
      return [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => copy(row));
    },
    async page(request) {
      return pageOf('orders', rows, request, []);
    },
    async get(id) {
      const found = find(id);
      return found && copy(found[1]);
    },
    async create(input: OrderInput, meta: WriteMeta, options?: WriteOptions<Order>): Promise<CreateOrderResult> {
      // The map plays the unique index on externalId.
      const existingSeq = byExternalId.get(input.externalId);
      const existing = existingSeq === undefined ? undefined : rows.get(existingSeq);
      if (existing) return { ok: false, reason: 'duplicate_external_id', existing: copy(existing) };
      const seq = lastSeq + 1;
      const order: Order = {
        id: recordId('orders', seq),
        externalId: input.externalId,
        items: copy(input.items),
        state: 'placed',
        version: 1,
        createdAt: meta.at,
        updatedBy: meta.actor,
        updatedAt: meta.at,
      };
      runWithin(options, order);
      lastSeq = seq;
      rows.set(seq, order);
      byExternalId.set(order.externalId, seq);
      changes.append('orders', order);
      return { ok: true, value: copy(order) };
    },
    async transition(id: string, to: OrderState, meta: WriteMeta, expectedVersion?: number, options?: WriteOptions<Order>): Promise<TransitionResult> {
      const found = find(id);
      if (!found) return { ok: false, reason: 'not_found' };
      const [seq, row] = found;
      if (expectedVersion !== undefined && row.version !== expectedVersion) {
        return { ok: false, reason: 'version_mismatch', current: copy(row) };
      }
      if (!canTransition(row.state, to)) return { ok: false, reason: 'invalid_transition', current: copy(row) };
      const next: Order = { ...row, state: to, version: row.version + 1, updatedBy: meta.actor, updatedAt: meta.at };
      runWithin(options, next);
      rows.set(seq, next);
      changes.append('orders', next);
      return { ok: true, value: copy(next) };
    },
  };
}

/**
 * An in-memory {@link DemoStore}: pure TypeScript with no Node imports, so the
 * demo API also runs inside the browser (Storybook, through MSW). Same
 * semantics as the SQL stores, proven by the shared contract tests.
 */
export function memoryStore(options: MemoryStoreOptions = {}): DemoStore {
  const seed = options.seed ?? defaultSeed;
  const changes = memoryChanges(options.keepChanges ?? DEFAULT_KEEP_CHANGES);
  const telemetry = memoryTelemetryLog(options.keepTelemetry ?? DEFAULT_KEEP_TELEMETRY);
  return {
    tickets: versionedCollection('tickets', seed.tickets, changes, ['description']),
    documents: versionedCollection('documents', seed.documents, changes, ['content']),
    orders: orderCollection(seed.orders, changes),
    changes,
    idempotency: memoryIdempotencyStore(),
    telemetry,
    async close() {
      await telemetry.flush();
    },
  };
}
