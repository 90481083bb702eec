import { classify, countClasses, splitLines } from './diff/interning';
import { trimCommon } from './diff/trimCommon';
import { xdiff } from './diff/xdiff';
import { mergeScripts } from './diff/xmerge';

/** Words, runs of blanks, line ends and single other characters. */
const TOKEN = /[\p{L}\p{N}_]+|[^\S\r\n]+|\r?\n|./gsu;

/** Splits text into the tokens word merges and word diffs compare: words, runs of blanks, line ends, other characters. */
export function wordTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** How many tokens two token lists share as multisets, from their class counts. */
function sharedTokens(countsA: Int32Array, countsB: Int32Array): number {
  let shared = 0;
  for (let c = 0; c < countsA.length; c++) shared += Math.min(countsA[c]!, countsB[c]!);
  return shared;
}

/** The stretch `[from, to)` of base that `side` replaced by `text`, between their common start and end. */
function singleEdit(base: readonly string[], side: readonly string[]): { from: number; to: number; text: string } {
  const { pre, suf } = trimCommon(base, side);
  return { from: pre, to: base.length - suf, text: side.slice(pre, side.length - suf).join('') };
}

/**
 * Three-way merges one line at word level with the diff3 rules: edits of one
 * side are taken, identical edits once, and touching or overlapping edits
 * that differ make the merge fail. A line that one side rewrote (kept fewer
 * than half of its words) is not combined with the other side's edit.
 * @returns the merged line, or `undefined` when the two edits collide.
 */
export function mergeWords(base: string, mine: string, theirs: string): string | undefined {
  if (mine === theirs || theirs === base) return mine;
  if (mine === base) return theirs;
  const b = wordTokens(base);
  const m = wordTokens(mine);
  const t = wordTokens(theirs);
  // Fast path: each side made one edit, and the edits are apart.
  const em = singleEdit(b, m);
  const et = singleEdit(b, t);
  if (em.to < et.from || et.to < em.from) {
    const [first, second] = em.to < et.from ? [em, et] : [et, em];
    return b.slice(0, first.from).join('') + first.text + b.slice(first.to, second.from).join('') + second.text + b.slice(second.to).join('');
  }
  return mergeTokens(b, m, t);
}

/**
 * The general case: token diffs of both sides against base, merged by git's
 * rules, unless a side kept fewer than half of base's tokens.
 */
function mergeTokens(base: readonly string[], mine: readonly string[], theirs: readonly string[]): string | undefined {
  const table = new Map<string, number>();
  const b = classify(base, table);
  const m = classify(mine, table);
  const t = classify(theirs, table);
  const n = table.size;
  const cb = countClasses(b, n);
  const cm = countClasses(m, n);
  const ct = countClasses(t, n);
  if (2 * sharedTokens(cb, cm) < b.length || 2 * sharedTokens(cb, ct) < b.length) return undefined;
  const s1 = xdiff(b, m, cb, cm);
  const s2 = xdiff(b, t, cb, ct);
  const records = mergeScripts(s1, s2, b.length, m, t);
  let out = '';
  let i = 0;
  for (const r of records) {
    if (r.mode === 0) return undefined;
    if (r.mode === 1) {
      out += mine.slice(i, r.i1 + r.chg1).join('');
    } else if (r.mode === 2) {
      out += mine.slice(i, r.i1).join('') + theirs.slice(r.i2, r.i2 + r.chg2).join('');
    } else {
      continue;
    }
    i = r.i1 + r.chg1;
  }
  return out + mine.slice(i).join('');
}

/**
 * Proposes a resolution for a conflicting region by merging it word by word,
 * line against line. Only regions whose three sides have the same number of
 * lines are tried: matching words across different lines could apply an
 * edit to the wrong line.
 * @returns the proposed text, or `undefined` when the sides' lines differ in
 * number or some line's edits collide.
 */
export function suggestWordMerge(base: string, mine: string, theirs: string): string | undefined {
  const b = splitLines(base);
  const m = splitLines(mine);
  const t = splitLines(theirs);
  if (b.length !== m.length || b.length !== t.length) return undefined;
  let out = '';
  for (let k = 0; k < b.length; k++) {
    const merged = mergeWords(b[k]!, m[k]!, t[k]!);
    if (merged === undefined) return undefined;
    out += merged;
  }
  return out;
}
