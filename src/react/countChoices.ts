import type { MergeChoice, MergeChoices } from '../core/resolveMerge';
import type { ConflictChoiceCounts, ConflictResolutionOutcome } from '../core/telemetry/ConflictEvent';

type Counts = { -readonly [K in keyof ConflictChoiceCounts]: number };

/** No choice yet. @internal */
export const NO_CHOICES: ConflictChoiceCounts = { mine: 0, theirs: 0, both: 0, original: 0, edit: 0 };

/** Adds up merge choices by what they took: mine, theirs, both, the original (`base`), or an edit. @internal */
export function countChoices(choices: MergeChoices, into: ConflictChoiceCounts = NO_CHOICES): ConflictChoiceCounts {
  const counts: Counts = { ...into };
  const values: Iterable<MergeChoice> = choices instanceof Map ? choices.values() : Object.values(choices as Record<string, MergeChoice>);
  for (const choice of values) {
    if (choice === 'mine' || choice === 'theirs' || choice === 'both') counts[choice]++;
    else if (choice === 'base') counts.original++;
    else counts.edit++;
  }
  return counts;
}

/** Whether the user kept their own side everywhere, theirs everywhere, or some of each. @internal */
export function outcomeOfChoices(counts: ConflictChoiceCounts): Extract<ConflictResolutionOutcome, 'kept-mine' | 'kept-theirs' | 'mixed'> {
  const total = counts.mine + counts.theirs + counts.both + counts.original + counts.edit;
  if (total > 0 && counts.mine === total) return 'kept-mine';
  if (total > 0 && counts.theirs === total) return 'kept-theirs';
  return 'mixed';
}
