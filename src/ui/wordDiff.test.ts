import { describe, expect, it } from 'vitest';
import { wordDiff } from './wordDiff';

describe('wordDiff', () => {
  it('marks the words added and removed between two versions of a line', () => {
    expect(wordDiff('The quick brown fox\n', 'The slow brown cat\n')).toEqual([
      { op: 'same', text: 'The ' },
      { op: 'add', text: 'slow' },
      { op: 'remove', text: 'quick' },
      { op: 'same', text: ' brown ' },
      { op: 'add', text: 'cat' },
      { op: 'remove', text: 'fox' },
      { op: 'same', text: '\n' },
    ]);
  });

  it('rebuilds both sides from its segments', () => {
    const from = 'a b c d e f';
    const to = 'a x c d y f z';
    const segments = wordDiff(from, to)!;
    expect(segments.filter((s) => s.op !== 'add').map((s) => s.text).join('')).toBe(from);
    expect(segments.filter((s) => s.op !== 'remove').map((s) => s.text).join('')).toBe(to);
  });

  it('gives up on hunks too big to diff quickly instead of stalling', () => {
    const big = (tag: string) => Array.from({ length: 2000 }, (_, i) => `${tag}${i}`).join(' ');
    expect(wordDiff(big('a'), big('b'))).toBeUndefined();
  });
});
