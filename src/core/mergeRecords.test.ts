import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonEqual, type JsonValue } from './json';
import { mergeRecords, type RecordMergeResult } from './mergeRecords';
import { resolveMerge } from './resolveMerge';

const pointers = (result: RecordMergeResult<unknown>): string[] => result.conflicts.map((c) => c.pointer);
const sources = (result: RecordMergeResult<unknown>): string[] => result.autoMerged.map((a) => `${a.pointer}:${a.from}`);

describe('mergeRecords: fields', () => {
  const base = { title: 'Printer', status: 'open', assignee: 'ann' };

  it('keeps mine when only theirs changed other fields', () => {
    const result = mergeRecords(base, { ...base, title: 'Printer on fire' }, { ...base, status: 'closed' });
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({ title: 'Printer on fire', status: 'closed', assignee: 'ann' });
    expect(sources(result).sort()).toEqual(['/status:theirs', '/title:mine']);
  });

  it('merges identical changes on both sides silently', () => {
    const result = mergeRecords(base, { ...base, status: 'closed' }, { ...base, status: 'closed' });
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({ ...base, status: 'closed' });
    expect(sources(result)).toEqual(['/status:both']);
  });

  it('reports different changes to one field as modify-modify with all three values, and leaves mine in value', () => {
    const result = mergeRecords(base, { ...base, status: 'pending' }, { ...base, status: 'closed', assignee: 'bob' });
    expect(result.clean).toBe(false);
    expect(result.conflicts).toEqual([
      { kind: 'modify-modify', path: ['status'], pointer: '/status', base: 'open', mine: 'pending', theirs: 'closed' },
    ]);
    expect(result.value).toEqual({ title: 'Printer', status: 'pending', assignee: 'bob' });
  });

  it('treats key order as irrelevant', () => {
    const result = mergeRecords({ a: 1, b: { x: 1, y: 2 } }, { b: { y: 2, x: 1 }, a: 1 }, { a: 2, b: { x: 1, y: 2 } });
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({ a: 2, b: { x: 1, y: 2 } });
    expect(sources(result)).toEqual(['/a:theirs']);
  });

  it('takes a deletion made on one side when the other side left the field alone', () => {
    const mine: Record<string, string> = { ...base };
    delete mine.assignee;
    const result = mergeRecords<Record<string, string>>(base, mine, { ...base, status: 'closed' });
    expect(result.value).toEqual({ title: 'Printer', status: 'closed' });
    expect(result.clean).toBe(true);
  });

  it('reports delete-modify when mine deleted a field theirs changed, leaving it deleted in value', () => {
    const result = mergeRecords<Record<string, string>>(base, { title: 'Printer', status: 'open' }, { ...base, assignee: 'bob' });
    expect(result.conflicts).toEqual([
      { kind: 'delete-modify', path: ['assignee'], pointer: '/assignee', base: 'ann', mine: undefined, theirs: 'bob' },
    ]);
    expect(result.value).toEqual({ title: 'Printer', status: 'open' });
  });

  it('reports modify-delete when theirs deleted a field mine changed, keeping mine in value', () => {
    const result = mergeRecords<Record<string, string>>(base, { ...base, assignee: 'cat' }, { title: 'Printer', status: 'open' });
    expect(result.conflicts.map((c) => [c.kind, c.mine, c.theirs])).toEqual([['modify-delete', 'cat', undefined]]);
    expect(result.value).toEqual(base.assignee ? { ...base, assignee: 'cat' } : {});
  });

  it('merges a field both sides added with the same value, and reports add-add when the values differ', () => {
    const same = mergeRecords<Record<string, string>>({}, { due: 'mon' }, { due: 'mon' });
    expect(same.clean).toBe(true);
    expect(same.value).toEqual({ due: 'mon' });
    const different = mergeRecords<Record<string, string>>({}, { due: 'mon' }, { due: 'tue' });
    expect(different.conflicts.map((c) => [c.kind, c.base, c.mine, c.theirs])).toEqual([['add-add', undefined, 'mon', 'tue']]);
  });

  it('merges nested objects field by field and reports conflicts with their full path', () => {
    const b = { meta: { owner: { name: 'ann', team: 'ops' }, tags: ['a'] } };
    const result = mergeRecords(
      b,
      { meta: { owner: { name: 'anna', team: 'ops' }, tags: ['a'] } },
      { meta: { owner: { name: 'annie', team: 'dev' }, tags: ['a', 'b'] } },
    );
    expect(result.value).toEqual({ meta: { owner: { name: 'anna', team: 'dev' }, tags: ['a', 'b'] } });
    expect(result.conflicts.map((c) => c.path)).toEqual([['meta', 'owner', 'name']]);
    expect(pointers(result)).toEqual(['/meta/owner/name']);
  });

  it('merges objects both sides added under the same key field by field', () => {
    const result = mergeRecords<Record<string, JsonValue>>({}, { ship: { city: 'Oslo', zip: '1' } }, { ship: { city: 'Oslo', zip: '2' } });
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([['/ship/zip', 'add-add']]);
    expect(result.value).toEqual({ ship: { city: 'Oslo', zip: '1' } });
  });

  it('treats plain arrays as atomic values', () => {
    const result = mergeRecords({ tags: ['a', 'b'] }, { tags: ['a', 'b', 'c'] }, { tags: ['b'] });
    expect(result.conflicts.map((c) => [c.pointer, c.kind, c.mine, c.theirs])).toEqual([['/tags', 'modify-modify', ['a', 'b', 'c'], ['b']]]);
  });

  it('reports a change of type (object replaced by a string on both sides) as one conflict', () => {
    const result = mergeRecords<Record<string, JsonValue>>({ a: { x: 1 } }, { a: 'gone' }, { a: { x: 2 } });
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([['/a', 'modify-modify']]);
  });

  it('escapes keys in pointers as RFC 6901 says', () => {
    const result = mergeRecords<Record<string, number>>({ 'a/b~c': 1 }, { 'a/b~c': 2 }, { 'a/b~c': 3 });
    expect(result.conflicts[0]?.pointer).toBe('/a~1b~0c');
    expect(result.conflicts[0]?.path).toEqual(['a/b~c']);
  });

  it('reports a root-level conflict with the empty pointer', () => {
    const result = mergeRecords<JsonValue>('a', 'b', 'c');
    expect(result.conflicts.map((c) => [c.pointer, c.path])).toEqual([['', []]]);
  });
});

