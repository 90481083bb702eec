import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordDiff, type WordSegment } from './wordDiff';

const side = (segments: readonly WordSegment[], drop: WordSegment['op']): string =>
  segments.filter((s) => s.op !== drop).map((s) => s.text).join('');

describe('wordDiff', () => {
  it('marks the words added and removed between two versions of a line', () => {
    expect(wordDiff('The quick brown fox\n', 'The slow brown cat\n')).toEqual([
      { op: 'same', text: 'The ' },
      { op: 'remove', text: 'quick' },
      { op: 'add', text: 'slow' },
      { op: 'same', text: ' brown ' },
      { op: 'remove', text: 'fox' },
      { op: 'add', text: 'cat' },
      { op: 'same', text: '\n' },
    ]);
  });

  it('groups neighbouring changed words, with the spaces between them, as one removal then one addition', () => {
    expect(wordDiff('Export to quarterly spreadsheet now', 'export for quarterly spreadsheets now')).toEqual([
      { op: 'remove', text: 'Export to' },
      { op: 'add', text: 'export for' },
      { op: 'same', text: ' quarterly ' },
      { op: 'remove', text: 'spreadsheet' },
      { op: 'add', text: 'spreadsheets' },
      { op: 'same', text: ' now' },
    ]);
  });

  it('marks a removed line break alone, not the line break that stays', () => {
    expect(wordDiff('Call the customer.\n\nThanks', 'Call the customer.\nThanks')).toEqual([
      { op: 'same', text: 'Call the customer.\n' },
      { op: 'remove', text: '\n' },
      { op: 'same', text: 'Thanks' },
    ]);
  });

  it('joins changes split only by a line break and indent into one removal and one addition', () => {
    expect(wordDiff('the red\n  small elephant sat', 'the blue\n  large elephant ran')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'remove', text: 'red\n  small' },
      { op: 'add', text: 'blue\n  large' },
      { op: 'same', text: ' elephant ' },
      { op: 'remove', text: 'sat' },
      { op: 'add', text: 'ran' },
    ]);
  });

  it('never leaves a bare space between two changes, never puts an addition before its removal, and rebuilds both sides', () => {
    const words = fc.array(fc.constantFrom('CSV', 'Export', 'export', 'to', 'for', 'the', 'report', 'now', 'a', 'b'), { maxLength: 12 });
    fc.assert(
      fc.property(words, words, fc.constantFrom(' ', '  ', '\n'), (x, y, gap) => {
        const from = x.join(gap);
        const to = y.join(gap);
        const segments = wordDiff(from, to)!;
        expect(side(segments, 'add')).toBe(from);
        expect(side(segments, 'remove')).toBe(to);
        segments.forEach((segment, k) => {
          const next = segments[k + 1];
          if (segment.op === 'add') expect(next?.op).not.toBe('remove');
          if (segment.op === 'same' && /^\s+$/.test(segment.text) && k > 0 && next) {
            expect(segments[k - 1]!.op === 'same' || next.op === 'same').toBe(true);
          }
        });
      }),
    );
  });

  it('rebuilds both sides from its segments', () => {
    const from = 'a b c d e f';
    const to = 'a x c d y f z';
    const segments = wordDiff(from, to)!;
    expect(side(segments, 'add')).toBe(from);
    expect(side(segments, 'remove')).toBe(to);
  });

  it('shows a rewritten stretch as one change instead of matching stray fragments', () => {
    // Only "the" and the hyphen would match: the stretch keeps too little to highlight word by word.
    expect(wordDiff('Reach: call the customer back by phone\n', 'Reach: e-mail the invoice to accounts\n')).toEqual([
      { op: 'same', text: 'Reach: ' },
      { op: 'remove', text: 'call the customer back by phone' },
      { op: 'add', text: 'e-mail the invoice to accounts' },
      { op: 'same', text: '\n' },
    ]);
    // A sentence that keeps most of its words is still highlighted word by word.
    expect(wordDiff('call the customer back by phone today', 'call the client back by e-mail today')).toEqual([
      { op: 'same', text: 'call the ' },
      { op: 'remove', text: 'customer' },
      { op: 'add', text: 'client' },
      { op: 'same', text: ' back by ' },
      { op: 'remove', text: 'phone' },
      { op: 'add', text: 'e-mail' },
      { op: 'same', text: ' today' },
    ]);
  });

  it('rebuilds both sides of a rewritten stretch too', () => {
    const from = 'Printer on floor 3 jams when duplex is on.';
    const to = 'Scanner in the lobby: no e-mail delivery.';
    const segments = wordDiff(from, to)!;
    expect(segments.filter((s) => s.op !== 'add').map((s) => s.text).join('')).toBe(from);
    expect(segments.filter((s) => s.op !== 'remove').map((s) => s.text).join('')).toBe(to);
    expect(segments.filter((s) => s.op !== 'same')).toHaveLength(2);
  });

  it('gives up on hunks too big to diff quickly instead of stalling', () => {
    const big = (tag: string) => Array.from({ length: 2000 }, (_, i) => `${tag}${i}`).join(' ');
    expect(wordDiff(big('a'), big('b'))).toBeUndefined();
  });
});
