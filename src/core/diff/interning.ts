/**
 * Splits texts into lines the way xdiff does (a line ends after `\n`, which
 * it includes; `\r` is an ordinary character; a last line without `\n` is a
 * line of its own) and numbers each distinct line, so diffs compare
 * integers. An open-addressing table hashes lines in place: no substring is
 * made, which is what a `Map<string, number>` would cost per line.
 */

import { wasmDiffFor } from './engine';

/** Below this many characters in all, the JS interning is as fast. */
const WASM_MIN_CHARS = 16 << 10;

/** The lines of one text: where they start and which class each one is. */
export interface InternedText {
  /** The text the lines point into. */
  readonly text: string;
  /** Class number of each line; equal lines share a number. */
  readonly classes: Int32Array;
  /** `starts[i]` is the offset of line `i`; `starts[length]` is `text.length`. */
  readonly starts: Int32Array;
}

/** Counts lines as xdiff does: one per `\n`, plus an unterminated last line. */
function countLines(text: string): number {
  let n = 0;
  let pos = text.indexOf('\n');
  while (pos !== -1) {
    n++;
    pos = text.indexOf('\n', pos + 1);
  }
  return n + (text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? 1 : 0);
}

/**
 * Lines by content: an open-addressing table of class numbers keyed by a
 * hash of the line's characters, with each class's first line (text, start,
 * end) to compare against. No substring is made per line, which is what a
 * `Map<string, number>` costs (and the garbage collector after it).
 */
class LineTable {
  size = 0;
  private slots: Int32Array; // class + 1, 0 = empty
  private mask: number;
  private hashes: Int32Array; // by class
  private repText: Int32Array; // by class: which text
  private repStart: Int32Array;
  private repEnd: Int32Array;

  constructor(
    private readonly texts: readonly string[],
    expected: number,
  ) {
    let cap = 1024;
    while (cap < expected * 2) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    const n = (cap >> 1) + 1;
    this.hashes = new Int32Array(n);
    this.repText = new Int32Array(n);
    this.repStart = new Int32Array(n);
    this.repEnd = new Int32Array(n);
  }

  /** The class of line `[start, end)` of text `t` (hashed to `h`), numbered on first sight. */
  classOf(t: number, start: number, end: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) break;
      const c = s - 1;
      if (this.hashes[c] === h && this.repEnd[c]! - this.repStart[c]! === end - start && this.same(c, t, start, end)) return c;
      i = (i + 1) & mask;
    }
    const c = this.size++;
    slots[i] = c + 1;
    this.hashes[c] = h;
    this.repText[c] = t;
    this.repStart[c] = start;
    this.repEnd[c] = end;
    if (this.size * 2 > mask) this.grow();
    return c;
  }

  private same(c: number, t: number, start: number, end: number): boolean {
    const a = this.texts[this.repText[c]!]!;
    const b = this.texts[t]!;
    let j = this.repStart[c]!;
    for (let k = start; k < end; k++, j++) if (a.charCodeAt(j) !== b.charCodeAt(k)) return false;
    return true;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let c = 0; c < this.size; c++) {
      let i = this.hashes[c]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = c + 1;
    }
    this.slots = slots;
    this.mask = mask;
    const n = (cap >> 1) + 1;
    const widen = (a: Int32Array): Int32Array => {
      const w = new Int32Array(n);
      w.set(a);
      return w;
    };
    this.hashes = widen(this.hashes);
    this.repText = widen(this.repText);
    this.repStart = widen(this.repStart);
    this.repEnd = widen(this.repEnd);
  }
}

/**
 * Numbers the lines of a base text and of texts edited from it with one
 * table, so equal lines get equal class numbers (0, 1, 2… in order of first
 * sight). The edited texts mostly repeat base lines in order, so they are
 * first compared with the base after the last match, many lines at a time
 * (one native string comparison), and only looked up line by line where
 * that guess fails. With `conflict-kit/wasm` imported, large inputs are
 * interned in WebAssembly instead (UTF-8 in linear memory, 8 bytes at a
 * time), with the same results.
 * @returns the texts' lines (base first) and the number of distinct lines.
 */
export function internTexts(base: string, edited: readonly string[]): { files: InternedText[]; classCount: number } {
  const texts = [base, ...edited];
  const wasm = wasmDiffFor(texts.reduce((n, t) => n + t.length, 0) >= WASM_MIN_CHARS);
  const done = wasm?.intern(texts);
  if (done !== undefined) return done;
  const counts = texts.map(countLines);
  const table = new LineTable(texts, counts[0]! + 1024);
  // Base line of a class when it occurs there exactly once, else -1.
  const baseLineOf = new Int32Array(counts[0]!).fill(-2);
  let baseFile: InternedText | undefined;

  const files = texts.map((text, t) => {
    const n = counts[t]!;
    const classes = new Int32Array(n);
    const starts = new Int32Array(n + 1);
    const len = text.length;
    const guide = baseFile;
    const guideText = guide?.text ?? '';
    const guideStarts = guide?.starts ?? starts;
    const guideClasses = guide?.classes ?? classes;
    const guideLines = guide === undefined ? 0 : guideClasses.length;
    let guess = 0;
    let run = 1;
    let pos = 0;
    let i = 0;
    while (i < n) {
      const start = pos;
      if (guess < guideLines) {
        let k = Math.min(run, guideLines - guess, n - i);
        let skip = 0;
        for (;;) {
          const gs = guideStarts[guess]!;
          const ge = guideStarts[guess + k]!;
          const end = start + ge - gs;
          // The last line compared must end where a line of this text ends.
          // Cheap character checks first: most failed guesses end there.
          if (
            end <= len &&
            text.charCodeAt(end - 1) === guideText.charCodeAt(ge - 1) &&
            text.charCodeAt(start) === guideText.charCodeAt(gs) &&
            (end === len || text.charCodeAt(end - 1) === 10) &&
            text.slice(start, end) === guideText.slice(gs, ge)
          ) {
            for (let j = 0; j < k; j++) {
              starts[i + j] = start + guideStarts[guess + j]! - gs;
              classes[i + j] = guideClasses[guess + j]!;
            }
            i += k;
            guess += k;
            pos = end;
            if (run < 1024) run <<= 1;
            break;
          }
          if (k === 1) {
            // After a replaced or deleted line the match is a little further on.
            if (skip < 3 && guess + 1 < guideLines) {
              skip++;
              guess++;
              continue;
            }
            guess -= skip;
            run = 1;
            break;
          }
          k >>= 2;
          if (k < 1) k = 1;
        }
        if (pos !== start) continue;
      }
      // FNV-1a over the line's UTF-16 code units, up to and with its '\n'.
      let h = -2128831035;
      let end = start;
      while (end < len) {
        const c = text.charCodeAt(end++);
        h = Math.imul(h ^ c, 16777619);
        if (c === 10) break;
      }
      const id = table.classOf(t, start, end, h);
      classes[i] = id;
      starts[i] = start;
      if (t === 0) {
        baseLineOf[id] = baseLineOf[id] === -2 ? i : -1;
      } else if (id < baseLineOf.length && baseLineOf[id]! >= 0) {
        // A line found once in base: guess on from there.
        guess = baseLineOf[id]! + 1;
      }
      pos = end;
      i++;
    }
    starts[n] = len;
    const file = { text, classes, starts };
    if (t === 0) baseFile = file;
    return file;
  });
  return { files, classCount: table.size };
}

/** How often each class occurs in `classes` (array sized for `classCount` classes). */
export function countClasses(classes: Int32Array, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]!++;
  return counts;
}