describe('mergeRecords: ignore (server-owned fields)', () => {
  it('takes theirs at ignored paths without a conflict', () => {
    const result = mergeRecords(
      { version: 3, updatedAt: 't3', title: 'a' },
      { version: 4, updatedAt: 'mine', title: 'b' },
      { version: 5, updatedAt: 't5', title: 'a' },
      { ignore: ['/version', '/updatedAt'] },
    );
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({ version: 5, updatedAt: 't5', title: 'b' });
  });

  it('takes theirs at ignored paths even when theirs changed nothing else', () => {
    const result = mergeRecords({ v: 1, a: 1 }, { v: 1, a: 2 }, { v: 2, a: 1 }, { ignore: ['/v'] });
    expect(result.value).toEqual({ v: 2, a: 2 });
  });

  it('applies wildcard ignore patterns inside arrays merged by id', () => {
    const base = { items: [{ id: 1, qty: 1, at: 't1' }] };
    const result = mergeRecords(
      base,
      { items: [{ id: 1, qty: 2, at: 't1' }] },
      { items: [{ id: 1, qty: 1, at: 't2' }] },
      { arrayKeys: { '/items': 'id' }, ignore: ['/items/*/at'] },
    );
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({ items: [{ id: 1, qty: 2, at: 't2' }] });
  });

  it('does not count a change of an ignored field as a modification against a deletion', () => {
    const result = mergeRecords<Record<string, JsonValue>>(
      { meta: { at: 1, x: 1 } },
      {},
      { meta: { at: 2, x: 1 } },
      { ignore: ['/meta/at'] },
    );
    expect(result.clean).toBe(true);
    expect(result.value).toEqual({});
  });
});

