import type { ChangeInfo } from './createVersionRegistry';

/** Who changed a record and when, as read from its representation. */
export type ChangeAuthor = Pick<ChangeInfo, 'changedBy' | 'changedAt'>;

function toTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads who last changed a record and when from the conventional body
 * members `updatedBy` (a string) and `updatedAt` (an ISO date or ms since
 * epoch); anything else yields nothing rather than a guess.
 */
export function readChangeInfo(value: unknown): ChangeAuthor {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const record = value as Record<string, unknown>;
  const by = record['updatedBy'];
  const at = toTime(record['updatedAt']);
  return {
    ...(typeof by === 'string' && by !== '' ? { changedBy: by } : {}),
    ...(at !== undefined ? { changedAt: at } : {}),
  };
}
