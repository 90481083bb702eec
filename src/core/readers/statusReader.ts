import type { Conflict } from '../conflict';
import { conflictOfKind, createsOnlyIfAbsent, duplicateConflict, putTargetOf } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

/**
 * Classifies from the status and what was sent, whatever the body (WebDAV
 * servers answer 412 with HTML or XML): 428 needs a precondition; 409/412
 * answering `If-None-Match: *` is a duplicate; 412 is otherwise stale; 404/410
 * on an edit means the record was deleted.
 */
export const statusReader: ConflictReader = (ctx): Conflict | undefined => {
  const { status, request } = ctx;
  // RFC 6585 §3: the server wants a conditional request (send If-Match).
  if (status === 428) return conflictOfKind(ctx, 'precondition-required', 'http-status', undefined);
  // RFC 9110 §13.1.2: If-None-Match: * fails when a current representation exists.
  if ((status === 409 || status === 412) && createsOnlyIfAbsent(ctx)) {
    return duplicateConflict(ctx, 'http-status', undefined, putTargetOf(ctx));
  }
  // RFC 9110 §13.1.1: a failed If-Match (or If-Unmodified-Since) means our version is old.
  if (status === 412) return conflictOfKind(ctx, 'stale', 'http-status', undefined);
  if ((status === 404 || status === 410) && request.isEdit) return conflictOfKind(ctx, 'deleted', 'http-status', undefined);
  return undefined;
};
