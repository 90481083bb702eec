import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { compilePointerPatterns, parseJsonPointer, toJsonPointer } from './jsonPath';

describe('JSON pointers', () => {
  it('escapes ~ and / as RFC 6901 says, and the empty path is the whole document', () => {
    expect(toJsonPointer([])).toBe('');
    expect(toJsonPointer(['a/b', 0, '~x', ''])).toBe('/a~1b/0/~0x/');
    expect(parseJsonPointer('/a~1b/0/~0x/')).toEqual(['a/b', '0', '~x', '']);
  });

  it('decodes ~01 as ~1, not as /', () => {
    expect(parseJsonPointer('/~01')).toEqual(['~1']);
  });

  it('round-trips any string path', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (path) => {
        expect(parseJsonPointer(toJsonPointer(path))).toEqual(path);
      }),
    );
  });

  it('rejects pointers without a leading slash or with a bad escape', () => {
    expect(() => parseJsonPointer('a')).toThrow(SyntaxError);
    expect(() => parseJsonPointer('/a~2')).toThrow(/must be followed by 0 or 1/);
    expect(() => parseJsonPointer('/a~')).toThrow(SyntaxError);
  });

  it('names the bad pointer in a short message in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./jsonPath');
      expect(() => production.parseJsonPointer('a')).toThrow(new SyntaxError('Invalid JSON pointer "a".'));
      expect(() => production.parseJsonPointer('/a~2')).toThrow(new SyntaxError('Invalid JSON pointer "/a~2".'));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('pointer patterns', () => {
  const patterns = compilePointerPatterns(['/version', '/items/*/updatedAt', '']);

  it('matches exact paths, with * standing for any one key or index', () => {
    expect(patterns.matches(['version'])).toBe(true);
    expect(patterns.matches(['items', 3, 'updatedAt'])).toBe(true);
    expect(patterns.matches(['items', 'x', 'updatedAt'])).toBe(true);
    expect(patterns.matches([])).toBe(true);
    expect(patterns.matches(['items', 3])).toBe(false);
    expect(patterns.matches(['versions'])).toBe(false);
  });

  it('tells whether a pattern lies strictly below a path', () => {
    expect(patterns.matchesBelow(['items'])).toBe(true);
    expect(patterns.matchesBelow(['items', 0])).toBe(true);
    expect(patterns.matchesBelow(['items', 0, 'updatedAt'])).toBe(false);
    expect(patterns.matchesBelow(['other'])).toBe(false);
  });
});
