import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../demo/server/createApp';
import type { DemoStore } from '../../demo/server/demoStore';
import { memoryStore } from '../../demo/server/memoryStore';
import { sqliteStore } from '../../demo/server/sqliteStore';
import { HOSTILE_STRINGS } from './hostileResponses';

/** `{{etag}}` in a header value becomes the target record's current ETag, so valid writes happen too. */
const CURRENT_ETAG = '{{etag}}';
const CURRENT_VERSION = -424242;

const ids = fc.constantFrom('T-1001', 'T-1002', 'T-1004', 'D-1001', 'O-1001', 'O-1002', 'O-1003', 'T-9999', 'x', '', '..', '%00', '%E0%A4%A', 'T-1001%2F..', '__proto__');
const collections = fc.constantFrom('tickets', 'documents', 'orders');
const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 100_000)), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));

const path = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(collections, ids).map(([c, id]) => `/api/${c}/${id}`) },
  { weight: 3, arbitrary: collections.map((c) => `/api/${c}`) },
  { weight: 3, arbitrary: ids.map((id) => `/api/orders/${id}/transitions`) },
  { weight: 1, arbitrary: fc.constantFrom('/', '/api', '/api/', '/api/events?x=1', '/api/tickets?limit=-1', '/api/tickets/T-1001/', '/api/tickets//T-1001', '/api/unknown', '/%2e%2e/%2e%2e/etc/passwd') },
  { weight: 1, arbitrary: fc.constantFrom('/api/tickets?limit=2&after=T-1002', '/api/orders?after=O-1001&limit=1', '/api/documents?limit=300', '/api/tickets?after=__proto__', '/api/orders?limit=1e3') },
  { weight: 1, arbitrary: fc.webPath() },
  // A lone surrogate cannot be percent-encoded (URIError): the client would never send one.
  { weight: 1, arbitrary: hostile.map((h) => `/api/tickets/${encodeURIComponent(h.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).slice(0, 3000)}`) },
);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH', 'POST') },
  { weight: 2, arbitrary: fc.constantFrom('DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'MKCOL', 'LOCK', 'FOO', 'get', 'pAtCh') },
);

const ticketish = fc.record(
  {
    title: fc.oneof(fc.constant('A title'), hostile, fc.integer()),
    status: fc.oneof(fc.constantFrom('open', 'in_progress', 'resolved', 'closed'), hostile),
    assignee: fc.oneof(fc.constant(null), fc.constant('li.wei'), hostile, fc.object()),
    description: fc.oneof(fc.constant('text\nmore'), hostile),
    content: fc.oneof(fc.constant('doc'), hostile),
    version: fc.oneof(fc.constant(CURRENT_VERSION), fc.integer({ min: -2, max: 9 }), fc.constantFrom('3', 2.5, 1e308, null)),
    id: fc.oneof(ids, hostile),
    externalId: fc.oneof(fc.constantFrom('fuzz-1', 'fuzz-2', 'fuzz-3'), hostile),
    items: fc.oneof(
      fc.constant([{ sku: 'A-1', quantity: 1 }]),
      fc.array(fc.record({ sku: fc.oneof(fc.constant('B-2'), hostile), quantity: fc.oneof(fc.integer({ min: -1, max: 1000 }), fc.double()) }), { maxLength: 3 }),
      hostile,
    ),
    to: fc.oneof(fc.constantFrom('paid', 'fulfilling', 'shipped', 'cancelled', 'placed'), hostile),
    updatedBy: hostile,
    priority: hostile,
    __proto__: fc.constant({ admin: true }),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  { weight: 6, arbitrary: ticketish.map((value) => JSON.stringify(value)) },
  // JSON.stringify drops a __proto__ own member; write one by hand.
  { weight: 1, arbitrary: fc.constant('{"title":"a","status":"open","description":"","__proto__":{"polluted":true}}') },
  { weight: 1, arbitrary: ticketish.map((value) => JSON.stringify(value).slice(0, -3)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"x"', '{', '{"a":}', '{"title":"a"} trailing', `${'['.repeat(50_000)}${']'.repeat(50_000)}`) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom(300_000, 2_200_000).map((n) => JSON.stringify({ title: 'big', status: 'open', description: 'x'.repeat(n), content: 'y'.repeat(n) })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const wire = (s: string): string => Array.from(new TextEncoder().encode(s.slice(0, 5000)), (b) => String.fromCharCode(b)).join('');

const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/merge-patch+json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/json-patch+json', 'multipart/form-data; boundary=x', ''),
    'if-match': fc.oneof(fc.constant(CURRENT_ETAG), fc.constantFrom('"T-1001:3"', 'W/"T-1001:3"', '*', '"a", "b"', 'T-1001:3', '"unterminated', '""'), hostile.map(wire)),
    'if-none-match': fc.oneof(fc.constant(CURRENT_ETAG), fc.constantFrom('*', 'W/"x"', 'garbage', '"a",,'), hostile.map(wire)),
    'if-unmodified-since': fc.constantFrom('Wed, 21 Oct 2015 07:28:00 GMT', 'yesterday', ''),
    'if-modified-since': fc.constantFrom('Wed, 21 Oct 2099 07:28:00 GMT', '0'),
    'idempotency-key': fc.oneof(fc.constantFrom('"k-1"', '"k-2"', 'k-3', '""', '"a", "b"', `"${'k'.repeat(300)}"`, ':Ynl0ZXM=:'), hostile.map(wire)),
    'x-actor': fc.oneof(fc.constantFrom('ana', 'b'.repeat(65), ' ', ''), hostile.map(wire)),
    'x-request-id': hostile.map(wire),
    'x-fault': fc.constantFrom('drop-response-after-commit', 'explode'),
    'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
    range: fc.constantFrom('bytes=0-10', 'bytes=-1'),
    accept: fc.constantFrom('application/xml', '*/*', 'text/html'),
    'x-http-method-override': fc.constantFrom('DELETE', 'PUT'),
    'last-event-id': fc.oneof(fc.constantFrom('0', '3', '999999999', '-1', '1e9', ''), hostile.map(wire)),
  },
  { requiredKeys: [] },
);

interface GeneratedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Partial<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
}

/** A valid write with at most one field or header made hostile: reaches the deeper checks and the store. */
const nearlyValid: fc.Arbitrary<GeneratedRequest> = fc
  .tuple(
    fc.constantFrom('ticket-put', 'ticket-patch', 'doc-patch', 'order-post', 'ticket-post', 'transition'),
    fc.option(fc.tuple(fc.constantFrom('title', 'status', 'assignee', 'description', 'content', 'externalId', 'to', 'version', 'extra'), hostile), { freq: 3 }),
    fc.option(fc.tuple(fc.constantFrom('if-match', 'idempotency-key', 'x-actor', 'content-type'), hostile.map(wire)), { freq: 4 }),
    fc.nat(9),
    fc.constantFrom('fresh', 'fresh', 'fresh', 'stale', 'none', 'body-version'),
  )
  .map(([kind, badField, badHeader, n, precondition]) => {
    const ticket: Record<string, unknown> = { title: `Fuzzed ${n}`, status: 'open', assignee: null, description: 'a\nb' };
    const spec: Record<string, { method: string; path: string; body: Record<string, unknown>; headers: Record<string, string> }> = {
      'ticket-put': { method: 'PUT', path: `/api/tickets/T-100${1 + (n % 4)}`, body: ticket, headers: { 'if-match': CURRENT_ETAG } },
      'ticket-patch': { method: 'PATCH', path: `/api/tickets/T-100${1 + (n % 4)}`, body: { title: `Patched ${n}` }, headers: { 'if-match': CURRENT_ETAG, 'content-type': 'application/merge-patch+json' } },
      'doc-patch': { method: 'PATCH', path: '/api/documents/D-1001', body: { content: `doc ${n}` }, headers: { 'if-match': CURRENT_ETAG } },
      'order-post': { method: 'POST', path: '/api/orders', body: { externalId: `fuzz-${n}`, items: [{ sku: 'A-1', quantity: 1 + n }] }, headers: { 'idempotency-key': `"fuzz-${n}"` } },
      'ticket-post': { method: 'POST', path: '/api/tickets', body: { title: `New ${n}` }, headers: { 'idempotency-key': `"t-${n}"` } },
      transition: { method: 'POST', path: `/api/orders/O-100${1 + (n % 3)}/transitions`, body: { to: ['paid', 'fulfilling', 'shipped', 'cancelled'][n % 4] }, headers: {} },
    };
    const chosen = spec[kind] ?? spec['ticket-put']!;
    const payload = { ...chosen.body };
    if (badField) payload[badField[0]] = badField[1];
    const hdrs: Record<string, string> = { 'content-type': 'application/json', 'x-actor': 'fuzzer', ...chosen.headers };
    if (hdrs['if-match'] !== undefined && precondition !== 'fresh') {
      delete hdrs['if-match'];
      if (precondition === 'stale') hdrs['if-match'] = chosen.path.includes('/documents/') ? '"D-1001:1"' : '"T-1001:1"';
      if (precondition === 'body-version') payload.version = CURRENT_VERSION;
    }
    if (badHeader) hdrs[badHeader[0]] = badHeader[1];
    return { method: chosen.method, path: chosen.path, headers: hdrs, body: JSON.stringify(payload) };
  });

const request: fc.Arbitrary<GeneratedRequest> = fc.oneof({ weight: 3, arbitrary: fc.record({ method, path, headers, body }) }, { weight: 2, arbitrary: nearlyValid });

async function snapshot(store: DemoStore): Promise<string> {
  return JSON.stringify([await store.tickets.list(), await store.documents.list(), await store.orders.list()]);
}

/** The current ETag of the record a path names, to fill `{{etag}}`. */
async function currentOf(store: DemoStore, path: string): Promise<{ etag: string; version: number } | undefined> {
  const match = /^\/api\/(tickets|documents|orders)\/([^/]+)/.exec(path);
  if (!match) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(match[2] ?? '');
  } catch {
    return undefined;
  }
  const record = await (match[1] === 'tickets' ? store.tickets : match[1] === 'documents' ? store.documents : store.orders).get(id).catch(() => undefined);
  return record ? { etag: `"${record.id}:${record.version}"`, version: record.version } : undefined;
}

function build(generated: GeneratedRequest, current: { etag: string; version: number } | undefined): Request | undefined {
  const headers = new Headers();
  for (const [name, value] of Object.entries(generated.headers)) {
    if (value === undefined) continue;
    try {
      headers.set(name, value.replace(CURRENT_ETAG, current?.etag ?? '"none"'));
    } catch {
      // Not sendable over HTTP at all.
    }
  }
  let payload = generated.body;
  if (typeof payload === 'string' && current) payload = payload.replace(String(CURRENT_VERSION), String(current.version));
  const bodyAllowed = !['GET', 'HEAD'].includes(generated.method.toUpperCase());
  try {
    return new Request(`http://fuzz.invalid${generated.path}`, {
      method: generated.method,
      headers,
      ...(bodyAllowed && payload !== undefined ? { body: typeof payload === 'string' ? payload : new Uint8Array(payload) } : {}),
    });
  } catch {
    // A method or URL fetch itself refuses (CONNECT, a bad URL) never reaches a server through fetch.
    return undefined;
  }
}

describe.each([
  ['memory store', (): DemoStore => memoryStore()],
  ['SQLite :memory:', (): DemoStore => sqliteStore({ path: ':memory:' })],
] as const)('the reference server under 2,000 generated hostile requests (%s)', (_name, makeStore) => {
  const store = makeStore();
  const app = createApp({ store, faults: true, allowedHosts: ['fuzz.invalid'] });
  const errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const statuses: Record<number, number> = {};
  let sent = 0;

  beforeAll(() => errorLog.mockClear());
  afterAll(async () => {
    errorLog.mockRestore();
    await store.close();
  });

  it('answers every request with a problem+json 4xx or a valid 2xx/3xx, never a 5xx, and a refused request changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const req = build(generated, await currentOf(store, generated.path));
        if (!req) return;
        sent++;
        const before = await snapshot(store);
        let response: Response;
        try {
          response = await app.fetch(req);
        } catch (error) {
          // The only thing allowed to escape is the injected drop of a successful response.
          expect((error as Error).name).toBe('ResponseDroppedError');
          return;
        }
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        expect(response.status, `${req.method} ${generated.path}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type') ?? '', `${req.method} ${generated.path} → ${response.status}`).toMatch(/^application\/problem\+json/);
          // A HEAD answer carries the headers of the problem but no body.
          if (req.method !== 'HEAD') {
            const problem = (await response.json()) as Record<string, unknown>;
            expect(problem.status).toBe(response.status);
          }
          expect(await snapshot(store), `${req.method} ${generated.path} → ${response.status} wrote something`).toBe(before);
        } else if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
          // The change feed never ends by itself.
          await response.body?.cancel();
        } else {
          await response.arrayBuffer();
        }
        expect(errorLog).not.toHaveBeenCalled();
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).admin).toBeUndefined();
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2_200), seed: 424242, endOnFailure: true },
    );
    console.log(`${_name}: ${sent} requests, statuses ${JSON.stringify(statuses)}`);
    expect(sent).toBeGreaterThanOrEqual(2_000);
    // Both sides were exercised: refusals and real writes.
    const count = (lo: number, hi: number): number => Object.entries(statuses).filter(([s]) => Number(s) >= lo && Number(s) < hi).reduce((a, [, n]) => a + n, 0);
    expect(count(200, 300)).toBeGreaterThan(50);
    expect(count(400, 500)).toBeGreaterThan(1_000);
    for (const status of [400, 404, 405, 412, 413, 415, 422, 428]) expect(statuses[status] ?? 0, `status ${status}`).toBeGreaterThan(0);
  }, 300_000);
});
