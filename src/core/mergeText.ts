/**
 * Three-way text merge with the rules and output of `git merge-file`
 * (git 2.39): one-sided changes are taken, identical changes taken once,
 * overlapping changes become conflict hunks. A word-level pass proposes a
 * resolution for conflicts whose sides' edits do not collide inside a line.
 */
import { type InternedText, internTexts, splitLines } from './diff/interning';
import { trimCommon } from './diff/trimCommon';
import { type ConflictStyle, type MergeRegion, xmerge } from './diff/xmerge';
import { suggestWordMerge } from './wordMerge';

export type { ConflictStyle } from './diff/xmerge';

/** Names written after the conflict markers. */
export interface ConflictLabels {
  /** After `<<<<<<<`. @default 'mine' */
  readonly mine?: string;
  /** After `|||||||` (diff3 and zdiff3 styles). @default 'base' */
  readonly base?: string;
  /** After `>>>>>>>`. @default 'theirs' */
  readonly theirs?: string;
}

/** Options of {@link mergeText}. */
export interface MergeTextOptions {
  /**
   * How conflicts are refined and written, as `git merge-file --diff3`,
   * `--zdiff3` or plain: `diff3` keeps each conflict whole with its base;
   * `zdiff3` moves lines common to both sides at a conflict's ends out of it;
   * `merge` splits conflicts where both sides agree and shows no base (the
   * first piece of a split conflict carries the base, the others none).
   * @default 'diff3'
   */
  readonly conflictStyle?: ConflictStyle;
  /**
   * Apply the word-level suggestions: such hunks become `merged` and count
   * as resolved.
   * @default false
   */
  readonly applyWordMerge?: boolean;
  /** Marker labels of `text`. @default { mine: 'mine', base: 'base', theirs: 'theirs' } */
  readonly labels?: ConflictLabels;
}

/** Where a hunk starts in each input, as 0-based line numbers. */
export interface HunkPosition {
  /** First line in base (or where the hunk sits when it has no base lines). */
  readonly baseStart: number;
  /** First line in mine (or where the hunk sits). */
  readonly mineStart: number;
  /** First line in theirs (or where the hunk sits). */
  readonly theirsStart: number;
}

/** Lines that neither side changed. */
export interface StableHunk extends HunkPosition {
  readonly kind: 'stable';
  /** The lines, with their line ends. */
  readonly text: string;
}

/** A change taken from one side (`mine`, `theirs`) or made the same on both (`both`). */
export interface ChangeHunk extends HunkPosition {
  readonly kind: 'mine' | 'theirs' | 'both';
  /** The lines the merge keeps. */
  readonly text: string;
  /** The base lines they replace. */
  readonly base: string;
}

/** The three sides of a conflicting region, shared by `conflict` and `merged` hunks. */
export interface ConflictRegion extends HunkPosition {
  /** Number of this conflict among the result's conflicts (0-based); the key of choices. */
  readonly index: number;
  /** Base lines of the region. */
  readonly base: string;
  /** Mine's lines of the region. */
  readonly mine: string;
  /** Theirs' lines of the region. */
  readonly theirs: string;
  /** Line end used for markers and added after an unterminated last line, as git does. */
  readonly eol: '\n' | '\r\n';
}

/** Overlapping, different changes: the user decides. */
export interface ConflictHunk extends ConflictRegion {
  readonly kind: 'conflict';
  /** Word-level merge of the sides, when their edits do not collide; to be confirmed. */
  readonly suggestion?: string;
}

/** A conflict resolved by the word-level merge (`applyWordMerge`). */
export interface MergedHunk extends ConflictRegion {
  readonly kind: 'merged';
  /** The word-level merge, used in the result. */
  readonly text: string;
}

/** One region of a text merge; concatenating them rebuilds the result. */
export type TextHunk = StableHunk | ChangeHunk | ConflictHunk | MergedHunk;

/** Outcome of {@link mergeText}. */
export interface TextMergeResult {
  /** No conflict hunk is left. */
  readonly clean: boolean;
  /** The merged text; with conflict markers in the chosen style when not clean. */
  readonly text: string;
  /** The regions of the merge in order. */
  readonly hunks: readonly TextHunk[];
  /** Number of `conflict` hunks. */
  readonly conflicts: number;
  /** The style the hunks were refined with and `text` is written in. */
  readonly conflictStyle: ConflictStyle;
}

