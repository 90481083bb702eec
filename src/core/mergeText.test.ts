import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../wasm/index';
import { setDiffEngine } from './diff/engine';
import { formatConflictMarkers, mergeText, resolveTextHunks, type TextHunk } from './mergeText';

const lines = (...ls: string[]): string => ls.map((l) => l + '\n').join('');

describe('mergeText rules', () => {
  it('takes a change made on one side only', () => {
    const base = lines('a', 'b', 'c');
    expect(mergeText(base, lines('a', 'B', 'c'), base)).toMatchObject({ clean: true, text: lines('a', 'B', 'c') });
    expect(mergeText(base, base, lines('a', 'b', 'C'))).toMatchObject({ clean: true, text: lines('a', 'b', 'C') });
  });

  it('takes changes of both sides when they do not overlap', () => {
    const r = mergeText(lines('a', 'b', 'c', 'd', 'e'), lines('A', 'b', 'c', 'd', 'e'), lines('a', 'b', 'c', 'd', 'E'));
    expect(r.clean).toBe(true);
    expect(r.text).toBe(lines('A', 'b', 'c', 'd', 'E'));
    expect(r.hunks.map((h) => h.kind)).toEqual(['mine', 'stable', 'theirs']);
  });

  it('takes an identical change once and reports it as made by both', () => {
    const r = mergeText(lines('a', 'b', 'c'), lines('a', 'X', 'c'), lines('a', 'X', 'c', 'd'));
    expect(r.text).toBe(lines('a', 'X', 'c', 'd'));
    expect(r.hunks.find((h) => h.kind === 'both')).toMatchObject({ text: 'X\n', base: 'b\n', baseStart: 1, mineStart: 1, theirsStart: 1 });
  });

  it('returns overlapping different changes as a conflict hunk with the three sides', () => {
    const r = mergeText(lines('a', 'b', 'c'), lines('a', 'X', 'c'), lines('a', 'Y', 'c'));
    expect(r.clean).toBe(false);
    expect(r.conflicts).toBe(1);
    expect(r.hunks[1]).toMatchObject({ kind: 'conflict', index: 0, base: 'b\n', mine: 'X\n', theirs: 'Y\n', baseStart: 1, mineStart: 1, theirsStart: 1 });
  });

  it('writes conflicts like `git merge-file -p --diff3`', () => {
    const r = mergeText(lines('a', 'b', 'c'), lines('a', 'X', 'c'), lines('a', 'Y', 'c'));
    expect(r.text).toBe(lines('a', '<<<<<<< mine', 'X', '||||||| base', 'b', '=======', 'Y', '>>>>>>> theirs', 'c'));
    expect(formatConflictMarkers(r, { mine: 'ours', base: 'orig', theirs: 'remote' })).toBe(
      lines('a', '<<<<<<< ours', 'X', '||||||| orig', 'b', '=======', 'Y', '>>>>>>> remote', 'c'),
    );
  });

  it('writes zdiff3 and merge styles like git, moving lines both sides share out of the conflict', () => {
    const base = lines('1', '2', '3', '4', '5');
    const mine = lines('1', 'A', 'B', 'C', '5');
    const theirs = lines('1', 'A', 'X', 'C', '5');
    expect(mergeText(base, mine, theirs, { conflictStyle: 'zdiff3' }).text).toBe(
      lines('1', 'A', '<<<<<<< mine', 'B', '||||||| base', '2', '3', '4', '=======', 'X', '>>>>>>> theirs', 'C', '5'),
    );
    const merge = mergeText(base, mine, theirs, { conflictStyle: 'merge' });
    expect(merge.text).toBe(lines('1', 'A', '<<<<<<< mine', 'B', '=======', 'X', '>>>>>>> theirs', 'C', '5'));
    expect(merge.hunks.filter((h) => h.kind === 'conflict')).toMatchObject([{ mine: 'B\n', theirs: 'X\n', base: '2\n3\n4\n' }]);
  });

  it('keeps CRLF line ends and writes markers with CRLF as git does', () => {
    const r = mergeText('a\r\nb\r\nc\r\n', 'a\r\nX\r\nc\r\n', 'a\r\nY\r\nc\r\n');
    expect(r.text).toBe('a\r\n<<<<<<< mine\r\nX\r\n||||||| base\r\nb\r\n=======\r\nY\r\n>>>>>>> theirs\r\nc\r\n');
    expect(r.hunks[1]).toMatchObject({ eol: '\r\n' });
    expect(mergeText('a\r\nb\r\nc\r\nd\r\n', 'a\r\nB\r\nc\r\nd\r\n', 'a\r\nb\r\nc\r\nd\r\ne\r\n').text).toBe('a\r\nB\r\nc\r\nd\r\ne\r\n');
  });

  it('keeps a missing final newline, and ends a conflict side without one with a newline like git', () => {
    expect(mergeText('a\nb\n', 'a\nb\nc', 'a\nb\n')).toMatchObject({ clean: true, text: 'a\nb\nc' });
    expect(mergeText('a\nb', 'A\nb', 'a\nb')).toMatchObject({ clean: true, text: 'A\nb' });
    const r = mergeText('a\nb', 'a\nX', 'a\nY');
    expect(r.text).toBe(lines('a', '<<<<<<< mine', 'X', '||||||| base', 'b', '=======', 'Y', '>>>>>>> theirs'));
    expect(r.hunks[1]).toMatchObject({ mine: 'X', theirs: 'Y', base: 'b' });
    expect(resolveTextHunks(r, ['mine'])).toBe('a\nX');
    expect(resolveTextHunks(r, ['both'])).toBe('a\nX\nY');
  });

  it('treats a line with and without its final newline as different lines', () => {
    expect(mergeText('a\n', 'a', 'a\nb\n')).toMatchObject({ clean: false });
  });

  it('merges empty inputs', () => {
    expect(mergeText('', '', '')).toMatchObject({ clean: true, text: '', hunks: [] });
    expect(mergeText('', 'x\n', '')).toMatchObject({ clean: true, text: 'x\n' });
    expect(mergeText('a\n', '', 'a\n')).toMatchObject({ clean: true, text: '' });
    expect(mergeText('', 'x\n', 'y\n').text).toBe(lines('<<<<<<< mine', 'x', '||||||| base', '=======', 'y', '>>>>>>> theirs'));
  });
});

