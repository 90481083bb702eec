import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  buildIfMatch,
  formatETag,
  parseETag,
  parseETagList,
  parseHttpDate,
  readValidator,
  readVersionField,
  sameVersion,
  strongMatch,
  weakMatch,
  writeVersionField,
} from './etag';

describe('parseETag', () => {
  it('reads strong and weak tags', () => {
    expect(parseETag('"v3"')).toEqual({ weak: false, opaque: 'v3' });
    expect(parseETag('W/"v3"')).toEqual({ weak: true, opaque: 'v3' });
    expect(parseETag('  "" ')).toEqual({ weak: false, opaque: '' });
  });

  it('rejects what is not a tag instead of guessing', () => {
    for (const bad of ['v3', '"v3', 'w/"v3"', '*', '"a"b"', '"a b"', '', 'W/', '"\u0000"']) {
      expect(parseETag(bad), bad).toBeNull();
    }
    expect(parseETag(null)).toBeNull();
  });

  it('round-trips through formatETag', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[\x21\x23-\x7e]*$/), (weak, opaque) => {
        const tag = { weak, opaque };
        expect(parseETag(formatETag(tag))).toEqual(tag);
      }),
    );
  });
});

describe('parseETagList', () => {
  it('reads *, single tags and lists with whitespace', () => {
    expect(parseETagList('*')).toBe('*');
    expect(parseETagList('"a", W/"b" ,"c"')).toEqual([
      { weak: false, opaque: 'a' },
      { weak: true, opaque: 'b' },
      { weak: false, opaque: 'c' },
    ]);
  });

  it('keeps commas that are inside a quoted tag', () => {
    expect(parseETagList('"a,b", "c"')).toEqual([
      { weak: false, opaque: 'a,b' },
      { weak: false, opaque: 'c' },
    ]);
  });

  it('refuses a list with any malformed member', () => {
    expect(parseETagList('"a", b')).toBeNull();
    expect(parseETagList('"a" "b"')).toBeNull();
    expect(parseETagList('')).toBeNull();
    expect(parseETagList('"a", *')).toBeNull();
  });
});

describe('comparison (RFC 9110 §8.8.3.2)', () => {
  const s1 = { weak: false, opaque: '1' };
  const w1 = { weak: true, opaque: '1' };
  const s2 = { weak: false, opaque: '2' };
  it('matches the RFC example table', () => {
    expect([strongMatch(w1, w1), weakMatch(w1, w1)]).toEqual([false, true]);
    expect([strongMatch(w1, { weak: true, opaque: '2' }), weakMatch(w1, { weak: true, opaque: '2' })]).toEqual([false, false]);
    expect([strongMatch(w1, s1), weakMatch(w1, s1)]).toEqual([false, true]);
    expect([strongMatch(s1, s1), weakMatch(s1, s1)]).toEqual([true, true]);
    expect(strongMatch(s1, s2)).toBe(false);
  });
});

describe('buildIfMatch', () => {
  it('sends a strong tag as it is', () => {
    expect(buildIfMatch('"abc"')).toEqual({ ok: true, value: '"abc"' });
  });

  it('refuses a weak tag with a reason, because it can never match If-Match', () => {
    const result = buildIfMatch('W/"abc"');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('weak-etag');
      expect(result.message).toMatch(/strong comparison/);
    }
  });

  it('says only what is missing in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./etag');
      expect(production.buildIfMatch('W/"abc"')).toEqual({
        ok: false,
        reason: 'weak-etag',
        message: 'The server sent a weak ETag (W/"abc").',
      });
      expect(production.buildIfMatch(null)).toEqual({
        ok: false,
        reason: 'no-validator',
        message: 'No usable ETag is known for this record.',
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('sends a weak tag only when a dialect opts in', () => {
    expect(buildIfMatch('W/"abc"', { allowWeak: true })).toEqual({ ok: true, value: 'W/"abc"' });
  });

  it('says there is no validator when there is none', () => {
    const result = buildIfMatch(undefined);
    expect(result.ok || result.reason).toBe('no-validator');
  });
});

describe('version fields and validators', () => {
  it('reads a version at a nested path and ignores non-scalar values', () => {
    expect(readVersionField({ version: 4 }, 'version')).toBe(4);
    expect(readVersionField({ meta: { rev: '2-ab' } }, 'meta.rev')).toBe('2-ab');
    expect(readVersionField({ meta: { rev: {} } }, ['meta', 'rev'])).toBeUndefined();
    expect(readVersionField('text', 'version')).toBeUndefined();
    expect(readVersionField({ version: Number.NaN }, 'version')).toBeUndefined();
  });

  it('writes a version without touching the input or the prototype', () => {
    const body = { title: 'x', meta: { rev: '1-a' } };
    const next = writeVersionField(body, 'meta.rev', '2-b');
    expect(next).toEqual({ title: 'x', meta: { rev: '2-b' } });
    expect(body.meta.rev).toBe('1-a');
    const hostile = writeVersionField({}, '__proto__.polluted', 1) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(hostile)).toEqual(['__proto__']);
  });

  it('collects ETag, Last-Modified and the body version from a response', () => {
    const headers = new Headers({ etag: '"t-3"', 'last-modified': 'Wed, 25 Nov 2026 10:00:00 GMT' });
    const v = readValidator(headers, { version: 3 }, { versionField: 'version' });
    expect(v.etag).toEqual({ weak: false, opaque: 't-3' });
    expect(v.lastModified?.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(v.version).toBe(3);
    expect(parseHttpDate('not a date')).toBeNull();
  });

  it('treats weakly equal tags as the same version for freshness checks', () => {
    expect(sameVersion({ etag: { weak: true, opaque: 'a' } }, { etag: { weak: false, opaque: 'a' } })).toBe(true);
    expect(sameVersion({ version: 3 }, { version: '3' })).toBe(true);
    expect(sameVersion({ version: 3 }, { etag: { weak: false, opaque: '3' } })).toBe(false);
  });
});
