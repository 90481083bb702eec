import { describe, expect, it } from 'vitest';
import { mergeWords, suggestWordMerge } from './wordMerge';

describe('mergeWords', () => {
  it('combines edits to different words of a line', () => {
    expect(mergeWords('let a = 1;\n', 'let b = 1;\n', 'let a = 2;\n')).toBe('let b = 2;\n');
  });

  it('takes an edit made on one side only, or the same on both', () => {
    expect(mergeWords('x y\n', 'x z\n', 'x y\n')).toBe('x z\n');
    expect(mergeWords('x y\n', 'x y\n', 'x z\n')).toBe('x z\n');
    expect(mergeWords('x y\n', 'x z\n', 'x z\n')).toBe('x z\n');
  });

  it("combines one side's edits at both ends of a line with the other side's edit between them", () => {
    expect(mergeWords('a b c d e\n', 'A b c d E\n', 'a b C d e\n')).toBe('A b C d E\n');
  });

  it('combines an edit with a rewrite of another part of the line', () => {
    expect(mergeWords('one two three four\n', 'one two three FOUR\n', 'five six seven four\n')).toBe('five six seven FOUR\n');
  });

  it('does not combine edits with a line the other side rewrote', () => {
    expect(mergeWords('alpha beta gamma delta\n', 'ALPHA beta gamma DELTA\n', 'zeta eta theta iota\n')).toBeUndefined();
  });

  it('fails when both sides changed the same word differently', () => {
    expect(mergeWords('x y\n', 'x z\n', 'x w\n')).toBeUndefined();
  });

  it('fails when both sides insert different words at the same place', () => {
    expect(mergeWords('a b\n', 'a new b\n', 'a other b\n')).toBeUndefined();
  });

  it('keeps line ends as tokens of their own', () => {
    expect(mergeWords('a b\r\n', 'A b\r\n', 'a B\r\n')).toBe('A B\r\n');
  });
});

describe('suggestWordMerge', () => {
  it('merges line against line when the three sides have as many lines', () => {
    expect(suggestWordMerge('one two\nthree four\n', 'ONE two\nthree four\n', 'one two\nthree FOUR\n')).toBe('ONE two\nthree FOUR\n');
  });

  it('proposes nothing when the sides differ in number of lines', () => {
    expect(suggestWordMerge('a\nb\n', 'a\n', 'a\nB\n')).toBeUndefined();
  });

  it('proposes nothing when one line collides', () => {
    expect(suggestWordMerge('a\nb\n', 'A\nx\n', 'a\ny\n')).toBeUndefined();
  });
});
