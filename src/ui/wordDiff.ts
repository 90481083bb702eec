import { classify, countClasses } from '../core/diff/interning';
import { trimCommon } from '../core/diff/trimCommon';
import { xdiff } from '../core/diff/xdiff';
import { wordTokens } from '../core/wordMerge';

/** A run of words in a word diff. */
export interface WordSegment {
  /** `same` in both, `add` only in the changed text, `remove` only in the original. */
  readonly op: 'same' | 'add' | 'remove';
  readonly text: string;
}

/**
 * Above this product of the changed stretches' token counts (each plus one),
 * the hunk is shown without highlights: too long a rewrite to mark up word by word.
 */
const MAX_PAIRS = 250_000;
/**
 * Below this share of the changed stretch's letters kept, the stretch reads as
 * rewritten: one removal and one addition, not a scatter of matched fragments
 * ("e-" of "e-mail", a lone "the").
 */
const REWRITTEN_BELOW = 0.25;

/** Letters and digits in the tokens, without spaces and punctuation. */
function weight(tokens: readonly string[]): number {
  let total = 0;
  for (const token of tokens) if (/^[\p{L}\p{N}_]/u.test(token)) total += token.length;
  return total;
}

const isSpace = (token: string): boolean => /^\s+$/u.test(token);

/**
 * Word-level two-way diff of `from` → `to` for highlighting inside one
 * conflict hunk: the kit's word tokens run through its line diff,
 * `undefined` when the hunk is too big to highlight. Each change reads as
 * one removal, then one addition: a space between two changed words goes
 * with the change (so "Export to" → "export for" is one struck-out run and
 * one inserted run, spaces included, never "~~Export~~ export~~to~~ for").
 * Between the common start and end, a stretch that keeps under a quarter of
 * its letters is shown as rewritten whole.
 */
export function wordDiff(from: string, to: string): WordSegment[] | undefined {
  const a = wordTokens(from);
  const b = wordTokens(to);
  // Only the stretch between the common start and end is diffed and weighed.
  const { pre, suf } = trimCommon(a, b);
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  if ((midA.length + 1) * (midB.length + 1) > MAX_PAIRS) return undefined;
  const table = new Map<string, number>();
  const classesA = classify(midA, table);
  const classesB = classify(midB, table);
  const { count, data } = xdiff(classesA, classesB, countClasses(classesA, table.size), countClasses(classesB, table.size));

  const segments: WordSegment[] = [];
  const push = (op: WordSegment['op'], text: string): void => {
    if (text) segments.push({ op, text });
  };
  let kept = weight(midA);
  for (let k = 0; k < count; k++) kept -= weight(midA.slice(data[4 * k], data[4 * k]! + data[4 * k + 1]!));
  const changed = weight(midA) + weight(midB);
  if (changed > 0 && (2 * kept) / changed < REWRITTEN_BELOW) {
    push('same', a.slice(0, pre).join(''));
    push('remove', midA.join(''));
    push('add', midB.join(''));
    push('same', a.slice(a.length - suf).join(''));
    return segments;
  }
  let removed = '';
  let added = '';
  let i = 0;
  for (let k = 0; k < count; k++) {
    const atA = pre + data[4 * k]!;
    const atB = pre + data[4 * k + 2]!;
    const between = a.slice(i, atA);
    if (k > 0 && between.every(isSpace)) {
      // Spaces alone between two changes join them: one removal, one addition.
      removed += between.join('');
      added += between.join('');
    } else {
      push('remove', removed);
      push('add', added);
      push('same', between.join(''));
      removed = added = '';
    }
    i = atA + data[4 * k + 1]!;
    removed += a.slice(atA, i).join('');
    added += b.slice(atB, atB + data[4 * k + 3]!).join('');
  }
  push('remove', removed);
  push('add', added);
  push('same', a.slice(i).join(''));
  return segments;
}
