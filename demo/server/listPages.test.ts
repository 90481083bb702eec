import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIST_TEXT_LIMIT } from './demoStore';
import { memoryStore } from './memoryStore';
import { MAX_PAGE_BYTES } from './responses';
import { sqliteStore } from './sqliteStore';
import { testApp } from './testRequests';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const meta = { actor: 'ana', at: '2026-11-25T10:00:00.000Z' };

interface ListBody {
  items: { id: string; content?: string; truncated?: string[] }[];
  next?: string;
}

describe('lists', () => {
  it('come in pages: limit, then a next link (body and Link header) until the last page', async () => {
    const t = testApp();
    for (let i = 0; i < 5; i++) await t.store.tickets.create({ title: `t${i}`, status: 'open', assignee: null, description: '' }, meta);
    const first = await t.app.request('/api/tickets?limit=4');
    const body = (await first.json()) as ListBody;
    expect(body.items.map((x) => x.id)).toEqual(['T-1001', 'T-1002', 'T-1003', 'T-1004']);
    expect(body.next).toBe('/api/tickets?after=T-1004&limit=4');
    expect(first.headers.get('link')).toBe('</api/tickets?after=T-1004&limit=4>; rel="next"');
    const second = (await (await t.app.request(body.next!)).json()) as ListBody;
    expect(second.items.map((x) => x.id)).toEqual(['T-1005', 'T-1006', 'T-1007', 'T-1008']);
    const last = await t.app.request(second.next!);
    expect(((await last.json()) as ListBody)).toEqual({ items: [expect.objectContaining({ id: 'T-1009' })] });
    expect(last.headers.get('link')).toBeNull();
    // The default page holds 50.
    expect(((await (await t.app.request('/api/tickets')).json()) as ListBody).items).toHaveLength(9);
  });

  it('answers 400 naming the parameter for a bad limit or cursor', async () => {
    const t = testApp();
    for (const query of ['limit=0', 'limit=201', 'limit=-1', 'limit=x', 'after=O-1001', 'after=..']) {
      const res = await t.app.request(`/api/tickets?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ field: query.split('=')[0] });
    }
  });

  it('stay small with forty 2 MB documents: the text is cut and marked, the server keeps answering', async () => {
    const store = sqliteStore({ path: join(dir, 'big.db') });
    const t = testApp({ store });
    try {
      const content = `${'a long line of text\n'.repeat(100_000)}`;
      for (let i = 0; i < 40; i++) await store.documents.create({ title: `Big ${i}`, content }, meta);
      const res = await t.app.request('/api/documents?limit=200');
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(new TextEncoder().encode(text).byteLength).toBeLessThanOrEqual(MAX_PAGE_BYTES + 200);
      const body = JSON.parse(text) as ListBody;
      const big = body.items.filter((item) => item.id !== 'D-1001');
      expect(big.length).toBeGreaterThan(0);
      for (const item of big) {
        expect(item.truncated).toEqual(['content']);
        expect(item.content).toBe(content.slice(0, LIST_TEXT_LIMIT));
      }
      // Whatever did not fit is on the next pages; every document is reachable.
      let seen = body.items.length;
      let next = body.next;
      while (next) {
        const page = (await (await t.app.request(next)).json()) as ListBody;
        seen += page.items.length;
        next = page.next;
      }
      expect(seen).toBe(41);
      expect((await t.app.request('/api/documents/D-1002')).status).toBe(200);
    } finally {
      t.hub.close();
      await store.close();
    }
  }, 60_000);

  it('end a page early, with a next link, when its items would pass the byte limit', async () => {
    const store = memoryStore();
    const t = testApp({ store });
    const content = 'é'.repeat(LIST_TEXT_LIMIT);
    for (let i = 0; i < 40; i++) await store.documents.create({ title: `Wide ${i}`, content }, meta);
    const res = await t.app.request('/api/documents?limit=200');
    const text = await res.text();
    const body = JSON.parse(text) as ListBody;
    expect(new TextEncoder().encode(text).byteLength).toBeLessThanOrEqual(MAX_PAGE_BYTES + 200);
    expect(body.items.length).toBeLessThan(41);
    expect(body.next).toBe(`/api/documents?after=${body.items[body.items.length - 1]?.id}&limit=200`);
  });
});
