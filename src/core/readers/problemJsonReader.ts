import type { Conflict } from '../conflict';
import { isRecord, normalizeReason, own, readToken, reasonTokenOf } from './bodyMembers';
import { conflictFromMembers, conflictFromReason } from './conflictFromReason';
import type { ConflictReader, ReaderContext } from './conflictReader';

/** True when the body is an RFC 9457 problem: the media type says so, or it has a `type` and a `title`. */
export function isProblemBody(ctx: ReaderContext): boolean {
  if (!isRecord(ctx.body)) return false;
  if (ctx.contentType === 'application/problem+json') return true;
  return typeof own(ctx.body, 'type') === 'string' && typeof own(ctx.body, 'title') === 'string';
}

/**
 * Reads RFC 9457 `application/problem+json`: the conflict is identified by an
 * extension `reason` or `code`, else by the last segment of the `type` URI
 * (`…/problems/version-mismatch`); `detail` is never parsed.
 */
export const problemJsonReader: ConflictReader = (ctx): Conflict | undefined => {
  if (!isProblemBody(ctx)) return undefined;
  const body = ctx.body;
  const byMember = conflictFromMembers(ctx, body, 'problem+json');
  if (byMember) return byMember;
  const type = readToken(own(body, 'type'));
  if (type === undefined || type === 'about:blank') return undefined;
  const conflict = conflictFromReason(ctx, normalizeReason(type), body, 'problem+json');
  // Classified by its type, the problem still keeps the server's own reason or code for support.
  const reason = reasonTokenOf(body);
  return conflict && reason ? { ...conflict, reason } : conflict;
};
