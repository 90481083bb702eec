import type { Conflict } from './conflict';
import type { Intent } from './createIntent';
import type { RegistryKey, VersionRegistry } from './createVersionRegistry';
import type { FieldPath, Validator } from './etag';
import type { IntentStorage } from './intentStorage';
import type { ChangeAuthor } from './readChangeInfo';
import type { ConflictReader } from './readers/conflictReader';
import type { RecordRef, RemoteChange } from './remoteChange';

/** The part of `fetch` the client uses; `globalThis.fetch` fits. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A guarded write about to be sent, as a {@link WriteTracer} sees it. */
export interface TracedWrite {
  /** `PUT`, `PATCH` or `POST`. */
  readonly method: string;
  /** The route template of the URL (`/api/tickets/:id`). */
  readonly resource: string;
  /** The conflict this write retries, when it is a retry after one. */
  readonly conflictId?: string;
}

/** The trace of one write, from {@link WriteTracer.startWrite}. */
export interface WriteTrace {
  /** The W3C `traceparent` header to send with the write. */
  readonly traceparent: string;
  /** Called once: with the answer's status, or `undefined` when no answer came (a network failure). */
  end(status: number | undefined): void;
}

/** Starts the trace of each guarded write; `conflict-kit/otel` provides one on OpenTelemetry. */
export interface WriteTracer {
  /** Returns the `traceparent` to send (a span's context) and the function that ends the span. */
  startWrite(write: TracedWrite): WriteTrace;
}

/** Options of {@link createConflictClient}. */
export interface ConflictClientOptions {
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
  /**
   * Prefix for relative URLs (`https://api.example.com/v1` or `/api`); absolute URLs are used as they are.
   * @default '' (URLs are used as given)
   */
  readonly baseUrl?: string;
  /**
   * Where record versions and base snapshots are kept.
   * @default a new createVersionRegistry()
   */
  readonly registry?: VersionRegistry;
  /**
   * Where bodies keep their version (`'version'`, `'_rev'`, `['meta', 'rev']`); used when there is no strong ETag.
   * @default undefined (no body version)
   */
  readonly versionField?: FieldPath;
  /**
   * Headers sent with every request (such as `X-Actor`), or a function returning them per request.
   * @default none
   */
  readonly headers?: HeadersInit | (() => HeadersInit);
  /**
   * Extra conflict readers for the app's own server dialect, tried before the built-in ones.
   * @default []
   */
  readonly readers?: readonly ConflictReader[];
  /**
   * Send weak ETags in `If-Match` verbatim, for servers that accept them against RFC 9110 (Azure Storage: `azureOptions` sets it).
   * @default false
   */
  readonly allowWeakETags?: boolean;
  /**
   * Where pending create intents are kept.
   * @default defaultIntentStorage()
   */
  readonly intentStorage?: IntentStorage;
  /**
   * Generates idempotency keys.
   * @default crypto.randomUUID()
   */
  readonly generateKey?: () => string;
  /**
   * The clock.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Reads who changed a record and when from a newer version the client
   * fetched, so "changed by Ana at 10:42" survives the revalidation that
   * follows an event. What it cannot read keeps what the registry knew.
   * @default readChangeInfo (the body's `updatedBy` / `updatedAt`)
   */
  readonly changeOf?: (value: unknown) => ChangeAuthor;
  /**
   * Traces guarded writes (save, create, transition): each carries a W3C
   * `traceparent`, whose trace id the conflict and its events keep. A
   * cross-origin server must allow the `traceparent` request header (CORS).
   * `false` sends none.
   * @default a random trace id and parent id per write, sampled (`00-…-…-01`); `conflict-kit/otel` passes one that follows the active OpenTelemetry context
   */
  readonly tracer?: WriteTracer | false;
  /**
   * The route template of a URL, as conflict events and traces name the resource.
   * @default the URL's path with every segment that is not a plain word replaced by `:id` (`/api/tickets/:id`)
   */
  readonly resourceOf?: (url: string) => string;
}

