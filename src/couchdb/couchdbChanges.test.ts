import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../core/conflictClientTypes';
import type { SourceChange } from '../core/stalenessSource';
import { couchdbChanges } from './couchdbChanges';

const DB = 'http://couch.test/contacts';

/** A `_changes` endpoint the test feeds: `since=now` answers at once, long polls wait for `push`. */
function changesFeed() {
  const urls: string[] = [];
  const signals: (AbortSignal | null | undefined)[] = [];
  let seq = 7;
  let waiting: ((rows: unknown[]) => void) | undefined;
  let failNext = false;
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    signals.push(init.signal);
    if (failNext) {
      failNext = false;
      return Promise.reject(new TypeError('connection reset'));
    }
    if (!url.includes('feed=longpoll')) return Promise.resolve(Response.json({ results: [], last_seq: seq }));
    return new Promise((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      waiting = (rows) => {
        seq += rows.length;
        resolve(Response.json({ results: rows, last_seq: seq }));
      };
    });
  };
  const polling = () => waiting !== undefined;
  const push = (...rows: unknown[]) => {
    const answer = waiting;
    waiting = undefined;
    answer?.(rows);
  };
  return { fetch, urls, signals, push, polling, failOnce: () => (failNext = true) };
}

function listen(feed: ReturnType<typeof changesFeed>) {
  const changes: SourceChange[] = [];
  let resyncs = 0;
  const stop = couchdbChanges({ db: `${DB}/`, fetch: feed.fetch, retryDelay: 0 }).subscribe({ change: (c) => changes.push(c), resync: () => (resyncs += 1) });
  return { changes, resyncs: () => resyncs, stop };
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(condition()).toBe(true);
};

describe('couchdbChanges', () => {
  it('starts from now, resyncs once connected, then reports each changed document with its new _rev', async () => {
    const feed = changesFeed();
    const { changes, resyncs, stop } = listen(feed);
    await until(feed.polling);
    expect(resyncs()).toBe(1);
    expect(feed.urls).toEqual([`${DB}/_changes?since=now`, `${DB}/_changes?feed=longpoll&timeout=25000&since=7`]);

    feed.push({ seq: 8, id: 'ana smith', changes: [{ rev: '3-c' }] }, { seq: 9, id: '_design/app', changes: [{ rev: '1-d' }] });
    await until(() => changes.length === 1 && feed.polling());

    expect(changes[0]).toMatchObject({ key: `${DB}/ana%20smith`, version: '3-c' });
    expect(feed.urls.at(-1)).toBe(`${DB}/_changes?feed=longpoll&timeout=25000&since=9`);
    stop();
  });

  it('reports a deletion', async () => {
    const feed = changesFeed();
    const { changes, stop } = listen(feed);
    await until(feed.polling);
    feed.push({ seq: 8, id: 'c1', changes: [{ rev: '4-x' }], deleted: true });
    await until(() => changes.length === 1);
    expect(changes[0]).toMatchObject({ key: `${DB}/c1`, deleted: true });
    stop();
  });

  it('reconnects after a failure and resyncs, since changes made meanwhile were not heard', async () => {
    const feed = changesFeed();
    const { resyncs, stop } = listen(feed);
    await until(feed.polling);
    feed.failOnce();
    feed.push();
    await until(() => resyncs() === 2 && feed.polling());
    stop();
  });

  it('cancels the long poll in flight when unsubscribed', async () => {
    const feed = changesFeed();
    const { stop } = listen(feed);
    await until(feed.polling);
    expect(feed.signals.at(-1)?.aborted).toBe(false);
    stop();
    expect(feed.signals.at(-1)?.aborted).toBe(true);
  });
});
