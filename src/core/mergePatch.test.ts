import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch, isEmptyMergePatch, mergePatch } from './mergePatch';

describe('mergePatch', () => {
  it('keeps only changed members', () => {
    const base = { title: 'a', status: 'open', assignee: 'ana' };
    expect(mergePatch(base, { ...base, status: 'closed' })).toEqual({ status: 'closed' });
  });

  it('writes null for removed members', () => {
    expect(mergePatch({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: null });
    expect(mergePatch({ a: 1, b: 2 }, { a: 1, b: undefined })).toEqual({ b: null });
  });

  it('diffs nested objects and replaces arrays whole', () => {
    const base = { meta: { x: 1, y: 2 }, tags: ['a', 'b'] };
    expect(mergePatch(base, { meta: { x: 1, y: 3 }, tags: ['a', 'b', 'c'] })).toEqual({
      meta: { y: 3 },
      tags: ['a', 'b', 'c'],
    });
    expect(mergePatch(base, { ...base, tags: ['a', 'b'] })).toEqual({});
  });

  it('replaces the whole value when next is not an object', () => {
    expect(mergePatch({ a: 1 }, [1, 2])).toEqual([1, 2]);
    expect(mergePatch(null, { a: 1 })).toEqual({ a: 1 });
  });

  it('keeps a __proto__ member as data', () => {
    const next = JSON.parse('{"__proto__":{"polluted":true}}') as unknown;
    const patch = mergePatch({}, next) as Record<string, unknown>;
    expect(Object.hasOwn(patch, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports empty patches', () => {
    expect(isEmptyMergePatch(mergePatch({ a: [1] }, { a: [1] }))).toBe(true);
    expect(isEmptyMergePatch({ a: null })).toBe(false);
  });
});

describe('applyMergePatch', () => {
  it('follows the RFC 7396 appendix examples', () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('does not modify its input', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  // Merge patches cannot express null values, so generated records hold none.
  const record = fc.dictionary(
    fc.string({ maxLength: 4 }),
    fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 3 })),
    { maxKeys: 6 },
  );

  it('applying mergePatch(base, next) to base yields next', () => {
    fc.assert(
      fc.property(record, record, (base, next) => {
        expect(applyMergePatch(base, mergePatch(base, next))).toEqual(next);
      }),
    );
  });
});