describe('mergeRecords: arrays merged by id', () => {
  const options = { arrayKeys: { '/items': 'id' } };
  const item = (id: number | string, name = `n${id}`, extra: Record<string, JsonValue> = {}) => ({ id, name, ...extra });
  type Doc = { items: Array<Record<string, JsonValue>> };

  it('keeps inserts from both sides, in theirs order with mine inserted after its predecessor', () => {
    const base: Doc = { items: [item(1), item(2), item(3)] };
    const mine: Doc = { items: [item(1), item('m'), item(2), item(3)] };
    const theirs: Doc = { items: [item(1), item(2), item('t'), item(3)] };
    const result = mergeRecords(base, mine, theirs, options);
    expect(result.clean).toBe(true);
    expect(result.value.items.map((i) => i.id)).toEqual([1, 'm', 2, 't', 3]);
    expect(sources(result)).toContain('/items/1:mine');
    expect(sources(result)).toContain('/items/3:theirs');
  });

  it('puts elements mine inserted at the start first', () => {
    const result = mergeRecords<Doc>({ items: [item(1)] }, { items: [item(0), item(1)] }, { items: [item(1), item(2)] }, options);
    expect(result.value.items.map((i) => i.id)).toEqual([0, 1, 2]);
  });

  it('keeps consecutive inserts of mine together and in mine order', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2)] },
      { items: [item(1), item('a'), item('b'), item(2)] },
      { items: [item(1), item(2), item(3)] },
      options,
    );
    expect(result.value.items.map((i) => i.id)).toEqual([1, 'a', 'b', 2, 3]);
  });

  it('applies removals from one side when the other side did not change the element', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2), item(3)] },
      { items: [item(1), item(3)] },
      { items: [item(1), item(2), item(3, 'renamed')] },
      options,
    );
    expect(result.clean).toBe(true);
    expect(result.value.items).toEqual([item(1), item(3, 'renamed')]);
    expect(sources(result)).toContain('/items:mine');
  });

  it('reports delete-modify when mine removed an element theirs changed, keeping it in value so the path points at it', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2)] },
      { items: [item(1)] },
      { items: [item(1), item(2, 'changed')] },
      options,
    );
    expect(result.conflicts).toEqual([
      { kind: 'delete-modify', path: ['items', 1], pointer: '/items/1', base: item(2), mine: undefined, theirs: item(2, 'changed') },
    ]);
    expect(result.value.items).toEqual([item(1), item(2, 'changed')]);
    expect(resolveMerge(result, { '/items/1': 'mine' }).items).toEqual([item(1)]);
    expect(resolveMerge(result, { '/items/1': 'theirs' }).items).toEqual([item(1), item(2, 'changed')]);
  });

  it('reports modify-delete when theirs removed an element mine changed, keeping mine in place', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2), item(3)] },
      { items: [item(1), item(2, 'mine'), item(3)] },
      { items: [item(1), item(3)] },
      options,
    );
    expect(result.conflicts.map((c) => [c.kind, c.pointer])).toEqual([['modify-delete', '/items/1']]);
    expect(result.value.items.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(resolveMerge(result, { '/items/1': 'theirs' }).items.map((i) => i.id)).toEqual([1, 3]);
  });

  it('takes an element changed on one side and merges inside an element changed on both', () => {
    const base: Doc = { items: [item(1, 'a', { qty: 1 }), item(2, 'b', { qty: 1 })] };
    const result = mergeRecords<Doc>(
      base,
      { items: [item(1, 'a', { qty: 5 }), item(2, 'mine', { qty: 1 })] },
      { items: [item(1, 'A', { qty: 1 }), item(2, 'theirs', { qty: 1 })] },
      options,
    );
    expect(result.value.items).toEqual([item(1, 'A', { qty: 5 }), item(2, 'mine', { qty: 1 })]);
    expect(result.conflicts.map((c) => [c.pointer, c.path, c.mine, c.theirs])).toEqual([['/items/1/name', ['items', 1, 'name'], 'mine', 'theirs']]);
  });

  it('addresses elements by their index in the merged value, so pointers resolve against it', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2)] },
      { items: [item(1), item(2, 'mine')] },
      { items: [item(0), item(1), item(2, 'theirs')] },
      options,
    );
    expect(pointers(result)).toEqual(['/items/2/name']);
    expect(result.value.items[2]?.name).toBe('mine');
  });

  it('merges a move on one side with a change on the other', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2), item(3)] },
      { items: [item(3), item(1), item(2)] },
      { items: [item(1), item(2, 'changed'), item(3)] },
      options,
    );
    expect(result.clean).toBe(true);
    expect(result.value.items).toEqual([item(3), item(1), item(2, 'changed')]);
  });

  it('merges moves of different elements made on both sides', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2), item(3), item(4), item(5)] },
      { items: [item(2), item(1), item(3), item(4), item(5)] },
      { items: [item(1), item(2), item(3), item(5), item(4)] },
      options,
    );
    expect(result.value.items.map((i) => i.id)).toEqual([2, 1, 3, 5, 4]);
  });

  it('keeps theirs order when both sides moved the same element', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1), item(2), item(3), item(4), item(5)] },
      { items: [item(2), item(3), item(4), item(5), item(1)] },
      { items: [item(2), item(3), item(1), item(4), item(5)] },
      options,
    );
    expect(result.value.items.map((i) => i.id)).toEqual([2, 3, 1, 4, 5]);
    expect(result.clean).toBe(true);
  });

  it('merges elements both sides inserted with the same id field by field', () => {
    const result = mergeRecords<Doc>(
      { items: [] },
      { items: [item(9, 'x', { qty: 1 })] },
      { items: [item(9, 'x', { qty: 2 })] },
      options,
    );
    expect(result.value.items).toHaveLength(1);
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([['/items/0/qty', 'add-add']]);
  });

  it('merges the whole array atomically when an element has no id or ids repeat', () => {
    const noId = mergeRecords<Record<string, JsonValue>>(
      { items: [item(1)] },
      { items: [item(1), { name: 'no id' }] },
      { items: [item(1), item(2)] },
      options,
    );
    expect(noId.conflicts.map((c) => c.pointer)).toEqual(['/items']);
    const repeated = mergeRecords<Doc>({ items: [item(1)] }, { items: [item(1), item(1, 'twin')] }, { items: [item(1), item(2)] }, options);
    expect(repeated.conflicts.map((c) => c.pointer)).toEqual(['/items']);
  });

  it('matches nested arrays through wildcard patterns', () => {
    const result = mergeRecords(
      { lists: [{ id: 'l', tags: [{ k: 'a' }] }] },
      { lists: [{ id: 'l', tags: [{ k: 'a' }, { k: 'm' }] }] },
      { lists: [{ id: 'l', tags: [{ k: 't' }, { k: 'a' }] }] },
      { arrayKeys: { '/lists': 'id', '/lists/*/tags': 'k' } },
    );
    expect(result.clean).toBe(true);
    expect(result.value.lists[0]?.tags.map((t) => t.k)).toEqual(['t', 'a', 'm']);
  });

  it('accepts a function that picks the id field', () => {
    const result = mergeRecords<Doc>(
      { items: [item(1)] },
      { items: [item(1), item(2)] },
      { items: [item(0), item(1)] },
      { arrayKeys: (path) => (path.at(-1) === 'items' ? 'id' : undefined) },
    );
    expect(result.value.items.map((i) => i.id)).toEqual([0, 1, 2]);
  });

  it('distinguishes the number id 1 from the string id "1"', () => {
    const result = mergeRecords<Doc>({ items: [] }, { items: [item(1)] }, { items: [item('1')] }, options);
    expect(result.value.items.map((i) => i.id)).toEqual([1, '1']);
  });
});

