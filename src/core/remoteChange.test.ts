import { describe, expect, it } from 'vitest';
import { createConflictClient } from './createConflictClient';
import { markChanged } from './remoteChange';

const BASE = 'http://api.test/v1';

function tracked() {
  const client = createConflictClient({ baseUrl: BASE, fetch: () => Promise.reject(new Error('no network in this test')) });
  const key = client.keyFor('/contacts/c1');
  client.registry.record(key, { validator: { etag: { weak: false, opaque: '2-b' }, version: '2-b' }, base: { _id: 'c1', _rev: '2-b' } });
  return { client, key };
}

describe('client.markStale', () => {
  it('marks a record stale by the URL the app reads it with, keeping who and when', () => {
    const { client, key } = tracked();
    expect(client.markStale({ url: '/contacts/c1' }, { version: '3-c', changedBy: 'ana', changedAt: '2026-12-06T10:42:00Z' })).toBe(true);
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', changedBy: 'ana', changedAt: Date.parse('2026-12-06T10:42:00Z'), latest: { validator: { version: '3-c' } } });
  });

  it('marks it by its registry key (a RecordHandle works as it is)', () => {
    const { client, key } = tracked();
    expect(client.markStale({ url: '/ignored', key }, { etag: '"3-c"' })).toBe(true);
    expect(client.registry.get(key)?.freshness).toBe('stale');
  });

  it('ignores the echo of the version it holds, and records nobody loaded', () => {
    const { client, key } = tracked();
    expect(client.markStale({ url: '/contacts/c1' }, { version: '2-b' })).toBe(false);
    expect(client.markStale({ url: '/contacts/c1' }, { etag: 'W/"2-b"' })).toBe(false);
    expect(client.markStale({ url: '/contacts/c9' }, { version: '1-x' })).toBe(false);
    expect(client.registry.get(key)?.freshness).toBe('fresh');
    expect(client.registry.keys()).toEqual([key]);
  });

  it('the same change heard twice keeps what either source said, in either order (the server feed names who, the saving tab says it was a tab)', () => {
    for (const order of [['feed', 'tab'], ['tab', 'feed']] as const) {
      const { client, key } = tracked();
      for (const source of order) {
        if (source === 'feed') client.markStale({ url: '/contacts/c1' }, { version: '3-c', changedBy: 'ana', changedAt: 7 });
        else markChanged(client.registry, key, { version: '3-c' }, true);
      }
      expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', changedBy: 'ana', changedAt: 7, inOtherTab: true, latest: { validator: { version: '3-c' } } });
      // Heard a third time, it changes nothing.
      expect(client.markStale({ url: '/contacts/c1' }, { version: '3-c', changedBy: 'ana' })).toBe(false);
    }
  });

  it('marks stale when the source names no version (it only knows that something changed)', () => {
    const { client, key } = tracked();
    expect(client.markStale({ url: '/contacts/c1' })).toBe(true);
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale' });
    expect(client.registry.get(key)?.latest).toBeUndefined();
  });

  it('marks a deletion', () => {
    const { client, key } = tracked();
    expect(client.markStale({ url: '/contacts/c1' }, { deleted: true, changedBy: 'bo' })).toBe(true);
    expect(client.registry.get(key)).toMatchObject({ freshness: 'deleted', changedBy: 'bo' });
  });
});
