import type { Conflict } from '../conflict';
import { compact, own, readString, readToken } from './bodyMembers';
import { conflictOfKind } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

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
  if (idempotencyKey === undefined || !(ctx.text.trim() === '' || /idempoten/i.test(ctx.text))) return undefined;
  // A 409 answering If-None-Match: * is a duplicate (the status rules say so);
  // only without it does a 409 mean "same key still being processed".
  if (ctx.status === 409 && ifNoneMatch !== '*') {
    return conflictOfKind(ctx, 'idempotency-in-flight', 'idempotency-key', undefined);
  }
  if (ctx.status === 422) return conflictOfKind(ctx, 'idempotency-mismatch', 'idempotency-key', undefined);
  return undefined;
};
