/**
 * A line diff that reproduces git's xdiff (Myers with xdiff's speedups) on
 * interned lines, so three-way merges built on it agree with `git merge-file`.
 *
 * Ported from git 2.39 `xdiff/xprepare.c` (trim ends, discard one-sided
 * lines), `xdiff/xdiffi.c` (`xdl_split` with the cost heuristic,
 * `xdl_change_compact` without the indent heuristic, `xdl_build_script`).
 * Lines are class numbers (equal lines, equal numbers); everything lives in
 * typed arrays so memory stays linear and the hot loops stay monomorphic.
 * The Myers search runs in WebAssembly when `conflict-kit/wasm` registered
 * it (`src/wasm/searchWasm.ts`, the same algorithm in C), else in JS here.
 */
import { wasmDiffFor } from './engine';
import { trimCommon } from './trimCommon';

/** xdiff's tuning constants (xdiffi.c / xprepare.c). */
const MAX_COST_MIN = 256;
const HEUR_MIN_COST = 256;
const SNAKE_CNT = 20;
const K_HEUR = 4;
const KPDIS_RUN = 4;
const MAX_EQLIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const LINE_MAX = 0x7fffffff;
/** Below this many kept lines the JS search is as fast: no WebAssembly then. */
const WASM_MIN_LINES = 64;

/**
 * An edit script: `count` changes stored flat as
 * `[start in a, lines in a, start in b, lines in b]`, in file order.
 */
export interface DiffScript {
  /** Number of changes. */
  readonly count: number;
  /** `4 * count` numbers: `a start, a length, b start, b length` per change. */
  readonly data: Int32Array;
}

/**
 * Occurrence counts of line classes, indexed by class number; the caller owns
 * them so that counts over a whole file are computed once per merge.
 */
export type ClassCounts = Int32Array;

/** xdiff's integer square root approximation (`xdl_bogosqrt`). */
function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n >>>= 2) i <<= 1;
  return i;
}

/**
 * Decides whether a line with many matches that sits among unmatched lines is
 * discarded too (`xdl_clean_mmatch`): 0 = no match, 1 = keep, 2 = many matches.
 */
function cleanMmatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let r: number;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (r = 1; i - r >= s; r++) {
    const v = dis[i - r]!;
    if (v === 0) rdis0++;
    else if (v === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (r = 1; i + r <= e; r++) {
    const v = dis[i + r]!;
    if (v === 0) rdis1++;
    else if (v === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

/**
 * Marks lines of `a` that are discarded before the Myers pass and returns the
 * kept ones (`xdl_cleanup_records`): lines absent from the other file are
 * changes for sure; lines with very many matches are dropped when they sit
 * in a run of such lines.
 */
function keepRecords(
  a: Int32Array,
  countsInOther: ClassCounts,
  dstart: number,
  dend: number,
  changed: Uint8Array,
  rindex: Int32Array,
  ha: Int32Array,
): number {
  let mlim = bogosqrt(a.length);
  if (mlim > MAX_EQLIMIT) mlim = MAX_EQLIMIT;
  const dis = new Uint8Array(a.length + 1);
  for (let i = dstart; i <= dend; i++) {
    const nm = countsInOther[a[i]!]!;
    dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  let nreff = 0;
  for (let i = dstart; i <= dend; i++) {
    const v = dis[i]!;
    if (v === 1 || (v === 2 && !cleanMmatch(dis, i, dstart, dend))) {
      rindex[nreff] = i;
      ha[nreff] = a[i]!;
      nreff++;
    } else {
      changed[i + 1] = 1;
    }
  }
  return nreff;
}

/** Mutable box shared by the split search and the divide step. */
interface Env {
  readonly ha1: Int32Array;
  readonly ha2: Int32Array;
  readonly kv: Int32Array;
  /** Offsets of the forward/backward K vectors inside `kv`. */
  readonly fo: number;
  readonly bo: number;
  readonly mxcost: number;
  splitI1: number;
  splitI2: number;
  minLo: boolean;
  minHi: boolean;
}

/**
 * Finds a split point of the box (`xdl_split`): the middle snake of Myers'
 * bidirectional search, or, when the edit cost gets high, a good-enough point
 * chosen by xdiff's heuristics.
 */
function split(env: Env, off1: number, lim1: number, off2: number, lim2: number, needMin: boolean): void {
  const { ha1, ha2, kv, fo, bo, mxcost } = env;
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  let i1: number;
  let i2: number;
  let prev1: number;
  let d: number;

  kv[fo + fmid] = off1;
  kv[bo + bmid] = lim1;

  for (let ec = 1; ; ec++) {
    let gotSnake = false;

    if (fmin > dmin) kv[fo + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) kv[fo + ++fmax + 1] = -1;
    else --fmax;

    for (d = fmax; d >= fmin; d -= 2) {
      const lo = kv[fo + d - 1]!;
      const hi = kv[fo + d + 1]!;
      i1 = lo >= hi ? lo + 1 : hi;
      prev1 = i1;
      i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
        i1++;
        i2++;
      }
      if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
      kv[fo + d] = i1;
      if (odd && bmin <= d && d <= bmax && kv[bo + d]! <= i1) {
        env.splitI1 = i1;
        env.splitI2 = i2;
        env.minLo = env.minHi = true;
        return;
      }
    }

    if (bmin > dmin) kv[bo + --bmin - 1] = LINE_MAX;
    else ++bmin;
    if (bmax < dmax) kv[bo + ++bmax + 1] = LINE_MAX;
    else --bmax;

    for (d = bmax; d >= bmin; d -= 2) {
      const lo = kv[bo + d - 1]!;
      const hi = kv[bo + d + 1]!;
      i1 = lo < hi ? lo : hi - 1;
      prev1 = i1;
      i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
        i1--;
        i2--;
      }
      if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
      kv[bo + d] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= kv[fo + d]!) {
        env.splitI1 = i1;
        env.splitI2 = i2;
        env.minLo = env.minHi = true;
        return;
      }
    }

    if (needMin) continue;

    // Past the trigger cost, take a diagonal that went far along a long
    // snake instead of insisting on the optimal middle snake.
    if (gotSnake && ec > HEUR_MIN_COST) {
      let best = 0;
      for (d = fmax; d >= fmin; d -= 2) {
        const dd = d > fmid ? d - fmid : fmid - d;
        i1 = kv[fo + d]!;
        i2 = i1 - d;
        const v = i1 - off1 + (i2 - off2) - dd;
        if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
          for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
            if (k === SNAKE_CNT) {
              best = v;
              env.splitI1 = i1;
              env.splitI2 = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        env.minLo = true;
        env.minHi = false;
        return;
      }
      for (d = bmax; d >= bmin; d -= 2) {
        const dd = d > bmid ? d - bmid : bmid - d;
        i1 = kv[bo + d]!;
        i2 = i1 - d;
        const v = lim1 - i1 + (lim2 - i2) - dd;
        if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
          for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
            if (k === SNAKE_CNT - 1) {
              best = v;
              env.splitI1 = i1;
              env.splitI2 = i2;
              break;
            }
          }
        }
      }
      if (best > 0) {
        env.minLo = false;
        env.minHi = true;
        return;
      }
    }

    // Enough is enough: take the furthest reaching path.
    if (ec >= mxcost) {
      let fbest = -1;
      let fbest1 = -1;
      for (d = fmax; d >= fmin; d -= 2) {
        i1 = Math.min(kv[fo + d]!, lim1);
        i2 = i1 - d;
        if (lim2 < i2) {
          i1 = lim2 + d;
          i2 = lim2;
        }
        if (fbest < i1 + i2) {
          fbest = i1 + i2;
          fbest1 = i1;
        }
      }
      let bbest = LINE_MAX;
      let bbest1 = LINE_MAX;
      for (d = bmax; d >= bmin; d -= 2) {
        i1 = Math.max(off1, kv[bo + d]!);
        i2 = i1 - d;
        if (i2 < off2) {
          i1 = off2 + d;
          i2 = off2;
        }
        if (i1 + i2 < bbest) {
          bbest = i1 + i2;
          bbest1 = i1;
        }
      }
      if (lim1 + lim2 - bbest < fbest - (off1 + off2)) {
        env.splitI1 = fbest1;
        env.splitI2 = fbest - fbest1;
        env.minLo = true;
        env.minHi = false;
      } else {
        env.splitI1 = bbest1;
        env.splitI2 = bbest - bbest1;
        env.minLo = false;
        env.minHi = true;
      }
      return;
    }
  }
}

/**
 * Divide and conquer over the kept lines (`xdl_recs_cmp`), with an explicit
 * stack instead of recursion; marks changed lines in `changed1/changed2`.
 */
function compareRecords(
  env: Env,
  nreff1: number,
  nreff2: number,
  rindex1: Int32Array,
  rindex2: Int32Array,
  changed1: Uint8Array,
  changed2: Uint8Array,
): void {
  const { ha1, ha2 } = env;
  // Boxes left to compare, five numbers each: off1, lim1, off2, lim2, needMin (1 or 0).
  const stack = [0, nreff1, 0, nreff2, 0];
  while (stack.length > 0) {
    const needMin = stack.pop() === 1;
    let lim2 = stack.pop()!;
    let off2 = stack.pop()!;
    let lim1 = stack.pop()!;
    let off1 = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) changed2[rindex2[off2]! + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) changed1[rindex1[off1]! + 1] = 1;
    } else {
      split(env, off1, lim1, off2, lim2, needMin);
      const { splitI1: s1, splitI2: s2 } = env;
      stack.push(s1, lim1, s2, lim2, env.minHi ? 1 : 0, off1, s1, off2, s2, env.minLo ? 1 : 0);
    }
  }
}

