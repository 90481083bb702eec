import type { Conflict } from '../conflict';
import { isRecord, own } from './bodyMembers';
import { conflictFromReason } from './conflictFromReason';
import type { ConflictReader } from './conflictReader';

/**
 * Reads plain JSON bodies with a top-level `reason` or `code` field, as many
 * APIs send them (`{"reason":"duplicate_external_id","existingResourceId":…}`),
 * or the same members nested under `error`.
 */
export const flatReasonReader: ConflictReader = (ctx): Conflict | undefined => {
  const body = ctx.body;
  if (!isRecord(body)) return undefined;
  const top =
    conflictFromReason(ctx, own(body, 'reason'), body, 'json') ??
    conflictFromReason(ctx, own(body, 'code'), body, 'json');
  if (top) return top;
  const nested = own(body, 'error');
  if (!isRecord(nested)) return undefined;
  return (
    conflictFromReason(ctx, own(nested, 'reason'), nested, 'json') ??
    conflictFromReason(ctx, own(nested, 'code'), nested, 'json')
  );
};
