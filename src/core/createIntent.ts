import { isDev } from './devWarning';
import { ConflictKitError } from './errors';
import { defaultIntentStorage, type IntentStorage } from './intentStorage';
import { randomHex } from './telemetry/traceparent';

/**
 * One user intent (one "create this order"), carrying the Idempotency-Key
 * that every retry of it must reuse, across reloads, until it is completed
 * or abandoned.
 */
export interface Intent {
  /** The idempotency key, raw. */
  readonly key: string;
  /** What the intent is about (`orders/new:order-88421`, a form id). */
  readonly scope: string;
  /** When the intent was first created (ms since epoch). */
  readonly createdAt: number;
  /**
   * The `Idempotency-Key` field value: the key as a structured-field string
   * (quoted), as the IETF draft defines the header.
   */
  readonly header: string;
  /** Forgets the intent after the server accepted it; the next call for the scope starts a new one. */
  complete(): void;
  /** Forgets the intent because the user explicitly gave it up. */
  abandon(): void;
}

/** Options of {@link createIntent}. */
export interface IntentOptions {
  /**
   * Where pending intents live.
   * @default defaultIntentStorage() (sessionStorage, or shared memory)
   */
  readonly storage?: IntentStorage;
  /**
   * Generates a new key; must return printable ASCII.
   * @default crypto.randomUUID()
   */
  readonly generateKey?: () => string;
  /**
   * The clock.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How long a pending intent stays valid; an older one is replaced by a new
   * key (servers keep idempotency records for about a day).
   * @default 86_400_000 (24 h)
   */
  readonly ttlMs?: number;
}

/** The default time to live of a pending intent: 24 hours. */
export const DEFAULT_INTENT_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredIntent {
  readonly key: string;
  readonly createdAt: number;
}

/** A key a structured-field string can carry: non-empty printable ASCII (RFC 8941 §3.3.3). */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * Serialises a key as a structured-field string (RFC 8941 §4.1.6): quoted,
 * with `"` and `\` escaped; anything outside printable ASCII is refused.
 */
export function formatIdempotencyKey(key: string): string {
  if (!PRINTABLE_ASCII.test(key)) {
    throw new ConflictKitError(
      isDev
        ? 'An idempotency key must be non-empty printable ASCII to be sent as a structured-field string (RFC 8941 §3.3.3); use a UUID or another ASCII id.'
        : 'An idempotency key must be non-empty printable ASCII.',
    );
  }
  return `"${key.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Generates a random UUID v4, from `crypto.randomUUID` or, outside secure contexts, `crypto.getRandomValues`. */
export function randomIntentKey(): string {
  const crypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues === 'function') {
    const hex = randomHex(16);
    // RFC 9562 §5.4: the version digit is 4, the variant digit 8, 9, a or b.
    const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
  throw new ConflictKitError(
    isDev
      ? 'No Web Crypto API to generate an idempotency key; pass generateKey to createIntent or createConflictClient.'
      : 'No Web Crypto API to generate an idempotency key.',
  );
}

function parseStored(raw: string | null): StoredIntent | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== 'object') return null;
    const { key, createdAt } = value as Record<string, unknown>;
    if (typeof key !== 'string' || !PRINTABLE_ASCII.test(key)) return null;
    if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return null;
    return { key, createdAt };
  } catch {
    return null;
  }
}

// A throwing custom storage must not break a submit: the intent then lives
// only as long as this object, which is still correct for in-page retries.
function safeGet(storage: IntentStorage, scope: string): string | null {
  try {
    return storage.get(scope);
  } catch {
    return null;
  }
}
function safeSet(storage: IntentStorage, scope: string, value: string): void {
  try {
    storage.set(scope, value);
  } catch {
    /* see above */
  }
}

function toIntent(scope: string, stored: StoredIntent, storage: IntentStorage): Intent {
  const forget = (): void => {
    // Only clear our own key: after expiry another intent may own the scope.
    if (parseStored(safeGet(storage, scope))?.key !== stored.key) return;
    try {
      storage.remove(scope);
    } catch {
      /* nothing more to do */
    }
  };
  return {
    key: stored.key,
    scope,
    createdAt: stored.createdAt,
    header: formatIdempotencyKey(stored.key),
    complete: forget,
    abandon: forget,
  };
}

/** Returns the pending intent for a scope without creating one, or `null` (none, or expired). */
export function findIntent(scope: string, options: Omit<IntentOptions, 'generateKey'> = {}): Intent | null {
  const storage = options.storage ?? defaultIntentStorage();
  const now = (options.now ?? Date.now)();
  const ttl = options.ttlMs ?? DEFAULT_INTENT_TTL_MS;
  const stored = parseStored(safeGet(storage, scope));
  // A createdAt far in the future is as suspicious as a very old one.
  if (!stored || Math.abs(now - stored.createdAt) >= ttl) return null;
  return toIntent(scope, stored, storage);
}

/**
 * Returns the intent for a scope: the pending one if there is one (same key
 * on every retry and after a reload), otherwise a new one, stored at once so
 * a reload mid-request reuses its key.
 */
export function createIntent(scope: string, options: IntentOptions = {}): Intent {
  const pending = findIntent(scope, options);
  if (pending) return pending;
  const storage = options.storage ?? defaultIntentStorage();
  const stored: StoredIntent = { key: (options.generateKey ?? randomIntentKey)(), createdAt: (options.now ?? Date.now)() };
  // Built before storing: its header refuses a key that cannot be sent, and then nothing is stored.
  const intent = toIntent(scope, stored, storage);
  safeSet(storage, scope, JSON.stringify(stored));
  return intent;
}
