import { etagFor } from '../../src/server';
import type { ChangeLog, StoredChange } from './changeLog';
import type { ChangeEvent } from './createEventBus';

/** Options for {@link createChangeHub}. */
export interface ChangeHubOptions {
  /** The store's change table, which every instance follows. */
  readonly changes: ChangeLog;
  /**
   * Idle time after which a stream gets a heartbeat comment, in ms.
   * @default 15_000
   */
  readonly heartbeatMs?: number;
  /**
   * Shortest time between two writes to the streams, in ms. The first
   * change after a quiet spell goes out at once; changes that follow within
   * the window wait for its end and go out together, one write per stream,
   * so under load the cost per change and stream shrinks instead of growing.
   * @default 10
   */
  readonly batchMs?: number;
  /**
   * Most of the time the fan-out may take, as a share: after a write to
   * every stream that took `t`, the next waits at least `t / share`. A few
   * streams get changes almost at once; a thousand get them in batches, and
   * each change costs them less the busier the server is. (A socket write
   * per stream is the unit cost; it does not shrink.)
   * @default 0.025
   */
  readonly fanOutShare?: number;
  /**
   * Longest a change waits for its batch, in ms, however long the last
   * fan-out seemed to take. The measure is wall time, so a server starved of
   * CPU (a burst of other work, a busy host) measures a slow fan-out that was
   * not; without a ceiling, one such measure held every change back for
   * seconds and pages kept calling stale records fresh.
   * @default 1_000
   */
  readonly maxBatchDelayMs?: number;
  /**
   * Most open streams on this instance.
   * @default 1_000
   */
  readonly maxStreams?: number;
  /**
   * Most open streams per client (see `clientKey` of {@link ChangeHub.open}).
   * @default 16
   */
  readonly maxStreamsPerClient?: number;
  /**
   * Changes kept in memory for streams that reconnect; older ones are read
   * from the store.
   * @default 1_024
   */
  readonly bufferSize?: number;
  /**
   * Most changes a reconnecting stream is sent to catch up; a client further
   * behind starts from now (and revalidates what it holds, as it does on
   * every reconnect).
   * @default 5_000
   */
  readonly maxReplay?: number;
  /**
   * Bytes a stream may have waiting to be sent before it is ended as too
   * slow; its client reconnects and resumes from its last event.
   * @default 1_048_576
   */
  readonly maxQueuedBytes?: number;
  /** Sees every change in order, as this instance learns of it. */
  readonly observe?: (event: ChangeEvent) => void;
  /**
   * Told when reading the change table fails; the next wake-up retries.
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/** Who asks for a stream, and from where in the feed. */
export interface OpenStreamRequest {
  /** The client, for the per-client limit (its address, or the address a trusted proxy names). */
  readonly clientKey: string;
  /** The `Last-Event-ID` header: the last change the client saw. */
  readonly lastEventId: string | null;
  /** Written into the `ready` event. */
  readonly requestId: string;
  /** Ends the stream when the request goes away. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The Node response under the Fetch one, when there is one (`c.env.outgoing`
   * on @hono/node-server). Once its head is out, later events are written to
   * it directly: a socket write per batch instead of a trip through the web
   * stream and the adapter's read loop, the bulk of a stream's cost.
   */
  readonly direct?: DirectResponseLike | undefined;
}

/** The part of Node's `ServerResponse` the hub writes to directly. */
export interface DirectResponseLike {
  readonly headersSent: boolean;
  /** Bytes waiting to be sent to the client. */
  readonly writableLength: number;
  write(chunk: Uint8Array): boolean;
  once(event: 'close', listener: () => void): unknown;
  /** True when the body goes out in HTTP/1.1 chunks (Node's own flag). */
  readonly chunkedEncoding?: boolean;
  /** The connection under the response. */
  readonly socket?: { write(chunk: Uint8Array): boolean; readonly writableLength: number; readonly destroyed: boolean } | null;
}

/** True for a value shaped like {@link DirectResponseLike}. */
export function isDirectResponse(value: unknown): value is DirectResponseLike {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['write'] === 'function' && typeof candidate['once'] === 'function' && typeof candidate['headersSent'] === 'boolean';
}

/** A stream, or which limit refused it. */
export type OpenStreamResult =
  | { readonly ok: true; readonly response: Response }
  | { readonly ok: false; readonly limit: 'client' | 'total'; readonly max: number };

/** One instance's fan-out of the change feed to its server-sent event streams. */
export interface ChangeHub {
  /** Opens an event stream: `ready`, missed changes after `Last-Event-ID`, then every change as it commits. */
  open(request: OpenStreamRequest): Promise<OpenStreamResult>;
  /** Open streams now. */
  readonly streams: number;
  /** Resolves once this instance has read every change committed before the call. */
  settled(): Promise<void>;
  /** Ends every stream and stops following the change table. */
  close(): void;
}

interface Frame {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

interface Stream {
  readonly clientKey: string;
  readonly controller: ReadableStreamDefaultController<Uint8Array>;
  readonly direct: DirectResponseLike | undefined;
  /** Everything enqueued has reached the Node response: write to it directly from now on. */
  writingDirectly: boolean;
  /** The last change this stream was sent (or skipped on purpose). */
  cursor: number;
  lastSent: number;
  closed: boolean;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
const PAGE = 500;

/** The change event clients read: `{ resource, id, etag, version, actor, at }`. */
export function toChangeEvent(change: StoredChange): ChangeEvent {
  return {
    resource: change.resource,
    id: change.id,
    etag: etagFor(change.version, change.id),
    version: change.version,
    actor: change.actor,
    at: change.at,
  };
}

function frameOf(change: StoredChange): Frame {
  // The event id is the durable change sequence: a reconnecting EventSource
  // sends it back as Last-Event-ID, on this instance or any other.
  const text = `id: ${change.seq}\nevent: change\ndata: ${JSON.stringify(toChangeEvent(change))}\n\n`;
  return { seq: change.seq, bytes: encoder.encode(text) };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

const noTimers = typeof setTimeout === 'undefined';

const chunks = new WeakMap<Uint8Array, Uint8Array>();
const CRLF = encoder.encode('\r\n');

/** `bytes` as one HTTP/1.1 chunk (RFC 9112 §7.1), built once per buffer. */
function chunkOf(bytes: Uint8Array): Uint8Array {
  let framed = chunks.get(bytes);
  if (!framed) {
    framed = concat([encoder.encode(`${bytes.byteLength.toString(16)}\r\n`), bytes, CRLF]);
    chunks.set(bytes, framed);
  }
  return framed;
}

/** Runs `callback` once the current turn's ticks and microtasks are done. */
const afterTicks = (callback: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(callback);
  else setTimeout(callback, 0);
};

/**
 * Follows the store's change table and fans each change out to this
 * instance's event streams. A change is serialised once and every batch is
 * written to each stream as one chunk, so an idle stream costs one enqueue
 * per batch, not per change; one timer serves every stream's heartbeat.
 * Streams are capped in total and per client.
 */
export function createChangeHub(options: ChangeHubOptions): ChangeHub {
  const { changes } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const batchMs = options.batchMs ?? 10;
  const fanOutShare = options.fanOutShare ?? 0.025;
  const maxBatchDelayMs = options.maxBatchDelayMs ?? 1_000;
  const maxStreams = options.maxStreams ?? 1_000;
  const maxPerClient = options.maxStreamsPerClient ?? 16;
  const bufferSize = options.bufferSize ?? 1_024;
  const maxReplay = options.maxReplay ?? 5_000;
  const maxQueuedBytes = options.maxQueuedBytes ?? 1_048_576;
  const onError = options.onError ?? ((error: unknown) => console.error('[change feed]', error));

  const streams = new Set<Stream>();
  const perClient = new Map<string, number>();
  let reserved = 0;
  /** The last change read from the table. */
  let seq = 0;
  /** The last change handed to the streams. */
  let flushed = 0;
  /** Recent frames; complete for every change after `floor`. */
  const buffer: Frame[] = [];
  let floor = 0;
  let pending: Uint8Array[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the next write to the streams may happen (ms, performance clock). */
  let nextFlush = -Infinity;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let polling = false;
  let again = false;
  let closed = false;
  const pollWaiters = new Set<() => void>();

  const ready = changes.bounds().then(
    ({ latest }) => {
      seq = flushed = floor = latest;
    },
    (error: unknown) => {
      onError(error);
    },
  );

  const framesAfter = (cursor: number, upTo: number): Uint8Array[] | undefined => {
    if (cursor < floor) return undefined;
    const out: Uint8Array[] = [];
    for (const frame of buffer) if (frame.seq > cursor && frame.seq <= upTo) out.push(frame.bytes);
    return out;
  };

  const end = (stream: Stream): void => {
    if (stream.closed) return;
    stream.closed = true;
    streams.delete(stream);
    const left = (perClient.get(stream.clientKey) ?? 1) - 1;
    if (left > 0) perClient.set(stream.clientKey, left);
    else perClient.delete(stream.clientKey);
    try {
      stream.controller.close();
    } catch {
      // Already cancelled by the client.
    }
    if (streams.size === 0 && heartbeatTimer !== undefined) {
      clearInterval(heartbeatTimer);
      heartbeatTimer = undefined;
    }
  };

  const send = (stream: Stream, bytes: Uint8Array, now: number): void => {
    stream.lastSent = now;
    const { direct } = stream;
    // Sends run from timers, after every microtask: an empty queue means the
    // adapter has already written all of it, so direct writes keep the order.
    if (direct && !stream.writingDirectly && direct.headersSent && stream.controller.desiredSize === maxQueuedBytes) {
      stream.writingDirectly = true;
    }
    if (direct && stream.writingDirectly) {
      const socket = direct.socket;
      if (socket && !socket.destroyed && direct.chunkedEncoding === true) {
        // The same bytes go to every stream: frame them as one HTTP/1.1 chunk
        // once, and hand each socket one buffer (the response's own write
        // frames every call again and corks the socket for a tick).
        socket.write(chunkOf(bytes));
        if (socket.writableLength > maxQueuedBytes) end(stream);
        return;
      }
      direct.write(bytes);
      // A client that stopped reading: end its stream rather than buffer without bound.
      if (direct.writableLength > maxQueuedBytes) end(stream);
      return;
    }
    try {
      stream.controller.enqueue(bytes);
    } catch {
      end(stream);
      return;
    }
    if ((stream.controller.desiredSize ?? 0) < 0) end(stream);
  };

  const flush = (): void => {
    flushTimer = undefined;
    if (pending.length === 0) return;
    const started = performance.now();
    const chunk = concat(pending);
    const from = flushed;
    const upTo = seq;
    pending = [];
    const now = Date.now();
    for (const stream of [...streams]) {
      if (stream.cursor === from) send(stream, chunk, now);
      else if (stream.cursor < upTo) {
        const frames = framesAfter(stream.cursor, upTo);
        // Too far behind for the buffer: end it; the client resumes from the table.
        if (frames === undefined) end(stream);
        else if (frames.length > 0) send(stream, concat(frames), now);
      }
      stream.cursor = Math.max(stream.cursor, upTo);
    }
    flushed = upTo;
    // Node sends corked response writes on the next tick: measure after those.
    nextFlush = Infinity;
    afterTicks(() => {
      nextFlush = started + Math.min(maxBatchDelayMs, Math.max(batchMs, (performance.now() - started) / fanOutShare));
      if (pending.length > 0 && flushTimer === undefined && !closed) {
        flushTimer = setTimeout(flush, Math.max(0, nextFlush - performance.now()));
      }
    });
  };

  const deliver = (change: StoredChange): void => {
    if (change.seq <= seq) return;
    seq = change.seq;
    options.observe?.(toChangeEvent(change));
    const frame = frameOf(change);
    buffer.push(frame);
    if (buffer.length > bufferSize) floor = (buffer.shift() as Frame).seq;
    pending.push(frame.bytes);
    if (streams.size === 0) {
      // Nobody to send to: keep the cursors moving without a timer.
      flush();
    } else if (noTimers) {
      flush();
    } else if (flushTimer === undefined && nextFlush !== Infinity) {
      // Leading edge: right away (after the rest of this read) when the last
      // write to the streams was a window ago, else at the window's end.
      // (While a write is being measured, its measurement schedules the next.)
      flushTimer = setTimeout(flush, Math.max(0, nextFlush - performance.now()));
    }
  };

  const poll = async (): Promise<void> => {
    if (closed) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    try {
      await ready;
      do {
        again = false;
        for (;;) {
          const batch = await changes.after(seq, PAGE);
          for (const change of batch) deliver(change);
          if (batch.length < PAGE) break;
        }
      } while (again && !closed);
    } catch (error) {
      onError(error);
    } finally {
      polling = false;
      for (const waiter of [...pollWaiters]) waiter();
    }
  };

  const stopWatching = changes.watch(() => void poll());
  void poll();

  const heartbeat = (): void => {
    const now = Date.now();
    for (const stream of [...streams]) if (now - stream.lastSent >= heartbeatMs) send(stream, HEARTBEAT, now);
  };

  /**
   * The changes a stream resuming after `lastSeen` missed, up to `upTo`, or
   * `undefined` when that cannot be told exactly (pruned, or too many).
   */
  const missed = async (lastSeen: number): Promise<{ frames: Uint8Array[]; upTo: number } | undefined> => {
    const upTo = Math.max(lastSeen, flushed);
    const fromBuffer = framesAfter(lastSeen, upTo);
    if (fromBuffer !== undefined) return { frames: fromBuffer, upTo };
    const { oldest } = await changes.bounds();
    // Changes after `lastSeen` were pruned: the client must revalidate instead.
    if (oldest > lastSeen + 1) return undefined;
    const frames: Uint8Array[] = [];
    let cursor = lastSeen;
    while (cursor < upTo) {
      const batch = await changes.after(cursor, PAGE);
      for (const change of batch) {
        if (change.seq > upTo) break;
        frames.push(frameOf(change).bytes);
        cursor = change.seq;
      }
      if (frames.length > maxReplay) return undefined;
      if (batch.length < PAGE) break;
    }
    return { frames, upTo };
  };

  return {
    async open(request) {
      if (reserved + streams.size >= maxStreams) return { ok: false, limit: 'total', max: maxStreams };
      const mine = perClient.get(request.clientKey) ?? 0;
      if (mine >= maxPerClient) return { ok: false, limit: 'client', max: maxPerClient };
      perClient.set(request.clientKey, mine + 1);
      reserved++;
      let backlog: Uint8Array[] = [];
      let cursor: number;
      let resumed = false;
      try {
        await ready;
        cursor = flushed;
        const raw = request.lastEventId?.trim() ?? '';
        const lastSeen = /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
        if (lastSeen !== undefined && lastSeen <= flushed) {
          const caughtUp = await missed(lastSeen);
          if (caughtUp !== undefined) {
            backlog = caughtUp.frames;
            cursor = caughtUp.upTo;
            resumed = true;
          }
        } else if (lastSeen !== undefined && lastSeen <= (await changes.bounds()).latest) {
          // Another instance already told the client of changes this one has
          // not read yet: carry on from there.
          cursor = lastSeen;
          resumed = true;
        }
      } catch (error) {
        reserved--;
        const left = (perClient.get(request.clientKey) ?? 1) - 1;
        if (left > 0) perClient.set(request.clientKey, left);
        else perClient.delete(request.clientKey);
        throw error;
      }
      reserved--;

      const readyFrame = encoder.encode(
        `retry: 2000\nid: ${cursor}\nevent: ready\ndata: ${JSON.stringify({ requestId: request.requestId, lastEventId: String(cursor), resumed })}\n\n`,
      );
      let stream: Stream | undefined;
      const body = new ReadableStream<Uint8Array>(
        {
          start(controller) {
            stream = {
              clientKey: request.clientKey,
              controller,
              direct: request.direct,
              writingDirectly: false,
              cursor,
              lastSent: Date.now(),
              closed: false,
            };
            controller.enqueue(concat([readyFrame, ...backlog]));
          },
          cancel() {
            if (stream) end(stream);
          },
        },
        new ByteLengthQueuingStrategy({ highWaterMark: maxQueuedBytes }),
      );
      const opened = stream as Stream | undefined;
      if (!opened) throw new Error('The event stream did not start.');
      streams.add(opened);
      if (closed) end(opened);
      request.signal?.addEventListener('abort', () => end(opened), { once: true });
      request.direct?.once('close', () => end(opened));
      if (heartbeatTimer === undefined && !noTimers && !closed) {
        heartbeatTimer = setInterval(heartbeat, Math.max(1, Math.min(heartbeatMs, 1_000)));
        heartbeatTimer.unref?.();
      }
      return {
        ok: true,
        response: new Response(body, {
          headers: {
            'Content-Type': 'text/event-stream',
            'Cache-Control': 'no-cache',
            // Proxies such as nginx would otherwise hold events back in a buffer.
            'X-Accel-Buffering': 'no',
          },
        }),
      };
    },
    get streams() {
      return streams.size;
    },
    async settled() {
      await ready;
      const { latest } = await changes.bounds();
      while (seq < latest && !closed) {
        const done = new Promise<void>((resolve) => pollWaiters.add(resolve));
        void poll();
        await done;
        pollWaiters.clear();
      }
      flush();
    },
    close() {
      closed = true;
      stopWatching();
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      flush();
      for (const stream of [...streams]) end(stream);
    },
  };
}
