/**
 * Storage contract of the Idempotency-Key handler. Methods may answer
 * synchronously or with a Promise, so both an in-process Map and a remote
 * database fit.
 */

/** A value, or a Promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** A response as the store keeps it, to replay byte for byte. */
export interface StoredResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Header name/value pairs, in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body bytes (empty for no body). */
  readonly body: Uint8Array;
}

/** What the store holds for a key another request already claimed. */
export type IdempotencyRecord =
  | {
      /** The first request is still running. */
      readonly state: 'in-flight';
      /** Fingerprint of the first request (method, path, body). */
      readonly fingerprint: string;
      /** When the claim lapses (ms since the epoch), so a crashed request cannot hold a key forever. */
      readonly expiresAt: number;
    }
  | {
      /** The first request finished; its response is stored. */
      readonly state: 'completed';
      /** Fingerprint of the first request (method, path, body). */
      readonly fingerprint: string;
      /** When the record expires (ms since the epoch). */
      readonly expiresAt: number;
      /** The response to replay. */
      readonly response: StoredResponse;
    };

/** A request's attempt to claim a key. */
export interface IdempotencyClaim {
  /** The key, already combined with its scope. */
  readonly key: string;
  /** Fingerprint of this request. */
  readonly fingerprint: string;
  /** Unique per attempt: only the holder of the claim may complete or release it. */
  readonly token: string;
  /** When the in-flight claim lapses (ms since the epoch). */
  readonly expiresAt: number;
}

/** The outcome of {@link IdempotencyStore.begin}. */
export type BeginResult =
  | { readonly outcome: 'started' }
  | { readonly outcome: 'exists'; readonly record: IdempotencyRecord };

/** Where the Idempotency-Key handler keeps keys and responses. */
export interface IdempotencyStore {
  /**
   * Claims `claim.key` unless an unexpired record holds it, atomically: of
   * two concurrent begins for one key, exactly one may see `started`. A
   * record whose `expiresAt <= now` counts as absent.
   */
  begin(claim: IdempotencyClaim, now: number): MaybePromise<BeginResult>;
  /**
   * Stores the response of a claim and keeps it until `expiresAt`. Returns
   * `false` (and stores nothing) when the claim is no longer held by `token`.
   *
   * `tx` is the caller's open transaction, when the outcome is recorded in
   * the same transaction as the write it guards (see
   * {@link IdempotencyRun.record}): a store on a connection pool runs the
   * statement on it; a store whose statements join the caller's transaction
   * by themselves (one SQLite connection) or that lives in memory ignores it.
   */
  complete(key: string, token: string, response: StoredResponse, expiresAt: number, tx?: unknown): MaybePromise<boolean>;
  /** Forgets an in-flight claim held by `token`, so a retry can run again. */
  release(key: string, token: string): MaybePromise<void>;
}
