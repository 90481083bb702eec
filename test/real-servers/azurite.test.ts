import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprotectedWriteError, createConflictClient, memoryIntentStorage, type ConflictClient, type FetchLike } from '../../src/core';
import { azureOptions } from '../../src/azure';
import { azureSharedKeyFetch } from '../../scripts/realServers/azureSharedKey';
import { DEV_ACCOUNT, DEV_KEY, azuriteMissing, startAzurite, type RunningAzurite } from '../../scripts/realServers/startAzurite';

const missing = azuriteMissing();

describe.skipIf(missing !== undefined)(`Azurite 3.35 (Azure Storage emulator)${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let azurite: RunningAzurite;
  let tableFetch: FetchLike;
  let blobFetch: FetchLike;

  beforeAll(async () => {
    azurite = await startAzurite();
    tableFetch = azureSharedKeyFetch('table', DEV_ACCOUNT, DEV_KEY);
    blobFetch = azureSharedKeyFetch('blob', DEV_ACCOUNT, DEV_KEY);
    const table = await tableFetch(`${azurite.tableUrl}/Tables`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ TableName: 'tickets' }) });
    expect(table.status).toBe(201);
    const container = await blobFetch(`${azurite.blobUrl}/docs?restype=container`, { method: 'PUT' });
    expect(container.status).toBe(201);
  }, 40_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  describe('Table service', () => {
    // Azure hands out weak ETags for entities and accepts them back in If-Match: the adapter opts in.
    const tables = (allowWeakETags = true): ConflictClient =>
      createConflictClient({ ...azureOptions, baseUrl: azurite.tableUrl, fetch: tableFetch, allowWeakETags, intentStorage: memoryIntentStorage() });
    const entity = (row: string): string => `/tickets(PartitionKey='p',RowKey='${row}')`;

    it('inserts an entity once; a second insert is 409 EntityAlreadyExists, classified duplicate', async () => {
      const body = { PartitionKey: 'p', RowKey: 'dup', title: 'first' };
      expect((await tables().create('/tickets', body, { intent: 'azure:dup' })).ok).toBe(true);
      const again = await tables().create('/tickets', { ...body, title: 'second' }, { intent: 'azure:dup' });
      expect(again.ok).toBe(false);
      if (again.ok) return;
      expect(again.conflict).toMatchObject({ kind: 'duplicate', status: 409, source: 'azure', reason: 'EntityAlreadyExists' });
      expect((await tables().read<{ title: string }>(entity('dup'))).value.title).toBe('first');
    }, 20_000);

    it('sends the weak ETag back only when the dialect allows it, and a stale one gets 412 UpdateConditionNotSatisfied, classified stale', async () => {
      await tables().create('/tickets', { PartitionKey: 'p', RowKey: 't1', title: 'Printer jammed' }, { intent: 'azure:t1' });
      const strict = tables(false);
      const strictRead = await strict.read(entity('t1'));
      expect(strictRead.validator.etag?.weak).toBe(true);
      await expect(strict.save(entity('t1'), { title: 'blind' })).rejects.toBeInstanceOf(UnprotectedWriteError);

      const ana = tables();
      const ben = tables();
      await ana.read(entity('t1'));
      await ben.read(entity('t1'));
      expect((await ana.save(entity('t1'), { PartitionKey: 'p', RowKey: 't1', title: 'Printer fixed' })).ok).toBe(true);
      const stale = await ben.save(entity('t1'), { PartitionKey: 'p', RowKey: 't1', title: 'Printer replaced' });
      expect(stale.ok).toBe(false);
      if (stale.ok) return;
      expect(stale.conflict).toMatchObject({ kind: 'stale', status: 412, source: 'azure', reason: 'UpdateConditionNotSatisfied' });
      expect((await tables().read<{ title: string }>(entity('t1'))).value.title).toBe('Printer fixed');
      // Ana's second save uses the tag her first one got back.
      expect((await ana.save(entity('t1'), { PartitionKey: 'p', RowKey: 't1', title: 'Printer fixed twice' })).ok).toBe(true);
    }, 20_000);
  });

  describe('Blob service', () => {
    const blobs = (): ConflictClient =>
      createConflictClient({ ...azureOptions, baseUrl: azurite.blobUrl, fetch: blobFetch, headers: { 'x-ms-blob-type': 'BlockBlob' }, intentStorage: memoryIntentStorage() });

    it('creates a blob with If-None-Match: * once; the second is 409 BlobAlreadyExists, classified duplicate at that URL', async () => {
      expect((await blobs().create('/docs/a.json', { v: 1 }, { intent: 'blob:a', method: 'PUT' })).ok).toBe(true);
      const again = await blobs().create('/docs/a.json', { v: 2 }, { intent: 'blob:a', method: 'PUT' });
      expect(again.ok).toBe(false);
      if (again.ok) return;
      expect(again.conflict).toMatchObject({ kind: 'duplicate', status: 409, source: 'azure', reason: 'BlobAlreadyExists', existing: `${azurite.blobUrl}/docs/a.json` });
      expect((await blobs().read<{ v: number }>('/docs/a.json')).value).toEqual({ v: 1 });
    }, 20_000);

    it('protects a blob write with its strong ETag; a stale one gets 412 ConditionNotMet, classified stale', async () => {
      await blobs().create('/docs/b.json', { v: 1 }, { intent: 'blob:b', method: 'PUT' });
      const ana = blobs();
      const ben = blobs();
      expect((await ana.read('/docs/b.json')).validator.etag?.weak).toBe(false);
      await ben.read('/docs/b.json');
      expect((await ana.save('/docs/b.json', { v: 2 })).ok).toBe(true);
      const stale = await ben.save('/docs/b.json', { v: 3 });
      expect(stale.ok).toBe(false);
      if (stale.ok) return;
      expect(stale.conflict).toMatchObject({ kind: 'stale', status: 412, source: 'azure', reason: 'ConditionNotMet' });
      expect((await blobs().read<{ v: number }>('/docs/b.json')).value).toEqual({ v: 2 });
    }, 20_000);
  });
});
