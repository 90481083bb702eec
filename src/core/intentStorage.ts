/** Where pending idempotency intents are kept between retries and reloads. */
export interface IntentStorage {
  /** The stored value, or `null`. */
  get(key: string): string | null;
  /** Stores a value. */
  set(key: string, value: string): void;
  /** Deletes a value. */
  remove(key: string): void;
}

/** An in-memory intent storage: survives retries, not reloads. */
export function memoryIntentStorage(): IntentStorage {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => {
      map.set(key, value);
    },
    remove: (key) => {
      map.delete(key);
    },
  };
}

/** The subset of the Web Storage API that {@link webIntentStorage} uses. */
export type WebStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Wraps `sessionStorage` or `localStorage`. Web Storage throws when full, in
 * some private modes, and in sandboxed frames; then this falls back to memory
 * for the affected keys rather than crashing the submit.
 * @param prefix - Namespace for the stored keys; default `'conflict-kit:intent:'`.
 */
export function webIntentStorage(storage: WebStorageLike, prefix = 'conflict-kit:intent:'): IntentStorage {
  const fallback = new Map<string, string>();
  return {
    get: (key) => {
      const kept = fallback.get(key);
      if (kept !== undefined) return kept;
      try {
        return storage.getItem(prefix + key);
      } catch {
        return null;
      }
    },
    set: (key, value) => {
      try {
        storage.setItem(prefix + key, value);
        fallback.delete(key);
      } catch {
        fallback.set(key, value);
      }
    },
    remove: (key) => {
      fallback.delete(key);
      try {
        storage.removeItem(prefix + key);
      } catch {
        // Nothing to do: the key can no longer be read through this storage either way.
      }
    },
  };
}

let shared: IntentStorage | undefined;

/**
 * The storage used when none is given: `sessionStorage` when the environment
 * has a usable one (it survives a reload of the tab, and is not shared with
 * other tabs, whose submits are other intents), otherwise one process-wide
 * memory storage, so that separate calls still see the same pending intents.
 */
export function defaultIntentStorage(): IntentStorage {
  if (shared) return shared;
  let web: WebStorageLike | undefined;
  try {
    // Reading the property itself throws in sandboxed iframes and with cookies blocked.
    const candidate = (globalThis as { sessionStorage?: WebStorageLike }).sessionStorage;
    if (candidate && typeof candidate.getItem === 'function') web = candidate;
  } catch {
    web = undefined;
  }
  shared = web ? webIntentStorage(web) : memoryIntentStorage();
  return shared;
}
