import { describe, expect, it } from 'vitest';
import { arrayOf, integer, nullable, object, oneOf, optional, string } from './fieldSchema';

describe('fieldSchema', () => {
  const schema = object({
    name: string({ min: 1, max: 5 }),
    kind: oneOf(['a', 'b']),
    count: optional(integer(0, 3)),
    note: optional(nullable(string({ max: 10, multiline: true }))),
    tags: optional(arrayOf(string({ min: 1, max: 3 }), 0, 2)),
  });

  it('accepts a valid object and keeps only known members', () => {
    expect(schema({ name: 'ab', kind: 'a', note: null, tags: ['x'] }, '')).toEqual({
      ok: true,
      value: { name: 'ab', kind: 'a', note: null, tags: ['x'] },
    });
  });

  it('reports every problem by path', () => {
    const result = schema({ name: '', kind: 'c', count: 4, tags: ['x', 'toolong'], extra: 1 }, '');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(['extra', 'name', 'kind', 'count', 'tags[1]']);
  });

  it('tells required from optional members', () => {
    const result = schema({}, 'body');
    expect(!result.ok && result.issues.map((i) => i.field)).toEqual(['body.name', 'body.kind']);
  });

  it('refuses non-integers, unsafe integers and non-numbers', () => {
    const int = integer(0, Number.MAX_SAFE_INTEGER);
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, '1', null, true]) expect(int(bad, 'n').ok).toBe(false);
    expect(int(0, 'n').ok).toBe(true);
  });

  it('allows tabs and line breaks only in multiline strings, and never lone surrogates', () => {
    const line = string({ max: 20 });
    const text = string({ max: 20, multiline: true });
    expect(line('a\tb', 'x').ok).toBe(false);
    expect(text('a\tb\r\nc', 'x').ok).toBe(true);
    expect(text('a\u0007', 'x').ok).toBe(false);
    expect(text('\ud83d\ude00', 'x').ok).toBe(true);
    expect(text('\ud83d', 'x').ok).toBe(false);
    expect(text('\ude00x', 'x').ok).toBe(false);
  });

  it('does not let a __proto__ member reach the prototype', () => {
    const parsed = JSON.parse('{"name":"a","kind":"a","__proto__":{"polluted":true}}') as unknown;
    const result = schema(parsed, '');
    expect(!result.ok && result.issues[0]?.field).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
