import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mergeRecords, type StaleConflict } from '../core/index';
import type { MergeOutcome, MergeRequest } from './resolver';
import { useMergeSession } from './useMergeSession';

const conflict: StaleConflict = { kind: 'stale', status: 412, source: 'status' };

interface Ticket {
  title: string;
  status: string;
  priority: number;
  description: string;
}

function request(overrides: Partial<MergeRequest<Ticket>> = {}): MergeRequest<Ticket> {
  const base: Ticket = { title: 'Printer', status: 'open', priority: 1, description: 'one\ntwo\nthree\nfour\nfive\n' };
  const mine: Ticket = { title: 'Printer jams', status: 'open', priority: 2, description: 'one\nTWO mine\nthree\nfour\nfive mine\n' };
  const theirs: Ticket = { title: 'Printer broken', status: 'closed', priority: 3, description: 'one\ntwo theirs\nthree\nfour\nfive theirs\n' };
  const merge = mergeRecords(base, mine, theirs, { text: ['/description'] });
  return { key: 'tickets/1', conflict, base, mine, theirs, merge, ...overrides };
}

function setup(req = request()) {
  const onResolve = vi.fn<(outcome: MergeOutcome<Ticket>) => void>();
  const hook = renderHook(() => useMergeSession({ request: req, onResolve }));
  return { onResolve, hook, get session() { return hook.result.current; } };
}

