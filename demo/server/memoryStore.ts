import type {
  CreateOrderResult,
  DemoStore,
  Order,
  OrderCollection,
  OrderInput,
  TransitionResult,
  UpdateResult,
  VersionedCollection,
  VersionedRecord,
  WriteMeta,
} from './demoStore';
import { canTransition, type OrderState } from './orderStateMachine';
import { parseRecordId, recordId, type ResourceName } from './recordId';
import { seedData as defaultSeed, type SeedData } from './seedData';

/** Options for {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Records to start with; pass an empty seed for a blank store.
   * @default the demo seed (tickets, orders, the runbook document)
   */
  readonly seed?: SeedData;
}

// Every read hands out a copy, so callers can never change stored state
// except through the version-checked writes below (the same isolation a
// database gives).
const copy = <T>(value: T): T => structuredClone(value);

function versionedCollection<T extends VersionedRecord, F extends object>(
  resource: ResourceName,
  seed: readonly T[],
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
    async get(id) {
      const row = find(id);
      return row && copy(row);
    },
    async create(fields, meta) {
      const seq = ++lastSeq;
      const row = { id: recordId(resource, seq), ...copy(fields), version: 1, updatedBy: meta.actor, updatedAt: meta.at } as unknown as T;
      rows.set(seq, row);
      return copy(row);
    },
    async update(id, expectedVersion, fields, meta): Promise<UpdateResult<T>> {
      // Check and write in one synchronous step: nothing can run in between,
      // which is what `UPDATE … WHERE version = ?` gives the SQLite store.
      const seq = parseRecordId(resource, id);
      const row = seq === null ? undefined : rows.get(seq);
      if (seq === null || !row) return { ok: false, reason: 'not_found' };
      if (row.version !== expectedVersion) return { ok: false, reason: 'version_mismatch', current: copy(row) };
      const next = { ...row, ...copy(fields), version: row.version + 1, updatedBy: meta.actor, updatedAt: meta.at };
      rows.set(seq, next);
      return { ok: true, value: copy(next) };
    },
  };
}

function orderCollection(seed: readonly Order[]): OrderCollection {
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
    async get(id) {
      const found = find(id);
      return found && copy(found[1]);
    },
    async create(input: OrderInput, meta: WriteMeta): Promise<CreateOrderResult> {
      // The map plays the unique index on externalId.
      const existingSeq = byExternalId.get(input.externalId);
      const existing = existingSeq === undefined ? undefined : rows.get(existingSeq);
      if (existing) return { ok: false, reason: 'duplicate_external_id', existing: copy(existing) };
      const seq = ++lastSeq;
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
      rows.set(seq, order);
      byExternalId.set(order.externalId, seq);
      return { ok: true, value: copy(order) };
    },
    async transition(id: string, to: OrderState, meta: WriteMeta, expectedVersion?: number): Promise<TransitionResult> {
      const found = find(id);
      if (!found) return { ok: false, reason: 'not_found' };
      const [seq, row] = found;
      if (expectedVersion !== undefined && row.version !== expectedVersion) {
        return { ok: false, reason: 'version_mismatch', current: copy(row) };
      }
      if (!canTransition(row.state, to)) return { ok: false, reason: 'invalid_transition', current: copy(row) };
      const next: Order = { ...row, state: to, version: row.version + 1, updatedBy: meta.actor, updatedAt: meta.at };
      rows.set(seq, next);
      return { ok: true, value: copy(next) };
    },
  };
}

/**
 * An in-memory {@link DemoStore}: pure TypeScript with no Node imports, so the
 * demo API also runs inside the browser (Storybook, through MSW). Same
 * semantics as the SQLite store, proven by the shared contract tests.
 */
export function memoryStore(options: MemoryStoreOptions = {}): DemoStore {
  const seed = options.seed ?? defaultSeed;
  return {
    tickets: versionedCollection('tickets', seed.tickets),
    documents: versionedCollection('documents', seed.documents),
    orders: orderCollection(seed.orders),
    close() {},
  };
}
