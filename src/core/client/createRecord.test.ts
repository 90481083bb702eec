import { describe, expect, it } from 'vitest';
import type { ConflictClientOptions, FetchLike } from '../conflictClientTypes';
import { createConflictClient } from '../createConflictClient';
import { memoryIntentStorage } from '../intentStorage';
import { couchdbReader } from '../readers/couchdbReader';

const DB = 'http://couch.test/contacts';

type Handler = (request: Request, body: unknown) => Response | Promise<Response>;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A CouchDB-like database: PUT /db/{id} and POST /db answer `{ok, id, rev}` with the rev as ETag and a Location. */
function couchServer(options: { location?: boolean; failReads?: boolean } = {}) {
  const docs = new Map<string, Record<string, unknown>>();
  const requests: { method: string; url: string }[] = [];
  const write = (id: string, body: Record<string, unknown>): Response => {
    if (docs.has(id)) return json({ error: 'conflict', reason: 'Document update conflict.' }, 409);
    const rev = `1-${id}`;
    docs.set(id, { ...body, _id: id, _rev: rev });
    return json({ ok: true, id, rev }, 201, { etag: `"${rev}"`, ...(options.location !== false ? { location: `${DB}/${id}` } : {}) });
  };
  const handler: Handler = (request, body) => {
    const path = new URL(request.url).pathname.split('/').slice(2).join('/');
    if (request.method === 'GET') {
      const doc = docs.get(decodeURIComponent(path));
      if (options.failReads) return json({ error: 'internal' }, 500);
      return doc ? json(doc, 200, { etag: `"${String(doc['_rev'])}"` }) : json({ error: 'not_found' }, 404);
    }
    const sent = body as Record<string, unknown>;
    if (request.method === 'PUT') return write(decodeURIComponent(path), sent);
    return write(typeof sent['_id'] === 'string' ? sent['_id'] : `gen-${docs.size + 1}`, sent);
  };
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    requests.push({ method: request.method, url: request.url });
    return handler(request, text === '' ? undefined : JSON.parse(text));
  };
  return { docs, requests, fetch };
}

function setup(server: ReturnType<typeof couchServer>, options: ConflictClientOptions = {}) {
  const intentStorage = memoryIntentStorage();
  return { client: createConflictClient({ fetch: server.fetch, intentStorage, ...options }), intentStorage };
}

