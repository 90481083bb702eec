import type { FetchLike } from '../core/conflictClientTypes';
import type { RecordRef } from '../core/remoteChange';
import type { StalenessListener, StalenessSource } from '../core/stalenessSource';

/** One row of CouchDB's `_changes` feed. */
export interface CouchdbChange {
  /** The document's `_id`. */
  readonly id: string;
  /** The change's sequence (a number on CouchDB 1 and PouchDB, a string on CouchDB 2+). */
  readonly seq: unknown;
  /** The document's leaf revisions; the first is the winning `_rev`. */
  readonly changes: readonly { readonly rev: string }[];
  /** The document was deleted. */
  readonly deleted?: boolean;
}

/** Options of {@link couchdbChanges}. */
export interface CouchdbChangesOptions {
  /**
   * The database URL as the client resolves document URLs under it
   * (`http://localhost:5984/contacts`, or the `baseUrl` a proxy serves it at).
   */
  readonly db: string;
  /**
   * `'longpoll'` works with any fetch and through proxies; `'eventsource'` uses CouchDB's
   * `feed=eventsource` with the browser's `EventSource` (no custom headers then).
   * @default 'longpoll'
   */
  readonly feed?: 'longpoll' | 'eventsource';
  /**
   * Which record a change is about, or `undefined` to skip it.
   * @default { key: `${db}/${encodeURIComponent(id)}` } (the client's key for that URL), design documents skipped
   */
  readonly toRecord?: (change: CouchdbChange) => RecordRef | undefined;
  /**
   * The fetch implementation for `'longpoll'`.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
  /**
   * Headers for the feed's requests (authorization), or a function returning them.
   * @default none
   */
  readonly headers?: HeadersInit | (() => HeadersInit);
  /**
   * How long one long poll waits for a change on the server, in ms.
   * @default 25000
   */
  readonly timeout?: number;
  /**
   * How long to wait before reconnecting after the feed failed, in ms.
   * @default 2000
   */
  readonly retryDelay?: number;
}

function isChange(row: unknown): row is CouchdbChange {
  if (row === null || typeof row !== 'object') return false;
  const { id, changes } = row as Record<string, unknown>;
  return typeof id === 'string' && Array.isArray(changes);
}

/**
 * CouchDB's `_changes` feed as a staleness source for the provider's
 * `sources`: from `since=now`, each change to a document marks it stale
 * with its new `_rev` (a deletion marks it deleted), and each (re)connection
 * revalidates what is on screen, so changes made while it was not listening
 * are not missed.
 */
export function couchdbChanges(options: CouchdbChangesOptions): StalenessSource {
  const db = options.db.replace(/\/+$/, '');
  const toRecord = options.toRecord ?? ((change: CouchdbChange) => (change.id.startsWith('_design/') ? undefined : { key: `${db}/${encodeURIComponent(change.id)}` }));
  const report = (listener: StalenessListener, row: unknown): void => {
    if (!isChange(row)) return;
    const record = toRecord(row);
    const rev = row.changes[0]?.rev;
    if (record) listener.change({ ...record, event: row, ...(typeof rev === 'string' ? { version: rev } : {}), ...(row.deleted === true ? { deleted: true } : {}) });
  };
  return {
    subscribe: (listener) => (options.feed === 'eventsource' ? eventSourceFeed(db, listener, report) : longPoll(db, options, listener, report)),
  };
}

function eventSourceFeed(db: string, listener: StalenessListener, report: (listener: StalenessListener, row: unknown) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource(`${db}/_changes?feed=eventsource&since=now`);
  source.addEventListener('open', () => listener.resync());
  source.addEventListener('message', (message) => {
    try {
      report(listener, JSON.parse(String(message.data)));
    } catch {
      // A malformed line says nothing reliable about any document.
    }
  });
  return () => source.close();
}

function longPoll(
  db: string,
  options: CouchdbChangesOptions,
  listener: StalenessListener,
  report: (listener: StalenessListener, row: unknown) => void,
): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeout = options.timeout ?? 25_000;
  const get = async (query: string): Promise<{ results?: unknown; last_seq?: unknown }> => {
    const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
    const response = await fetchFn(`${db}/_changes?${query}`, { headers: { accept: 'application/json', ...Object.fromEntries(new Headers(headers)) }, signal });
    if (!response.ok) throw new Error(`${db}/_changes answered ${response.status}`);
    return (await response.json()) as { results?: unknown; last_seq?: unknown };
  };
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  void (async () => {
    while (!signal.aborted) {
      try {
        // Where the feed stands now; what changed before it is caught up by the resync.
        let since = (await get('since=now')).last_seq;
        listener.resync();
        while (!signal.aborted) {
          const page = await get(`feed=longpoll&timeout=${timeout}&since=${encodeURIComponent(String(since))}`);
          if (Array.isArray(page.results)) for (const row of page.results) report(listener, row);
          if (page.last_seq !== undefined) since = page.last_seq;
        }
      } catch {
        if (!signal.aborted) await pause(options.retryDelay ?? 2000);
      }
    }
  })();
  return () => controller.abort();
}
