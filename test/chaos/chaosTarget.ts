/**
 * The server side of the chaos run: the reference app over one of its
 * stores, reached in-process or over real HTTP, with every committed write
 * recorded by wrapping the store's own methods (the server's version chain
 * and the content of every version, for the history checks).
 */
import type { FetchLike } from '../../src/core';
import { createApp } from '../../demo/server/createApp';
import type { DemoStore, VersionedRecord } from '../../demo/server/demoStore';
import { startServer } from '../../demo/server/main';
import { memoryStore } from '../../demo/server/memoryStore';
import { sqliteStore } from '../../demo/server/sqliteStore';

/**
 * Where the reference server runs: in-process over memory or SQLite
 * `:memory:`, over HTTP on 127.0.0.1, or as a cluster of server processes on
 * one PostgreSQL database (see chaosCluster.ts).
 */
export type Transport = 'memory' | 'sqlite' | 'http' | 'cluster';

/** One committed write, as the store performed it. */
export interface Commit {
  readonly resource: 'tickets' | 'documents' | 'orders';
  readonly id: string;
  readonly kind: 'create' | 'update' | 'transition';
  /** The version the conditional write required (`undefined` for creates and unconditional transitions). */
  readonly expectedVersion: number | undefined;
  /** The version the write produced. */
  readonly version: number;
  readonly actor: string;
  /** The record as stored by this write. */
  readonly value: Readonly<Record<string, unknown>>;
}

/** A running reference server plus its commit history. */
export interface ChaosTarget {
  readonly transport: Transport;
  readonly baseUrl: string;
  /** The raw fetch to the server (no faults of the client side). */
  readonly fetch: FetchLike;
  readonly store: DemoStore;
  readonly commits: Commit[];
  /** Every record as it was before the run, by id. */
  readonly initial: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  close(): Promise<void>;
  /** How many server instances serve the clients (1 unless a cluster). */
  readonly instances?: number;
  /** The server a client talks to (clients are spread across instances). */
  baseUrlFor?(client: number): string;
  /** The instance a client talks to. */
  instanceOf?(client: number): number;
  /** A counter of kills of the client's instance, read when a request starts. */
  epoch?(client: number): number;
  /** True when the client's instance is down, or was killed since `epoch`: its request may fail. */
  outageSince?(client: number, epoch: number): boolean;
  /** SIGKILLs an instance. */
  kill?(instance: number): Promise<void>;
  /** Starts a killed instance again on its port and waits until it listens. */
  restart?(instance: number): Promise<void>;
  /** Loads `commits` from the database's own history, before the checks. */
  sync?(): Promise<void>;
}

type Loose = Record<string, unknown>;
const asLoose = (record: VersionedRecord | object): Loose => ({ ...(record as Loose) });

/**
 * Wraps the store's write methods in place (the app captured these very
 * objects), appending every successful write to `commits`.
 */
function recordCommits(store: DemoStore, commits: Commit[]): void {
  for (const resource of ['tickets', 'documents'] as const) {
    // The two collections differ only in their field types; the log treats records as plain objects.
    const collection = store[resource] as unknown as {
      create(fields: object, meta: { actor: string; at: string }, options?: object): Promise<VersionedRecord>;
      update(id: string, expected: number, fields: object, meta: { actor: string; at: string }, options?: object): Promise<{ ok: boolean; value?: VersionedRecord }>;
    };
    const create = collection.create.bind(collection);
    const update = collection.update.bind(collection);
    collection.create = async (fields, meta, options) => {
      const created = await create(fields, meta, options);
      commits.push({ resource, id: created.id, kind: 'create', expectedVersion: undefined, version: created.version, actor: meta.actor, value: asLoose(created) });
      return created;
    };
    collection.update = async (id, expected, fields, meta, options) => {
      const result = await update(id, expected, fields, meta, options);
      if (result.ok && result.value) {
        commits.push({ resource, id, kind: 'update', expectedVersion: expected, version: result.value.version, actor: meta.actor, value: asLoose(result.value) });
      }
      return result;
    };
  }
  const orders = store.orders;
  const createOrder = orders.create.bind(orders);
  const transition = orders.transition.bind(orders);
  orders.create = async (input, meta, options) => {
    const result = await createOrder(input, meta, options);
    if (result.ok) commits.push({ resource: 'orders', id: result.value.id, kind: 'create', expectedVersion: undefined, version: 1, actor: meta.actor, value: asLoose(result.value) });
    return result;
  };
  orders.transition = async (id, to, meta, expectedVersion, options) => {
    const result = await transition(id, to, meta, expectedVersion, options);
    if (result.ok) commits.push({ resource: 'orders', id, kind: 'transition', expectedVersion, version: result.value.version, actor: meta.actor, value: asLoose(result.value) });
    return result;
  };
}

async function snapshot(store: DemoStore): Promise<Map<string, Loose>> {
  const all = [...(await store.tickets.list()), ...(await store.documents.list()), ...(await store.orders.list())];
  return new Map(all.map((record) => [record.id, asLoose(record)]));
}

/** Starts the reference server for one chaos run, with fault injection on. */
export async function startChaosTarget(transport: Transport): Promise<ChaosTarget> {
  const commits: Commit[] = [];
  if (transport === 'http') {
    const running = await startServer({ port: 0, host: '127.0.0.1', dbPath: ':memory:', faults: true, log: false });
    const initial = await snapshot(running.store);
    recordCommits(running.store, commits);
    return {
      transport,
      baseUrl: running.url,
      fetch: (input, init) => globalThis.fetch(input, init),
      store: running.store,
      commits,
      initial,
      close: () => running.close(),
    };
  }
  const sqlite = transport === 'sqlite' ? sqliteStore({ path: ':memory:' }) : undefined;
  const store: DemoStore = sqlite ?? memoryStore();
  const initial = await snapshot(store);
  recordCommits(store, commits);
  const app = createApp({ store, faults: true, allowedHosts: ['chaos.invalid'] });
  return {
    transport,
    baseUrl: 'http://chaos.invalid',
    // In-process: a dropped response rejects with ResponseDroppedError, a TypeError like a failed fetch.
    fetch: async (input, init) => app.fetch(new Request(input, init)),
    store,
    commits,
    initial,
    close: async () => store.close(),
  };
}
