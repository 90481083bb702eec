import type { ConflictEvent } from '../core/telemetry/ConflictEvent';

/** The page events a sender flushes on; `globalThis` in a browser. */
export interface PageLifecycle {
  addEventListener(type: 'pagehide' | 'visibilitychange', listener: (event: Event) => void): void;
  removeEventListener(type: 'pagehide' | 'visibilitychange', listener: (event: Event) => void): void;
  /** Read on `visibilitychange`: only `'hidden'` flushes. */
  readonly document?: { readonly visibilityState?: string };
}

/** Options of {@link createTelemetrySender}. */
export interface TelemetrySenderOptions {
  /**
   * Where batches go: `POST` with `{ "events": [...] }` (JSON; a beacon sends it as `text/plain`, which the collector must accept).
   * @default '/api/telemetry'
   */
  readonly url?: string;
  /**
   * Milliseconds an event may wait for others to share its batch.
   * @default 5000
   */
  readonly flushIntervalMs?: number;
  /**
   * Events per batch; the collector takes at most 100.
   * @default 50
   */
  readonly maxBatch?: number;
  /**
   * Bytes of JSON per batch; the collector takes at most 64 KiB, as does a beacon.
   * @default 60000
   */
  readonly maxBatchBytes?: number;
  /**
   * Events kept while the collector cannot be reached; beyond, the oldest are dropped.
   * @default 500
   */
  readonly maxQueue?: number;
  /**
   * Queues a batch for delivery even as the page goes away; `false` when it refused (too large, over quota).
   * @default navigator.sendBeacon, when there is one
   */
  readonly sendBeacon?: ((url: string, data: Blob) => boolean) | undefined;
  /**
   * Sends a batch when there is no beacon or it refused (with `keepalive`, so it outlives the page).
   * @default globalThis.fetch
   */
  readonly fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /**
   * Where `pagehide` and `visibilitychange` are heard.
   * @default globalThis, when it has a document
   */
  readonly page?: PageLifecycle | undefined;
  /**
   * The clock, for the resolutions the sender reports when the page goes away mid-resolution.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** A batching sender of conflict events to the collector, from {@link createTelemetrySender}. */
export interface TelemetrySender {
  /** Queues an event; pass it to `subscribeConflictEvents(client, send)`. Never throws, never waits. */
  readonly send: (event: ConflictEvent) => void;
  /** Sends what is queued now. */
  flush(): void;
  /** Sends what is queued and stops listening to the page. */
  stop(): void;
}

interface Open {
  readonly event: ConflictEvent;
  readonly since: number;
}

const OPEN_LIMIT = 200;

interface Queued {
  readonly seq: number;
  readonly json: string;
}

/**
 * Sends conflict events to the collector in batches: after
 * `flushIntervalMs`, when a batch is full, and when the page is hidden or
 * goes away (`pagehide`, `visibilitychange` to hidden) by `sendBeacon`,
 * else `fetch` with `keepalive`. Sending never delays or fails a save: it
 * happens later, and a failure only drops or requeues events. A conflict
 * whose dialog was open when the page went away (not into the back-forward
 * cache) is reported as resolved `abandoned-draft`.
 */
export function createTelemetrySender(options: TelemetrySenderOptions = {}): TelemetrySender {
  const url = options.url ?? '/api/telemetry';
  const interval = options.flushIntervalMs ?? 5000;
  const maxBatch = Math.max(1, Math.min(100, options.maxBatch ?? 50));
  const maxBytes = Math.max(1024, Math.min(64 * 1024, options.maxBatchBytes ?? 60_000));
  const maxQueue = Math.max(maxBatch, options.maxQueue ?? 500);
  const now = options.now ?? Date.now;
  const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob) => boolean } }).navigator;
  const beacon = 'sendBeacon' in options ? options.sendBeacon : nav?.sendBeacon ? (u: string, d: Blob) => nav.sendBeacon!(u, d) : undefined;
  const fetchFn = 'fetch' in options ? options.fetch : typeof globalThis.fetch === 'function' ? (u: string, i: RequestInit) => globalThis.fetch(u, i) : undefined;
  const page = 'page' in options ? options.page : (globalThis as { document?: unknown }).document ? (globalThis as unknown as PageLifecycle) : undefined;

  /** Serialised events, oldest first, numbered in the order they were queued. */
  let queue: Queued[] = [];
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listening = false;
  const shown = new Map<string, Open>();

  const post = (body: Queued[], leaving: boolean): void => {
    const json = `{"events":[${body.map((item) => item.json).join(',')}]}`;
    // text/plain is what a beacon may carry to another origin without a preflight (the Fetch standard's CORS-safelisted types).
    const blob = new Blob([json], { type: 'text/plain;charset=UTF-8' });
    try {
      if (beacon?.(url, blob)) return;
    } catch {
      // A beacon the browser refuses to queue (a cross-origin URL it blocks): try fetch.
    }
    if (!fetchFn) return;
    try {
      fetchFn(url, { method: 'POST', body: json, headers: { 'content-type': 'application/json' }, keepalive: true, credentials: 'same-origin' }).then(
        () => {},
        () => {
          // Unreachable: keep the events for the next timed flush (not when leaving: there is none).
          if (!leaving) requeue(body);
        },
      );
    } catch {
      // A fetch that throws at once (no network stack) drops the batch.
    }
  };

  const flushWith = (leaving: boolean): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0) {
      const batch: Queued[] = [];
      let bytes = 12;
      while (queue.length > 0 && batch.length < maxBatch && bytes + queue[0]!.json.length + 1 <= maxBytes) {
        const next = queue.shift()!;
        bytes += next.json.length + 1;
        batch.push(next);
      }
      // One event larger than a batch can never be sent: drop it.
      if (batch.length === 0) queue.shift();
      else post(batch, leaving);
    }
  };

  const arm = (): void => {
    if (timer === undefined) timer = setTimeout(() => flushWith(false), interval);
  };
  const trim = (): void => {
    if (queue.length > maxQueue) queue = queue.slice(queue.length - maxQueue);
  };
  const enqueue = (json: string): void => {
    queue.push({ seq: ++seq, json });
    trim();
    if (queue.length >= maxBatch) flushWith(false);
    else arm();
  };
  // Never at once: a collector that cannot be reached is tried again after the interval, not in a loop.
  const requeue = (items: readonly Queued[]): void => {
    queue = [...items, ...queue].sort((a, b) => a.seq - b.seq);
    trim();
    arm();
  };

  const onPageHide = (event: Event): void => {
    // Into the back-forward cache, the page (and its open dialog) may come back.
    if (!(event as { persisted?: boolean }).persisted) {
      for (const [, open] of shown) {
        send({ ...open.event, type: 'conflict.resolved', outcome: 'abandoned-draft', durationMs: Math.max(0, now() - open.since), at: now() } as ConflictEvent);
      }
      shown.clear();
    }
    flushWith(true);
  };
  const onVisibility = (): void => {
    if (page?.document?.visibilityState === 'hidden') flushWith(true);
  };

  const listen = (): void => {
    if (listening || !page) return;
    listening = true;
    page.addEventListener('pagehide', onPageHide);
    page.addEventListener('visibilitychange', onVisibility);
  };

  const track = (event: ConflictEvent): void => {
    if (event.type === 'conflict.dialog-shown') {
      if (shown.size >= OPEN_LIMIT) shown.delete(shown.keys().next().value!);
      const { conflictId, kind, resource, requestId, traceId } = event;
      const base = { type: event.type, at: event.at, conflictId, kind, resource, ...(requestId !== undefined ? { requestId } : {}), ...(traceId !== undefined ? { traceId } : {}) };
      if (!shown.has(conflictId)) shown.set(conflictId, { event: base as ConflictEvent, since: event.at });
    } else if (event.type === 'conflict.resolved') shown.delete(event.conflictId);
  };

  const send = (event: ConflictEvent): void => {
    try {
      // Lazily, so a sender made at module scope touches no page during a server render.
      listen();
      track(event);
      enqueue(JSON.stringify(event));
    } catch (error) {
      console.error('[conflict-kit] could not queue a conflict event.', error);
    }
  };

  return {
    send,
    flush: () => flushWith(false),
    stop: () => {
      flushWith(false);
      if (listening && page) {
        page.removeEventListener('pagehide', onPageHide);
        page.removeEventListener('visibilitychange', onVisibility);
      }
      listening = false;
    },
  };
}
