/**
 * Splits text into lines the way xdiff does (a line ends after `\n`, which
 * it includes; `\r` is an ordinary byte; a last line without `\n` is a line
 * of its own) and numbers each distinct line, so diffs compare integers.
 */

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
  const last = text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? 1 : 0;
  return n + last;
}

/**
 * Numbers the lines of `text` with a table shared by the texts being compared
 * (one `Map` lookup per line, one substring per line).
 */
export function internLines(text: string, table: Map<string, number>): InternedText {
  const n = countLines(text);
  const classes = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(start, end);
    let id = table.get(line);
    if (id === undefined) {
      id = table.size;
      table.set(line, id);
    }
    classes[i] = id;
    starts[i] = start;
    start = end;
  }
  starts[n] = text.length;
  return { text, classes, starts };
}

/** How often each class occurs in `classes` (array sized for `classCount` classes). */
export function countClasses(classes: Int32Array, classCount: number): Int32Array {
  const counts = new Int32Array(classCount);
  for (let i = 0; i < classes.length; i++) counts[classes[i]!]!++;
  return counts;
}
