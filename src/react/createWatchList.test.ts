import { describe, expect, it, vi } from 'vitest';
import { createRevalidator } from '../core/createRevalidator';
import { createWatchList } from './createWatchList';

function schedule() {
  const revalidate = vi.fn<(key: string) => Promise<void>>(() => Promise.resolve());
  return { revalidate, revalidator: createRevalidator({ intervalMs: 0, revalidate, setTimeout: () => undefined, clearTimeout: () => undefined }) };
}

describe('createWatchList', () => {
  it('hands the keys watched before the schedule loaded over to it, and takes them back when one stops watching', () => {
    const list = createWatchList(() => Promise.resolve());
    const stopA = list.watch('a');
    list.watch('b');
    const { revalidator } = schedule();
    list.attach(revalidator);
    expect(revalidator.watching().sort()).toEqual(['a', 'b']);
    list.watch('c');
    stopA();
    expect(revalidator.watching().sort()).toEqual(['b', 'c']);
  });

  it('counts watchers: a key stays watched until its last watcher stops, and a second stop does nothing', () => {
    const list = createWatchList(() => Promise.resolve());
    const { revalidator } = schedule();
    list.attach(revalidator);
    const first = list.watch('a');
    const second = list.watch('a');
    first();
    first();
    expect(revalidator.watching()).toEqual(['a']);
    second();
    expect(revalidator.watching()).toEqual([]);
  });

  it('before the schedule loads, revalidates the watched keys itself and never rejects', async () => {
    const revalidate = vi.fn<(key: string) => Promise<void>>((key) => (key === 'b' ? Promise.reject(new Error('offline')) : Promise.resolve()));
    const list = createWatchList(revalidate);
    list.watch('a');
    list.watch('b');
    await expect(list.revalidateNow()).resolves.toBeUndefined();
    expect(revalidate.mock.calls.map(([key]) => key)).toEqual(['a', 'b']);
    await list.revalidateNow('a');
    expect(revalidate).toHaveBeenCalledTimes(3);
  });

  it('once attached, goes through the schedule, which shares one request per key; detached, the schedule stops', async () => {
    const list = createWatchList(() => Promise.reject(new Error('not the schedule')));
    const { revalidator, revalidate } = schedule();
    list.attach(revalidator);
    list.watch('a');
    await Promise.all([list.revalidateNow(), list.revalidateNow('a')]);
    expect(revalidate).toHaveBeenCalledTimes(1);
    list.attach(undefined);
    expect(revalidator.watching()).toEqual([]);
  });
});