describe('word-level suggestions', () => {
  const base = lines('title', 'The quick brown fox jumps', 'end');
  const mine = lines('title', 'The slow brown fox jumps', 'end');
  const theirs = lines('title', 'The quick brown fox leaps', 'end');

  it('proposes a merge of edits that do not collide inside a line, without applying it', () => {
    const r = mergeText(base, mine, theirs);
    expect(r.clean).toBe(false);
    expect(r.hunks[1]).toMatchObject({ kind: 'conflict', suggestion: 'The slow brown fox leaps\n' });
  });

  it('applies the suggestion when asked, and the merge counts as clean', () => {
    const r = mergeText(base, mine, theirs, { applyWordMerge: true });
    expect(r).toMatchObject({ clean: true, conflicts: 0, text: lines('title', 'The slow brown fox leaps', 'end') });
    expect(r.hunks[1]).toMatchObject({ kind: 'merged', mine: 'The slow brown fox jumps\n' });
    expect(resolveTextHunks(r, ['theirs'])).toBe(theirs);
  });

  it('proposes nothing when the same words changed differently', () => {
    const r = mergeText(base, lines('title', 'The slow brown fox jumps', 'end'), lines('title', 'The fast brown fox jumps', 'end'));
    expect(r.hunks[1]).toMatchObject({ kind: 'conflict' });
    expect(r.hunks[1]).not.toHaveProperty('suggestion');
  });

  it('proposes nothing when the sides have different numbers of lines', () => {
    const r = mergeText(base, lines('title', 'The slow brown fox jumps', 'extra', 'end'), theirs);
    expect(r.hunks.find((h) => h.kind === 'conflict')).not.toHaveProperty('suggestion');
  });
});

