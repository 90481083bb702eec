import type { Conflict } from '../conflict';
import type { CreateOptions, CreateResult } from '../conflictClientTypes';
import { hashRegistryKey } from '../hashRegistryKey';
import { compact } from '../readers/bodyMembers';
import { readJsonBody } from '../readResponse';
import { adoptWrite } from './adoptWrite';
import type { ClientContext } from './clientContext';
import { detectConflict } from './reportConflict';
import { sendWrite } from './sendWrite';
import { sentTraceId } from '../telemetry/traceparent';

/** A URL resolved against the request URL when possible (a relative base such as `/api` cannot be a URL base). */
function resolveAgainst(raw: string, target: string): string {
  try {
    return new URL(raw, target).toString();
  } catch {
    return raw;
  }
}

/**
 * A duplicate whose answer names nothing but the status or CouchDB's
 * `{"error":"conflict"}` names what was sent instead: the PUT's URL, or the
 * collection URL with the body's `id` / `_id` (CouchDB's `_id` is the
 * document's name). A reason of the server's own (a field taken) may be
 * about another record: it is not guessed.
 */
function withExisting(conflict: Conflict, method: string, target: string, body: unknown): Conflict {
  if (conflict.kind !== 'duplicate' || conflict.existing !== undefined || (conflict.source !== 'couchdb' && conflict.source !== 'http-status')) return conflict;
  const id = (body as { id?: unknown; _id?: unknown } | null | undefined)?.id ?? (body as { _id?: unknown } | null | undefined)?._id;
  const existing =
    method === 'PUT' ? target : typeof id === 'string' || typeof id === 'number' ? `${target.replace(/\/+$/, '')}/${encodeURIComponent(id)}` : undefined;
  return existing === undefined ? conflict : { ...conflict, existing };
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
  const sent = await sendWrite(ctx, method, target, { signal: opts.signal, headers: opts.headers, protocol, body }, opts.conflictId);
  const { response } = sent;
  if (!response.ok) {
    const conflict = await detectConflict(ctx, sent, info, opts.conflictId);
    // The thing exists: the intent is fulfilled, and the app adopts the existing record.
    if (conflict.kind === 'duplicate') intent.complete();
    return { ok: false, conflict: withExisting(conflict, method, target, body) };
  }
  const raw = response.headers.get('location') ?? undefined;
  const location = raw !== undefined ? resolveAgainst(raw, target) : undefined;
  const reply = await readJsonBody(response, info, false);
  // The create happened, whatever reading it back finds.
  intent.complete();
  let located: string | undefined = method === 'PUT' ? (location ?? target) : location;
  try {
    if (opts.readBack !== undefined) located = opts.readBack === false ? undefined : opts.readBack(reply, response);
  } catch {
    // The app's locator must not turn a create that happened into a failure (a retry would create again).
    located = undefined;
  }
  const readUrl = located !== undefined ? resolveAgainst(located, target) : undefined;
  const key = opts.key !== undefined ? hashRegistryKey(opts.key) : method === 'PUT' ? ctx.keyFor(url) : (readUrl ?? location);
  const adopted = await adoptWrite(ctx, reply, response.headers, { key, refetchUrl: readUrl, guess: undefined, sent: body }, opts);
  // Stripe sends `true`; structured-field booleans are `?1`.
  const replayed = /^(\?1|true)$/i.test(response.headers.get('idempotent-replayed')?.trim() ?? '');
  if (replayed) {
    // A replay is what a duplicate create becomes when it goes right: counted with duplicates.
    const subject = { kind: 'duplicate', conflictId: opts.conflictId, traceId: sentTraceId(sent) } as const;
    ctx.events.report?.(subject, { type: 'create.replayed' }, info, response.headers.get('x-request-id') ?? undefined);
  }
  const common = { ok: true as const, reply, replayed, ...compact({ location }) };
  return adopted.read ? { ...common, read: true, value: adopted.value as T, validator: adopted.validator } : { ...common, read: false, validator: adopted.validator };
}