/** Options every client method takes. */
export interface RequestOptions {
  /**
   * The registry key of the record.
   * @default the resolved URL
   */
  readonly key?: RegistryKey;
  /** Cancels the request; the abort reason is rethrown as it is, not as a {@link NetworkError}. */
  readonly signal?: AbortSignal;
  /** Headers for this request only; the kit's protocol headers (If-Match, Idempotency-Key) win over them. */
  readonly headers?: HeadersInit;
}

/** Options of {@link ConflictClient.read}. */
export interface ReadOptions extends RequestOptions {
  /**
   * Keep the registry's base while the user edits: a newer version is stored
   * as `latest` and the entry marked stale instead of moving the merge base
   * under the draft (which would turn the next save into a lost update).
   * A function is asked when the answer arrives, so a draft started while
   * the read was in flight still keeps its base.
   * @default false
   */
  readonly keepBase?: boolean | (() => boolean);
  /**
   * Ask for what the server holds now: an unconditional GET whose answer is
   * returned, and recorded (as `latest` with `keepBase`), even when the
   * registry learned something while it was out (a change event, another
   * tab). A recovery reads this way: a plain read yields to such news and
   * hands back the registry's copy, which may be the version the write
   * just failed against. Only a base recorded meanwhile (a save) is left
   * as it is, as the answer may predate it.
   * @default false
   */
  readonly fresh?: boolean;
}

/** Options of {@link ConflictClient.save}. */
export interface SaveOptions extends RequestOptions {
  /**
   * PUT replaces the record; PATCH sends a JSON merge patch (RFC 7396).
   * @default 'PUT'
   */
  readonly method?: 'PUT' | 'PATCH';
  /**
   * The snapshot the edit started from, for the PATCH diff and the registry.
   * @default the registry's base
   */
  readonly base?: unknown;
  /**
   * The version the edit is based on.
   * @default the registry's validator
   */
  readonly validator?: Validator;
  /**
   * For PATCH: the value is already a merge patch; send it as it is instead of diffing it against the base.
   * @default false
   */
  readonly asPatch?: boolean;
  /**
   * Send the write even when no precondition can protect it.
   * @default false
   */
  readonly unprotected?: boolean;
  /**
   * The conflict this write retries (`conflict.conflictId`), so its events join that conflict's.
   * @default undefined (a conflict of this write starts a new one)
   */
  readonly conflictId?: string;
}

/** Options of {@link ConflictClient.create}. */
export interface CreateOptions extends Omit<RequestOptions, 'key'> {
  /** The user intent this create belongs to, or its scope (such as `orders/new:order-88421`). */
  readonly intent: Intent | string;
  /**
   * POST to a collection, or PUT to the new record's URL with `If-None-Match: *`.
   * @default 'POST'
   */
  readonly method?: 'POST' | 'PUT';
  /**
   * Where to record the created record in the registry.
   * @default the URL it is read back from, else the `Location` header (POST) or the URL (PUT)
   */
  readonly key?: RegistryKey;
  /**
   * Where to read the created record back when the server's answer is not
   * the record with its version (CouchDB answers `{ok, id, rev}`): a
   * function of the answer naming the record's URL (resolved against the
   * request URL), or `false` never to read back (the result is then
   * `read: false` unless the answer is the record).
   * @default the answer's `Location` (RFC 9110 §15.3.2), else for a PUT the URL created at
   */
  readonly readBack?: false | ((reply: unknown, response: Response) => string | undefined) | undefined;
  /**
   * The conflict this create retries (`conflict.conflictId`), so its events join that conflict's.
   * @default undefined (a conflict of this create starts a new one)
   */
  readonly conflictId?: string;
}

/** Options of {@link ConflictClient.transition}. */
export interface TransitionOptions extends Omit<RequestOptions, 'key'> {
  /**
   * The registry key of the record the action changes (not of the action URL).
   * @default undefined (the registry is not touched)
   */
  readonly key?: RegistryKey;
  /**
   * The conflict this action follows up (`conflict.conflictId`), so its events join that conflict's.
   * @default undefined (a conflict of this action starts a new one)
   */
  readonly conflictId?: string;
}

