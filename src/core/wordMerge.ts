import { countClasses } from './diff/interning';
import { xdiff } from './diff/xdiff';
import { mergeScripts } from './diff/xmerge';

/** Words, runs of blanks, line ends and single other characters. */
const TOKEN = /[\p{L}\p{N}_]+|[^\S\r\n]+|\r?\n|./gsu;

function tokenize(text: string, table: Map<string, number>): { tokens: string[]; classes: Int32Array } {
  const tokens = text.match(TOKEN) ?? [];
  const classes = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let id = table.get(t);
    if (id === undefined) {
      id = table.size;
      table.set(t, id);
    }
    classes[i] = id;
  }
  return { tokens, classes };
}

/**
 * Three-way merges one line at word level with the diff3 rules: edits of one
 * side are taken, identical edits once, and touching or overlapping edits
 * that differ make the merge fail.
 * @returns the merged line, or `undefined` when the two edits collide.
 */
export function mergeWords(base: string, mine: string, theirs: string): string | undefined {
  if (mine === theirs || theirs === base) return mine;
  if (mine === base) return theirs;
  const table = new Map<string, number>();
  const b = tokenize(base, table);
  const m = tokenize(mine, table);
  const t = tokenize(theirs, table);
  const n = table.size;
  const cb = countClasses(b.classes, n);
  const s1 = xdiff(b.classes, m.classes, cb, countClasses(m.classes, n));
  const s2 = xdiff(b.classes, t.classes, cb, countClasses(t.classes, n));
  const records = mergeScripts(s1, s2, b.classes.length, m.classes, t.classes);
  let out = '';
  let i = 0;
  for (const r of records) {
    if (r.mode === 0) return undefined;
    if (r.mode === 1) {
      out += m.tokens.slice(i, r.i1 + r.chg1).join('');
    } else if (r.mode === 2) {
      out += m.tokens.slice(i, r.i1).join('') + t.tokens.slice(r.i2, r.i2 + r.chg2).join('');
    } else {
      continue;
    }
    i = r.i1 + r.chg1;
  }
  return out + m.tokens.slice(i).join('');
}

/** Splits text into lines that keep their line ends. */
function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
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
  const b = splitKeepingEnds(base);
  const m = splitKeepingEnds(mine);
  const t = splitKeepingEnds(theirs);
  if (b.length !== m.length || b.length !== t.length) return undefined;
  let out = '';
  for (let k = 0; k < b.length; k++) {
    const merged = mergeWords(b[k]!, m[k]!, t[k]!);
    if (merged === undefined) return undefined;
    out += merged;
  }
  return out;
}