describe('mergeRecords: text fields', () => {
  const base = { body: 'one\ntwo\nthree\n', title: 'T' };

  it('merges non-overlapping line edits of a text field cleanly', () => {
    const result = mergeRecords(base, { ...base, body: 'ONE\ntwo\nthree\n' }, { ...base, body: 'one\ntwo\nTHREE\n' }, { text: true });
    expect(result.clean).toBe(true);
    expect(result.value.body).toBe('ONE\ntwo\nTHREE\n');
    expect(sources(result)).toEqual(['/body:both']);
  });

  it('reports overlapping edits as a text conflict carrying the text merge', () => {
    const result = mergeRecords(base, { ...base, body: 'one\nmine\nthree\n' }, { ...base, body: 'one\ntheirs\nthree\n' }, { text: ['/body'] });
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([['/body', 'text']]);
    expect(result.conflicts[0]?.text?.clean).toBe(false);
    expect(result.value.body).toBe('one\nmine\nthree\n');
  });

  it('merges only the listed fields as text', () => {
    const result = mergeRecords(
      { a: 'x\n-\ny\n', b: 'x\n-\ny\n' },
      { a: 'X\n-\ny\n', b: 'X\n-\ny\n' },
      { a: 'x\n-\nY\n', b: 'x\n-\nY\n' },
      { text: ['/a'] },
    );
    expect(result.value.a).toBe('X\n-\nY\n');
    expect(result.conflicts.map((c) => [c.pointer, c.kind])).toEqual([['/b', 'modify-modify']]);
  });
});