describe('useMergeSession', () => {
  it('makes one item per plain field conflict and one per conflicting hunk of a text field', () => {
    const { session } = setup();
    expect(session.items.map((i) => i.id)).toEqual(['/title', '/priority', '/description~h0', '/description~h1']);
    const hunk = session.items[2]!;
    expect(hunk).toMatchObject({ pointer: '/description', kind: 'text', hunkNumber: 1, hunkCount: 2, base: 'two\n', mine: 'TWO mine\n', theirs: 'two theirs\n' });
    expect(session.items[1]).toMatchObject({ label: 'Priority', canKeepBoth: false, textOnly: false });
    expect(session.items[0]).toMatchObject({ canKeepBoth: true, textOnly: true });
    expect(session.total).toBe(4);
    expect(session.resolvedCount).toBe(0);
    expect(session.canSave).toBe(false);
  });

  it('names fields in readable words by default, and by the app\'s label when it gives one', () => {
    const base = { first: 'Ana', address: { city: 'Paris' }, dueDate: '2026-12-01' };
    const mine = { first: 'Anna', address: { city: 'Lyon' }, dueDate: '2026-12-02' };
    const theirs = { first: 'Anne', address: { city: 'Nice' }, dueDate: '2026-12-03' };
    const req = { key: 'k', conflict, base, mine, theirs, merge: mergeRecords(base, mine, theirs) };
    const plain = renderHook(() => useMergeSession({ request: req, onResolve: vi.fn() }));
    expect(plain.result.current.items.map((i) => i.label)).toEqual(['First', 'Address › City', 'Due date']);
    const labelled = renderHook(() => useMergeSession({ request: req, onResolve: vi.fn(), label: (c) => (c.pointer === '/first' ? 'First name' : c.pointer) }));
    expect(labelled.result.current.items.map((i) => i.label)).toEqual(['First name', '/address/city', '/dueDate']);
  });

  it('cannot save until every item is decided, then saves the merged record once', () => {
    const s = setup();
    expect(s.session.save()).toBe(false);
    act(() => {
      s.session.choose('/description~h0', 'mine');
      s.session.choose('/description~h1', 'both');
      s.session.choose('/priority', { custom: 7 });
    });
    expect(s.session.resolvedCount).toBe(3);
    expect(s.session.result).toBeUndefined();
    act(() => s.session.choose('/title', 'theirs'));
    expect(s.session.canSave).toBe(true);
    const expected = {
      title: 'Printer broken',
      status: 'closed',
      priority: 7,
      description: 'one\nTWO mine\nthree\nfour\nfive mine\nfive theirs\n',
    };
    expect(s.session.result).toEqual(expected);
    act(() => {
      s.session.save();
      s.session.save();
    });
    expect(s.onResolve).toHaveBeenCalledTimes(1);
    // The choices go with the answer, for the resolution's counts.
    expect(s.onResolve).toHaveBeenCalledWith({
      action: 'save',
      value: expected,
      choices: { '/description~h0': 'mine', '/description~h1': 'both', '/priority': { custom: 7 }, '/title': 'theirs' },
    });
  });

  it('previews what one hunk becomes with its choice', () => {
    const s = setup();
    expect(s.session.preview('/description~h1')).toBeUndefined();
    act(() => s.session.choose('/description~h1', 'both'));
    expect(s.session.preview('/description~h1')).toBe('five mine\nfive theirs\n');
    act(() => s.session.choose('/description~h1', { custom: 'five\n' }));
    expect(s.session.preview('/description~h1')).toBe('five\n');
  });

  it('refuses impossible choices: both on numbers, non-string custom text for a hunk, unknown items', () => {
    const s = setup();
    act(() => {
      s.session.choose('/priority', 'both');
      s.session.choose('/description~h0', { custom: 3 });
      s.session.choose('/nope', 'mine');
    });
    expect(s.session.choices).toEqual({});
  });

  it('accepts the word-level suggestion of a hunk whose edits do not collide', () => {
    const base = { body: 'The quick brown fox\n' };
    const mine = { body: 'The slow brown fox\n' };
    const theirs = { body: 'The quick brown cat\n' };
    const merge = mergeRecords(base, mine, theirs, { text: true });
    const onResolve = vi.fn();
    const { result } = renderHook(() => useMergeSession({ request: { key: 'k', conflict, base, mine, theirs, merge }, onResolve }));
    expect(result.current.items[0]!.suggestion).toBe('The slow brown cat\n');
    act(() => result.current.acceptSuggestion('/body~h0'));
    expect(result.current.result).toEqual({ body: 'The slow brown cat\n' });
  });

  it('clears a choice so the item counts as open again', () => {
    const s = setup();
    act(() => s.session.choose('/title', 'mine'));
    expect(s.session.resolvedCount).toBe(1);
    act(() => s.session.clear('/title'));
    expect(s.session.resolvedCount).toBe(0);
  });

  it('navigates within bounds', () => {
    const s = setup();
    expect(s.session.current).toBe(0);
    act(() => s.session.previous());
    expect(s.session.current).toBe(0);
    act(() => s.session.next());
    act(() => s.session.next());
    act(() => s.session.next());
    act(() => s.session.next());
    expect(s.session.current).toBe(3);
    act(() => s.session.goTo(1));
    expect(s.session.current).toBe(1);
  });

  it('restores initial choices, applying a whole-field side to each hunk and starting at the first open item', () => {
    const s = setup(request({ initialChoices: { '/description': 'theirs', '/title': 'mine', '/gone': 'mine' } }));
    expect(s.session.choices).toEqual({ '/description~h0': 'theirs', '/description~h1': 'theirs', '/title': 'mine' });
    expect(s.session.current).toBe(1);
  });

  it('reports each change of choices for keeping with the draft, and the reported choices restore the session', () => {
    const onChoicesChange = vi.fn();
    const s = setup(request({ onChoicesChange }));
    expect(onChoicesChange).not.toHaveBeenCalled();
    act(() => s.session.choose('/description~h1', 'theirs'));
    act(() => s.session.choose('/title', 'mine'));
    const saved = onChoicesChange.mock.lastCall![0] as Record<string, unknown>;
    expect(saved).toEqual({ '/description~h1': 'theirs', '/title': 'mine' });
    const restored = setup(request({ initialChoices: JSON.parse(JSON.stringify(saved)) }));
    expect(restored.session.choices).toEqual(saved);
  });

  it('cancels without saving and only answers once', () => {
    const s = setup();
    act(() => {
      s.session.cancel();
      s.session.cancel();
    });
    expect(s.onResolve).toHaveBeenCalledTimes(1);
    expect(s.onResolve).toHaveBeenCalledWith({ action: 'cancel' });
  });

  it('offers the draft as text: strings as they are, records as JSON', () => {
    const s = setup();
    expect(JSON.parse(s.session.copyMineText())).toEqual(request().mine);
    const merge = mergeRecords('a\n', 'b\n', 'c\n');
    const { result } = renderHook(() => useMergeSession({ request: { key: 'k', conflict, base: 'a\n', mine: 'b\n', theirs: 'c\n', merge }, onResolve: vi.fn() }));
    expect(result.current.copyMineText()).toBe('b\n');
  });

  it('resolves a conflict on the record itself (empty pointer)', () => {
    const merge = mergeRecords<unknown>({ a: 1 }, { a: 2 }, 5);
    const { result } = renderHook(() => useMergeSession({ request: { key: 'k', conflict, base: { a: 1 }, mine: { a: 2 }, theirs: 5, merge }, onResolve: vi.fn() }));
    expect(result.current.items[0]).toMatchObject({ id: '', label: 'Whole record' });
    act(() => result.current.choose('', 'base'));
    expect(result.current.result).toEqual({ a: 1 });
    act(() => result.current.choose('', { custom: null }));
    expect(result.current.result).toBeNull();
  });
});