/**
 * Slides groups of changed lines up and down (`xdl_change_compact`) so that
 * hunks merge when they can and line up with the other file's changes.
 * `changed` and `other` are offset by one: index `i + 1` is line `i`, and the
 * guard cells at both ends stay 0.
 */
function changeCompact(lines: Int32Array, changed: Uint8Array, other: Uint8Array, otherLength: number): void {
  const n = lines.length;
  // A group is [start, end) in line numbers; reading changed[x + 1] for line x.
  let gStart = 0;
  let gEnd = 0;
  while (changed[gEnd + 1] === 1) gEnd++;
  let oStart = 0;
  let oEnd = 0;
  while (other[oEnd + 1] === 1) oEnd++;

  for (;;) {
    if (gEnd !== gStart) {
      let groupsize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupsize = gEnd - gStart;
        endMatchingOther = -1;
        // Slide up as far as possible.
        while (gStart > 0 && lines[gStart - 1] === lines[gEnd - 1]) {
          changed[gStart] = 1; // line gStart - 1
          changed[gEnd] = 0; // line gEnd - 1
          gStart--;
          gEnd--;
          while (changed[gStart] === 1) gStart--; // line gStart - 1 changed
          // group_previous on the other file
          oEnd = oStart - 1;
          for (oStart = oEnd; other[oStart] === 1; oStart--);
        }
        earliestEnd = gEnd;
        if (oEnd > oStart) endMatchingOther = gEnd;
        // Slide down as far as possible.
        while (gEnd < n && lines[gStart] === lines[gEnd]) {
          changed[gStart + 1] = 0;
          changed[gEnd + 1] = 1;
          gStart++;
          gEnd++;
          while (changed[gEnd + 1] === 1) gEnd++;
          // group_next on the other file
          oStart = oEnd + 1;
          for (oEnd = oStart; other[oEnd + 1] === 1; oEnd++);
          if (oEnd > oStart) endMatchingOther = gEnd;
        }
      } while (groupsize !== gEnd - gStart);

      if (gEnd !== earliestEnd && endMatchingOther !== -1) {
        // Line the group back up with the last matching group of the other file.
        while (oEnd === oStart) {
          changed[gStart] = 1;
          changed[gEnd] = 0;
          gStart--;
          gEnd--;
          while (changed[gStart] === 1) gStart--;
          oEnd = oStart - 1;
          for (oStart = oEnd; other[oStart] === 1; oStart--);
        }
      }
      // The indent heuristic is off for merges (git merge-file passes no
      // XDF_INDENT_HEURISTIC), so the group stays slid down.
    }
    // Move past the group.
    if (gEnd === n) break;
    gStart = gEnd + 1;
    for (gEnd = gStart; changed[gEnd + 1] === 1; gEnd++);
    if (oEnd === otherLength) throw new Error('xdiff: group sync broken moving to next group');
    oStart = oEnd + 1;
    for (oEnd = oStart; other[oEnd + 1] === 1; oEnd++);
  }
}

