import { describe, expect, it } from 'vitest';
import { documentLines } from './documentLines';

describe('the documents list line count', () => {
  it('counts the lines of a whole text', () => {
    expect(documentLines({ content: 'a\nb\nc\n' })).toBe('4');
    expect(documentLines({ content: '' })).toBe('0');
  });

  it('says "more than" when the server cut the text for the list, counting only whole lines', () => {
    const cut = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n').slice(0, 16_384);
    expect(documentLines({ content: cut, truncated: ['content'] })).toBe(`more than ${(cut.split('\n').length - 1).toLocaleString('en')}`);
    expect(documentLines({ content: 'x', truncated: ['title'] })).toBe('1');
  });
});
