import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPlainObject, jsonEqual, setOwn } from './json';

describe('jsonEqual', () => {
  it('ignores key order and undefined-valued keys, and treats 0 and -0 alike', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual(0, -0)).toBe(true);
    expect(jsonEqual(Number.NaN, Number.NaN)).toBe(true);
  });

  it('tells apart arrays and objects, lengths, missing keys and types', () => {
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual([1], [1, 2])).toBe(false);
    expect(jsonEqual({ a: 1 }, { b: 1 })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });

  it('compares non-plain objects by identity', () => {
    const date = new Date(0);
    expect(jsonEqual(date, date)).toBe(true);
    expect(jsonEqual(new Date(0), new Date(0))).toBe(false);
    expect(jsonEqual({}, Object.create(null))).toBe(true);
  });

  it('does not read inherited keys', () => {
    expect(jsonEqual({ constructor: Object }, {})).toBe(false);
  });

  it('handles 100,000 levels of nesting and cycles without overflowing or looping', () => {
    const deep = (leaf: number) => {
      let value: unknown = leaf;
      for (let i = 0; i < 100_000; i++) value = [value];
      return value;
    };
    expect(jsonEqual(deep(1), deep(1))).toBe(true);
    expect(jsonEqual(deep(1), deep(2))).toBe(false);
    const a: Record<string, unknown> = { v: 1 };
    a.self = a;
    const b: Record<string, unknown> = { v: 1 };
    b.self = b;
    expect(jsonEqual(a, b)).toBe(true);
    b.v = 2;
    expect(jsonEqual(a, b)).toBe(false);
  }, 30_000);

  it('agrees with comparing canonical JSON text', () => {
    const canonical = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) =>
        isPlainObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
      );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonical(a) === canonical(b));
        expect(jsonEqual(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('setOwn', () => {
  it('defines __proto__ as a plain property instead of changing the prototype', () => {
    const object: Record<string, unknown> = {};
    setOwn(object, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(JSON.stringify(object)).toBe('{"__proto__":{"polluted":true}}');
  });
});