describe('create: reading the record back', () => {
  it('follows the Location of a 201 whose answer is an acknowledgement, so the result is the record with its version', async () => {
    const server = couchServer();
    const { client } = setup(server);
    const result = await client.create<{ name: string; _rev: string }>(`${DB}/c1`, { name: 'Ana' }, { intent: 'contacts/new:c1', method: 'PUT' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`PUT ${DB}/c1`, `GET ${DB}/c1`]);
    expect(result).toMatchObject({ ok: true, read: true, value: { name: 'Ana', _id: 'c1', _rev: '1-c1' }, reply: { ok: true, id: 'c1', rev: '1-c1' } });
    expect(client.registry.get(`${DB}/c1`)).toMatchObject({ base: { name: 'Ana', _rev: '1-c1' }, freshness: 'fresh' });
  });

  it('reads the body version (_rev) of the record read back, so the next save is guarded by it', async () => {
    const server = couchServer();
    const { client } = setup(server, { versionField: '_rev' });
    const result = await client.create(`${DB}`, { _id: 'c2', name: 'Bo' }, { intent: 'contacts/new:c2' });
    expect(result).toMatchObject({ ok: true, read: true, validator: { version: '1-c2' }, location: `${DB}/c2` });
  });

  it('for a PUT without Location, reads the URL it created at', async () => {
    const server = couchServer({ location: false });
    const { client } = setup(server);
    const result = await client.create(`${DB}/c3`, { name: 'Cy' }, { intent: 'c3', method: 'PUT' });
    expect(server.requests.at(-1)).toEqual({ method: 'GET', url: `${DB}/c3` });
    expect(result).toMatchObject({ read: true, value: { _id: 'c3' } });
  });

  it('keeps the answer as it is with readBack: false, typed as the reply', async () => {
    const server = couchServer();
    const { client } = setup(server);
    const result = await client.create(`${DB}/c4`, { name: 'Di' }, { intent: 'c4', method: 'PUT', readBack: false });
    expect(server.requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, read: false, reply: { ok: true, id: 'c4', rev: '1-c4' } });
    expect(result).not.toHaveProperty('value');
  });

  it('reads from the URL a readBack function names, resolved against the request URL', async () => {
    const server = couchServer({ location: false });
    const { client } = setup(server);
    const result = await client.create(DB, { name: 'Ed' }, { intent: 'c5', readBack: (reply) => `contacts/${(reply as { id: string }).id}` });
    expect(server.requests.at(-1)).toEqual({ method: 'GET', url: `${DB}/gen-1` });
    expect(result).toMatchObject({ read: true, value: { name: 'Ed', _id: 'gen-1' } });
  });

  it('reports a create whose read-back fails as created but unread, and completes its intent', async () => {
    const server = couchServer({ failReads: true });
    const { client, intentStorage } = setup(server);
    const result = await client.create(`${DB}/c6`, { name: 'Fa' }, { intent: 'c6', method: 'PUT' });
    expect(result).toMatchObject({ ok: true, read: false, reply: { id: 'c6' } });
    expect(intentStorage.get('c6')).toBeNull();
    expect(server.docs.size).toBe(1);
  });

  it('takes an answer that is the record with its version as it is, without reading back', async () => {
    const fetch: FetchLike = async () => json({ id: 'o1', sku: 'A', version: 1 }, 201, { etag: '"o1"', location: '/orders/o1' });
    const requests: string[] = [];
    const client = createConflictClient({ fetch: (input, init) => (requests.push(input), fetch(input, init)), intentStorage: memoryIntentStorage() });
    const result = await client.create('http://api.test/orders', { sku: 'A' }, { intent: 'o1' });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ read: true, value: { id: 'o1', sku: 'A' } });
  });
});

describe('create: a duplicate whose answer names nothing', () => {
  it('names the URL a PUT tried to create at', async () => {
    const fetch: FetchLike = async () => new Response(null, { status: 412 });
    const client = createConflictClient({ fetch, intentStorage: memoryIntentStorage() });
    const result = await client.create(`${DB}/c1`, { name: 'Ana' }, { intent: 'x', method: 'PUT' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate', existing: `${DB}/c1` } });
  });

  it('names the collection URL with the id a POST sent (CouchDB 409 {"error":"conflict"})', async () => {
    const server = couchServer();
    const { client } = setup(server, { readers: [couchdbReader] });
    await client.create(DB, { _id: 'ana smith', name: 'Ana' }, { intent: 'first' });
    const result = await client.create(`${DB}/`, { _id: 'ana smith', name: 'Ana' }, { intent: 'second' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate', source: 'couchdb', existing: `${DB}/ana%20smith` } });
  });

  it('does not guess where a record lives from the id it sent when the server named the field taken (another record has it)', async () => {
    const fetch: FetchLike = async () => Response.json({ reason: 'duplicate_slug', message: 'Slug "groceries" is taken' }, { status: 409 });
    const client = createConflictClient({ fetch, intentStorage: memoryIntentStorage() });
    const result = await client.create(`${DB}/`, { id: 'c0ffee', slug: 'groceries' }, { intent: 'x' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate', reason: 'duplicate_slug' } });
    expect(result.ok ? undefined : result.conflict.kind === 'duplicate' && result.conflict.existing).toBeUndefined();
  });

  it('keeps what the server named', async () => {
    const fetch: FetchLike = async () => json({ reason: 'duplicate_external_id', existingResourceId: 'orders/7' }, 409);
    const client = createConflictClient({ fetch, intentStorage: memoryIntentStorage() });
    const result = await client.create('http://api.test/orders', { id: 'o9' }, { intent: 'x' });
    expect(result).toMatchObject({ conflict: { existing: 'orders/7' } });
  });
});