/** A record as read, with its version. */
export interface ReadResult<T> {
  readonly value: T;
  readonly validator: Validator;
}

/** The outcome of a save: the saved record, or the conflict that stopped it. */
export type SaveResult<T> =
  | { readonly ok: true; readonly value: T; readonly validator: Validator }
  | { readonly ok: false; readonly conflict: Conflict };

/** What every successful create carries. */
export interface CreatedBase {
  /** The create succeeded. */
  readonly ok: true;
  /** The server's answer to the create, as sent (`undefined` when it had no JSON body). */
  readonly reply: unknown;
  /** The `Location` of the new record, resolved against the request URL when possible. */
  readonly location?: string;
  /** `true` when the server replayed an earlier result for this Idempotency-Key (`Idempotent-Replayed`). */
  readonly replayed: boolean;
}

/** A create whose record the client has: the answer was the record with its version, or it was read back. */
export interface CreatedRecord<T> extends CreatedBase {
  /** The client has the record. */
  readonly read: true;
  /** The created record. */
  readonly value: T;
  /** Its version. */
  readonly validator: Validator;
}

/**
 * A create that succeeded, but whose record the client could not read: the
 * answer was not the record and there was nowhere to read it from (or
 * `readBack: false`, or the read failed). `reply` is what the server said.
 */
export interface CreatedUnread extends CreatedBase {
  /** The client could not read the record. */
  readonly read: false;
  /** The validators the answer carried (often none). */
  readonly validator: Validator;
}

/** The outcome of a create: the created (or replayed) record, or the conflict that stopped it. */
export type CreateResult<T> = CreatedRecord<T> | CreatedUnread | { readonly ok: false; readonly conflict: Conflict };

/** The outcome of a workflow action. */
export type TransitionResult<T> =
  | { readonly ok: true; readonly value: T; readonly validator: Validator }
  | { readonly ok: false; readonly conflict: Conflict };

/** What a revalidation found. */
export type RevalidateResult = 'fresh' | 'stale' | 'deleted';

/** An HTTP client that guards writes with versions and returns conflicts as values. */
export interface ConflictClient {
  /** The registry the client records versions in. */
  readonly registry: VersionRegistry;
  /** The registry key (hashed) for a URL, or for an explicit key. */
  keyFor(url: string, key?: RegistryKey): string;
  /** Returns the intent for a scope with the client's storage, key generator and clock. */
  intent(scope: string): Intent;
  /**
   * Who changed a record and when, read from its value with the client's
   * `changeOf` option (by default the body's `updatedBy` / `updatedAt`);
   * empty when that reader cannot tell or throws.
   */
  changeOf(value: unknown): ChangeAuthor;
  /**
   * GETs a record and records its version and snapshot; revalidates with
   * `If-None-Match` when it holds one. With `fresh`, always returns what the
   * server holds now (for a recovery after a conflict).
   */
  read<T>(url: string, options?: ReadOptions): Promise<ReadResult<T>>;
  /** Checks with a conditional GET whether the recorded base is still current, and marks the registry. */
  revalidate(url: string, options?: RequestOptions): Promise<RevalidateResult>;
  /** Writes a record guarded by `If-Match` or its body version; refuses unprotected writes unless told. */
  save<T>(url: string, value: unknown, options?: SaveOptions): Promise<SaveResult<T>>;
  /** Creates a record once per intent, with its Idempotency-Key. */
  create<T>(url: string, body: unknown, options: CreateOptions): Promise<CreateResult<T>>;
  /** POSTs a workflow action (such as `{ to: 'cancelled' }`); never retried. */
  transition<T>(url: string, body: unknown, options?: TransitionOptions): Promise<TransitionResult<T>>;
  /**
   * Marks a record stale (or deleted) because something outside the kit says
   * another writer changed it: a websocket message, a change feed. Given the
   * new version, it ignores the echo of this client's own save. Returns
   * whether a record the client tracks was marked.
   */
  markStale(record: RecordRef, change?: RemoteChange): boolean;
}
