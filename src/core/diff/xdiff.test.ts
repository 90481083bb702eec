import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countClasses, internTexts } from './interning';
import { xdiff } from './xdiff';

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
