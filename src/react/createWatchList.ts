import type { Revalidator } from '../core/createRevalidator';

/** The records the page watches, and the revalidation schedule once it has loaded. */
export interface WatchList {
  /** Watches a key (reference counted); returns the function that stops watching it. */
  watch(key: string): () => void;
  /** Revalidates one key, or every watched key, now; never rejects. */
  revalidateNow(key?: string): Promise<void>;
  /** Hands the watched keys to a loaded schedule (stopping the previous one), or takes them back with `undefined`. */
  attach(revalidator: Revalidator | undefined): void;
}

/**
 * Counts the keys the page watches from its first render, while the
 * revalidation schedule (`createRevalidator`) loads after mount: attached, it
 * picks up every key watched so far. Until then a revalidation asked for goes
 * straight to `revalidate`, one request per key.
 */
export function createWatchList(revalidate: (key: string) => Promise<unknown>): WatchList {
  const counts = new Map<string, number>();
  const stops = new Map<string, () => void>();
  let schedule: Revalidator | undefined;

  return {
    watch: (key) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (schedule && !stops.has(key)) stops.set(key, schedule.watch(key));
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const left = (counts.get(key) ?? 1) - 1;
        if (left > 0) return void counts.set(key, left);
        counts.delete(key);
        stops.get(key)?.();
        stops.delete(key);
      };
    },
    revalidateNow: async (key) => {
      if (schedule) return schedule.revalidateNow(key);
      const keys = key === undefined ? [...counts.keys()] : [key];
      await Promise.all(keys.map((k) => revalidate(k).catch(() => undefined)));
    },
    attach: (next) => {
      stops.clear();
      schedule?.stop();
      schedule = next;
      if (next) for (const key of counts.keys()) stops.set(key, next.watch(key));
    },
  };
}
