import type { ChangeInfo } from './createVersionRegistry';
import { compact, isRecord } from './readers/bodyMembers';

/** Who changed a record and when, as read from its representation. */
export type ChangeAuthor = Pick<ChangeInfo, 'changedBy' | 'changedAt'>;

/**
 * A moment from ms since epoch or a date string; anything else is `undefined`.
 * @internal
 */
export function readTime(value: unknown): number | undefined {
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
  if (!isRecord(value)) return {};
  const by = value['updatedBy'];
  return compact({ changedBy: typeof by === 'string' && by !== '' ? by : undefined, changedAt: readTime(value['updatedAt']) });
}
