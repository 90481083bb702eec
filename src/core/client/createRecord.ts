import type { CreateOptions, CreateResult } from '../conflictClientTypes';
import { hashRegistryKey } from '../hashRegistryKey';
import { adoptWrite } from './adoptWrite';
import type { ClientContext } from './clientContext';
import { detectConflict } from './reportConflict';
import { sendWrite } from './sendWrite';

/** The `Location` of a created record, resolved against the request URL when possible. */
function locationOf(response: Response, target: string): string | undefined {
  const raw = response.headers.get('location');
  if (!raw) return undefined;
  try {
    return new URL(raw, target).toString();
  } catch {
    return raw;
  }
}

/**
 * Creates a record once per intent: the intent's Idempotency-Key on every
 * attempt, completed on success or on a duplicate (the thing exists).
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
    return { ok: false, conflict };
  }
  const location = locationOf(response, target);
  const key = opts.key !== undefined ? hashRegistryKey(opts.key) : method === 'PUT' ? ctx.keyFor(url) : location;
  const refetchUrl = location ?? (method === 'PUT' ? target : undefined);
  const created = await adoptWrite(ctx, response, info, { key, refetchUrl, guess: undefined }, opts);
  intent.complete();
  // Stripe sends `true`; structured-field booleans are `?1`.
  const replayed = /^(\?1|true)$/i.test(response.headers.get('idempotent-replayed')?.trim() ?? '');
  if (replayed && ctx.telemetry.active) {
    // A replay is what a duplicate create becomes when it goes right: counted with duplicates.
    const requestId = response.headers.get('x-request-id');
    const replay = { kind: 'duplicate', status: response.status, source: 'replay', ...info, ...(requestId ? { requestId } : {}) } as const;
    ctx.telemetry.emit(ctx.telemetry.baseOf({ ...replay, ...(opts.conflictId ? { conflictId: opts.conflictId } : {}), ...(sent.traceId ? { traceId: sent.traceId } : {}) }), { type: 'create.replayed' });
  }
  return { ok: true, value: created.value as T, validator: created.validator, replayed, ...(location !== undefined ? { location } : {}) };
}
