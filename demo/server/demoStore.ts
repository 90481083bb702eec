import type { OrderState } from './orderStateMachine';

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

/** Records of one kind that are edited under optimistic concurrency control. */
export interface VersionedCollection<T extends VersionedRecord, F> {
  /** All records, in id order. */
  list(): Promise<T[]>;
  /** One record, or `undefined` for an unknown (or malformed) id. */
  get(id: string): Promise<T | undefined>;
  /** Creates a record at version 1. */
  create(fields: F, meta: WriteMeta): Promise<T>;
  /**
   * Replaces the writable fields only if the stored version is still
   * `expectedVersion`, and bumps the version by one; atomic, so of two writers
   * holding the same version exactly one wins.
   */
  update(id: string, expectedVersion: number, fields: F, meta: WriteMeta): Promise<UpdateResult<T>>;
}

/** Orders: unique external id, and a state machine instead of free edits. */
export interface OrderCollection {
  /** All orders, in id order. */
  list(): Promise<Order[]>;
  /** One order, or `undefined`. */
  get(id: string): Promise<Order | undefined>;
  /** Places an order; a second order with the same `externalId` is refused, atomically. */
  create(input: OrderInput, meta: WriteMeta): Promise<CreateOrderResult>;
  /**
   * Moves an order to `to` if the workflow allows it from the current state
   * (and, when `expectedVersion` is given, only if the version still matches).
   */
  transition(id: string, to: OrderState, meta: WriteMeta, expectedVersion?: number): Promise<TransitionResult>;
}

/**
 * Everything the demo API stores. Two implementations share one contract test
 * suite: `sqliteStore` (Node, better-sqlite3) and `memoryStore` (pure TS, runs
 * in the browser).
 */
export interface DemoStore {
  readonly tickets: VersionedCollection<Ticket, TicketFields>;
  readonly documents: VersionedCollection<DocumentRecord, DocumentFields>;
  readonly orders: OrderCollection;
  /** Releases the underlying resources (closes the database). */
  close(): void;
}
