import { describe, expect, it, vi, type Mock } from 'vitest';
import { createVersionRegistry, type EntryListener } from './createVersionRegistry';
import { hashRegistryKey } from './hashRegistryKey';
import type { Validator } from './etag';

const v1: Validator = { etag: { weak: false, opaque: 'v1' } };
const v2: Validator = { etag: { weak: false, opaque: 'v2' } };

function setup() {
  let t = 1_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  return { clock, registry: createVersionRegistry({ now: clock.now }) };
}

describe('createVersionRegistry', () => {
  it('records a base with the injected clock and reads it back by array or hashed key', () => {
    const { registry } = setup();
    registry.record(['tickets', 1], { validator: v1, base: { title: 'a' } });
    const entry = registry.get(hashRegistryKey(['tickets', 1]));
    expect(entry).toEqual({ validator: v1, base: { title: 'a' }, fetchedAt: 1_000, freshness: 'fresh' });
    expect(registry.keys()).toEqual(['["tickets",1]']);
  });

  it('returns the same entry object until the key changes', () => {
    const { registry } = setup();
    registry.record('a', { validator: v1, base: 1 });
    registry.record('b', { validator: v1, base: 2 });
    const before = registry.get('a');
    registry.markStale('b');
    expect(registry.get('a')).toBe(before);
    registry.markStale('a');
    expect(registry.get('a')).not.toBe(before);
  });

  it('marks stale with change info and keeps the base', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: { title: 'a' } });
    const entry = registry.markStale('t', { changedBy: 'ana', changedAt: 5, latest: { validator: v2, value: { title: 'b' } } });
    expect(entry).toMatchObject({
      validator: v1,
      base: { title: 'a' },
      freshness: 'stale',
      changedBy: 'ana',
      changedAt: 5,
      latest: { validator: v2, value: { title: 'b' } },
    });
  });

  it('keeps who and when from an earlier mark when a later one brings only the value', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: { title: 'a' } });
    // The event stream names the writer; the revalidation that follows fetches the value.
    registry.markStale('t', { changedBy: 'operator-b', changedAt: 5, latest: { validator: v2 } });
    const entry = registry.markStale('t', { latest: { validator: v2, value: { title: 'b' } } });
    expect(entry).toMatchObject({ changedBy: 'operator-b', changedAt: 5, latest: { validator: v2, value: { title: 'b' } } });
  });

  it('keeps "in another tab" for the review\'s fetch of that version, and drops it for a newer change or once fresh', () => {
    const { registry } = setup();
    const v3: Validator = { etag: { weak: false, opaque: 'v3' } };
    registry.record('t', { validator: v1, base: 1 });
    registry.markStale('t', { changedAt: 5, inOtherTab: true, latest: { validator: v2 } });
    expect(registry.markStale('t', { latest: { validator: v2, value: 2 } })?.inOtherTab).toBe(true);
    expect(registry.markStale('t', { latest: { validator: v3 } })?.inOtherTab).toBeUndefined();
    registry.markStale('t', { inOtherTab: true, latest: { validator: v3 } });
    expect(registry.markFresh('t')?.inOtherTab).toBeUndefined();
  });

  it('lets a newer change override who and when, field by field', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: 1 });
    registry.markStale('t', { changedBy: 'ana', changedAt: 5 });
    expect(registry.markStale('t', { changedBy: 'bo', changedAt: 9 })).toMatchObject({ changedBy: 'bo', changedAt: 9 });
    expect(registry.markStale('t', { changedAt: 12 })).toMatchObject({ changedBy: 'bo', changedAt: 12 });
  });

  it('forgets who and when once the base caught up, so a later change starts clean', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: 1 });
    registry.markStale('t', { changedBy: 'ana', changedAt: 5 });
    registry.markFresh('t');
    expect(registry.markStale('t', { latest: { validator: v2 } })).toEqual({ validator: v1, base: 1, fetchedAt: 1_000, freshness: 'stale', latest: { validator: v2 } });
    registry.markDeleted('t', { changedBy: 'bo' });
    expect(registry.markStale('t')?.changedBy).toBeUndefined();
  });

  it('markFresh clears change info and bumps fetchedAt', () => {
    const { registry, clock } = setup();
    registry.record('t', { validator: v1, base: 1 });
    registry.markStale('t', { changedBy: 'ana', latest: { validator: v2 } });
    clock.advance(500);
    const entry = registry.markFresh('t');
    expect(entry).toEqual({ validator: v1, base: 1, fetchedAt: 1_500, freshness: 'fresh' });
  });

  it('markDeleted and markUnknown set freshness; record resets to fresh', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: 1 });
    expect(registry.markUnknown('t')?.freshness).toBe('unknown');
    expect(registry.markDeleted('t', { changedBy: 'bo' })).toMatchObject({ freshness: 'deleted', changedBy: 'bo' });
    const again = registry.record('t', { validator: v2, base: 2 });
    expect(again).toEqual({ validator: v2, base: 2, fetchedAt: 1_000, freshness: 'fresh' });
  });

  it('ignores marks on keys it does not track', () => {
    const { registry } = setup();
    const listener = vi.fn();
    registry.subscribeAll(listener);
    expect(registry.markStale('nope')).toBeUndefined();
    expect(registry.markFresh('nope')).toBeUndefined();
    expect(registry.remove('nope')).toBe(false);
    expect(listener).not.toHaveBeenCalled();
    expect(registry.keys()).toEqual([]);
  });

  it('notifies exactly one listener when one of 1,000 keys changes', () => {
    const { registry } = setup();
    const listeners = Array.from({ length: 1_000 }, (_, i) => {
      registry.record(`k${i}`, { validator: v1, base: i });
      const listener = vi.fn();
      registry.subscribe(`k${i}`, listener);
      return listener;
    });
    registry.markStale('k417');
    const called = listeners.filter((l) => l.mock.calls.length > 0);
    expect(called).toHaveLength(1);
    expect(listeners[417]).toHaveBeenCalledWith(expect.objectContaining({ freshness: 'stale', base: 417 }));
  });

  it('wakes only the changed key\'s listeners for every kind of change, and subscribeAll once per change', () => {
    const { registry } = setup();
    const own = new Map<string, Mock<EntryListener>>();
    for (const key of ['a', 'b', 'c']) {
      registry.record(key, { validator: v1, base: key });
      const listener = vi.fn<EntryListener>();
      own.set(key, listener);
      registry.subscribe(key, listener);
    }
    const all = vi.fn();
    registry.subscribeAll(all);
    registry.markStale('b', { changedBy: 'ana' });
    registry.markUnknown('b');
    registry.markDeleted('b');
    registry.markFresh('b');
    registry.record('b', { validator: v2, base: 'b2' });
    registry.remove('b');
    expect(own.get('a')).not.toHaveBeenCalled();
    expect(own.get('c')).not.toHaveBeenCalled();
    expect(own.get('b')!.mock.calls.map(([entry]) => entry?.freshness)).toEqual([
      'stale',
      'unknown',
      'deleted',
      'fresh',
      'fresh',
      undefined,
    ]);
    expect(all.mock.calls.map(([key]) => key)).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
  });

  it('lets a subscribeAll listener go: it hears nothing after unsubscribing', () => {
    const { registry } = setup();
    const all = vi.fn();
    const stop = registry.subscribeAll(all);
    registry.record('t', { validator: v1, base: 1 });
    stop();
    registry.markStale('t');
    expect(all).toHaveBeenCalledTimes(1);
  });

  it('notifies subscribeAll listeners with the key, and with undefined on remove', () => {
    const { registry } = setup();
    const all = vi.fn();
    const own = vi.fn();
    registry.record('t', { validator: v1, base: 1 });
    registry.subscribeAll(all);
    registry.subscribe('t', own);
    expect(registry.remove('t')).toBe(true);
    expect(all).toHaveBeenCalledWith('t', undefined);
    expect(own).toHaveBeenCalledWith(undefined);
    expect(registry.get('t')).toBeUndefined();
  });

  it('stops notifying after unsubscribe, even when unsubscribing during a notification', () => {
    const { registry } = setup();
    registry.record('t', { validator: v1, base: 1 });
    const second = vi.fn();
    const unsubscribeFirst: () => void = registry.subscribe('t', () => unsubscribeFirst());
    const unsubscribeSecond = registry.subscribe('t', second);
    registry.markStale('t');
    expect(second).toHaveBeenCalledTimes(1);
    unsubscribeSecond();
    registry.markFresh('t');
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('delivers changes to a listener subscribed before the key was recorded', () => {
    const { registry } = setup();
    const listener = vi.fn();
    registry.subscribe(['orders', 7], listener);
    registry.record(['orders', 7], { validator: v1, base: null });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
