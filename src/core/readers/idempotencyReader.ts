import type { Conflict } from '../conflict';
import { compact, isRecord, own, readString, readToken } from './bodyMembers';
import { conflictOfKind } from './conflictFromReason';
import type { ConflictReader, ReaderContext } from './conflictReader';

/**
 * Words that only name a 409 (Express's "Conflict", Spring's `error`, RFC
 * 9457's `about:blank`). A 422 that names only its status is read as
 * invalid fields, as servers mostly mean it.
 */
const STATUS_ONLY = /^(409|conflict|about:blank)$/i;

/**
 * The answer is the key's: it says nothing of its own (no body, or only the
 * status's name), or its words for people, its `type` or its code speak of
 * idempotency. Member names are not read: a body that echoes its
 * `idempotencyKey` is about something else.
 */
function aboutTheKey(ctx: ReaderContext): boolean {
  const { body } = ctx;
  const text = ctx.text.trim();
  if (text === '') return true;
  const words = isRecord(body)
    ? ['title', 'detail', 'message', 'error', 'type', 'reason', 'code'].map((member) => readString(own(body, member))).filter((word) => word !== undefined)
    : [text];
  return words.some((word) => /idempoten/i.test(word)) || (words.length > 0 && words.every((word) => STATUS_ONLY.test(word)));
}

/**
 * Reads Idempotency-Key errors: Stripe's `{"error":{"type":"idempotency_error"}}`
 * (key reused with other parameters) and `code: "idempotency_key_in_use"`, and
 * the IETF draft's bare statuses when a key was sent, when the body is empty
 * or speaks of idempotency: 409 means the first request is still in flight,
 * 422 that the key was reused with another payload. A body about something
 * else is the server's own refusal (409 for a field already taken, 422 for
 * invalid fields), not the key's. Stripe's body is read where its status
 * reaches the classifier (409, 422); Stripe itself answers key reuse with 400,
 * which stays an `HttpError`.
 */
export const idempotencyReader: ConflictReader = (ctx): Conflict | undefined => {
  const stripeError = own(ctx.body, 'error');
  const type = readToken(own(stripeError, 'type'));
  const code = readToken(own(stripeError, 'code'));
  const detail = compact({ detail: readString(own(stripeError, 'message')) });
  if (code === 'idempotency_key_in_use') {
    return { ...conflictOfKind(ctx, 'idempotency-in-flight', 'stripe', undefined, code), ...detail };
  }
  if (type === 'idempotency_error') {
    return { ...conflictOfKind(ctx, 'idempotency-mismatch', 'stripe', undefined, type), ...detail };
  }
  const { idempotencyKey, ifNoneMatch } = ctx.request;
  if (idempotencyKey === undefined || !aboutTheKey(ctx)) return undefined;
  // A 409 answering If-None-Match: * is a duplicate (the status rules say so);
  // only without it does a 409 mean "same key still being processed".
  if (ctx.status === 409 && ifNoneMatch !== '*') {
    return conflictOfKind(ctx, 'idempotency-in-flight', 'idempotency-key', undefined);
  }
  if (ctx.status === 422) return conflictOfKind(ctx, 'idempotency-mismatch', 'idempotency-key', undefined);
  return undefined;
};
