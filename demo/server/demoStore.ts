import type { IdempotencyStore, MaybePromise } from '../../src/server';
import type { ChangeLog } from './changeLog';
import type { OrderState } from './orderStateMachine';
import type { TelemetryLog } from './telemetryLog';

/** Ticket workflow status. */
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;

/** One ticket status. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Who wrote a record and when (ISO 8601), stamped by the server on every write. */
export interface WriteMeta {
  readonly actor: string;
  readonly at: string;
}

/** Fields every versioned record carries; `version` starts at 1 and grows by one per write. */
export interface VersionedRecord {
  readonly id: string;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** The fields of a ticket a client may write. */
export interface TicketFields {
  readonly title: string;
  readonly status: TicketStatus;
  readonly assignee: string | null;
  readonly description: string;
}

/** A support ticket, as the API returns it. */
export interface Ticket extends VersionedRecord, TicketFields {}

/** The fields of a document a client may write. */
export interface DocumentFields {
  readonly title: string;
  readonly content: string;
}

/** A long text document for the text-merge demo. */
export interface DocumentRecord extends VersionedRecord, DocumentFields {}

/** One line of an order. */
export interface OrderItem {
  readonly sku: string;
  readonly quantity: number;
  readonly name?: string;
  readonly unitPriceCents?: number;
}

/** What a client sends to place an order. */
export interface OrderInput {
  readonly externalId: string;
  readonly items: readonly OrderItem[];
}

/** An order, as the API returns it. */
export interface Order extends VersionedRecord, OrderInput {
  readonly state: OrderState;
  readonly createdAt: string;
}

/** Outcome of a version-conditioned update. */
export type UpdateResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'not_found' }
  | { readonly ok: false; readonly reason: 'version_mismatch'; readonly current: T };

/** Outcome of placing an order: created, or refused because the external id exists. */
export type CreateOrderResult =
  | { readonly ok: true; readonly value: Order }
  | { readonly ok: false; readonly reason: 'duplicate_external_id'; readonly existing: Order };

/** Outcome of an order state transition. */
export type TransitionResult =
  | { readonly ok: true; readonly value: Order }
  | { readonly ok: false; readonly reason: 'not_found' }
  | { readonly ok: false; readonly reason: 'version_mismatch'; readonly current: Order }
  | { readonly ok: false; readonly reason: 'invalid_transition'; readonly current: Order };

/** Options of one write. */
export interface WriteOptions<T> {
  /**
   * Runs inside the write's transaction, after the write and before the
   * commit, with the record as written and the store's transaction handle
   * (the `pg` client on PostgreSQL; `undefined` on SQLite, whose one
   * connection every statement joins, and in memory). Throwing rolls the
   * write back. The reference server records an Idempotency-Key's outcome
   * here, so the two commit together. On the memory and SQLite stores it
   * must finish synchronously: their transactions cannot wait.
   */
  readonly within?: (record: T, tx: unknown) => MaybePromise<void>;
}

/** Longest text a list item carries in a large field (`description`, `content`), in characters. */
export const LIST_TEXT_LIMIT = 16_384;

/**
 * A record as lists show it: large text fields cut to {@link LIST_TEXT_LIMIT}
 * characters, and named in `truncated` when they were cut. Read the record
 * itself for the whole text.
 */
export type ListItem<T> = T & { readonly truncated?: readonly string[] };

/** Which page of a list to read. */
export interface PageRequest {
  /** Start after this id (the `next` cursor of the previous page); the first page without it. */
  readonly after?: string | undefined;
  /** Most items on the page. */
  readonly limit: number;
}

/** One page of a list, in id order. */
export interface Page<T> {
  readonly items: ListItem<T>[];
  /** The cursor of the next page (the last id on this one), when there is one. */
  readonly next?: string;
}

/** Records of one kind that are edited under optimistic concurrency control. */
export interface VersionedCollection<T extends VersionedRecord, F> {
  /** Every record, whole, in id order: for tests and tools; requests read {@link page}. */
  list(): Promise<T[]>;
  /** One page of records with large text fields cut (see {@link ListItem}). */
  page(request: PageRequest): Promise<Page<T>>;
  /** One record, or `undefined` for an unknown (or malformed) id. */
  get(id: string): Promise<T | undefined>;
  /** Creates a record at version 1. */
  create(fields: F, meta: WriteMeta, options?: WriteOptions<T>): Promise<T>;
  /**
   * Replaces the writable fields only if the stored version is still
   * `expectedVersion`, and bumps the version by one; atomic, so of two writers
   * holding the same version exactly one wins.
   */
  update(id: string, expectedVersion: number, fields: F, meta: WriteMeta, options?: WriteOptions<T>): Promise<UpdateResult<T>>;
}

/** Orders: unique external id, and a state machine instead of free edits. */
export interface OrderCollection {
  /** Every order, in id order: for tests and tools; requests read {@link page}. */
  list(): Promise<Order[]>;
  /** One page of orders. */
  page(request: PageRequest): Promise<Page<Order>>;
  /** One order, or `undefined`. */
  get(id: string): Promise<Order | undefined>;
  /**
   * Places an order; a second order with the same `externalId` is refused,
   * atomically. `options.within` runs only when the order is created.
   */
  create(input: OrderInput, meta: WriteMeta, options?: WriteOptions<Order>): Promise<CreateOrderResult>;
  /**
   * Moves an order to `to` if the workflow allows it from the current state
   * (and, when `expectedVersion` is given, only if the version still matches).
   */
  transition(id: string, to: OrderState, meta: WriteMeta, expectedVersion?: number, options?: WriteOptions<Order>): Promise<TransitionResult>;
}

/**
 * Everything the demo API stores. Three implementations share one contract
 * test suite: `sqliteStore` (Node, better-sqlite3), `pgStore` (PostgreSQL,
 * for more than one instance) and `memoryStore` (pure TS, runs in the
 * browser).
 */
export interface DemoStore {
  readonly tickets: VersionedCollection<Ticket, TicketFields>;
  readonly documents: VersionedCollection<DocumentRecord, DocumentFields>;
  readonly orders: OrderCollection;
  /** Every committed write, in commit order, numbered by a durable sequence: the change feed's source. */
  readonly changes: ChangeLog;
  /** Idempotency-Keys on the same database, so a write and its key's outcome share one transaction. */
  readonly idempotency: IdempotencyStore;
  /** Collected conflict events and the server's own refusals, capped (the insights page reads them). */
  readonly telemetry: TelemetryLog;
  /** Releases the underlying resources (closes the database, stops watching for changes). */
  close(): Promise<void>;
}
