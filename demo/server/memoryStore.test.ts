import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryStore } from './memoryStore';
import { describeDemoStoreContract } from './storeContract';

describeDemoStoreContract('memoryStore', () => memoryStore(), { createWithTelemetryCap: (keep) => memoryStore({ keepTelemetry: keep }) });

describe('memoryStore', () => {
  it('starts empty with an empty seed and numbers new records from 1001', async () => {
    const store = memoryStore({ seed: { tickets: [], orders: [], documents: [] } });
    expect(await store.tickets.list()).toEqual([]);
    const t = await store.tickets.create({ title: 'a', status: 'open', assignee: null, description: '' }, { actor: 'a', at: 'now' });
    expect(t.id).toBe('T-1001');
  });

  it('keeps separate stores separate', async () => {
    const a = memoryStore();
    const b = memoryStore();
    await a.orders.transition('O-1001', 'paid', { actor: 'a', at: 'now' });
    expect((await b.orders.get('O-1001'))?.state).toBe('placed');
  });

  it('imports nothing from Node, so it runs in the browser', () => {
    const source = readFileSync(new URL('./memoryStore.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    // Relative modules only (the transitive check is createApp's browser-safety test).
    expect(imports.every((spec) => spec?.startsWith('./') || spec?.startsWith('../../src/server/'))).toBe(true);
  });
});
