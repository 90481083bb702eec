import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprotectedWriteError, createConflictClient, memoryIntentStorage, type ConflictClient } from '../../src/core';
import { apacheMissing, startApache } from '../../scripts/realServers/startApache';
import type { RealServer } from '../../scripts/realServers/realServer';

const missing = apacheMissing();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** mod_dav (default FileETag) makes an ETag strong once the file is a second old. */
const STRONG_AFTER_MS = 1_100;

describe.skipIf(missing !== undefined)(`Apache httpd 2.4 mod_dav${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let apache: RealServer;
  const client = (): ConflictClient => createConflictClient({ baseUrl: apache.url, intentStorage: memoryIntentStorage() });

  beforeAll(async () => {
    apache = await startApache();
  }, 30_000);
  afterAll(async () => {
    await apache?.stop();
  });

  it('creates with If-None-Match: * once; a second create of the same URL is a duplicate pointing at it', async () => {
    const a = client();
    const first = await a.create<{ n: number }>('/dav/order-1.json', { n: 1 }, { intent: 'dav:order-1', method: 'PUT' });
    expect(first.ok).toBe(true);
    const again = await client().create('/dav/order-1.json', { n: 2 }, { intent: 'dav:order-1', method: 'PUT' });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.conflict).toMatchObject({ kind: 'duplicate', status: 412, existing: `${apache.url}/dav/order-1.json` });
    // The refused create wrote nothing.
    expect(await (await fetch(`${apache.url}/dav/order-1.json`)).json()).toEqual({ n: 1 });
  }, 20_000);

  it('refuses a write while mod_dav hands out only a weak ETag (UnprotectedWriteError), then saves after refetching the strong tag', async () => {
    const a = client();
    const created = await a.create('/dav/ticket.json', { title: 'first' }, { intent: 'dav:ticket', method: 'PUT' });
    expect(created.ok).toBe(true);
    const read = await a.read<{ title: string }>('/dav/ticket.json');
    // Within a second of the write, Apache's ETag is weak: If-Match could never match it (RFC 9110 §13.1.1).
    expect(read.validator.etag?.weak).toBe(true);
    const early = a.save('/dav/ticket.json', { title: 'too early' });
    await expect(early).rejects.toBeInstanceOf(UnprotectedWriteError);
    await expect(early).rejects.toMatchObject({ reason: 'weak-etag' });
    expect(await (await fetch(`${apache.url}/dav/ticket.json`)).json()).toEqual({ title: 'first' });

    await sleep(STRONG_AFTER_MS);
    // Same version, now with a strong tag: the kit refetches it and sends If-Match.
    const saved = await a.save<{ title: string }>('/dav/ticket.json', { title: 'second' });
    expect(saved.ok).toBe(true);
    expect(await (await fetch(`${apache.url}/dav/ticket.json`)).json()).toEqual({ title: 'second' });
  }, 20_000);

  it('answers a save based on an old strong ETag with 412, classified stale, and keeps the other write', async () => {
    await client().create('/dav/doc.json', { body: 'v1' }, { intent: 'dav:doc', method: 'PUT' });
    await sleep(STRONG_AFTER_MS);
    const ana = client();
    const ben = client();
    const anaRead = await ana.read('/dav/doc.json');
    const benRead = await ben.read('/dav/doc.json');
    expect(anaRead.validator.etag?.weak).toBe(false);
    expect(benRead.validator.etag).toEqual(anaRead.validator.etag);
    expect((await ana.save('/dav/doc.json', { body: 'ana' })).ok).toBe(true);
    const lost = await ben.save('/dav/doc.json', { body: 'ben' });
    expect(lost.ok).toBe(false);
    if (lost.ok) return;
    // Apache answers with an HTML page: the status decides, and no markup reaches the conflict.
    expect(lost.conflict).toMatchObject({ kind: 'stale', status: 412, source: 'http-status' });
    expect(JSON.stringify(lost.conflict)).not.toContain('<html');
    expect(ben.registry.get(ben.keyFor('/dav/doc.json'))?.freshness).toBe('stale');
    expect(await (await fetch(`${apache.url}/dav/doc.json`)).json()).toEqual({ body: 'ana' });
  }, 20_000);

  it('with FileETag Digest hands out strong tags at once, protects writes with them and refuses a stale one', async () => {
    const a = client();
    const b = client();
    expect((await a.create('/digest/x.json', { v: 1 }, { intent: 'digest:x', method: 'PUT' })).ok).toBe(true);
    const read = await a.read('/digest/x.json');
    expect(read.validator.etag?.weak).toBe(false);
    await b.read('/digest/x.json');
    expect((await a.save('/digest/x.json', { v: 2 })).ok).toBe(true);
    const stale = await b.save('/digest/x.json', { v: 3 });
    expect(stale.ok ? 'saved' : stale.conflict.kind).toBe('stale');
    expect(await (await fetch(`${apache.url}/digest/x.json`)).json()).toEqual({ v: 2 });
  }, 20_000);
});
