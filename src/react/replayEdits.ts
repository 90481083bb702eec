import { mergeRecords } from '../core/mergeRecords';
import { resolveMerge, type MergeChoice } from '../core/resolveMerge';

/**
 * Replays the edits the user made after `submitted` (the draft as it went
 * into a write or a merge; `later` is the draft now) onto `onto` (what was
 * saved or merged): a three-way merge with `submitted` as the base. Where the
 * later edits and `onto` disagree, the later edits win: they are the user's
 * newest, and the draft must never drop them.
 * @internal
 */
export function replayEdits<T>(submitted: T, later: T, onto: T): T {
  const result = mergeRecords<T>(submitted, later, onto);
  if (result.clean) return result.value;
  const mine: Record<string, MergeChoice> = {};
  for (const conflict of result.conflicts) mine[conflict.pointer] = 'mine';
  return resolveMerge(result, mine);
}