/** How to resolve one conflict: a side, both (mine then theirs), the base, or new text. */
export type ConflictChoice = 'mine' | 'theirs' | 'both' | 'base' | { readonly custom: string };

const DEFAULT_LABELS = { mine: 'mine', base: 'base', theirs: 'theirs' } as const;
const MARKER_SIZE = 7;

/** Text of lines `[from, to)`. */
function slice(file: InternedText, from: number, to: number): string {
  return file.text.slice(file.starts[from]!, file.starts[to]!);
}

/**
 * git's `is_eol_crlf`: 1 if line `i` ends in CRLF (for an unterminated last
 * line, the line before it), 0 if in LF, -1 if it cannot be told.
 */
function eolIsCrlf({ text, starts }: InternedText, i: number): number {
  const n = starts.length - 1;
  if (n === 0) return -1;
  // An unterminated last line tells nothing: the line before it does.
  if (i === n - 1 && !text.endsWith('\n')) {
    if (i === 0) return -1;
    i--;
  }
  const end = starts[i + 1]!;
  return end - starts[i]! > 1 && text.charCodeAt(end - 2) === 13 ? 1 : 0;
}

/** git's `is_cr_needed`: the line end markers use around this region. */
function conflictEol(base: InternedText, mine: InternedText, theirs: InternedText, r: MergeRegion): '\n' | '\r\n' {
  let crlf = eolIsCrlf(mine, Math.max(r.i1 - 1, 0));
  if (crlf !== 0) crlf = eolIsCrlf(theirs, Math.max(r.i2 - 1, 0));
  if (crlf !== 0) crlf = eolIsCrlf(base, 0);
  return crlf === 1 ? '\r\n' : '\n';
}

/** The hunk kind of each non-conflict merge region mode. */
const CHANGE_KIND = { 1: 'mine', 2: 'theirs', 4: 'both', 5: 'both' } as const;

function buildHunks(
  base: InternedText,
  mine: InternedText,
  theirs: InternedText,
  records: readonly MergeRegion[],
  applyWordMerge: boolean,
): TextHunk[] {
  const hunks: TextHunk[] = [];
  const n0 = base.classes.length;
  let i = 0; // next mine line to copy
  let d0 = 0; // base line = mine line + d0 outside changes
  let d2 = 0; // theirs line = mine line + d2 outside changes
  let baseEnd = 0;
  let index = 0;
  const stable = (to: number): void => {
    if (to <= i) return;
    const baseStart = Math.min(Math.max(i + d0, baseEnd), n0);
    hunks.push({ kind: 'stable', text: slice(mine, i, to), baseStart, mineStart: i, theirsStart: i + d2 });
  };
  for (const r of records) {
    stable(r.i1);
    const at = { baseStart: r.i0, mineStart: r.i1, theirsStart: r.i2 };
    const baseText = slice(base, r.i0, r.i0 + r.chg0);
    const mineText = slice(mine, r.i1, r.i1 + r.chg1);
    const theirsText = slice(theirs, r.i2, r.i2 + r.chg2);
    if (r.mode !== 0) {
      hunks.push({ kind: CHANGE_KIND[r.mode], text: r.mode === 2 ? theirsText : mineText, base: baseText, ...at });
    } else {
      // Word merge only line against line: the three sides must have as many lines.
      const suggestion = r.chg0 === r.chg1 && r.chg0 === r.chg2 ? suggestWordMerge(baseText, mineText, theirsText) : undefined;
      const region: ConflictRegion = {
        index: index++,
        base: baseText,
        mine: mineText,
        theirs: theirsText,
        eol: conflictEol(base, mine, theirs, r),
        ...at,
      };
      if (suggestion !== undefined && applyWordMerge) hunks.push({ kind: 'merged', text: suggestion, ...region });
      else hunks.push({ kind: 'conflict', ...region, ...(suggestion !== undefined && { suggestion }) });
    }
    i = r.i1 + r.chg1;
    baseEnd = r.i0 + r.chg0;
    d0 = baseEnd - i;
    d2 = r.i2 + r.chg2 - i;
  }
  stable(mine.classes.length);
  return hunks;
}

/** A side of a conflict with a line end added when its last line has none (git's `add_nl`). */
function terminated(text: string, eol: string): string {
  return text === '' || text.endsWith('\n') ? text : text + eol;
}

