import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../test/support/prng';
import { countClasses, internTexts } from './interning';
import { setDiffEngine } from './engine';
import { xdiff } from './xdiff';
import '../../wasm/index';
import { internTextsWasm } from '../../wasm/internTextsWasm';
import { wasmSearchAvailable } from '../../wasm/searchWasm';

function diffLines(a: string, b: string) {
  const { files, classCount } = internTexts(a, [b]);
  const [fa, fb] = files as [(typeof files)[0], (typeof files)[0]];
  return { fa, fb, script: xdiff(fa.classes, fb.classes, countClasses(fa.classes, classCount), countClasses(fb.classes, classCount)) };
}

const textArb = fc.array(fc.constantFrom('a', 'b', 'c', '', '}', 'long line here'), { maxLength: 40 }).map((ls) => ls.map((l) => l + '\n').join(''));

describe('internTexts', () => {
  it('gives equal lines equal classes across texts, and different lines different ones', () => {
    fc.assert(
      fc.property(textArb, textArb, textArb, (a, b, c) => {
        const { files } = internTexts(a, [b, c]);
        const entries: [string, number][] = [];
        for (const f of files) {
          for (let i = 0; i < f.classes.length; i++) entries.push([f.text.slice(f.starts[i], f.starts[i + 1]), f.classes[i]!]);
          expect(f.starts[f.classes.length]).toBe(f.text.length);
        }
        const byLine = new Map<string, number>();
        const byClass = new Map<number, string>();
        for (const [line, cls] of entries) {
          expect(byLine.get(line) ?? cls).toBe(cls);
          expect(byClass.get(cls) ?? line).toBe(line);
          byLine.set(line, cls);
          byClass.set(cls, line);
        }
      }),
    );
  });

  it('numbers thousands of distinct lines, non-ASCII ones too, once each (the table grows)', () => {
    const line = (i: number): string => (i % 3 === 0 ? `zeile ${i} äöü 😀` : `line ${i}`) + '\n';
    const base = Array.from({ length: 5000 }, (_, i) => line(i)).join('');
    const edited = Array.from({ length: 5000 }, (_, i) => line(i % 2 === 0 ? i : i + 5000)).join('');
    const { files, classCount } = internTexts(base, [edited]);
    expect(classCount).toBe(7500);
    expect(Array.from(files[0]!.classes.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    for (let i = 0; i < 5000; i += 2) expect(files[1]!.classes[i]).toBe(i);
    for (let i = 1; i < 5000; i += 2) expect(files[1]!.classes[i]).toBeGreaterThanOrEqual(5000);
  });

  it('gives the same lines and classes in WebAssembly as in JS (UTF-8 multi-byte, astral and lone surrogates, CR, no final newline)', () => {
    const piece = fc.constantFrom('a', 'b', 'ab', '', '\r', 'é', 'ü x', '€', '😀', '\uD800', '\uDC00', 'x'.repeat(9), '\t}', '0123456789abcdef');
    const lineArb = fc.array(piece, { maxLength: 4 }).map((ps) => ps.join(''));
    const docArb = fc.tuple(fc.array(lineArb, { maxLength: 40 }), fc.boolean()).map(([ls, nl]) => ls.join('\n') + (nl && ls.length > 0 ? '\n' : ''));
    const run = (engine: 'js' | 'wasm', texts: string[]) => {
      setDiffEngine(engine);
      try {
        const { files, classCount } = internTexts(texts[0]!, texts.slice(1));
        return { classCount, files: files.map((f) => ({ classes: Array.from(f.classes), starts: Array.from(f.starts) })) };
      } finally {
        setDiffEngine('auto');
      }
    };
    expect(internTextsWasm(['a\nb\n', 'b\n'])?.classCount).toBe(2);
    expect(internTextsWasm(['a\uD800\n'])).toBeUndefined(); // lone surrogate: JS
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), (texts) => {
        expect(run('wasm', texts)).toEqual(run('js', texts));
      }),
      { numRuns: 500 },
    );
    // Large enough for the table to fill up and for 8-byte reads at every offset.
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i % 7000} ${'é'.repeat(i % 3)}${i % 11 === 0 ? '😀' : ''}`).join('\n');
    const edited = big.replace(/line 1/g, 'line one');
    expect(run('wasm', [big, edited, big + 'x'])).toEqual(run('js', [big, edited, big + 'x']));
  });

  it('splits lines after each newline and keeps an unterminated last line', () => {
    const { files } = internTexts('a\r\nb\nc', ['']);
    expect(Array.from(files[0]!.starts)).toEqual([0, 3, 5, 6]);
    expect(files[1]!.classes.length).toBe(0);
  });
});

describe('xdiff', () => {
  it('returns an edit script that turns a into b', () => {
    fc.assert(
      fc.property(textArb, textArb, (a, b) => {
        const { fa, fb, script } = diffLines(a, b);
        let out = '';
        let i = 0;
        for (let k = 0; k < script.count; k++) {
          const [s1, c1, s2, c2] = script.data.subarray(4 * k, 4 * k + 4) as unknown as [number, number, number, number];
          out += a.slice(fa.starts[i], fa.starts[s1]) + b.slice(fb.starts[s2], fb.starts[s2 + c2]);
          i = s1 + c1;
        }
        out += a.slice(fa.starts[i]);
        expect(out).toBe(b);
      }),
    );
  });

  it('slides a change down past repeated lines as git does', () => {
    // git diff of "a b b c" -> "a b c" reports the second "b" as deleted.
    expect(Array.from(diffLines('a\nb\nb\nc\n', 'a\nb\nc\n').script.data.subarray(0, 4))).toEqual([2, 1, 2, 0]);
  });
});

describe('xdiff search engines', () => {
  /** Line classes from an alphabet of `alphabet` lines, and a copy with a share `density` of lines edited. */
  function pair(n: number, alphabet: number, density: number, seed: number): [Int32Array, Int32Array] {
    const rnd = prng(seed);
    const a = Array.from({ length: n }, () => Math.floor(rnd() * alphabet));
    const b: number[] = [];
    for (const x of a) {
      const r = rnd();
      if (r >= density) b.push(x);
      else if (r < density * 0.4) b.push(Math.floor(rnd() * alphabet));
      else if (r < density * 0.7) continue;
      else b.push(x, Math.floor(rnd() * alphabet));
    }
    return [Int32Array.from(a), Int32Array.from(b)];
  }

  function scriptWith(engine: 'js' | 'wasm', a: Int32Array, b: Int32Array): number[] {
    let classes = 0;
    for (const x of a) if (x >= classes) classes = x + 1;
    for (const x of b) if (x >= classes) classes = x + 1;
    setDiffEngine(engine);
    try {
      const s = xdiff(a, b, countClasses(a, classes), countClasses(b, classes));
      return Array.from(s.data.subarray(0, 4 * s.count));
    } finally {
      setDiffEngine('auto');
    }
  }

  it('has the WebAssembly search in Node', () => {
    expect(wasmSearchAvailable()).toBe(true);
  });

  it('gives the same script in WebAssembly as in JS', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(),
        (n, alphabet, density, seed) => {
          const [a, b] = pair(n, alphabet, density, seed);
          expect(scriptWith('wasm', a, b)).toEqual(scriptWith('js', a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same script in WebAssembly as in JS on large heavily edited inputs (cost heuristics, cut-off)', () => {
    // Many edits over thousands of lines take the search past its cut-off
    // (mxcost); past 65,536 diagonals mxcost exceeds 256 and the snake
    // heuristics take some splits too (the first and last cases).
    for (const [n, alphabet, density, seed] of [
      [60_000, 20_000, 0.3, 11],
      [20_000, 5_000, 0.5, 1],
      [20_000, 40, 0.5, 2],
      [30_000, 100_000, 0.9, 3],
      [5_000, 3, 0.3, 4],
      [70_000, 1_000_000, 0.5, 14],
    ] as const) {
      const [a, b] = pair(n, alphabet, density, seed);
      expect(scriptWith('wasm', a, b)).toEqual(scriptWith('js', a, b));
    }
  });
});
