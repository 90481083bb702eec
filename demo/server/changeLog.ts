import type { ResourceName } from './recordId';

/** One committed write, as the change table keeps it. */
export interface StoredChange {
  /** Position in the store's change sequence: grows with every commit, never reused, survives restarts. */
  readonly seq: number;
  readonly resource: ResourceName;
  readonly id: string;
  /** The version the write produced. */
  readonly version: number;
  /** Who wrote it (`X-Actor`). */
  readonly actor: string;
  /** When (ISO 8601). */
  readonly at: string;
}

/** The sequence numbers a change log holds now. */
export interface ChangeBounds {
  /** The highest committed sequence number; 0 before the first write. */
  readonly latest: number;
  /** The lowest sequence number still kept (older ones were pruned); `latest + 1` when none is kept. */
  readonly oldest: number;
}

/**
 * The read side of a store's change table: every committed write in commit
 * order, so every server instance can follow every other instance's writes
 * and a client can resume after the last change it saw. A change is
 * readable at once (memory, SQLite) or moments after its commit, once it has
 * its place in the sequence (PostgreSQL).
 */
export interface ChangeLog {
  /** Up to `limit` changes after `seq`, oldest first. */
  after(seq: number, limit: number): Promise<readonly StoredChange[]>;
  /** The sequence numbers kept now. */
  bounds(): Promise<ChangeBounds>;
  /**
   * Calls `wake` whenever changes may have been committed: at once for this
   * process's writes, and as soon as the store notices another process's
   * (polling or a database notification). Returns the function that stops.
   */
  watch(wake: () => void): () => void;
}

/** How many changes a store keeps for resuming clients, by default. */
export const DEFAULT_KEEP_CHANGES = 10_000;

/** The watchers of one process, woken after each local commit. */
export interface LocalWatchers {
  add(wake: () => void): () => void;
  /** Wakes every watcher; one that throws does not stop the others. */
  wake(): void;
  readonly size: number;
}

/** Creates a {@link LocalWatchers} set. */
export function localWatchers(): LocalWatchers {
  const set = new Set<() => void>();
  return {
    add(wake) {
      const entry = (): void => wake();
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    wake() {
      for (const entry of [...set]) {
        try {
          entry();
        } catch {
          // A broken watcher must not keep the change from the others.
        }
      }
    },
    get size() {
      return set.size;
    },
  };
}
