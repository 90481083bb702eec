import type { Conflict } from '../conflict';
import { isRecord, own } from './bodyMembers';
import { conflictFromMembers } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

/**
 * Reads plain JSON bodies with a top-level `reason` or `code` field, as many
 * APIs send them (`{"reason":"duplicate_external_id","existingResourceId":…}`),
 * or the same members nested under `error`.
 */
export const flatReasonReader: ConflictReader = (ctx): Conflict | undefined => {
  const body = ctx.body;
  if (!isRecord(body)) return undefined;
  const nested = own(body, 'error');
  return conflictFromMembers(ctx, body, 'json') ?? (isRecord(nested) ? conflictFromMembers(ctx, nested, 'json') : undefined);
};
