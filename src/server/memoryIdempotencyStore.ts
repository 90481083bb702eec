import type { BeginResult, IdempotencyClaim, IdempotencyRecord, IdempotencyStore, StoredResponse } from './idempotencyStore';

interface Entry {
  readonly token: string;
  readonly record: IdempotencyRecord;
}

/** How often (in store time) expired entries are swept out. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * An {@link IdempotencyStore} in a `Map`, for tests, demos and single-process
 * servers. `begin` is atomic because it runs synchronously. Expired entries
 * are swept at most once a minute, on `begin`.
 */
export function memoryIdempotencyStore(): IdempotencyStore {
  const entries = new Map<string, Entry>();
  let lastSweep = -Infinity;

  return {
    begin(claim: IdempotencyClaim, now: number): BeginResult {
      if (now - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = now;
        for (const [key, entry] of entries) if (entry.record.expiresAt <= now) entries.delete(key);
      }
      const existing = entries.get(claim.key);
      if (existing && existing.record.expiresAt > now) return { outcome: 'exists', record: existing.record };
      entries.set(claim.key, {
        token: claim.token,
        record: { state: 'in-flight', fingerprint: claim.fingerprint, expiresAt: claim.expiresAt },
      });
      return { outcome: 'started' };
    },
    complete(key: string, token: string, response: StoredResponse, expiresAt: number): boolean {
      const entry = entries.get(key);
      if (!entry || entry.token !== token) return false;
      entries.set(key, {
        token,
        record: { state: 'completed', fingerprint: entry.record.fingerprint, expiresAt, response },
      });
      return true;
    },
    release(key: string, token: string): void {
      const entry = entries.get(key);
      if (entry?.token === token && entry.record.state === 'in-flight') entries.delete(key);
    },
  };
}
