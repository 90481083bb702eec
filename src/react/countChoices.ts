import type { MergeChoice, MergeChoices } from '../core/resolveMerge';
import type { ConflictChoiceCounts, ConflictResolutionOutcome } from '../core/telemetry/ConflictEvent';

/** Adds up merge choices by what they took: mine, theirs, both, the original (`base`), or an edit. @internal */
export function countChoices(choices: MergeChoices, into?: ConflictChoiceCounts): ConflictChoiceCounts {
  const counts = { mine: 0, theirs: 0, both: 0, original: 0, edit: 0, ...into };
  for (const choice of (choices instanceof Map ? choices.values() : Object.values(choices)) as Iterable<MergeChoice>) {
    counts[typeof choice === 'object' ? 'edit' : choice === 'base' ? 'original' : choice]++;
  }
  return counts;
}

/** Whether the user kept their own side everywhere, theirs everywhere, or some of each. @internal */
export function outcomeOfChoices(counts: ConflictChoiceCounts): Extract<ConflictResolutionOutcome, 'kept-mine' | 'kept-theirs' | 'mixed'> {
  const total = counts.mine + counts.theirs + counts.both + counts.original + counts.edit;
  return total > 0 && counts.mine === total ? 'kept-mine' : total > 0 && counts.theirs === total ? 'kept-theirs' : 'mixed';
}
