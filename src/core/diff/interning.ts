/**
 * Splits texts into lines the way xdiff does (a line ends after `\n`, which
 * it includes; `\r` is an ordinary character; a last line without `\n` is a
 * line of its own) and numbers each distinct line, so diffs compare
 * integers. An open-addressing table hashes lines in place: no substring is
 * made, which is what a `Map<string, number>` would cost per line.
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
  return n + (text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? 1 : 0);
}

/**
 * Numbers the lines of a base text and of texts edited from it with one
 * table, so equal lines get equal class numbers (0, 1, 2… in order of first
 * sight). The edited texts mostly repeat base lines in order, so they are
 * first compared with the base after the last match, many lines at a time
 * (one native string comparison), and only looked up line by line where
 * that guess fails. Native string operations are many times faster than
 * character loops in JavaScript, so the table is a `Map` and every
 * comparison is `===` on substrings.
 * @returns the texts' lines (base first) and the number of distinct lines.
 */
export function internTexts(base: string, edited: readonly string[]): { files: InternedText[]; classCount: number } {
  const texts = [base, ...edited];
  const counts = texts.map(countLines);
  const table = new Map<string, number>();
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
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? len : nl + 1;
      const line = text.slice(start, end);
      let id = table.get(line);
      if (id === undefined) {
        id = table.size;
        table.set(line, id);
      }
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