describe('mergeRecords: line ends a textarea changed', () => {
  // A textarea's value has LF line ends only (HTML §4.10.11): a CRLF text edited in one comes back LF.
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
  const base = { body: crlf('Line one\nLine two\nLine three\nLine four\nLine five\n') };
  const theirs = { body: crlf('Line one (A)\nLine two\nLine three\nLine four\nLine five\n') };
  const mine = { body: 'Line one\nLine two\nLine three\nLine four\nLine five edited by B\n' };

  it('merges an LF-only draft of a CRLF text with an edit on another line cleanly, in CRLF', () => {
    const result = mergeRecords(base, mine, theirs, { text: true });
    expect(result.clean).toBe(true);
    expect(result.value.body).toBe('Line one (A)\r\nLine two\r\nLine three\r\nLine four\r\nLine five edited by B\r\n');
    expect(sources(result)).toEqual(['/body:both']);
  });

  it('counts no change where an LF-only draft differs from a CRLF base by its line ends alone, text field or not', () => {
    for (const text of [true, false]) {
      const draft = { body: base.body.replace(/\r/g, '') };
      const result = mergeRecords(base, draft, theirs, { text });
      expect(result).toEqual({ clean: true, value: theirs, conflicts: [], autoMerged: [{ path: ['body'], pointer: '/body', from: 'theirs' }] });
      expect(mergeRecords(base, draft, base, { text })).toEqual({ clean: true, value: base, conflicts: [], autoMerged: [] });
    }
  });

  it('takes an LF-only draft of a CRLF text in CRLF when theirs left the field alone', () => {
    const result = mergeRecords(base, mine, base);
    expect(result.value.body).toBe(crlf(mine.body));
    expect(sources(result)).toEqual(['/body:mine']);
  });

  it('merges when both sides come back LF-only, in the base’s CRLF', () => {
    const result = mergeRecords(base, mine, { body: theirs.body.replace(/\r/g, '') }, { text: true });
    expect(result.value.body).toBe(crlf('Line one (A)\nLine two\nLine three\nLine four\nLine five edited by B\n'));
  });

  it('property: an LF-only draft of a CRLF text counts only its real edits, and theirs is kept as it is', () => {
    const lines = (min: number) => fc.array(fc.string({ maxLength: 3 }), { minLength: min, maxLength: 6 });
    fc.assert(
      fc.property(lines(2), lines(0), lines(0), (b, x, y) => {
        const body = b.join('\r\n');
        expect(mergeRecords({ body }, { body: x.join('\n') }, { body }).value.body).toBe(x.join('\r\n'));
        expect(mergeRecords({ body }, { body: b.join('\n') }, { body: y.join('\r\n') }).value.body).toBe(y.join('\r\n'));
        expect(mergeRecords({ body }, { body: b.join('\n') }, { body: y.join('\n') }).value.body).toBe(y.join('\n'));
      }),
    );
  });

  it('keeps a change of line ends made on purpose: a side with a CR', () => {
    const mixed = { body: 'Line one\r\nLine two\nLine three\r\nLine four\r\nLine five\r\n' };
    expect(mergeRecords(base, mixed, base).value.body).toBe(mixed.body);
    expect(mergeRecords({ body: 'a\nb\n' }, { body: 'a\r\nb\r\n' }, { body: 'a\nb\n' }).value.body).toBe('a\r\nb\r\n');
  });

  it('takes an LF-only side that is base with LF line ends as base itself, even when base mixes line ends', () => {
    const mixed = { body: 'a\r\nb\r\nc\nd\r\n' };
    const edited = { body: 'a\r\nb\r\nc, theirs\nd\r\n' };
    // The user never touched the text; the textarea gave it back LF only.
    const result = mergeRecords(mixed, { body: 'a\nb\nc\nd\n' }, edited, { text: true });
    expect(result).toMatchObject({ clean: true, conflicts: [] });
    expect(result.value).toEqual(edited);
    // A side without any CR cannot say its line ends were changed on purpose: a textarea gives every text so.
    const lf = { body: 'a\nb\nc\r\n' };
    expect(mergeRecords(lf, { body: 'a\nb\nc\n' }, lf).value.body).toBe('a\nb\nc\r\n');
  });
});

