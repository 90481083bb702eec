/**
 * Server side of the IETF draft "The Idempotency-Key HTTP Header Field"
 * (draft-ietf-httpapi-idempotency-key-header): the first request with a key
 * runs, retries with the same key and payload get its response again, and
 * misuse gets the draft's errors (§2.7).
 */
import type { IdempotencyRecord, IdempotencyStore, MaybePromise, StoredResponse } from './idempotencyStore';
import { DEFAULT_MAX_IDEMPOTENCY_KEY_LENGTH, parseIdempotencyKey } from './parseIdempotencyKey';
import { traceIdOf } from './parseTraceparent';
import { problemResponse } from './problemResponse';
import { PROBLEM_REASONS, PROBLEM_TYPES } from './problemTypes';

/** Options for {@link createIdempotencyHandler}. */
export interface IdempotencyHandlerOptions {
  /** Where keys and responses are kept. */
  readonly store: IdempotencyStore;
  /**
   * How long a finished request's response is kept for replay (§2.3 asks
   * servers to publish this).
   * @default 86_400_000 (24 hours)
   */
  readonly ttlMs?: number;
  /**
   * How long a running request holds its key. A crashed request frees the
   * key after this; a request that runs longer may be run a second time.
   * @default 60_000 (1 minute)
   */
  readonly inFlightTtlMs?: number;
  /**
   * Answer 400 when a request carries no `Idempotency-Key` (§2.7); otherwise
   * such requests just run.
   * @default false
   */
  readonly required?: boolean;
  /**
   * Clock, in ms since the epoch.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * `Retry-After` seconds on the 409 for a key that is still in use.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * Longest key accepted.
   * @default 255
   */
  readonly maxKeyLength?: number;
  /**
   * Makes the per-attempt token that guards a claim.
   * @default crypto.randomUUID
   */
  readonly generateToken?: () => string;
  /**
   * Told when the store fails after the work was done (storing or releasing
   * the response), or when a request outlived its in-flight claim. The
   * client still gets the response; the key may replay nothing. Log it.
   * @default undefined (ignored)
   */
  readonly onStoreError?: (error: unknown) => void;
}

/** Per-request options of {@link IdempotencyHandler.handle}. */
export interface IdempotencyHandleOptions {
  /**
   * Namespace of the key, such as the actor or the route: keys are unique
   * per client (§2.2), so two clients' equal keys must not collide.
   * @default '' (one namespace)
   */
  readonly scope?: string | undefined;
  /** The server's request id, written into problem bodies. */
  readonly requestId?: string | undefined;
  /**
   * The trace id written into problem bodies.
   * @default the trace id of the request's valid `traceparent` header, if any
   */
  readonly traceId?: string | undefined;
}

/** Handed to the operation an Idempotency-Key guards. */
export interface IdempotencyRun {
  /** The client's key, or `undefined` when the request carried none (then `record` does nothing). */
  readonly key: string | undefined;
  /**
   * Records `response` as the key's final outcome inside the operation's own
   * transaction, so the write and its outcome commit together or not at
   * all: a crash between the two can no longer leave a key "in flight"
   * whose retry runs the operation a second time. Call it after the write,
   * before the commit, and answer with the same response.
   *
   * `tx` is what the store needs to join the transaction (a `pg` client
   * for {@link pgIdempotencyStore}); the SQLite store's statements join the
   * open transaction of its connection, so call it synchronously there.
   * Throws {@link IdempotencyClaimLostError} when this request no longer
   * holds the key: roll the write back and let the error through.
   */
  record(response: StoredResponse, tx?: unknown): MaybePromise<void>;
}

/**
 * Thrown by {@link IdempotencyRun.record} when the request's claim on its
 * key lapsed and another request took the key over. Roll the write back;
 * the handler answers 409 `idempotency_key_in_use`, as for any key in use.
 */
export class IdempotencyClaimLostError extends Error {
  override readonly name = 'IdempotencyClaimLostError';
  /** The client's key. */
  readonly key: string;

