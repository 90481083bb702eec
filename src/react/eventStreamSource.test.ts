import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventSourceLike } from './connectStalenessSources';
import { eventStreamSource } from './eventStreamSource';

/** EventSources as the browser makes them: each can open, deliver, drop (and retry itself) or give up. */
function browserStreams() {
  const made: { listeners: Map<string, ((event: MessageEvent) => void)[]>; readyState: number; closed: boolean }[] = [];
  const create = (): EventSourceLike => {
    const stream = { listeners: new Map<string, ((event: MessageEvent) => void)[]>(), readyState: 0, closed: false };
    made.push(stream);
    return {
      addEventListener: (type, listener) => stream.listeners.set(type, [...(stream.listeners.get(type) ?? []), listener]),
      close: () => {
        stream.closed = true;
        stream.readyState = 2;
      },
      get readyState() {
        return stream.readyState;
      },
    };
  };
  const fire = (index: number, type: string, data = ''): void => {
    for (const listener of made[index]?.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }));
  };
  return {
    create,
    made,
    open: (index: number) => {
      (made[index] as { readyState: number }).readyState = 1;
      fire(index, 'open');
    },
    /** The connection dropped; the browser will reconnect it by itself. */
    drop: (index: number) => {
      (made[index] as { readyState: number }).readyState = 0;
      fire(index, 'error');
    },
    /** The server answered 429 / 503: the browser gives up on this EventSource for good. */
    refuse: (index: number) => {
      (made[index] as { readyState: number }).readyState = 2;
      fire(index, 'error');
    },
    change: (index: number, event: object) => fire(index, 'change', JSON.stringify(event)),
  };
}

describe('eventStreamSource', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const subscribe = (streams: ReturnType<typeof browserStreams>) => {
    const listener = { change: vi.fn(), resync: vi.fn() };
    const stop = eventStreamSource({ url: '/api/events', toKey: (event) => `${String(event.resource)}/${String(event.id)}`, createEventSource: streams.create }).subscribe(listener);
    return { listener, stop };
  };

  it('opens a new stream after a pause when the server refused one, and catches up once it opens', () => {
    const streams = browserStreams();
    const { listener } = subscribe(streams);
    streams.refuse(0);
    expect(streams.made).toHaveLength(1);
    expect(streams.made[0]?.closed).toBe(true);

    vi.advanceTimersByTime(4_999);
    expect(streams.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(streams.made).toHaveLength(2);

    streams.open(1);
    expect(listener.resync).toHaveBeenCalledTimes(1);
    streams.change(1, { resource: 'tickets', id: 'T-1', etag: '"T-1:4"', version: 4, actor: 'ana' });
    expect(listener.change).toHaveBeenCalledWith(expect.objectContaining({ key: 'tickets/T-1', changedBy: 'ana', version: 4 }));
  });

  it('waits twice as long after each refusal, at most a minute, and starts over once a stream opens', () => {
    const streams = browserStreams();
    subscribe(streams);
    const pauses: number[] = [];
    for (let i = 0; i < 6; i++) {
      streams.refuse(i);
      let waited = 0;
      while (streams.made.length === i + 1 && waited < 120_000) {
        vi.advanceTimersByTime(1_000);
        waited += 1_000;
      }
      pauses.push(waited);
    }
    expect(pauses).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);

    streams.open(6);
    streams.refuse(6);
    vi.advanceTimersByTime(5_000);
    expect(streams.made).toHaveLength(8);
  });

  it('leaves a dropped stream to the browser, which reconnects it itself', () => {
    const streams = browserStreams();
    subscribe(streams);
    streams.open(0);
    streams.drop(0);
    vi.advanceTimersByTime(120_000);
    expect(streams.made).toHaveLength(1);
    expect(streams.made[0]?.closed).toBe(false);
  });

  it('opens nothing more once unsubscribed, even with a retry pending', () => {
    const streams = browserStreams();
    const { stop } = subscribe(streams);
    streams.refuse(0);
    stop();
    vi.advanceTimersByTime(120_000);
    expect(streams.made).toHaveLength(1);
  });

  it('opens one new stream however often a closed one reports its error, and none after unsubscribing', () => {
    const streams = browserStreams();
    const { stop } = subscribe(streams);
    streams.refuse(0);
    streams.refuse(0);
    vi.advanceTimersByTime(5_000);
    expect(streams.made).toHaveLength(2);
    streams.refuse(1);
    streams.refuse(1);
    stop();
    vi.advanceTimersByTime(120_000);
    expect(streams.made).toHaveLength(2);
  });

  it('tries again later when the app cannot make a new stream', () => {
    const streams = browserStreams();
    let failures = 1;
    const listener = { change: vi.fn(), resync: vi.fn() };
    eventStreamSource({
      url: '/api/events',
      toKey: () => undefined,
      createEventSource: () => {
        if (streams.made.length === 1 && failures-- > 0) throw new Error('token expired');
        return streams.create();
      },
    }).subscribe(listener);
    streams.refuse(0);
    vi.advanceTimersByTime(5_000);
    expect(streams.made).toHaveLength(1);
    vi.advanceTimersByTime(10_000);
    expect(streams.made).toHaveLength(2);
  });
});