describe('mergeRecords: hostile input', () => {
  it('never pollutes prototypes through __proto__, constructor or prototype keys', () => {
    const base = JSON.parse('{"__proto__": {"polluted": 1}, "a": 1}') as Record<string, JsonValue>;
    const mine = JSON.parse('{"__proto__": {"polluted": 2}, "constructor": {"prototype": {"polluted": 3}}, "a": 1}') as Record<string, JsonValue>;
    const theirs = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}') as Record<string, JsonValue>;
    const result = mergeRecords(base, mine, theirs);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.hasOwn(result.value, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(JSON.parse('{"__proto__": {"polluted": 2}, "a": 2, "constructor": {"prototype": {"polluted": 3}}}'));
  });

  it('does not read inherited properties as fields', () => {
    const result = mergeRecords<Record<string, JsonValue>>({}, { toString: 'mine' }, { constructor: 'theirs' });
    expect(result.clean).toBe(true);
    expect(JSON.stringify(result.value)).toBe('{"constructor":"theirs","toString":"mine"}');
  });

  it('treats Dates and other non-plain values as opaque values compared by identity', () => {
    const date = new Date(0);
    const result = mergeRecords<Record<string, unknown>>({ at: date }, { at: date, x: 1 }, { at: new Date(1) });
    expect(result.value.at).toEqual(new Date(1));
    expect(result.value.x).toBe(1);
  });

  it('survives cyclic input without hanging or overflowing the stack', () => {
    type Cyclic = { self?: Cyclic; left?: Cyclic; right?: Cyclic; v: number };
    const make = (v: number): Cyclic => {
      const node: Cyclic = { v };
      node.self = node;
      node.left = node;
      node.right = node;
      return node;
    };
    const result = mergeRecords(make(0), make(1), make(2));
    expect(result.clean).toBe(false);
  });

  it('treats values nested deeper than maxDepth atomically instead of overflowing the stack', () => {
    const deep = (depth: number, leaf: JsonValue): JsonValue => {
      let value = leaf;
      for (let i = 0; i < depth; i++) value = { n: value };
      return value;
    };
    const result = mergeRecords(deep(20_000, 0), deep(20_000, 1), deep(20_000, 2), { maxDepth: 50 });
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]?.path).toHaveLength(50);
    const shallow = mergeRecords(deep(5, 0), deep(5, 1), deep(5, 0), { maxDepth: 2 });
    expect(shallow.clean).toBe(true);
  }, 30_000);

  it('rejects a maxDepth that is not a non-negative integer', () => {
    expect(() => mergeRecords({}, {}, {}, { maxDepth: -1 })).toThrow(RangeError);
  });
});

// ---- properties ---------------------------------------------------------