describe('resolveTextHunks', () => {
  const r = mergeText(lines('a', 'b', 'c', 'd', 'e'), lines('a', 'X', 'c', 'd', 'M'), lines('a', 'Y', 'c', 'd', 'T'));

  it('rebuilds the text with one choice per conflict', () => {
    expect(r.conflicts).toBe(2);
    expect(resolveTextHunks(r, ['mine', 'theirs'])).toBe(lines('a', 'X', 'c', 'd', 'T'));
    expect(resolveTextHunks(r, ['both', 'base'])).toBe(lines('a', 'X', 'Y', 'c', 'd', 'e'));
    expect(resolveTextHunks(r, [{ custom: 'Z\n' }, 'mine'])).toBe(lines('a', 'Z', 'c', 'd', 'M'));
  });

  it('keeps both without repeating the lines the two sides share, as git merge-file --union does', () => {
    // Both add after a last line without a line end: diff3 puts that line on both sides of the conflict.
    const base = 'First paragraph line.\nLast line without newline.';
    const both = mergeText(base, `${base}\nAppended by B.`, `${base}\nAppended by A.`);
    expect(both.conflicts).toBe(1);
    expect(resolveTextHunks(both, ['both'])).toBe('First paragraph line.\nLast line without newline.\nAppended by B.\nAppended by A.');
    // Shared lines at the end of the sides stay after both sides' own lines.
    const ends = mergeText(lines('a', 'b', 'z'), lines('a', 'X', 'z', 'tail'), lines('a', 'Y', 'z', 'tail'));
    expect(resolveTextHunks(ends, ['both'])).toBe(lines('a', 'X', 'Y', 'z', 'tail'));
  });

  it('keeps the markers of a conflict left without a choice', () => {
    expect(resolveTextHunks(r, ['mine'])).toBe(lines('a', 'X', 'c', 'd', '<<<<<<< mine', 'M', '||||||| base', 'e', '=======', 'T', '>>>>>>> theirs'));
  });
});

// Small alphabets make repeated lines, the hard case for line alignment.
const lineArb = fc.constantFrom('a', 'b', 'c', '}', '', 'x y', 'return;', '\tz');
const textArb = fc
  .record({ ls: fc.array(lineArb, { maxLength: 25 }), crlf: fc.boolean(), finalNewline: fc.boolean() })
  .map(({ ls, crlf, finalNewline }) => {
    const eol = crlf ? '\r\n' : '\n';
    const body = ls.join(eol);
    return ls.length > 0 && finalNewline ? body + eol : body;
  });
const editArb = (base: string): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), lineArb), { maxLength: 6 }).map((edits) => {
    const ls = base.split('\n');
    for (const [at, op, line] of edits) {
      const i = ls.length === 0 ? 0 : at % ls.length;
      if (op === 'insert') ls.splice(i, 0, line);
      else if (op === 'delete') ls.splice(i, 1);
      else ls[i] = line;
    }
    return ls.join('\n');
  });
const tripleArb = textArb.chain((base) => fc.tuple(fc.constant(base), editArb(base), editArb(base)));
const STYLES = ['diff3', 'zdiff3', 'merge'] as const;

/** Reassembles one input from the hunks: each hunk gives that input's lines. */
function side(hunks: readonly TextHunk[], which: 'base' | 'mine' | 'theirs'): string {
  return hunks
    .map((h) => {
      switch (h.kind) {
        case 'stable':
          return h.text;
        case 'both':
          return which === 'base' ? h.base : h.text;
        case 'mine':
          return which === 'mine' ? h.text : h.base;
        case 'theirs':
          return which === 'theirs' ? h.text : h.base;
        case 'conflict':
        case 'merged':
          return h[which];
      }
    })
    .join('');
}