  constructor(key: string, inFlightTtlMs: number) {
    super(
      `The claim on Idempotency-Key ${JSON.stringify(key)} lapsed after inFlightTtlMs (${inFlightTtlMs} ms) and another request holds the key now, so this write must not commit. Roll it back; raise inFlightTtlMs above the slowest request.`,
    );
    this.key = key;
  }
}

/** Runs requests at most once per Idempotency-Key. */
export interface IdempotencyHandler {
  /**
   * Runs `run` for the first request with a key and stores its final
   * outcome; replays it for retries with the same key and payload (header
   * `Idempotent-Replayed: true`); answers 409 while the first still runs,
   * 422 for the same key with a different payload (naming what the first
   * request created, when it did), 400 for a malformed or (when required)
   * missing key.
   *
   * Only outcomes of the operation are final and stored: a success, or a
   * 409/410 about the state of the resource (a duplicate, an invalid
   * transition). A refusal of the request itself (400, 404, 412, 422, 428,
   * a 409 `version_mismatch` on a body version, 408, 425, 429, 5xx) frees
   * the key, so the corrected retry with the same key runs: Stripe keeps a
   * result only once the operation began executing, and the draft leaves
   * which errors to keep to the server.
   *
   * `body` is the raw payload the caller already read; it is part of the
   * fingerprint with the method and path (§2.4). The response of `run` is
   * buffered to be stored, so do not stream from it. A write should record
   * its outcome in its own transaction through {@link IdempotencyRun.record};
   * otherwise the outcome is stored after `run` returns.
   */
  handle(
    request: Request,
    body: string | Uint8Array,
    run: (idempotency: IdempotencyRun) => Promise<Response>,
    options?: IdempotencyHandleOptions,
  ): Promise<Response>;
}

/** The response header that marks a replay (the name Stripe and others use). */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

// Not replayed: per-connection framing, a date that would be wrong, and
// cookies, which must never be handed to whoever presents the key next.
const UNSTORED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'date',
  'set-cookie',
]);

// Statuses a Response cannot carry a body with.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Whether a response is the operation's final outcome for its key. Refusals
 * of the request itself (malformed, not found, a failed or missing
 * precondition, invalid content, rate limits, server errors) are not: the
 * client is expected to correct and retry them with the same key, and
 * replaying the refusal would make that impossible. A 409 about a body
 * version is such a precondition refusal too.
 */
function isFinalOutcome(status: number, headers: Headers, body: Uint8Array): boolean {
  if (status >= 200 && status < 300) return true;
  if (status !== 409 && status !== 410) return false;
  if (!(headers.get('content-type') ?? '').includes('json')) return true;
  try {
    const problem: unknown = JSON.parse(new TextDecoder().decode(body));
    if (problem === null || typeof problem !== 'object') return true;
    const { reason, type } = problem as Record<string, unknown>;
    return reason !== PROBLEM_REASONS.versionMismatch && type !== PROBLEM_TYPES.versionMismatch;
  } catch {
    return true;
  }
}

/** What the first request with a key created, read from its stored 2xx response. */
function createdBy(stored: StoredResponse): { existing?: string; existingResourceId?: string } {
  if (stored.status < 200 || stored.status >= 300) return {};
  const location = stored.headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
  let id: unknown;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(stored.body));
    if (parsed !== null && typeof parsed === 'object') id = (parsed as Record<string, unknown>)['id'];
  } catch {
    // Not JSON: the location alone names the resource.
  }
  if (location === undefined) return {};
  return {
    existing: location,
    ...(typeof id === 'string' || typeof id === 'number' ? { existingResourceId: String(id) } : {}),
  };
}