const key = fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor');
const scalar = fc.oneof(fc.constantFrom(null, true, false, 0, 1, ''), fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 2 }));
const { value: jsonArb } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
/** A record and a random edit of it, so both sides share structure with base. */
const edit = (value: JsonValue): fc.Arbitrary<JsonValue> =>
  fc.oneof(
    fc.constant(value),
    jsonArb,
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? fc.tuple(...Object.keys(value).map((k) => fc.option(edit(value[k]!), { nil: undefined })), fc.dictionary(key, jsonArb, { maxKeys: 2 })).map(
          (parts) => {
            const out: Record<string, JsonValue> = {};
            const added = parts.pop() as Record<string, JsonValue>;
            Object.keys(value).forEach((k, i) => {
              const v = parts[i] as JsonValue | undefined;
              if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
            });
            for (const k of Object.keys(added)) {
              if (!Object.hasOwn(out, k)) Object.defineProperty(out, k, { value: added[k], enumerable: true, writable: true, configurable: true });
            }
            return out;
          },
        )
      : fc.constant(value),
  );
const triple = jsonArb.chain((base) => fc.tuple(fc.constant(base), edit(base), edit(base)));
const keyedDoc = fc
  .uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 5 })
  .map((ids) => ({ items: ids.map((id) => ({ id, v: id % 3 })) }));
const editList = (doc: { items: Array<{ id: number; v: number }> }) =>
  fc
    .tuple(fc.shuffledSubarray(doc.items), fc.uniqueArray(fc.integer({ min: 7, max: 9 }), { maxLength: 2 }), fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }))
    .map(([kept, added, bump]) => ({
      items: [...kept.map((i) => (bump[i.id] ? { ...i, v: i.v + 10 } : i)), ...added.map((id) => ({ id, v: 0 }))],
    }));
const fast = { numRuns: 300 };