// Both implementations of the Myers search: the JS one and the WebAssembly one.
describe.each(['js', 'wasm'] as const)('mergeText properties (%s search)', (engine) => {
  beforeAll(() => setDiffEngine(engine));
  afterAll(() => setDiffEngine('auto'));

  it('returns mine when theirs did not change, theirs when mine did not, and the common text when both made the same edit', () => {
    fc.assert(
      fc.property(tripleArb, ([base, x]) => {
        expect(mergeText(base, x, base)).toMatchObject({ clean: true, text: x });
        expect(mergeText(base, base, x)).toMatchObject({ clean: true, text: x });
        expect(mergeText(base, x, x)).toMatchObject({ clean: true, text: x });
      }),
      { numRuns: 300 },
    );
  });

  it('loses no line of any input: the hunks reassemble mine and theirs (and base, in diff3 style)', () => {
    fc.assert(
      fc.property(tripleArb, fc.constantFrom(...STYLES), ([base, mine, theirs], style) => {
        const r = mergeText(base, mine, theirs, { conflictStyle: style });
        expect(side(r.hunks, 'mine')).toBe(mine);
        expect(side(r.hunks, 'theirs')).toBe(theirs);
        if (style === 'diff3') expect(side(r.hunks, 'base')).toBe(base);
      }),
      { numRuns: 400 },
    );
  });

  it('rebuilds mine when every conflict takes mine and theirs-only changes are undone (and the same for theirs)', () => {
    fc.assert(
      fc.property(tripleArb, ([base, mine, theirs]) => {
        const r = mergeText(base, mine, theirs);
        const undo = (kind: 'mine' | 'theirs'): TextMergeLike => ({
          ...r,
          hunks: r.hunks.map((h) => (h.kind === kind ? { kind: 'stable', text: h.base, baseStart: h.baseStart, mineStart: h.mineStart, theirsStart: h.theirsStart } : h)),
        });
        expect(resolveTextHunks(undo('theirs'), Array<'mine'>(r.conflicts).fill('mine'))).toBe(mine);
        expect(resolveTextHunks(undo('mine'), Array<'theirs'>(r.conflicts).fill('theirs'))).toBe(theirs);
        // When all of theirs' changes collide with mine, choosing mine everywhere is mine.
        if (!r.hunks.some((h) => h.kind === 'theirs')) expect(resolveTextHunks(r, Array<'mine'>(r.conflicts).fill('mine'))).toBe(mine);
      }),
      { numRuns: 300 },
    );
  });

  it('is clean exactly when no conflict hunk is left, and text equals the hunks with markers', () => {
    fc.assert(
      fc.property(tripleArb, fc.boolean(), ([base, mine, theirs], apply) => {
        const r = mergeText(base, mine, theirs, { applyWordMerge: apply });
        expect(r.clean).toBe(!r.hunks.some((h) => h.kind === 'conflict'));
        expect(formatConflictMarkers(r)).toBe(r.text);
      }),
      { numRuns: 200 },
    );
  });
});

type TextMergeLike = Parameters<typeof resolveTextHunks>[0];

describe('reference merge packages', () => {
  it('are used by tests and benchmarks only, never by library code', () => {
    const root = join(import.meta.dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of ['diff3', 'node-diff3']) {
      expect(pkg.dependencies?.[name]).toBeUndefined();
      expect(pkg.peerDependencies?.[name]).toBeUndefined();
    }
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.(test|stories|bench)\.tsx?$/.test(entry.name)) {
          if (/(from\s+|require\(\s*|import\(\s*)['"](node-)?diff3['"]/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    walk(join(root, 'src'));
    expect(offenders).toEqual([]);
  });
});
