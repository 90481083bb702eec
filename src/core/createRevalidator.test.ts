import { describe, expect, it, vi } from 'vitest';
import { createRevalidator } from './createRevalidator';

/** A manual timer queue: nothing runs until `fire()` is called. */
function fakeTimers() {
  let next = 1;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  return {
    setTimeout: (callback: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { callback, ms });
      return id;
    },
    clearTimeout: (handle: unknown) => {
      pending.delete(handle as number);
    },
    pending,
    /** Fires every pending timer and lets the promises it started settle. */
    async fire() {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, t] of due) t.callback();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('createRevalidator', () => {
  it('schedules nothing until a key is watched', () => {
    const timers = fakeTimers();
    createRevalidator({ intervalMs: 1000, revalidate: vi.fn(), ...timers });
    expect(timers.pending.size).toBe(0);
  });

  it('revalidates every watched key each interval', async () => {
    const timers = fakeTimers();
    const revalidate = vi.fn(async (_key: string) => {});
    const r = createRevalidator({ intervalMs: 1000, revalidate, ...timers });
    r.watch('a');
    r.watch('b');
    expect(timers.pending.size).toBe(1);
    expect([...timers.pending.values()][0]?.ms).toBe(1000);
    await timers.fire();
    expect(revalidate.mock.calls.map((c) => c[0])).toEqual(['a', 'b']);
    expect(timers.pending.size).toBe(1);
    await timers.fire();
    expect(revalidate).toHaveBeenCalledTimes(4);
  });

  it('waits for a slow round before scheduling the next one', async () => {
    const timers = fakeTimers();
    let finish!: () => void;
    const revalidate = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const r = createRevalidator({ intervalMs: 1000, revalidate, ...timers });
    r.watch('a');
    await timers.fire();
    expect(timers.pending.size).toBe(0);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.pending.size).toBe(1);
  });

  it('reference counts watchers and cancels the timer when the last one leaves', () => {
    const timers = fakeTimers();
    const r = createRevalidator({ intervalMs: 1000, revalidate: vi.fn(), ...timers });
    const stopA1 = r.watch('a');
    const stopA2 = r.watch('a');
    stopA1();
    stopA1();
    expect(r.watching()).toEqual(['a']);
    stopA2();
    expect(r.watching()).toEqual([]);
    expect(timers.pending.size).toBe(0);
  });

  it('shares one in-flight revalidation per key', async () => {
    const revalidate = vi.fn(async (_key: string) => {});
    const r = createRevalidator({ intervalMs: 1000, revalidate, ...fakeTimers() });
    await Promise.all([r.revalidateNow('a'), r.revalidateNow('a')]);
    expect(revalidate).toHaveBeenCalledTimes(1);
  });

  it('reports errors and keeps the schedule going', async () => {
    const timers = fakeTimers();
    const onError = vi.fn();
    const boom = new Error('offline');
    const r = createRevalidator({ intervalMs: 10, revalidate: () => Promise.reject(boom), onError, ...timers });
    r.watch('a');
    await timers.fire();
    expect(onError).toHaveBeenCalledWith(boom, 'a');
    expect(timers.pending.size).toBe(1);
  });

  it('does not re-arm after stop() during a round', async () => {
    const timers = fakeTimers();
    let finish!: () => void;
    const r = createRevalidator({
      intervalMs: 10,
      revalidate: () => new Promise<void>((resolve) => (finish = resolve)),
      ...timers,
    });
    r.watch('a');
    await timers.fire();
    r.stop();
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.pending.size).toBe(0);
  });
});
