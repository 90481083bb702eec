import type { ChangeInfo } from './createVersionRegistry';
import { compact, isRecord } from './readers/bodyMembers';

/** Who changed a record and when, as read from its representation. */
export type ChangeAuthor = Pick<ChangeInfo, 'changedBy' | 'changedAt'>;

/**
 * A moment from ms since epoch or a date string, within the range a Date
 * holds; anything else is `undefined`.
 * @internal
 */
export function readTime(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  // Beyond ±8.64e15 ms a Date is invalid, and formatting it throws (ECMA-262 §21.4.1.1).
  return Math.abs(ms) <= 8.64e15 ? ms : undefined;
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
