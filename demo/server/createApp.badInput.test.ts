import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spyOnErrorLog, testApp, type TestApp } from './testRequests';

/** One hostile or broken request and the 4xx it must get. */
interface BadCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** Expected members of the problem body. */
  readonly expect?: Record<string, unknown>;
}

const json = (value: unknown): string => JSON.stringify(value);
/** `{"<field>":{"a":{"a":…}}}`, 5,000 objects deep. */
const deepPatch = (field: string): string => `{"${field}":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_001)}`;
const ticket = { title: 'T', status: 'open', assignee: null, description: '' };
const order = { externalId: 'shop-1', items: [{ sku: 'A', quantity: 1 }] };
const put = { 'Content-Type': 'application/json', 'If-Match': '"T-1001:3"' };
const post = { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' };

const cases: readonly BadCase[] = [
  // Body framing
  { name: 'invalid JSON', method: 'PUT', path: '/api/tickets/T-1001', body: '{"title": ', headers: put, status: 400, expect: { reason: 'invalid_json' } },
  { name: 'trailing garbage after JSON', method: 'POST', path: '/api/tickets', body: '{"title":"a"} x', headers: post, status: 400 },
  { name: 'empty body', method: 'POST', path: '/api/orders', body: '', headers: post, status: 400, expect: { reason: 'invalid_json' } },
  { name: 'bytes that are not UTF-8', method: 'POST', path: '/api/tickets', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: post, status: 400 },
  { name: 'text/plain body', method: 'PUT', path: '/api/tickets/T-1001', body: json(ticket), headers: { ...put, 'Content-Type': 'text/plain' }, status: 415 },
  { name: 'form body', method: 'POST', path: '/api/orders', body: 'externalId=x', headers: { ...post, 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415 },
  { name: 'JSON in another charset', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { ...post, 'Content-Type': 'application/json; charset=latin1' }, status: 415 },
  { name: 'no Content-Type', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { 'Idempotency-Key': 'k' }, status: 415 },
  { name: 'gzip-encoded body', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { ...post, 'Content-Encoding': 'gzip' }, status: 415 },
  { name: 'ticket body over 256 KiB', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, description: 'x'.repeat(300_000) }), headers: put, status: 413 },
  { name: 'order body over 256 KiB', method: 'POST', path: '/api/orders', body: json({ ...order, pad: 'x'.repeat(270_000) }), headers: post, status: 413 },
  { name: 'document body over 2 MiB', method: 'PUT', path: '/api/documents/D-1001', body: json({ title: 'a', content: 'x'.repeat(2_200_000) }), headers: { ...put, 'If-Match': '"D-1001:1"' }, status: 413 },
  { name: 'Content-Length claiming too much', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { ...post, 'Content-Length': '999999999' }, status: 413 },
  { name: 'deeply nested JSON', method: 'POST', path: '/api/tickets', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers: post, status: 422, expect: { title: 'Nested too deeply' } },
  // 30 KB nested 5,000 levels: the recursive merge-patch apply overflowed the stack (500).
  { name: 'a merge patch nested 5,000 levels deep', method: 'PATCH', path: '/api/tickets/T-1001', body: deepPatch('title'), headers: put, status: 422, expect: { title: 'Nested too deeply', maxDepth: 64 } },
  { name: 'a document patch nested 5,000 levels deep', method: 'PATCH', path: '/api/documents/D-1001', body: deepPatch('content'), headers: { ...put, 'If-Match': '"D-1001:1"' }, status: 422, expect: { title: 'Nested too deeply' } },
  { name: 'an order nested 5,000 levels deep', method: 'POST', path: '/api/orders', body: deepPatch('externalId'), headers: post, status: 422, expect: { title: 'Nested too deeply' } },

  // Shapes and fields
  { name: 'a JSON string as body', method: 'PUT', path: '/api/tickets/T-1001', body: '"hello"', headers: put, status: 422, expect: { field: '' } },
  { name: 'null as body', method: 'POST', path: '/api/orders', body: 'null', headers: post, status: 422 },
  { name: 'an unknown field', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, priority: 'high' }), headers: put, status: 422, expect: { field: 'priority' } },
  { name: 'a __proto__ member', method: 'POST', path: '/api/tickets', body: '{"title":"a","__proto__":{"admin":true}}', headers: post, status: 422, expect: { field: '__proto__' } },
  { name: 'a missing field', method: 'PUT', path: '/api/tickets/T-1001', body: json({ title: 'a', status: 'open' }), headers: put, status: 422, expect: { field: 'description' } },
  { name: 'a number as title', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, title: 42 }), headers: put, status: 422, expect: { field: 'title' } },
  { name: 'an empty title', method: 'POST', path: '/api/tickets', body: json({ title: '' }), headers: post, status: 422, expect: { field: 'title' } },
  { name: 'a title with a line break', method: 'POST', path: '/api/tickets', body: json({ title: 'a\nb' }), headers: post, status: 422, expect: { field: 'title' } },
  { name: 'a title of 201 characters', method: 'POST', path: '/api/tickets', body: json({ title: 'x'.repeat(201) }), headers: post, status: 422, expect: { field: 'title' } },
  { name: 'a lone surrogate', method: 'POST', path: '/api/tickets', body: '{"title":"a\\ud800b"}', headers: post, status: 422, expect: { field: 'title' } },
  { name: 'a NUL in a description', method: 'POST', path: '/api/tickets', body: '{"title":"a","description":"x\\u0000y"}', headers: post, status: 422, expect: { field: 'description' } },
  { name: 'an unknown status', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, status: 'done' }), headers: put, status: 422, expect: { field: 'status' } },
  { name: 'an assignee that is an object', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, assignee: { name: 'a' } }), headers: put, status: 422, expect: { field: 'assignee' } },
  { name: 'a string version', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, version: '3' }), headers: put, status: 422, expect: { field: 'version' } },
  { name: 'a fractional version', method: 'PATCH', path: '/api/tickets/T-1001', body: json({ version: 2.5 }), headers: put, status: 422, expect: { field: 'version' } },
  { name: 'an unknown field in a patch', method: 'PATCH', path: '/api/tickets/T-1001', body: json({ colour: 'red' }), headers: put, status: 422, expect: { field: 'colour' } },
  { name: 'a wrong type in a patch', method: 'PATCH', path: '/api/documents/D-1001', body: json({ content: ['a'] }), headers: { ...put, 'If-Match': '"D-1001:1"' }, status: 422, expect: { field: 'content' } },
  { name: 'an order without items', method: 'POST', path: '/api/orders', body: json({ externalId: 'x' }), headers: post, status: 422, expect: { field: 'items' } },
  { name: 'an order with no items', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: [] }), headers: post, status: 422, expect: { field: 'items' } },
  { name: 'an order with 101 items', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: Array.from({ length: 101 }, () => ({ sku: 'A', quantity: 1 })) }), headers: post, status: 422, expect: { field: 'items' } },
  { name: 'a zero quantity', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: [{ sku: 'A', quantity: 0 }] }), headers: post, status: 422, expect: { field: 'items[0].quantity' } },
  { name: 'a fractional quantity', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1.5 }] }), headers: post, status: 422, expect: { field: 'items[1].quantity' } },
  { name: 'an unknown item field', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: [{ sku: 'A', quantity: 1, discount: 5 }] }), headers: post, status: 422, expect: { field: 'items[0].discount' } },
  { name: 'a sku with spaces', method: 'POST', path: '/api/orders', body: json({ externalId: 'x', items: [{ sku: 'A B', quantity: 1 }] }), headers: post, status: 422, expect: { field: 'items[0].sku' } },
  { name: 'an externalId with spaces', method: 'POST', path: '/api/orders', body: json({ ...order, externalId: 'shop 1' }), headers: post, status: 422, expect: { field: 'externalId' } },
  { name: 'an order that sets its own state', method: 'POST', path: '/api/orders', body: json({ ...order, state: 'shipped' }), headers: post, status: 422, expect: { field: 'state' } },
  { name: 'an unknown transition', method: 'POST', path: '/api/orders/O-1001/transitions', body: json({ to: 'refunded' }), headers: { 'Content-Type': 'application/json' }, status: 422, expect: { field: 'to' } },
  { name: 'a transition without "to"', method: 'POST', path: '/api/orders/O-1001/transitions', body: json({ state: 'paid' }), headers: { 'Content-Type': 'application/json' }, status: 422 },

  // Headers
  { name: 'a malformed If-Match', method: 'PUT', path: '/api/tickets/T-1001', body: json(ticket), headers: { ...put, 'If-Match': 'T-1001:3' }, status: 400, expect: { field: 'If-Match' } },
  { name: 'an unterminated If-Match', method: 'PATCH', path: '/api/tickets/T-1001', body: json({ title: 'a' }), headers: { ...put, 'If-Match': '"T-1001:3' }, status: 400 },
  { name: 'a malformed If-None-Match on GET', method: 'GET', path: '/api/tickets/T-1001', headers: { 'If-None-Match': 'abc' }, status: 400 },
  { name: 'an Idempotency-Key list', method: 'POST', path: '/api/orders', body: json(order), headers: { ...post, 'Idempotency-Key': '"a", "b"' }, status: 400, expect: { reason: 'idempotency_key_malformed' } },
  { name: 'an over-long Idempotency-Key', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { ...post, 'Idempotency-Key': 'k'.repeat(300) }, status: 400 },
  { name: 'an empty Idempotency-Key', method: 'POST', path: '/api/orders', body: json(order), headers: { ...post, 'Idempotency-Key': '""' }, status: 400 },
  { name: 'an X-Actor of 65 characters', method: 'POST', path: '/api/tickets', body: json({ title: 'a' }), headers: { ...post, 'X-Actor': 'a'.repeat(65) }, status: 400 },
  { name: 'a stale If-Match on a bad body', method: 'PUT', path: '/api/tickets/T-1001', body: json({ ...ticket, title: '' }), headers: { ...put, 'If-Match': '"T-1001:1"' }, status: 422 },
];