/** Collects runs of changed lines into an edit script (`xdl_build_script`). */
function buildScript(n1: number, changed1: Uint8Array, n2: number, changed2: Uint8Array): DiffScript {
  const data: number[] = [];
  let i1 = 0;
  let i2 = 0;
  while (i1 < n1 || i2 < n2) {
    if (changed1[i1 + 1] === 1 || changed2[i2 + 1] === 1) {
      const s1 = i1;
      const s2 = i2;
      while (changed1[i1 + 1] === 1) i1++;
      while (changed2[i2 + 1] === 1) i2++;
      data.push(s1, i1 - s1, s2, i2 - s2);
    } else {
      i1++;
      i2++;
    }
  }
  return { count: data.length >> 2, data: Int32Array.from(data) };
}

/**
 * Diffs two sequences of line classes the way `git diff` / `git merge-file`
 * do (Myers, xdiff heuristics, change compaction; no indent heuristic).
 * `countsA[c]` / `countsB[c]` must hold how often class `c` occurs in `a` / `b`.
 * @returns the edit script turning `a` into `b`.
 */
export function xdiff(a: Int32Array, b: Int32Array, countsA: ClassCounts, countsB: ClassCounts): DiffScript {
  const n1 = a.length;
  const n2 = b.length;
  const changed1 = new Uint8Array(n1 + 2);
  const changed2 = new Uint8Array(n2 + 2);

  const { pre, suf } = trimCommon(a, b);

  if (pre + suf < n1 || pre + suf < n2) {
    const rindex1 = new Int32Array(n1 - pre - suf);
    const rindex2 = new Int32Array(n2 - pre - suf);
    const ha1 = new Int32Array(n1 - pre - suf);
    const ha2 = new Int32Array(n2 - pre - suf);
    const nreff1 = keepRecords(a, countsB, pre, n1 - suf - 1, changed1, rindex1, ha1);
    const nreff2 = keepRecords(b, countsA, pre, n2 - suf - 1, changed2, rindex2, ha2);

    if (nreff1 > 0 || nreff2 > 0) {
      const ndiags = nreff1 + nreff2 + 3;
      let mxcost = bogosqrt(ndiags);
      if (mxcost < MAX_COST_MIN) mxcost = MAX_COST_MIN;
      const wasm = wasmDiffFor(nreff1 + nreff2 >= WASM_MIN_LINES);
      const searched = wasm?.search(ha1, nreff1, ha2, nreff2, mxcost, rindex1, rindex2, changed1, changed2) ?? false;
      if (!searched) {
        const env: Env = {
          ha1,
          ha2,
          kv: new Int32Array(2 * ndiags + 2),
          fo: nreff2 + 1,
          bo: ndiags + nreff2 + 1,
          mxcost,
          splitI1: 0,
          splitI2: 0,
          minLo: false,
          minHi: false,
        };
        compareRecords(env, nreff1, nreff2, rindex1, rindex2, changed1, changed2);
      }
    }
  }

  changeCompact(a, changed1, changed2, n2);
  changeCompact(b, changed2, changed1, n1);
  return buildScript(n1, changed1, n2, changed2);
}

