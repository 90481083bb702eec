import type { IdempotencyHandler } from '../../src/server';
import type { DemoStore } from './demoStore';

/** What every route module needs from `createApp`. */
export interface RouteContext {
  readonly store: DemoStore;
  /** Idempotency-Key handling where the key is optional (ticket and document creates, transitions). */
  readonly idempotency: IdempotencyHandler;
  /** Idempotency-Key handling where the key is required (order creates). */
  readonly requiredIdempotency: IdempotencyHandler;
  /** The clock for `updatedAt` / `createdAt`. */
  readonly now: () => Date;
  /** Body size limit in bytes for ticket and order writes. */
  readonly bodyLimit: number;
  /** Body size limit in bytes for document writes. */
  readonly documentBodyLimit: number;
}
