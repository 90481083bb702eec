import { describe, expect, it } from 'vitest';
import { classifyConflict } from '../core/classifyConflict';
import { azureReader } from './index';
import { expectKind, respond, send } from '../../test/support/conflictResponses';

const readers = [azureReader];

describe('azureReader (opted in through classifyConflict readers)', () => {
  it('reads a Table 412 odata.error UpdateConditionNotSatisfied as stale, with the x-ms-request-id', async () => {
    const body =
      '{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"lang":"en-US","value":"The update condition specified in the request was not satisfied.\\nRequestId:6d3b1f5e-0002-0035-1c5a-3f1a8c000000\\nTime:2026-03-01T10:00:00.0000000Z"}}}';
    const conflict = await classifyConflict(
      respond(412, body, {
        'content-type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
        'x-ms-request-id': '6d3b1f5e-0002-0035-1c5a-3f1a8c000000',
      }),
      { readers, request: send('PUT', "https://acct.table.core.windows.net/tickets(PartitionKey='p',RowKey='1')", { 'if-match': 'W/"datetime\'2026-03-01T09%3A00%3A00Z\'"' }) },
    );
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('azure');
    expect(conflict.reason).toBe('UpdateConditionNotSatisfied');
    expect(conflict.requestId).toBe('6d3b1f5e-0002-0035-1c5a-3f1a8c000000');
  });

  it('reads a Table 409 EntityAlreadyExists as a duplicate', async () => {
    const body = '{"odata.error":{"code":"EntityAlreadyExists","message":{"lang":"en-US","value":"The specified entity already exists."}}}';
    const conflict = await classifyConflict(respond(409, body, { 'content-type': 'application/json;odata=nometadata' }), { readers });
    expect(conflict.kind).toBe('duplicate');
    expect(conflict.reason).toBe('EntityAlreadyExists');
  });

  it('reads a Blob XML 409 BlobAlreadyExists with x-ms-error-code as a duplicate of the blob URL', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobAlreadyExists</Code><Message>The specified blob already exists.\nRequestId:1b2c\nTime:2026-03-01T10:00:00.0000000Z</Message></Error>';
    const conflict = await classifyConflict(respond(409, xml, { 'content-type': 'application/xml', 'x-ms-error-code': 'BlobAlreadyExists' }), {
      readers,
      request: send('PUT', 'https://acct.blob.core.windows.net/docs/a.txt', { 'if-none-match': '*' }, 'hello'),
    });
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('https://acct.blob.core.windows.net/docs/a.txt');
  });

  it('reads the XML <Error><Code> when the x-ms-error-code header is missing', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?><Error><Code>ContainerAlreadyExists</Code><Message>The specified container already exists.</Message></Error>';
    const conflict = await classifyConflict(respond(409, xml, { 'content-type': 'application/xml' }), { readers });
    expect(conflict.kind).toBe('duplicate');
    expect(conflict.reason).toBe('ContainerAlreadyExists');
  });

  it('reads a Blob 412 ConditionNotMet after If-Match as stale', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?><Error><Code>ConditionNotMet</Code><Message>The condition specified using HTTP conditional header(s) is not met.</Message></Error>';
    const conflict = await classifyConflict(respond(412, xml, { 'content-type': 'application/xml', 'x-ms-error-code': 'ConditionNotMet' }), {
      readers,
      request: send('PUT', 'https://acct.blob.core.windows.net/docs/a.txt', { 'if-match': '"0x8DC1"' }, 'v2'),
    });
    expect(conflict.kind).toBe('stale');
  });

  it('reads ConditionNotMet answering If-None-Match: * as a duplicate', async () => {
    const conflict = await classifyConflict(respond(412, '', { 'x-ms-error-code': 'ConditionNotMet' }), {
      readers,
      request: send('PUT', 'https://acct.blob.core.windows.net/docs/a.txt', { 'if-none-match': '*' }, 'v1'),
    });
    expect(conflict.kind).toBe('duplicate');
  });

  it('reports other Azure codes on 409 (a lease) as unknown with the code, not as stale', async () => {
    const conflict = await classifyConflict(respond(412, '', { 'x-ms-error-code': 'LeaseIdMissing' }), {
      readers,
      request: send('PUT', 'https://acct.blob.core.windows.net/docs/a.txt', { 'if-match': '"0x1"' }, 'v'),
    });
    expectKind(conflict, 'unknown');
    expect(conflict.reason).toBe('LeaseIdMissing');
  });

  it('leaves BlobNotFound on an edit to the status rules: deleted', async () => {
    const conflict = await classifyConflict(respond(404, '', { 'x-ms-error-code': 'BlobNotFound' }), {
      readers,
      request: send('PUT', 'https://acct.blob.core.windows.net/docs/a.txt', { 'if-match': '"0x1"' }, 'v'),
    });
    expect(conflict.kind).toBe('deleted');
  });
});
