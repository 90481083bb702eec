import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './createApp';
import type { DemoStore } from './demoStore';
import { startServer } from './main';
import { sqliteStore } from './sqliteStore';

const dir = mkdtempSync(join(tmpdir(), 'conflict-kit-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tempDb = (): string => join(dir, `race-${++n}.db`);

/**
 * Reads that answer a few milliseconds late, on a timer: over HTTP every
 * request's read and write then land in different turns of the event loop,
 * so writers really interleave between "check the version" and "write", and
 * only the conditional UPDATE stands between them and a lost update.
 */
function withSlowReads(store: DemoStore): DemoStore {
  const late = <T>(value: Promise<T>): Promise<T> =>
    value.then((v) => new Promise<T>((resolve) => setTimeout(() => resolve(v), Math.random() * 4)));
  return {
    ...store,
    tickets: { ...store.tickets, get: (id) => late(store.tickets.get(id)) },
    documents: { ...store.documents, get: (id) => late(store.documents.get(id)) },
    orders: { ...store.orders, get: (id) => late(store.orders.get(id)) },
    close: () => store.close(),
  };
}

/** The app over a SQLite file with slow reads, behind a real @hono/node-server on 127.0.0.1:0. */
async function listen(): Promise<{ url: string; close: () => Promise<void> }> {
  const store = sqliteStore({ path: tempDb() });
  const app = createApp({ store: withSlowReads(store) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** 50 writers holding the same ETag: exactly one may win. */
async function sameVersionRace(fetchFn: Fetch): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      fetchFn('/api/tickets/T-1004', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': '"T-1004:1"', 'X-Actor': `writer-${i}` },
        body: JSON.stringify({ title: `Title by writer ${i}`, status: 'open', assignee: null, description: `written by ${i}` }),
      }),
    ),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 412)).toHaveLength(49);
  const winner = results.find((r) => r.status === 200);
  const won = (await winner?.json()) as { updatedBy: string; version: number };
  expect(won.version).toBe(2);
  // Every loser was told about the winner's version, not some other one.
  for (const loser of results.filter((r) => r.status === 412)) {
    expect(loser.headers.get('etag')).toBe('"T-1004:2"');
    expect(await loser.json()).toMatchObject({ current: { updatedBy: won.updatedBy, version: 2 } });
  }
  const current = (await (await fetchFn('/api/tickets/T-1004')).json()) as { updatedBy: string; version: number };
  expect(current).toMatchObject({ updatedBy: won.updatedBy, version: 2 });
}

/**
 * Writers that read, change and write back with If-Match, retrying on 412,
 * each appending its own marks. A lost update would drop a mark.
 */
async function readModifyWriteRace(fetchFn: Fetch, writers: number, rounds: number): Promise<void> {
  const winners: number[] = [];
  const writer = async (w: number): Promise<void> => {
    for (let r = 0; r < rounds; r++) {
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(500);
        const read = await fetchFn('/api/documents/D-1001');
        const etag = read.headers.get('etag') ?? '';
        const doc = (await read.json()) as { title: string; content: string };
        const res = await fetchFn('/api/documents/D-1001', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': etag, 'X-Actor': `w${w}` },
          body: JSON.stringify({ content: `${doc.content}[w${w}r${r}]` }),
        });
        if (res.status === 200) {
          winners.push(((await res.json()) as { version: number }).version);
          break;
        }
        expect(res.status).toBe(412);
        await res.body?.cancel();
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const final = (await (await fetchFn('/api/documents/D-1001')).json()) as { content: string; version: number };
  for (let w = 0; w < writers; w++) {
    for (let r = 0; r < rounds; r++) expect(final.content.split(`[w${w}r${r}]`)).toHaveLength(2);
  }
  // One winner per version, no version skipped.
  expect([...winners].sort((a, b) => a - b)).toEqual(Array.from({ length: writers * rounds }, (_, i) => i + 2));
  expect(final.version).toBe(writers * rounds + 1);
}

describe('concurrent writers against a SQLite file', () => {
  it('in-process: 50 PUTs with the same If-Match have exactly one winner', async () => {
    const store = sqliteStore({ path: tempDb() });
    const app = createApp({ store });
    await sameVersionRace(async (path, init) => app.request(path, init));
    store.close();
  });

  it('in-process: interleaved read-modify-write loops lose no update', async () => {
    const store = sqliteStore({ path: tempDb() });
    const app = createApp({ store });
    await readModifyWriteRace(async (path, init) => app.request(path, init), 8, 4);
    store.close();
  });

  it('over HTTP: 50 PUTs with the same If-Match have exactly one winner', async () => {
    const server = await listen();
    try {
      await sameVersionRace((path, init) => fetch(`${server.url}${path}`, init));
    } finally {
      await server.close();
    }
  });

  it('over HTTP: interleaved read-modify-write loops lose no update', async () => {
    const server = await listen();
    try {
      await readModifyWriteRace((path, init) => fetch(`${server.url}${path}`, init), 8, 4);
    } finally {
      await server.close();
    }
  });

  it('over HTTP (startServer): 30 creates of one externalId with different keys make one order', async () => {
    const server = await startServer({ port: 0, dbPath: tempDb(), log: false });
    try {
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          fetch(`${server.url}/api/orders`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `key-${i}` },
            body: JSON.stringify({ externalId: 'race-9', items: [{ sku: 'A', quantity: 1 }] }),
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(29);
      expect((await server.store.orders.list()).filter((o) => o.externalId === 'race-9')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