let t: TestApp;
let errorLog: ReturnType<typeof spyOnErrorLog>;
beforeEach(() => {
  t = testApp();
  errorLog = spyOnErrorLog();
});
afterEach(() => errorLog.mockRestore());

describe('bad input gets a clear 4xx problem, never a 500, never a write', () => {
  it.each(cases)('$name → $status', async (c) => {
    const before = await t.snapshot();
    const init: RequestInit = { method: c.method, headers: c.headers ?? {} };
    if (c.body !== undefined) init.body = c.body as BodyInit;
    const res = await t.app.request(c.path, init);
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: c.status, title: expect.any(String), detail: expect.any(String) });
    expect(String(body.detail).length).toBeGreaterThan(10);
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    if (c.expect) expect(body).toMatchObject(c.expect);
    expect(await t.snapshot()).toEqual(before);
    expect(t.published).toEqual([]);
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('names every offending field in errors[] and the detail', async () => {
    const res = await t.send('PUT', '/api/tickets/T-1001', { title: 1, status: 'x', extra: true }, { 'If-Match': '"T-1001:3"' });
    const body = (await res.json()) as { errors: { field: string }[]; detail: string };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['description', 'extra', 'status', 'title']);
    expect(body.detail).toContain('extra is not a known field');
  });

  it('answers a store failure with a problem+json 500 from the last-resort handler', async () => {
    const broken = testApp();
    broken.store.tickets.get = () => Promise.reject(new Error('disk on fire'));
    const res = await broken.app.request('/api/tickets/T-1001');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ reason: 'internal_error', requestId: res.headers.get('x-request-id') });
    expect(errorLog).toHaveBeenCalledTimes(1);
  });
});
