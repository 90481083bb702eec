import type { MergeChoice, MergeChoices } from '../core/resolveMerge';
import type { ConflictChoiceCounts, ConflictResolutionOutcome } from '../core/telemetry/ConflictEvent';

/**
 * How the user settled a save's merge dialogs: their choices added up by
 * what each took (mine, theirs, both, the original `base`, or an edit), and
 * whether they kept their own side everywhere, theirs everywhere, or some of
 * each. Without any choices (a resolver of the app's own that gives none),
 * only "mixed" can be said.
 * @internal
 */
export function summarizeChoices(answers: readonly (MergeChoices | undefined)[]): {
  readonly outcome: Extract<ConflictResolutionOutcome, 'kept-mine' | 'kept-theirs' | 'mixed'>;
  readonly choices?: ConflictChoiceCounts;
} {
  const counts = { mine: 0, theirs: 0, both: 0, original: 0, edit: 0 };
  let total = 0;
  for (const choices of answers) {
    for (const choice of (choices instanceof Map ? choices.values() : Object.values(choices ?? {})) as Iterable<MergeChoice>) {
      counts[typeof choice === 'object' ? 'edit' : choice === 'base' ? 'original' : choice]++;
      total++;
    }
  }
  const outcome = total > 0 && counts.mine === total ? 'kept-mine' : total > 0 && counts.theirs === total ? 'kept-theirs' : 'mixed';
  return answers.some((choices) => choices !== undefined) ? { outcome, choices: counts } : { outcome };
}