describe('mergeRecords: properties', () => {
  it('merge(b, x, b) is x, cleanly', () => {
    fc.assert(
      fc.property(triple, ([base, mine]) => {
        const result = mergeRecords(base, mine, base);
        return result.clean && jsonEqual(result.value, mine);
      }),
      fast,
    );
  });

  it('merge(b, b, y) is y, cleanly', () => {
    fc.assert(
      fc.property(triple, ([base, , theirs]) => {
        const result = mergeRecords(base, base, theirs);
        return result.clean && jsonEqual(result.value, theirs);
      }),
      fast,
    );
  });

  it('merge(b, x, x) is x, cleanly', () => {
    fc.assert(
      fc.property(triple, ([base, mine]) => {
        const result = mergeRecords(base, mine, mine);
        return result.clean && jsonEqual(result.value, mine);
      }),
      fast,
    );
  });

  it('resolving every conflict with mine gives mine when theirs equals base, and theirs with theirs when mine equals base', () => {
    fc.assert(
      fc.property(triple, ([base, mine, theirs]) => {
        const all = (result: RecordMergeResult<JsonValue>, choice: 'mine' | 'theirs') =>
          resolveMerge(result, Object.fromEntries(result.conflicts.map((c) => [c.pointer, choice])));
        return jsonEqual(all(mergeRecords(base, mine, base), 'mine'), mine) && jsonEqual(all(mergeRecords(base, base, theirs), 'theirs'), theirs);
      }),
      fast,
    );
  });

  it('resolving all conflicts with one side yields that side wherever the other side did not change anything', () => {
    fc.assert(
      fc.property(triple, ([base, mine, theirs]) => {
        const result = mergeRecords(base, mine, theirs);
        const choose = (choice: 'mine' | 'theirs') => resolveMerge(result, Object.fromEntries(result.conflicts.map((c) => [c.pointer, choice])));
        // Every conflict sits where both changed; with all-mine the merge is mine
        // plus theirs' non-conflicting changes, so it equals mine iff theirs' changes all conflicted.
        const mineWins = choose('mine');
        const theirsWins = choose('theirs');
        return (
          (!jsonEqual(theirs, base) || jsonEqual(mineWins, mine)) && (!jsonEqual(mine, base) || jsonEqual(theirsWins, theirs))
        );
      }),
      fast,
    );
  });

  it('every top-level field changed by exactly one side has that side’s value in the result', () => {
    const record = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', '__proto__'), jsonArb, { maxKeys: 5 });
    fc.assert(
      fc.property(record.chain((base) => fc.tuple(fc.constant(base), edit(base), edit(base))), ([base, mine, theirs]) => {
        const result = mergeRecords(base, mine, theirs);
        const at = (v: JsonValue, k: string) => (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, k) ? v[k] : undefined);
        const keys = new Set([base, mine, theirs].flatMap((v) => (v !== null && typeof v === 'object' ? Object.keys(v) : [])));
        if (![mine, theirs].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return true;
        for (const k of keys) {
          const [b, m, t, r] = [at(base, k), at(mine, k), at(theirs, k), at(result.value, k)];
          if (!jsonEqual(m, b) && jsonEqual(t, b) && !jsonEqual(r, m)) return false;
          if (jsonEqual(m, b) && !jsonEqual(t, b) && !jsonEqual(r, t)) return false;
        }
        return true;
      }),
      fast,
    );
  });

  it('conflicts are only reported where both sides changed, and never nest', () => {
    fc.assert(
      fc.property(triple, ([base, mine, theirs]) => {
        const result = mergeRecords(base, mine, theirs);
        const ps = result.conflicts.map((c) => c.pointer);
        return (
          result.conflicts.every((c) => !jsonEqual(c.mine, c.base) && !jsonEqual(c.theirs, c.base) && !jsonEqual(c.mine, c.theirs)) &&
          ps.every((p) => ps.every((q) => p === q || !q.startsWith(p + '/')))
        );
      }),
      fast,
    );
  });

  it('keyed arrays: inserts of both sides survive, unchanged removals apply, every element appears once', () => {
    const options = { arrayKeys: { '/items': 'id' } };
    fc.assert(
      fc.property(
        keyedDoc.chain((base) => fc.tuple(fc.constant(base), editList(base), editList(base))),
        ([base, mine, theirs]) => {
          const result = mergeRecords(base, mine, theirs, options);
          const ids = result.value.items.map((i) => i.id);
          if (new Set(ids).size !== ids.length) return false;
          const has = (doc: typeof base, id: number) => doc.items.find((i) => i.id === id);
          for (const element of [...mine.items, ...theirs.items]) {
            if (!has(base, element.id) && !ids.includes(element.id)) return false;
          }
          for (const element of base.items) {
            const m = has(mine, element.id);
            const t = has(theirs, element.id);
            const removed = (!m && (!t || jsonEqual(t, element))) || (!t && (!m || jsonEqual(m, element)));
            if (removed === ids.includes(element.id)) return false;
          }
          // Resolved with one side, the conflict paths still address the right elements.
          const resolved = resolveMerge(result, Object.fromEntries(result.conflicts.map((c) => [c.pointer, 'theirs'])));
          return resolved.items.every((i) => typeof i.id === 'number');
        },
      ),
      fast,
    );
  });

  it('keyed arrays: merge(b, x, b) = x, merge(b, b, y) = y and merge(b, x, x) = x, cleanly and in order', () => {
    const options = { arrayKeys: { '/items': 'id' } };
    fc.assert(
      fc.property(
        keyedDoc.chain((base) => fc.tuple(fc.constant(base), editList(base))),
        ([base, x]) => {
          for (const [m, t] of [[x, base], [base, x], [x, x]] as const) {
            const result = mergeRecords(base, m, t, options);
            if (!result.clean || !jsonEqual(result.value, x)) return false;
          }
          return true;
        },
      ),
      fast,
    );
  });

  it('ignored paths always hold theirs and never conflict', () => {
    const options = { ignore: ['/a', '/b/*'] };
    fc.assert(
      fc.property(triple, ([base, mine, theirs]) => {
        const result = mergeRecords(base, mine, theirs, options);
        const isObject = (v: unknown): v is Record<string, JsonValue> => v !== null && typeof v === 'object' && !Array.isArray(v);
        if (result.conflicts.some((c) => c.pointer === '/a' || /^\/b\/[^/]+$/.test(c.pointer))) return false;
        if (isObject(mine) && isObject(theirs) && isObject(result.value) && (base === undefined || isObject(base))) {
          return jsonEqual(result.value.a, theirs.a);
        }
        return true;
      }),
      fast,
    );
  });
});
