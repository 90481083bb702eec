import { describe, expect, it, vi } from 'vitest';
import type { JsonValue } from './json';
import { mergeRecords } from './mergeRecords';
import { MergeResolutionError, resolveConflict, resolveMerge } from './resolveMerge';
import { ConflictKitError } from './errors';

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

describe('resolveMerge', () => {
  const base = { title: 'a', status: 'open', owner: 'ann', note: 'n' };
  const conflicted = () =>
    mergeRecords<Record<string, string>>(
      base,
      { title: 'mine', status: 'pending', owner: 'ann', note: 'mine' },
      { title: 'theirs', status: 'closed', note: 'changed' },
    );

  it('builds the record from one choice per conflict pointer: a side, base, or a custom value', () => {
    const result = conflicted();
    expect(result.conflicts.map((c) => c.pointer)).toEqual(['/title', '/status', '/note']);
    const resolved = resolveMerge(result, { '/title': 'theirs', '/status': 'base', '/note': { custom: 'both notes' } });
    expect(resolved).toEqual({ title: 'theirs', status: 'open', note: 'both notes' });
  });

  it('removes a field when the chosen side deleted it', () => {
    const result = mergeRecords<Record<string, string>>({ a: '1', b: '1' }, { a: '1', b: '2' }, { a: '1' });
    expect(resolveMerge(result, { '/b': 'theirs' })).toEqual({ a: '1' });
    expect(resolveMerge(result, { '/b': 'mine' })).toEqual({ a: '1', b: '2' });
  });

  it('accepts the choices as a Map', () => {
    const result = conflicted();
    const choices = new Map([
      ['/title', 'mine' as const],
      ['/status', 'mine' as const],
      ['/note', 'mine' as const],
    ]);
    expect(resolveMerge(result, choices)).toEqual({ title: 'mine', status: 'pending', note: 'mine' });
  });

  it('refuses to guess when a conflict has no choice, naming the pointers', () => {
    const result = conflicted();
    let error: unknown;
    try {
      resolveMerge(result, { '/title': 'mine' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MergeResolutionError);
    expect(error).toBeInstanceOf(ConflictKitError);
    expect((error as MergeResolutionError).pointers).toEqual(['/status', '/note']);
    expect((error as Error).message).toMatch(/2 conflict\(s\) have no choice yet: \/status, \/note/);
  });

  it('rejects choices that match no conflict (made for another merge)', () => {
    const result = conflicted();
    expect(() => resolveMerge(result, { '/title': 'mine', '/status': 'mine', '/note': 'mine', '/gone': 'mine' })).toThrow(/\/gone match no conflict/);
  });

  it('does not modify the merge result and shares untouched subtrees', () => {
    const result = mergeRecords(
      { big: { deep: [1, 2, 3] }, x: 1 },
      { big: { deep: [1, 2, 3] }, x: 2 },
      { big: { deep: [1, 2, 3] }, x: 3 },
    );
    deepFreeze(result);
    const resolved = resolveMerge(result, { '/x': 'theirs' });
    expect(resolved).toEqual({ big: { deep: [1, 2, 3] }, x: 3 });
    expect(result.value.x).toBe(2);
    expect(resolved.big).toBe(result.value.big);
  });

  it('resolves a result that went through JSON (kept across a reload)', () => {
    const result = mergeRecords(
      { items: [{ id: 1, n: 'a' }, { id: 2, n: 'b' }] },
      { items: [{ id: 2, n: 'mine' }] },
      { items: [{ id: 1, n: 'theirs' }, { id: 2, n: 'theirs' }] },
      { arrayKeys: { '/items': 'id' } },
    );
    const revived = JSON.parse(JSON.stringify(result)) as typeof result;
    const choices = { '/items/0': 'mine', '/items/1/n': 'mine' } as const;
    expect(resolveMerge(revived, choices)).toEqual(resolveMerge(result, choices));
    expect(resolveMerge(revived, choices)).toEqual({ items: [{ id: 2, n: 'mine' }] });
  });

  it('removes several elements of one array without shifting the others’ paths', () => {
    const item = (id: number, n = 'x') => ({ id, n });
    const result = mergeRecords(
      { items: [item(1), item(2), item(3), item(4)] },
      { items: [item(2, 'm')] },
      { items: [item(1, 't'), item(2, 't'), item(3, 't'), item(4)] },
      { arrayKeys: { '/items': 'id' } },
    );
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([
      ['/items/0', 'delete-modify'],
      ['/items/1/n', 'modify-modify'],
      ['/items/2', 'delete-modify'],
    ]);
    const resolved = resolveMerge(result, { '/items/0': 'mine', '/items/1/n': 'mine', '/items/2': 'mine' });
    expect(resolved).toEqual({ items: [item(2, 'm')] });
    const mixed = resolveMerge(result, { '/items/0': 'theirs', '/items/1/n': 'theirs', '/items/2': 'mine' });
    expect(mixed).toEqual({ items: [item(1, 't'), item(2, 't')] });
  });

  it('resolves the same when an app reordered the conflicts (sorted by label for its own dialog)', () => {
    const item = (id: number, n = 'x') => ({ id, n });
    const result = mergeRecords(
      { items: [item(1), item(2), item(3), item(4), item(5)] },
      { items: [item(2), item(4)] },
      { items: [item(1, 't'), item(2), item(3, 't'), item(4), item(5, 't')] },
      { arrayKeys: { '/items': 'id' } },
    );
    const reordered = { ...result, conflicts: [result.conflicts[1]!, result.conflicts[0]!, result.conflicts[2]!] };
    const choices = { '/items/0': 'mine', '/items/2': 'mine', '/items/4': 'mine' } as const;
    expect(resolveMerge(reordered, choices)).toEqual({ items: [item(2), item(4)] });
  });

  it('resolves a conflict on the whole record', () => {
    const result = mergeRecords<JsonValue>({ a: 1 }, [1], 'x');
    expect(resolveMerge(result, { '': 'theirs' })).toBe('x');
  });

  it('writes a custom value under a __proto__ key as a plain field', () => {
    const base = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, JsonValue>;
    const result = mergeRecords(base, JSON.parse('{"__proto__": {"x": 2}}') as typeof base, JSON.parse('{"__proto__": {"x": 3}}') as typeof base);
    expect(result.conflicts.map((c) => c.pointer)).toEqual(['/__proto__/x']);
    const resolved = resolveMerge(result, { '/__proto__/x': { custom: { polluted: true } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(resolved)).toBe('{"__proto__":{"x":{"polluted":true}}}');
  });
});

describe('resolveMerge: keeping both', () => {
  it('keeps both sides of each conflicting hunk of a text field, mine first, and the merged rest', () => {
    const base = { body: 'intro\n-\nline\n-\nend\n' };
    const result = mergeRecords(base, { body: 'INTRO\n-\nline mine\n-\nend\n' }, { body: 'intro\n-\nline theirs\n-\nEND\n' }, { text: true });
    expect(result.conflicts[0]?.kind).toBe('text');
    expect(resolveMerge(result, { '/body': 'both' }).body).toBe('INTRO\n-\nline mine\nline theirs\n-\nEND\n');
  });

  it('joins two one-line strings with a space, so a title stays one line; lines with a line break, or directly when mine already ends with one', () => {
    const result = mergeRecords(
      { t: 'a', u: 'a\n', v: 'a\nb' },
      { t: 'mine', u: 'mine\n', v: 'mine\nm' },
      { t: 'theirs', u: 'theirs\n', v: 'theirs\nt' },
    );
    expect(resolveMerge(result, { '/t': 'both', '/u': 'both', '/v': 'both' })).toEqual({ t: 'mine theirs', u: 'mine\ntheirs\n', v: 'mine\nm\ntheirs\nt' });
  });

  it('keeps both in the CRLF line ends of the server’s text when the draft came from a textarea (LF only)', () => {
    const base = { body: 'one\r\ntwo\r\nthree\r\n', note: 'a\r\nb' };
    const mine = { body: 'one mine\ntwo\nthree, mine\n', note: 'a\nmine' };
    const theirs = { body: 'one theirs\r\ntwo\r\nthree\r\n', note: 'a\r\ntheirs' };
    const result = mergeRecords(base, mine, theirs, { text: ['/body'] });
    expect(resolveMerge(result, { '/body': 'both', '/note': 'both' })).toEqual({
      body: 'one mine\r\none theirs\r\ntwo\r\nthree, mine\r\n',
      note: 'a\r\nmine\r\na\r\ntheirs',
    });
  });

  it('refuses "both" for values that are not two strings', () => {
    const result = mergeRecords<Record<string, JsonValue>>({ n: 1, s: 'a' }, { n: 2 }, { n: 3, s: 'b' });
    expect(() => resolveMerge(result, { '/n': 'both', '/s': 'mine' })).toThrow(/a number against a number/);
    const conflict = result.conflicts.find((c) => c.pointer === '/s')!;
    expect(() => resolveConflict(conflict, 'both')).toThrow(MergeResolutionError);
    expect(resolveConflict(conflict, 'mine')).toBeUndefined();
  });

  it('says where "both" was refused in a short message in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./resolveMerge');
      const result = mergeRecords<Record<string, JsonValue>>({ n: 1 }, { n: 2 }, { n: 3 });
      expect(() => production.resolveMerge(result, { '/n': 'both' })).toThrow(production.MergeResolutionError);
      expect(() => production.resolveMerge(result, { '/n': 'both' })).toThrow(/^Cannot keep both sides at \/n\.$/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
