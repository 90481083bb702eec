import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIntent, findIntent, formatIdempotencyKey, randomIntentKey, DEFAULT_INTENT_TTL_MS } from './createIntent';
import { defaultIntentStorage, memoryIntentStorage, webIntentStorage, type WebStorageLike } from './intentStorage';

function counter(prefix = 'k') {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** A Web Storage stand-in backed by a map, like the one a reloaded page sees again. */
function fakeWebStorage(): WebStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('createIntent', () => {
  it('returns the same key for the same scope until completed', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    const a = createIntent('orders/new:order-88421', { storage, generateKey });
    const b = createIntent('orders/new:order-88421', { storage, generateKey });
    expect(a.key).toBe('k1');
    expect(b.key).toBe('k1');
    expect(b.createdAt).toBe(a.createdAt);
    a.complete();
    expect(createIntent('orders/new:order-88421', { storage, generateKey }).key).toBe('k2');
  });

  it('gives different scopes different keys', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    expect(createIntent('a', { storage, generateKey }).key).not.toBe(createIntent('b', { storage, generateKey }).key);
  });

  it('survives a reload through Web Storage', () => {
    const web = fakeWebStorage();
    const first = createIntent('form-1', { storage: webIntentStorage(web), generateKey: counter('x') });
    // A new page: new adapter object, same underlying storage.
    const second = createIntent('form-1', { storage: webIntentStorage(web), generateKey: counter('y') });
    expect(second.key).toBe(first.key);
    expect([...web.map.keys()]).toEqual(['conflict-kit:intent:form-1']);
  });

  it('abandon() clears the intent too', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    createIntent('s', { storage, generateKey }).abandon();
    expect(findIntent('s', { storage })).toBeNull();
    expect(createIntent('s', { storage, generateKey }).key).toBe('k2');
  });

  it('replaces an intent older than ttlMs', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    let t = 0;
    const now = () => t;
    createIntent('s', { storage, generateKey, now, ttlMs: 1000 });
    t = 999;
    expect(createIntent('s', { storage, generateKey, now, ttlMs: 1000 }).key).toBe('k1');
    t = 1000;
    const fresh = createIntent('s', { storage, generateKey, now, ttlMs: 1000 });
    expect(fresh.key).toBe('k2');
    expect(fresh.createdAt).toBe(1000);
  });

  it('expires after 24 hours by default', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    let t = 0;
    createIntent('s', { storage, generateKey, now: () => t });
    t = DEFAULT_INTENT_TTL_MS;
    expect(createIntent('s', { storage, generateKey, now: () => t }).key).toBe('k2');
  });

  it('does not clear a newer intent when an expired one completes late', () => {
    const storage = memoryIntentStorage();
    const generateKey = counter();
    let t = 0;
    const old = createIntent('s', { storage, generateKey, now: () => t, ttlMs: 10 });
    t = 20;
    const current = createIntent('s', { storage, generateKey, now: () => t, ttlMs: 10 });
    old.complete();
    expect(findIntent('s', { storage, now: () => t, ttlMs: 10 })?.key).toBe(current.key);
  });

  it('ignores corrupt stored values and starts a new intent', () => {
    const storage = memoryIntentStorage();
    storage.set('s', '{not json');
    expect(createIntent('s', { storage, generateKey: () => 'new' }).key).toBe('new');
    storage.set('s', JSON.stringify({ key: 'x\u0000', createdAt: Date.now() }));
    expect(createIntent('s', { storage, generateKey: () => 'newer' }).key).toBe('newer');
  });

  it('builds the header as a structured-field string', () => {
    const intent = createIntent('s', { storage: memoryIntentStorage(), generateKey: () => 'idem_4f901d' });
    expect(intent.header).toBe('"idem_4f901d"');
    expect(formatIdempotencyKey('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('refuses keys that cannot be a structured-field string', () => {
    expect(() => createIntent('s', { storage: memoryIntentStorage(), generateKey: () => 'ключ' })).toThrow(/printable ASCII/);
    expect(() => formatIdempotencyKey('')).toThrow(/non-empty/);
  });

  it('refuses such keys with a short message in production builds', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    // Whether the build is a development one is read at import: a fresh copy of the module sees production.
    vi.resetModules();
    try {
      const production = await import('./createIntent');
      expect(() => production.formatIdempotencyKey('ключ')).toThrow(/^An idempotency key must be non-empty printable ASCII\.$/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('generates UUID v4 keys by default', () => {
    expect(randomIntentKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const intent = createIntent('uuid-scope', { storage: memoryIntentStorage() });
    expect(intent.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('outside a secure context (getRandomValues, no randomUUID)', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    const withBytes = (bytes: readonly number[]): void => {
      vi.stubGlobal('crypto', {
        getRandomValues: (array: Uint8Array) => {
          array.set(bytes);
          return array;
        },
      });
    };

    it('sets the version and variant bits and keeps every other bit', () => {
      withBytes([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]);
      expect(randomIntentKey()).toBe('00112233-4455-4677-8899-aabbccddeeff');
      withBytes(Array.from({ length: 16 }, () => 0xff));
      expect(randomIntentKey()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
      withBytes(Array.from({ length: 16 }, () => 0x00));
      expect(randomIntentKey()).toBe('00000000-0000-4000-8000-000000000000');
    });
  });

  it('shares the default storage between calls when there is no Web Storage', () => {
    expect(defaultIntentStorage()).toBe(defaultIntentStorage());
    const a = createIntent('default-scope');
    expect(createIntent('default-scope').key).toBe(a.key);
    a.complete();
  });

  it('keeps working when a custom storage throws', () => {
    const broken = {
      get: () => {
        throw new Error('denied');
      },
      set: () => {
        throw new Error('denied');
      },
      remove: () => {
        throw new Error('denied');
      },
    };
    const intent = createIntent('s', { storage: broken, generateKey: () => 'k' });
    expect(intent.key).toBe('k');
    expect(() => intent.complete()).not.toThrow();
  });
});

describe('webIntentStorage', () => {
  it('falls back to memory when setItem throws (quota, private mode)', () => {
    const web = fakeWebStorage();
    web.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const storage = webIntentStorage(web);
    storage.set('a', '1');
    expect(storage.get('a')).toBe('1');
    storage.remove('a');
    expect(storage.get('a')).toBeNull();
  });

  it('returns null when getItem throws', () => {
    const web = fakeWebStorage();
    web.getItem = () => {
      throw new Error('SecurityError');
    };
    expect(webIntentStorage(web).get('a')).toBeNull();
  });

  it('uses the given prefix', () => {
    const web = fakeWebStorage();
    webIntentStorage(web, 'app:').set('a', '1');
    expect(web.map.get('app:a')).toBe('1');
  });
});
