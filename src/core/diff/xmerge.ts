/**
 * git's three-way merge rules on top of two xdiff scripts, ported from git
 * 2.39 `xdiff/xmerge.c` (`xdl_do_merge`, `xdl_refine_conflicts`,
 * `xdl_refine_zdiff3_conflicts`, `xdl_simplify_non_conflicts`).
 *
 * `git merge-file` asks for level XDL_MERGE_ZEALOUS_ALNUM, but for the
 * `diff3` style git lowers the level to XDL_MERGE_EAGER (a shown base cannot
 * be split), and `zdiff3` only trims lines common to both sides off the ends
 * of each conflict. The records keep git's numbering: `i0/chg0` base lines,
 * `i1/chg1` mine lines, `i2/chg2` theirs lines.
 */
import { countClasses, type InternedText } from './interning';
import { trimCommon } from './trimCommon';
import { type DiffScript, xdiff } from './xdiff';

/** How conflicts are refined and shown, as in git's `merge.conflictStyle`. */
export type ConflictStyle = 'diff3' | 'zdiff3' | 'merge';

/**
 * One region of a merge, in git's terms. `mode`: 0 conflict, 1 take mine,
 * 2 take theirs, 4 both sides made the same change (found by refinement),
 * 5 both sides made the same change (found while merging; git keeps no
 * record of it and copies mine, which is the same).
 */
