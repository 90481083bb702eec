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

  it('shows a rewritten stretch as one change instead of matching stray fragments', () => {
    // Only "the" and the hyphen would match: the stretch keeps too little to highlight word by word.
    expect(wordDiff('Reach: call the customer back by phone\n', 'Reach: e-mail the invoice to accounts\n')).toEqual([
      { op: 'same', text: 'Reach: ' },
      { op: 'add', text: 'e-mail the invoice to accounts' },
      { op: 'remove', text: 'call the customer back by phone' },
      { op: 'same', text: '\n' },
    ]);
    // A sentence that keeps most of its words is still highlighted word by word.
    expect(wordDiff('call the customer back by phone today', 'call the client back by e-mail today')).toEqual([
      { op: 'same', text: 'call the ' },
      { op: 'add', text: 'client' },
      { op: 'remove', text: 'customer' },
      { op: 'same', text: ' back by ' },
      { op: 'add', text: 'e-mail' },
      { op: 'remove', text: 'phone' },
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
