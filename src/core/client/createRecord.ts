import type { Conflict, DuplicateConflict } from '../conflict';
import type { CreateOptions, CreateResult } from '../conflictClientTypes';
import { readValidator, type Validator } from '../etag';
import { hashRegistryKey } from '../hashRegistryKey';
import { hasVersion, readWriteAnswer } from './adoptWrite';
import { classifyFailure } from './classifyFailure';
import type { ClientContext } from './clientContext';
import { fetchRecord } from './fetchRecord';

/** A URL resolved against the request URL when possible (a relative base such as `/api` cannot be a URL base). */
function resolveAgainst(raw: string, target: string): string {
  try {
    return new URL(raw, target).toString();
  } catch {
    return raw;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether a create's answer is the created record with its version, rather
 * than an acknowledgement (`{ok, id, rev}`): it carries a version (the body
 * version field when the client has one) and every member that was sent.
 */
function isRecordAnswer(reply: unknown, sent: unknown, validator: Validator, ctx: ClientContext): boolean {
  if (!isObject(reply) || !hasVersion(validator)) return false;
  if (ctx.versionField !== undefined && validator.version === undefined) return false;
  return !isObject(sent) || Object.keys(sent).every((name) => name in reply);
}

/**
 * The URL or id that was sent, for a duplicate whose answer names nothing
 * (CouchDB's `{"error":"conflict"}`): the PUT's URL, or the collection URL
 * with the body's `id` / `_id`.
 */
function sentIdentity(method: string, target: string, body: unknown): string | undefined {
  if (method === 'PUT') return target;
  const id = isObject(body) ? (body['id'] ?? body['_id']) : undefined;
  return typeof id === 'string' || typeof id === 'number' ? `${target.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}` : undefined;
}

function withExisting(conflict: Conflict, method: string, target: string, body: unknown): Conflict {
  if (conflict.kind !== 'duplicate' || conflict.existing !== undefined) return conflict;
  const existing = sentIdentity(method, target, body);
  return existing === undefined ? conflict : ({ ...conflict, existing } satisfies DuplicateConflict);
}

/** The app's `readBack`, which must not turn a create that happened into a failure. */
function locate(readBack: (reply: unknown, response: Response) => string | undefined, reply: unknown, response: Response): string | undefined {
  try {
    return readBack(reply, response);
  } catch {
    return undefined;
  }
}

/**
 * Creates a record once per intent: the intent's Idempotency-Key on every
 * attempt, completed on success or on a duplicate (the thing exists). When
 * the answer is not the record with its version, reads it back from where
 * the answer says it is (a 201's `Location`, RFC 9110 §15.3.2).
 * @internal
 */
export async function createRecord<T>(ctx: ClientContext, url: string, body: unknown, opts: CreateOptions): Promise<CreateResult<T>> {
  const method = opts.method ?? 'POST';
  const target = ctx.resolve(url);
  const info = { method, url: target };
  const intent = typeof opts.intent === 'string' ? ctx.intent(opts.intent) : opts.intent;
  const protocol: Record<string, string> = { 'idempotency-key': intent.header };
  // "Only if it does not exist yet" (RFC 9110 §13.1.2).
  if (method === 'PUT') protocol['if-none-match'] = '*';
  // A network failure throws here and keeps the intent: the retry reuses its key.
  const { response, request } = await ctx.send(method, target, { signal: opts.signal, headers: opts.headers, protocol, body });
  if (!response.ok) {
    const conflict = await classifyFailure(response, request, info, ctx.readers ? { readers: ctx.readers } : {});
    // The thing exists: the intent is fulfilled, and the app adopts the existing record.
    if (conflict.kind === 'duplicate') intent.complete();
    return { ok: false, conflict: withExisting(conflict, method, target, body) };
  }
  const raw = response.headers.get('location');
  const location = raw ? resolveAgainst(raw, target) : undefined;
  const reply = await readWriteAnswer(response, info);
  // The create happened, whatever reading it back finds.
  intent.complete();
  // Stripe sends `true`; structured-field booleans are `?1`.
  const replayed = /^(\?1|true)$/i.test(response.headers.get('idempotent-replayed')?.trim() ?? '');
  const common = { ok: true as const, reply, replayed, ...(location !== undefined ? { location } : {}) };
  const validator = readValidator(response.headers, reply, ctx.versionField !== undefined ? { versionField: ctx.versionField } : {});
  const answered = isRecordAnswer(reply, body, validator, ctx);
  const located = opts.readBack === false || answered ? undefined : opts.readBack ? locate(opts.readBack, reply, response) : (raw ?? undefined);
  const readUrl = located !== undefined ? resolveAgainst(located, target) : method === 'PUT' && !answered && opts.readBack === undefined ? target : undefined;
  const key = opts.key !== undefined ? hashRegistryKey(opts.key) : method === 'PUT' ? ctx.keyFor(url) : (readUrl ?? location);
  if (answered) {
    if (key !== undefined) ctx.registry.record(key, { validator, base: reply });
    return { ...common, read: true, value: reply as T, validator };
  }
  if (readUrl !== undefined) {
    try {
      const got = await fetchRecord(ctx.send, readUrl, undefined, opts, ctx.versionField);
      if (got.ok) {
        if (key !== undefined) ctx.registry.record(key, { validator: got.validator, base: got.value, freshness: hasVersion(got.validator) ? 'fresh' : 'unknown' });
        return { ...common, read: true, value: got.value as T, validator: got.validator };
      }
    } catch {
      // The create succeeded; failing to read it back must not report it as failed (a retry would create again).
    }
  }
  if (key !== undefined) ctx.registry.markUnknown(key);
  return { ...common, read: false, validator };
}
