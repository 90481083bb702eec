import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprotectedWriteError, createConflictClient, memoryIntentStorage, mergeRecords, type ConflictClient } from '../../src/core';
import type { RealServer } from '../../scripts/realServers/realServer';
import { pouchdbMissing, startPouchdb } from '../../scripts/realServers/startPouchdb';
import { couchdbChanges, couchdbOptions } from '../../src/couchdb';

const missing = pouchdbMissing();

type Doc = { _id?: string; _rev?: string; title: string; notes?: string };

describe.skipIf(missing !== undefined)(`pouchdb-server 4.2 (CouchDB API)${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let pouch: RealServer;
  const couch = (): ConflictClient => createConflictClient({ baseUrl: pouch.url, ...couchdbOptions, intentStorage: memoryIntentStorage() });
  const raw = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${pouch.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    pouch = await startPouchdb();
    expect((await raw('/tickets', { method: 'PUT' })).status).toBe(201);
  }, 40_000);
  afterAll(async () => {
    await pouch?.stop();
  });

  it('ignores If-Match: a PUT with a wrong If-Match but the current _rev is accepted (so If-Match alone cannot protect a write)', async () => {
    const created = await raw('/tickets/ignores-if-match', { method: 'PUT', body: JSON.stringify({ title: 'a' }) });
    expect(created.status).toBe(201);
    const overwrite = await raw('/tickets/ignores-if-match', {
      method: 'PUT',
      headers: { 'If-Match': '"9-0000000000000000000000000000dead"' },
      body: JSON.stringify({ title: 'b', _rev: created.body.rev }),
    });
    expect(overwrite.status).toBe(201);
  }, 20_000);

  it('hands out only weak ETags on reads, so without a version field the kit refuses to write instead of pretending', async () => {
    await raw('/tickets/weak', { method: 'PUT', body: JSON.stringify({ title: 'a' }) });
    const plain = createConflictClient({ baseUrl: pouch.url, intentStorage: memoryIntentStorage() });
    const read = await plain.read<Doc>('/tickets/weak');
    expect(read.validator.etag?.weak).toBe(true);
    await expect(plain.save('/tickets/weak', { ...read.value, title: 'b' })).rejects.toMatchObject({ name: 'UnprotectedWriteError', reason: 'weak-etag' });
    await expect(plain.save('/tickets/weak', { title: 'b' })).rejects.toBeInstanceOf(UnprotectedWriteError);
    expect((await raw('/tickets/weak')).body.title).toBe('a');
  }, 20_000);

  it("with versionField '_rev' protects the write by _rev: a stale _rev gets 409 {error: conflict}, classified stale, and the other write stays", async () => {
    await raw('/tickets/t1', { method: 'PUT', body: JSON.stringify({ title: 'Printer jammed', notes: 'a' }) });
    const ana = couch();
    const ben = couch();
    const anaDoc = await ana.read<Doc>('/tickets/t1');
    const benDoc = await ben.read<Doc>('/tickets/t1');
    expect(anaDoc.validator.version).toMatch(/^1-/);
    // The app's draft carries only its fields: the kit adds the _rev it read.
    const saved = await ana.save('/tickets/t1', { _id: 't1', title: 'Printer fixed', notes: 'a' });
    expect(saved.ok).toBe(true);
    const stale = await ben.save('/tickets/t1', { _id: 't1', title: 'Printer replaced', notes: 'b' });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.conflict).toMatchObject({ kind: 'stale', status: 409, source: 'couchdb', reason: 'conflict' });
    // pouchdb-server tags the error body with a weak ETag: not the document's version.
    expect(stale.conflict.kind === 'stale' && stale.conflict.currentETag).toBeFalsy();
    expect((await raw('/tickets/t1')).body).toMatchObject({ title: 'Printer fixed', _rev: expect.stringMatching(/^2-/) });

    // Recovery as the kit prescribes: fetch theirs, merge, save again on their _rev.
    const theirs = await ben.read<Doc>('/tickets/t1', { keepBase: true });
    const merged = mergeRecords<Doc>(benDoc.value, { ...benDoc.value, title: 'Printer replaced', notes: 'b' }, theirs.value, { ignore: ['/_rev'] });
    expect(merged.conflicts.map((c) => c.pointer)).toEqual(['/title']);
    ben.registry.record(ben.keyFor('/tickets/t1'), { validator: theirs.validator, base: theirs.value });
    const again = await ben.save('/tickets/t1', { ...merged.value, title: 'Printer replaced' });
    expect(again.ok).toBe(true);
    expect((await raw('/tickets/t1')).body).toMatchObject({ title: 'Printer replaced', notes: 'b', _rev: expect.stringMatching(/^3-/) });
  }, 20_000);

  it('saves twice in a row: the second save is based on the _rev the first produced, not on the write answer {ok, id, rev}', async () => {
    await raw('/tickets/twice', { method: 'PUT', body: JSON.stringify({ title: 'one' }) });
    const ana = couch();
    await ana.read<Doc>('/tickets/twice');
    const first = await ana.save<Doc>('/tickets/twice', { _id: 'twice', title: 'two' });
    expect(first.ok).toBe(true);
    const second = await ana.save<Doc>('/tickets/twice', { _id: 'twice', title: 'three' });
    expect(second.ok ? 'saved' : second.conflict.kind).toBe('saved');
    expect((await raw('/tickets/twice')).body).toMatchObject({ title: 'three', _rev: expect.stringMatching(/^3-/) });
  }, 20_000);

  it('creates once per id: a second PUT-create of an existing document is a duplicate, and nothing is overwritten', async () => {
    const a = couch();
    const first = await a.create('/tickets/order-88421', { title: 'first' }, { intent: 'couch:order-88421', method: 'PUT' });
    expect(first.ok).toBe(true);
    const second = await couch().create('/tickets/order-88421', { title: 'second' }, { intent: 'couch:order-88421', method: 'PUT' });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.conflict).toMatchObject({ kind: 'duplicate', status: 409, existing: `${pouch.url}/tickets/order-88421` });
    expect((await raw('/tickets/order-88421')).body.title).toBe('first');
  }, 20_000);

  it('a PUT-create answers with the document read back, its _rev as the version, not the acknowledgement {ok, id, rev}', async () => {
    const client = createConflictClient({ baseUrl: pouch.url, ...couchdbOptions, intentStorage: memoryIntentStorage() });
    const created = await client.create<Doc>('/tickets/read-back', { title: 'read me' }, { intent: 'couch:read-back', method: 'PUT' });
    expect(created).toMatchObject({ ok: true, read: true, value: { _id: 'read-back', title: 'read me', _rev: expect.stringMatching(/^1-/) }, reply: { ok: true, id: 'read-back' } });
    const saved = await client.save<Doc>('/tickets/read-back', { _id: 'read-back', title: 'saved on the rev read back' });
    expect(saved.ok).toBe(true);
  }, 20_000);

  it('couchdbChanges marks a document on screen stale with the _rev another writer saved, keeping the base this client saved', async () => {
    await raw('/tickets/feed', { method: 'PUT', body: JSON.stringify({ title: 'one' }) });
    const ana = createConflictClient({ baseUrl: `${pouch.url}/tickets`, ...couchdbOptions, intentStorage: memoryIntentStorage() });
    await ana.read<Doc>('/feed');
    let connected = false;
    const stop = couchdbChanges({ db: `${pouch.url}/tickets`, timeout: 5_000 }).subscribe({
      change: (change) => ana.markStale(change, change),
      resync: () => (connected = true),
    });
    try {
      await expect.poll(() => connected, { timeout: 10_000 }).toBe(true);
      expect((await ana.save<Doc>('/feed', { _id: 'feed', title: 'two' })).ok).toBe(true);
      const key = ana.keyFor('/feed');
      const current = (await raw('/tickets/feed')).body;
      const other = await raw('/tickets/feed', { method: 'PUT', body: JSON.stringify({ ...current, title: 'three' }) });
      await expect.poll(() => ana.registry.get(key)?.freshness, { timeout: 10_000 }).toBe('stale');
      expect(ana.registry.get(key)?.latest?.validator.version).toBe(other.body.rev);
      expect(ana.registry.get(key)?.base).toMatchObject({ title: 'two' });
    } finally {
      stop();
    }
  }, 30_000);
});