export interface MergeRegion {
  mode: 0 | 1 | 2 | 4 | 5;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/** True when `n` lines of `a` from `i` equal those of `b` from `j`. */
function sameLines(a: Int32Array, i: number, b: Int32Array, j: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/**
 * Walks two scripts against the same base and collects regions
 * (`xdl_do_merge` up to refinement), merging identical overlapping changes
 * instead of calling them conflicts (git's EAGER level).
 */
export function mergeScripts(
  s1: DiffScript,
  s2: DiffScript,
  n0: number,
  mine: Int32Array,
  theirs: Int32Array,
): MergeRegion[] {
  const out: MergeRegion[] = [];
  let last = -1;
  const append = (mode: 0 | 1 | 2, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number): void => {
    const m = last >= 0 ? out[last] : undefined;
    if (m !== undefined && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
      if (mode !== m.mode) m.mode = 0;
      m.chg0 = i0 + chg0 - m.i0;
      m.chg1 = i1 + chg1 - m.i1;
      m.chg2 = i2 + chg2 - m.i2;
      // Identical changes recorded since `m` were deletions at its edge: now inside it.
      out.length = last + 1;
    } else {
      out.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
      last = out.length - 1;
    }
  };

  const d1 = s1.data;
  const d2 = s2.data;
  let p1 = 0;
  let p2 = 0;
  const e1 = s1.count * 4;
  const e2 = s2.count * 4;
  while (p1 < e1 && p2 < e2) {
    // x.i1 (base start), x.chg1 (base length), x.i2 (side start), x.chg2 (side length)
    const a0 = d1[p1]!;
    const a1 = d1[p1 + 1]!;
    const a2 = d1[p1 + 2]!;
    const a3 = d1[p1 + 3]!;
    const b0 = d2[p2]!;
    const b1 = d2[p2 + 1]!;
    const b2 = d2[p2 + 2]!;
    const b3 = d2[p2 + 3]!;
    if (a0 + a1 < b0) {
      append(1, a0, a1, a2, a3, b2 - b0 + a0, a1);
      p1 += 4;
      continue;
    }
    if (b0 + b1 < a0) {
      append(2, b0, b1, a2 - a0 + b0, b1, b2, b3);
      p2 += 4;
      continue;
    }
    if (a0 !== b0 || a1 !== b1 || a3 !== b3 || !sameLines(mine, a2, theirs, b2, a3)) {
      const off = a0 - b0;
      const ffo = off + a1 - b1;
      let i0 = a0;
      let i1 = a2;
      let i2 = b2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let chg0 = a0 + a1 - i0;
      let chg1 = a2 + a3 - i1;
      let chg2 = b2 + b3 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else {
        chg2 += ffo;
      }
      append(0, i0, chg0, i1, chg1, i2, chg2);
    } else {
      out.push({ mode: 5, i0: a0, chg0: a1, i1: a2, chg1: a3, i2: b2, chg2: b3 });
    }
    const end1 = a0 + a1;
    const end2 = b0 + b1;
    if (end1 >= end2) p2 += 4;
    if (end2 >= end1) p1 += 4;
  }
  for (; p1 < e1; p1 += 4) {
    const a0 = d1[p1]!;
    const a1 = d1[p1 + 1]!;
    append(1, a0, a1, d1[p1 + 2]!, d1[p1 + 3]!, a0 + theirs.length - n0, a1);
  }
  for (; p2 < e2; p2 += 4) {
    const b0 = d2[p2]!;
    const b1 = d2[p2 + 1]!;
    append(2, b0, b1, b0 + mine.length - n0, b1, d2[p2 + 2]!, d2[p2 + 3]!);
  }
  return out;
}

/** Trims lines common to both sides off the ends of each conflict (zdiff3). */
function trimConflicts(records: MergeRegion[], mine: Int32Array, theirs: Int32Array): void {
  for (const m of records) {
    if (m.mode !== 0) continue;
    const { pre, suf } = trimCommon(mine.subarray(m.i1, m.i1 + m.chg1), theirs.subarray(m.i2, m.i2 + m.chg2));
    m.i1 += pre;
    m.i2 += pre;
    m.chg1 -= pre + suf;
    m.chg2 -= pre + suf;
  }
}

/**
 * Diffs mine against theirs inside each conflict and keeps only the lines
 * that differ as conflicts (`xdl_refine_conflicts`). The base of a split
 * conflict goes to its first piece; git shows no base in this style.
 */
function refineConflicts(records: MergeRegion[], mine: Int32Array, theirs: Int32Array, classCount: number): MergeRegion[] {
  const out: MergeRegion[] = [];
  for (const m of records) {
    if (m.mode !== 0 || m.chg1 === 0 || m.chg2 === 0) {
      out.push(m);
      continue;
    }
    const a = mine.subarray(m.i1, m.i1 + m.chg1);
    const b = theirs.subarray(m.i2, m.i2 + m.chg2);
    // Counts over the two pieces only, as git prepares them as separate files.
    const script = xdiff(a, b, countClasses(a, classCount), countClasses(b, classCount));
    if (script.count === 0) {
      m.mode = 4;
      out.push(m);
      continue;
    }
    const d = script.data;
    for (let k = 0; k < script.count; k++) {
      const first = k === 0;
      out.push({
        mode: 0,
        i0: first ? m.i0 : m.i0 + m.chg0,
        chg0: first ? m.chg0 : 0,
        i1: m.i1 + d[4 * k]!,
        chg1: d[4 * k + 1]!,
        i2: m.i2 + d[4 * k + 2]!,
        chg2: d[4 * k + 3]!,
      });
    }
  }
  return out;
}

const ALNUM = /[A-Za-z0-9]/;

/**
 * Folds the lines between two conflicts into one conflict when there are at
 * most three of them, or (ZEALOUS_ALNUM) when none has a letter or digit
 * (`xdl_simplify_non_conflicts`).
 */
function simplifyNonConflicts(records: MergeRegion[], mineText: InternedText): MergeRegion[] {
  const out: MergeRegion[] = [];
  let last = -1;
  const { text, starts } = mineText;
  for (const next of records) {
    if (next.mode === 5) {
      out.push(next);
      continue;
    }
    const m = last >= 0 ? out[last] : undefined;
    if (m !== undefined && m.mode === 0 && next.mode === 0) {
      const begin = m.i1 + m.chg1;
      const end = next.i1;
      if (end - begin <= 3 || !ALNUM.test(text.slice(starts[begin]!, starts[end]!))) {
        m.chg0 = next.i0 + next.chg0 - m.i0;
        m.chg1 = next.i1 + next.chg1 - m.i1;
        m.chg2 = next.i2 + next.chg2 - m.i2;
        out.length = last + 1;
        continue;
      }
    }
    out.push(next);
    last = out.length - 1;
  }
  return out;
}

/**
 * Merges interned base/mine/theirs like `git merge-file` with the given
 * conflict style and returns the regions that differ from plain copying.
 */
export function xmerge(
  base: InternedText,
  mine: InternedText,
  theirs: InternedText,
  classCount: number,
  style: ConflictStyle,
): MergeRegion[] {
  const cb = countClasses(base.classes, classCount);
  const s1 = xdiff(base.classes, mine.classes, cb, countClasses(mine.classes, classCount));
  const s2 = xdiff(base.classes, theirs.classes, cb, countClasses(theirs.classes, classCount));
  // When one side changed nothing, its script is empty and every change of
  // the other side is taken as it is: git's verbatim copy of that side.
  const records = mergeScripts(s1, s2, base.classes.length, mine.classes, theirs.classes);
  switch (style) {
    case 'diff3':
      return records;
    case 'zdiff3':
      trimConflicts(records, mine.classes, theirs.classes);
      return records;
    case 'merge':
      return simplifyNonConflicts(refineConflicts(records, mine.classes, theirs.classes, classCount), mine);
    default:
      return style satisfies never;
  }
}

