import { describe, expect, it } from 'vitest';
import { parseETag } from '../core/etag';
import { etagFor, toEntityTag } from './etagFor';

describe('etagFor', () => {
  it('formats a strong tag from a version, optionally bound to a record id', () => {
    expect(etagFor(3)).toBe('"3"');
    expect(etagFor(3, 'T-1001')).toBe('"T-1001:3"');
    expect(etagFor('1-abc', 'orders/2026-88421')).toBe('"orders/2026-88421:1-abc"');
  });

  it('percent-encodes what an ETag cannot hold, so every id gives a valid, distinct tag', () => {
    const tags = [etagFor(1, 'a b'), etagFor(1, 'a"b'), etagFor(1, 'a:1'), etagFor('1:1', 'a'), etagFor(1, 'é'), etagFor(1, '%')];
    for (const tag of tags) expect(parseETag(tag)).toEqual({ weak: false, opaque: tag.slice(1, -1) });
    expect(new Set(tags).size).toBe(tags.length);
    expect(etagFor(1, 'a:1')).not.toBe(etagFor('1:1', 'a'));
    expect(etagFor(1, 'é')).toBe('"%C3%A9:1"');
  });

  it('refuses a version that is not finite', () => {
    expect(() => etagFor(Number.NaN)).toThrow(TypeError);
  });
});

describe('toEntityTag', () => {
  it('parses formatted tags and passes parsed ones through', () => {
    expect(toEntityTag('W/"x"')).toEqual({ weak: true, opaque: 'x' });
    const tag = { weak: false, opaque: 'y' };
    expect(toEntityTag(tag)).toBe(tag);
  });
  it('throws with a hint for an unquoted string', () => {
    expect(() => toEntityTag('v3')).toThrow(/etagFor/);
  });
});