const isPromise = <T>(value: MaybePromise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const encoder = new TextEncoder();

/** SHA-256 over method, path with query, and body, framed so no two requests collide. */
async function fingerprintOf(request: Request, body: string | Uint8Array): Promise<string> {
  const url = new URL(request.url);
  const head = encoder.encode(`${request.method.toUpperCase()}\n${url.pathname}${url.search}\n`);
  const payload = typeof body === 'string' ? encoder.encode(body) : body;
  const bytes = new Uint8Array(head.byteLength + payload.byteLength);
  bytes.set(head, 0);
  bytes.set(payload, head.byteLength);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function toResponse(stored: StoredResponse, replayed: boolean): Response {
  const headers = new Headers();
  for (const [name, value] of stored.headers) headers.append(name, value);
  if (replayed) headers.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  // A copy: the stored bytes stay untouched, and Response wants an ArrayBuffer-backed view.
  const body = NULL_BODY_STATUSES.has(stored.status) ? null : new Uint8Array(stored.body);
  return new Response(body, { status: stored.status, headers });
}

/** The request and trace ids every problem body of the handler carries. */
interface ProblemIds {
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
}

/** §2.7: a missing key where one is required, or a malformed one, is a 400. */
function keyProblem(why: 'missing' | 'malformed', maxKeyLength: number, ids: ProblemIds): Response {
  if (why === 'missing') {
    return problemResponse({
      status: 400,
      type: PROBLEM_TYPES.idempotencyKeyMissing,
      title: 'Idempotency-Key is missing',
      detail:
        'This operation requires an Idempotency-Key header, such as Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324". Use one new key per action and send the same key on every retry of it.',
      reason: PROBLEM_REASONS.idempotencyKeyMissing,
      ...ids,
    });
  }
  return problemResponse({
    status: 400,
    type: PROBLEM_TYPES.idempotencyKeyMalformed,
    title: 'Idempotency-Key is malformed',
    detail: `The Idempotency-Key header must be one quoted string of 1 to ${maxKeyLength} printable ASCII characters, such as "8e03978e-40d5-43e8-bc93-6894a57f9324" (RFC 8941 §3.3.3).`,
    reason: PROBLEM_REASONS.idempotencyKeyMalformed,
    ...ids,
  });
}

/** §2.7: a retry while the first request is still running is a 409. */
function inUseProblem(key: string, retryAfterSeconds: number, ids: ProblemIds): Response {
  return problemResponse({
    status: 409,
    type: PROBLEM_TYPES.idempotencyKeyInUse,
    title: 'A request with this Idempotency-Key is still being processed',
    detail: `The first request with this key has not finished. Retry after ${retryAfterSeconds} s with the same key to get its result.`,
    reason: PROBLEM_REASONS.idempotencyKeyInUse,
    idempotencyKey: key,
    ...ids,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/**
 * §2.7: the same key with a different payload is a 422. When the first
 * request created something, name it: the client can lead its user to what
 * the first attempt made.
 */
function reusedKeyProblem(key: string, record: IdempotencyRecord, ids: ProblemIds): Response {
  const created = record.state === 'completed' ? createdBy(record.response) : {};
  return problemResponse({
    status: 422,
    type: PROBLEM_TYPES.idempotencyKeyReused,
    title: 'Idempotency-Key is already used',
    detail:
      created.existing !== undefined
        ? `This Idempotency-Key was already used for a different request, which created ${created.existing}. Open that instead, or send a new key for a new action.`
        : 'This Idempotency-Key was already used for a different request (another method, path or body). Send a new key for a new action.',
    reason: PROBLEM_REASONS.idempotencyKeyReused,
    idempotencyKey: key,
    ...created,
    ...ids,
  });
}

/**
 * Creates an Idempotency-Key handler over a store. One handler per store;
 * share it across routes and pass a `scope` per client.
 */
export function createIdempotencyHandler(options: IdempotencyHandlerOptions): IdempotencyHandler {
  const {
    store,
    ttlMs = 86_400_000,
    inFlightTtlMs = 60_000,
    required = false,
    now = Date.now,
    retryAfterSeconds = 1,
    maxKeyLength = DEFAULT_MAX_IDEMPOTENCY_KEY_LENGTH,
    generateToken = () => crypto.randomUUID(),
    onStoreError,
  } = options;

  const report = (error: unknown): void => {
    onStoreError?.(error);
  };

  /** Stores a final answer for the key's retries; a lapsed claim or a failing store is reported, never the client's problem. */
  const keep = async (storeKey: string, token: string, key: string, response: Response, bytes: Uint8Array<ArrayBuffer>): Promise<void> => {
    const headers: Array<[string, string]> = [];
    response.headers.forEach((value, name) => {
      if (!UNSTORED_HEADERS.has(name)) headers.push([name, value]);
    });
    const stored: StoredResponse = { status: response.status, headers, body: bytes };
    try {
      const kept = await store.complete(storeKey, token, stored, now() + ttlMs);
      if (!kept) {
        report(
          new Error(
            `The Idempotency-Key ${JSON.stringify(key)} claim lapsed after inFlightTtlMs (${inFlightTtlMs} ms) before the response was stored, so a retry may have run the operation again. Raise inFlightTtlMs above the slowest request.`,
          ),
        );
      }
    } catch (error) {
      report(error);
    }
  };

  return {
    async handle(request, body, run, handleOptions = {}) {
      const ids: ProblemIds = { requestId: handleOptions.requestId, traceId: handleOptions.traceId ?? traceIdOf(request) };
      const raw = request.headers.get('idempotency-key');
      if (raw === null && !required) return run({ key: undefined, record: () => undefined });
      const key = raw === null ? undefined : parseIdempotencyKey(raw, maxKeyLength);
      if (key === undefined || key === null) return keyProblem(raw === null ? 'missing' : 'malformed', maxKeyLength, ids);

      const storeKey = JSON.stringify([handleOptions.scope ?? '', key]);
      const fingerprint = await fingerprintOf(request, body);
      const token = generateToken();
      const started = now();
      const begun = await store.begin({ key: storeKey, fingerprint, token, expiresAt: started + inFlightTtlMs }, started);

      const inUse = (): Response => inUseProblem(key, retryAfterSeconds, ids);

      if (begun.outcome === 'exists') {
        const { record } = begun;
        if (record.fingerprint !== fingerprint) return reusedKeyProblem(key, record, ids);
        if (record.state === 'in-flight') return inUse();
        return toResponse(record.response, true);
      }

      const release = async (): Promise<void> => {
        try {
          await store.release(storeKey, token);
        } catch (error) {
          report(error);
        }
      };

      let recorded = false;
      const idempotency: IdempotencyRun = {
        key,
        record(stored, tx) {
          if (recorded) throw new Error(`record was called twice for Idempotency-Key ${JSON.stringify(key)}; call it once, for the response the operation answers.`);
          const settle = (kept: boolean): void => {
            if (!kept) throw new IdempotencyClaimLostError(key, inFlightTtlMs);
            recorded = true;
          };
          const kept = store.complete(storeKey, token, stored, now() + ttlMs, tx);
          return isPromise(kept) ? kept.then(settle) : settle(kept);
        },
      };

      let response: Response;
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        response = await run(idempotency);
        if (recorded) return response;
        const status = response.status;
        if (status < 200 || (status >= 300 && status !== 409 && status !== 410)) {
          await release();
          return response;
        }
        bytes = new Uint8Array(await response.arrayBuffer());
        if (!isFinalOutcome(status, response.headers, bytes)) {
          await release();
          return rebuild(response, bytes);
        }
      } catch (error) {
        // The write rolled back with its outcome: nothing holds the key but this claim.
        await release();
        if (error instanceof IdempotencyClaimLostError) return inUse();
        throw error;
      }

      await keep(storeKey, token, key, response, bytes);
      return rebuild(response, bytes);
    },
  };
}

/** The response again, from its buffered body; the first answer keeps every header, cookies included. */
function rebuild(response: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
