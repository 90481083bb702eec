import { trimCommon } from '../core/diff/trimCommon';

/** A run of words in a word diff. */
export interface WordSegment {
  /** `same` in both, `add` only in the changed text, `remove` only in the original. */
  readonly op: 'same' | 'add' | 'remove';
  readonly text: string;
}

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;
/** Cells of the LCS table above which the hunk is shown without highlights. */
const MAX_CELLS = 250_000;
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
 * conflict hunk: a plain LCS (hunks are small), `undefined` when the hunk is
 * too big to diff quickly. Each change reads as one removal, then one
 * addition: the spaces between changed words go with the change (so "Export
 * to" → "export for" is one struck-out run and one inserted run, spaces
 * included, never "~~Export~~ export~~to~~ for"). Between the common start
 * and end, a stretch that keeps under a quarter of its letters is shown as
 * rewritten whole.
 */
export function wordDiff(from: string, to: string): WordSegment[] | undefined {
  const a = from.match(TOKEN) ?? [];
  const b = to.match(TOKEN) ?? [];
  // Common prefix and suffix cost nothing and keep the table small.
  const { pre: start, suf } = trimCommon(a, b);
  const endA = a.length - suf;
  const endB = b.length - suf;
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_CELLS) return undefined;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[start + i] === b[start + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const steps: WordSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      steps.push({ op: 'same', text: a[start + i]! });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      steps.push({ op: 'remove', text: a[start + i]! });
      i++;
    } else {
      steps.push({ op: 'add', text: b[start + j]! });
      j++;
    }
  }

  const out: WordSegment[] = [];
  const push = (op: WordSegment['op'], text: string): void => {
    const last = out[out.length - 1];
    if (last && last.op === op) out[out.length - 1] = { op, text: last.text + text };
    else if (text) out.push({ op, text });
  };
  push('same', a.slice(0, start).join(''));
  const kept = steps.filter((step) => step.op === 'same').map((step) => step.text);
  const changed = weight(a.slice(start, endA)) + weight(b.slice(start, endB));
  if (changed > 0 && (2 * weight(kept)) / changed < REWRITTEN_BELOW) {
    push('remove', a.slice(start, endA).join(''));
    push('add', b.slice(start, endB).join(''));
  } else {
    for (let k = 0; k < steps.length; ) {
      if (steps[k]!.op === 'same') {
        push('same', steps[k]!.text);
        k++;
        continue;
      }
      // One change: every removed and added word up to the next kept word,
      // taking along the spaces kept between them.
      let removed = '';
      let added = '';
      for (; k < steps.length; k++) {
        const step = steps[k]!;
        if (step.op === 'remove') removed += step.text;
        else if (step.op === 'add') added += step.text;
        else if (isSpace(step.text) && k + 1 < steps.length && steps[k + 1]!.op !== 'same') {
          removed += step.text;
          added += step.text;
        } else break;
      }
      push('remove', removed);
      push('add', added);
    }
  }
  push('same', a.slice(endA).join(''));
  return out;
}
