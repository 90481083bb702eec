import { describe, expect, it } from 'vitest';
import { describeRequest, describeRequestSync } from './describeRequest';

const URL = 'https://api.example.com/api/tickets/1';

describe('describeRequest', () => {
  it('reads method, URL, preconditions and the Idempotency-Key from a fetch Request', async () => {
    const summary = await describeRequest(
      new Request(URL, { method: 'delete', headers: { 'if-match': '"v3"', 'idempotency-key': 'k1' } }),
    );
    expect(summary).toMatchObject({ method: 'DELETE', url: URL, ifMatch: '"v3"', idempotencyKey: 'k1', isWrite: true, isEdit: true, isCreate: false });
  });

  it('reads the body version from an unused Request without consuming it', async () => {
    const request = new Request(URL, { method: 'PUT', body: '{"_rev":"2-abc","title":"x"}' });
    const summary = await describeRequest(request);
    expect(summary.sentVersion).toBe('2-abc');
    expect(summary.isEdit).toBe(true);
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe('{"_rev":"2-abc","title":"x"}');
  });

  it('treats a PUT whose readable body has no version and no If-Match as a create', async () => {
    const summary = await describeRequest(new Request(URL, { method: 'PUT', body: '{"title":"x"}' }));
    expect(summary).toMatchObject({ bodyKnown: true, isCreate: true, isEdit: false });
  });

  it('treats a PUT whose body was already used as an edit, not a create', async () => {
    const request = new Request(URL, { method: 'PUT', body: '{"title":"x"}' });
    await request.text();
    const summary = await describeRequest(request);
    expect(summary).toMatchObject({ bodyKnown: false, isCreate: false, isEdit: true });
  });

  it('treats If-None-Match: * as a create and a POST carrying a version as an edit', async () => {
    expect((await describeRequest(new Request(URL, { method: 'PUT', headers: { 'if-none-match': '*' } }))).isCreate).toBe(true);
    const transition = await describeRequest({ method: 'POST', url: '/api/orders/1/transitions', body: { to: 'shipped', version: 4 } });
    expect(transition).toMatchObject({ sentVersion: 4, isCreate: false, isEdit: true });
  });

  it('reads CouchDB ?rev= as the sent version', () => {
    expect(describeRequestSync({ method: 'DELETE', url: 'http://localhost:5984/db/doc?rev=3-x' }).sentVersion).toBe('3-x');
  });

  it('reads a GET as neither a write, a create nor an edit', async () => {
    expect(await describeRequest(new Request(URL))).toMatchObject({ method: 'GET', isWrite: false, isCreate: false, isEdit: false });
  });

  it('never throws on missing or malformed descriptions', async () => {
    expect(await describeRequest(undefined)).toEqual({ bodyKnown: false, isWrite: false, isCreate: false, isEdit: false });
    const bad = { method: 42, url: {}, headers: [['bad header', 'x']], body: Symbol('x') } as unknown as Request;
    await expect(describeRequest(bad)).resolves.toMatchObject({ isWrite: false });
    expect(describeRequestSync({ method: 'PUT', headers: { 'if-match': '"1"' }, body: '{not json' })).toMatchObject({ ifMatch: '"1"', isEdit: true });
  });
});
