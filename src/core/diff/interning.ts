/**
 * Splits texts into lines the way xdiff does (a line ends after `\n`, which
 * it includes; `\r` is an ordinary character; a last line without `\n` is a
 * line of its own) and numbers each distinct line, so diffs compare
 * integers.
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

/** Splits text into lines that keep their line ends (a last line may have none). */
export function splitLines(text: string): string[] {
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
 * Numbers `tokens` by content in `table`, which is shared by the sequences
 * to be compared: equal tokens get equal numbers, a new one the next number.
 */
export function classify(tokens: readonly string[], table: Map<string, number>): Int32Array {
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
  return classes;
}

/**
 * Numbers the lines of a base text and of texts edited from it with one
 * table, so equal lines get equal class numbers (0, 1, 2… in order of first
 * sight). With `conflict-kit/wasm` imported, large inputs are interned in
 * WebAssembly instead (UTF-8 in linear memory, 8 bytes at a time), with the
 * same results.
 * @returns the texts' lines (base first) and the number of distinct lines.
 */
export function internTexts(base: string, edited: readonly string[]): { files: InternedText[]; classCount: number } {
  const texts = [base, ...edited];
  const wasm = wasmDiffFor(texts.reduce((n, t) => n + t.length, 0) >= WASM_MIN_CHARS);
  const done = wasm?.intern(texts);
  if (done !== undefined) return done;
  const table = new Map<string, number>();
  const files = texts.map((text) => {
    const lines = splitLines(text);
    const starts = new Int32Array(lines.length + 1);
    for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i]! + lines[i]!.length;
    return { text, classes: classify(lines, table), starts };
  });
  return { files, classCount: table.size };
}

/** How often each class occurs in `classes` (array sized for `classCount` classes). */
export function countClasses(classes: Int32Array, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]!++;
  return counts;
}
