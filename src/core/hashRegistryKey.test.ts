import { describe, expect, it } from 'vitest';
import { hashRegistryKey } from './hashRegistryKey';

describe('hashRegistryKey', () => {
  it('passes strings through unchanged', () => {
    expect(hashRegistryKey('/api/tickets/1')).toBe('/api/tickets/1');
  });

  it('hashes array keys independently of object key order', () => {
    expect(hashRegistryKey(['tickets', { id: 1, view: 'full' }])).toBe(hashRegistryKey(['tickets', { view: 'full', id: 1 }]));
    expect(hashRegistryKey(['tickets', { id: 1 }])).not.toBe(hashRegistryKey(['tickets', { id: 2 }]));
  });

  it('sorts nested object keys too', () => {
    expect(hashRegistryKey([{ a: { y: 1, x: 2 } }])).toBe('[{"a":{"x":2,"y":1}}]');
  });
});