/** Writes the hunks, a conflict as `choose` resolves it or else with its markers. */
function render(
  hunks: readonly TextHunk[],
  style: ConflictStyle,
  labels: ConflictLabels | undefined,
  choose?: (h: ConflictHunk | MergedHunk) => string | undefined,
): string {
  const open = '<'.repeat(MARKER_SIZE) + ' ' + (labels?.mine ?? DEFAULT_LABELS.mine);
  const baseMarker = '|'.repeat(MARKER_SIZE) + ' ' + (labels?.base ?? DEFAULT_LABELS.base);
  const sep = '='.repeat(MARKER_SIZE);
  const close = '>'.repeat(MARKER_SIZE) + ' ' + (labels?.theirs ?? DEFAULT_LABELS.theirs);
  const parts: string[] = [];
  for (const h of hunks) {
    const chosen = h.kind === 'conflict' || h.kind === 'merged' ? choose?.(h) : undefined;
    if (chosen !== undefined) parts.push(chosen);
    else if (h.kind !== 'conflict') parts.push(h.text);
    else {
      // Piece by piece: the one join at the end copies them all once.
      const { eol } = h;
      parts.push(open, eol, terminated(h.mine, eol));
      if (style !== 'merge') parts.push(baseMarker, eol, terminated(h.base, eol));
      parts.push(sep, eol, terminated(h.theirs, eol), close, eol);
    }
  }
  return parts.join('');
}

/**
 * Three-way merges `mine` and `theirs`, both edited from `base`, line by line
 * with the rules and output of `git merge-file -p` (with `--diff3`,
 * `--zdiff3` or plain, after `conflictStyle`); line ends and a missing final
 * newline are kept as git keeps them.
 */
export function mergeText(base: string, mine: string, theirs: string, options: MergeTextOptions = {}): TextMergeResult {
  const style = options.conflictStyle ?? 'diff3';
  const { files, classCount } = internTexts(base, [mine, theirs]);
  const [b, m, t] = files as [InternedText, InternedText, InternedText];
  const records = xmerge(b, m, t, classCount, style);
  const hunks = buildHunks(b, m, t, records, options.applyWordMerge ?? false);
  const conflicts = hunks.filter((hunk) => hunk.kind === 'conflict').length;
  const text = render(hunks, style, options.labels);
  return { clean: conflicts === 0, text, hunks, conflicts, conflictStyle: style };
}

/**
 * Writes a merge result with git-style conflict markers (`<<<<<<<`,
 * `|||||||` for the diff3 styles, `=======`, `>>>>>>>`, 7 characters each)
 * around every unresolved conflict.
 */
export function formatConflictMarkers(result: TextMergeResult, labels?: ConflictLabels): string {
  return render(result.hunks, result.conflictStyle, labels);
}

/**
 * Both sides of a conflict, mine first, as `git merge-file --union` writes
 * them: mine gets a line end before theirs follows, and lines the two sides
 * share at the conflict's start or end appear once. A diff3 conflict keeps
 * such lines on both sides (both adding after a last line without a line
 * end puts that line in the conflict), and writing both whole would repeat
 * a line nobody changed.
 */
function union(h: ConflictRegion): string {
  const mine = splitLines(h.mine);
  const theirs = splitLines(h.theirs);
  const { pre, suf } = trimCommon(mine, theirs);
  const ownMine = mine.slice(pre, mine.length - suf).join('');
  const ownTheirs = theirs.slice(pre, theirs.length - suf).join('');
  const both = ownTheirs === '' ? ownMine : terminated(ownMine, h.eol) + ownTheirs;
  return mine.slice(0, pre).join('') + both + mine.slice(mine.length - suf).join('');
}

/**
 * Rebuilds the text with one choice per conflict, indexed by the hunks'
 * `index`. A conflict without a choice keeps its markers; a `merged` hunk
 * without one keeps its word-level merge. `both` is mine then theirs.
 */
export function resolveTextHunks(
  result: TextMergeResult,
  choices: ReadonlyArray<ConflictChoice | undefined>,
  labels?: ConflictLabels,
): string {
  return render(result.hunks, result.conflictStyle, labels, (h) => {
    const choice = choices[h.index];
    if (choice === undefined) return undefined;
    if (typeof choice === 'object') return choice.custom;
    if (choice === 'mine' || choice === 'theirs' || choice === 'base') return h[choice];
    return choice === 'both' ? union(h) : choice;
  });
}
