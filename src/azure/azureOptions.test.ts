import { describe, expect, it } from 'vitest';
import type { ConflictClientOptions, FetchLike } from '../core/conflictClientTypes';
import { createConflictClient } from '../core/createConflictClient';
import { UnprotectedWriteError } from '../core/errors';
import { memoryIntentStorage } from '../core/intentStorage';
import { azureOptions } from './index';

const TABLE = 'http://127.0.0.1:10002/devstoreaccount1';
const ENTITY = `${TABLE}/tickets(PartitionKey='p',RowKey='t1')`;
const BLOB = 'http://127.0.0.1:10000/devstoreaccount1/docs/a.json';

/**
 * Azure Storage as Azurite answers: Table entities carry weak ETags and take
 * them back in If-Match; a refused write names its reason in x-ms-error-code
 * and the body (odata.error for tables, XML for blobs).
 */
function azureStorage() {
  const ifMatch: (string | null)[] = [];
  let tableTag = `W/"datetime'2026-03-01T09%3A00%3A00Z'"`;
  const fetch: FetchLike = async (url, init) => {
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    if (url === ENTITY && method === 'GET') return Response.json({ PartitionKey: 'p', RowKey: 't1', title: 'Printer jammed' }, { headers: { etag: tableTag } });
    if (url === ENTITY && method === 'PUT') {
      ifMatch.push(headers.get('if-match'));
      if (headers.get('if-match') !== tableTag) {
        const body = { 'odata.error': { code: 'UpdateConditionNotSatisfied', message: { lang: 'en-US', value: 'The update condition specified in the request was not satisfied.' } } };
        return Response.json(body, { status: 412, headers: { 'x-ms-error-code': 'UpdateConditionNotSatisfied' } });
      }
      tableTag = `W/"datetime'2026-03-01T09%3A05%3A00Z'"`;
      return new Response(null, { status: 204, headers: { etag: tableTag } });
    }
    if (url === `${TABLE}/tickets` && method === 'POST') {
      const body = { 'odata.error': { code: 'EntityAlreadyExists', message: { lang: 'en-US', value: 'The specified entity already exists.' } } };
      return Response.json(body, { status: 409, headers: { 'x-ms-error-code': 'EntityAlreadyExists' } });
    }
    if (url === BLOB && method === 'PUT') {
      const xml = '<?xml version="1.0" encoding="utf-8"?><Error><Code>ConditionNotMet</Code><Message>The condition specified using HTTP conditional header(s) is not met.</Message></Error>';
      return new Response(xml, { status: 412, headers: { 'content-type': 'application/xml', 'x-ms-error-code': 'ConditionNotMet' } });
    }
    return new Response(null, { status: 500 });
  };
  return { fetch, ifMatch, changeElsewhere: () => (tableTag = `W/"datetime'2026-03-01T09%3A04%3A00Z'"`) };
}

function client(server: ReturnType<typeof azureStorage>, options: ConflictClientOptions = {}) {
  return createConflictClient({ fetch: server.fetch, intentStorage: memoryIntentStorage(), ...options });
}

const blobVersion = { validator: { etag: { weak: false, opaque: '0x8DC1' } } };

describe('azureOptions', () => {
  it('sends a Table entity’s weak ETag back in If-Match, and reads a refused write as stale by Azure’s code', async () => {
    const server = azureStorage();
    const tables = client(server, azureOptions);
    await tables.read(ENTITY);
    expect(await tables.save(ENTITY, { PartitionKey: 'p', RowKey: 't1', title: 'Printer fixed' })).toMatchObject({ ok: true });
    server.changeElsewhere();
    const stale = await tables.save(ENTITY, { PartitionKey: 'p', RowKey: 't1', title: 'Printer gone' });
    expect(stale).toMatchObject({ ok: false, conflict: { kind: 'stale', status: 412, source: 'azure', reason: 'UpdateConditionNotSatisfied' } });
    expect(server.ifMatch).toEqual([`W/"datetime'2026-03-01T09%3A00%3A00Z'"`, `W/"datetime'2026-03-01T09%3A05%3A00Z'"`]);
  });

  it('reads a second insert of an entity (409 EntityAlreadyExists) as a duplicate', async () => {
    const result = await client(azureStorage(), azureOptions).create(`${TABLE}/tickets`, { PartitionKey: 'p', RowKey: 't1' }, { intent: 'tickets/new:t1' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate', status: 409, source: 'azure', reason: 'EntityAlreadyExists' } });
  });

  it('reads a Blob 412 ConditionNotMet as stale with Azure’s code', async () => {
    const result = await client(azureStorage(), azureOptions).save(BLOB, { v: 2 }, blobVersion);
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'stale', source: 'azure', reason: 'ConditionNotMet' } });
  });
});

describe('Azure Storage without conflict-kit/azure', () => {
  it('reads a 412 as stale by its status, without Azure’s code', async () => {
    const result = await client(azureStorage()).save(BLOB, { v: 2 }, blobVersion);
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'stale', status: 412, source: 'http-status' } });
    expect(result.ok ? undefined : result.conflict.reason).toBeUndefined();
  });

  it('reads a create’s 409 EntityAlreadyExists as a conflict not understood: not a duplicate, nor the Idempotency-Key in flight', async () => {
    const result = await client(azureStorage()).create(`${TABLE}/tickets`, { PartitionKey: 'p', RowKey: 't1' }, { intent: 'tickets/new:t1' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'unknown', status: 409 } });
  });

  it('refuses to send a write based on a Table entity’s weak ETag', async () => {
    const server = azureStorage();
    const tables = client(server);
    await tables.read(ENTITY);
    await expect(tables.save(ENTITY, { PartitionKey: 'p', RowKey: 't1', title: 'Printer fixed' })).rejects.toBeInstanceOf(UnprotectedWriteError);
    expect(server.ifMatch).toEqual([]);
  });
});
