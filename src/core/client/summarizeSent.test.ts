import { describe, expect, it } from 'vitest';
import type { ConflictClient, ConflictClientOptions, FetchLike } from '../conflictClientTypes';
import { createConflictClient } from '../createConflictClient';
import { memoryIntentStorage } from '../intentStorage';
import type { ConflictReader } from '../readers/conflictReader';
import { describeRequest, type SentRequest } from '../readers/describeRequest';
import type { RequestSummary } from '../readers/summarizeRequest';

const API = 'http://api.test/tickets';
const strong = { etag: { weak: false, opaque: 'v1' } };

/**
 * Runs one client call against a server that refuses every write with 409,
 * and answers what the readers were told about the request (the summary the
 * client built) next to what describeRequest makes of the request as it went
 * out: as the SentRequest the client used to hand the classifier, and as the
 * fetch Request on the wire.
 */
async function summaries(call: (client: ConflictClient) => Promise<unknown>, options: ConflictClientOptions = {}) {
  let sent: SentRequest | undefined;
  let wire: Request | undefined;
  const fetch: FetchLike = async (url, init) => {
    const text = typeof init.body === 'string' ? init.body : undefined;
    sent = { method: init.method ?? 'GET', url, headers: init.headers ?? {}, ...(text !== undefined ? { body: JSON.parse(text) as unknown } : {}) };
    wire = new Request(url, init);
    return Response.json({ error: 'conflict' }, { status: 409 });
  };
  let seen: RequestSummary | undefined;
  const spy: ConflictReader = (ctx) => {
    seen = ctx.request;
    return undefined;
  };
  const client = createConflictClient({ fetch, intentStorage: memoryIntentStorage(), readers: [spy], ...options });
  await call(client);
  return { client: seen, described: await describeRequest(sent), wire: await describeRequest(wire) };
}

describe('the request summary the client builds from what it sent', () => {
  const cases: [string, (client: ConflictClient) => Promise<unknown>, ConflictClientOptions?][] = [
    ['a save (PUT with If-Match)', (c) => c.save(`${API}/1`, { title: 'x' }, { validator: strong })],
    ['a PATCH against a base', (c) => c.save(`${API}/1`, { title: 'y', n: 1 }, { method: 'PATCH', base: { title: 'x', n: 1 }, validator: strong })],
    ['an unprotected PUT (no version: a create)', (c) => c.save(`${API}/1`, { title: 'x' }, { unprotected: true })],
    ['a create POST', (c) => c.create(API, { title: 'x' }, { intent: 'tickets/new:1' })],
    ['a create POST with the app’s If-None-Match', (c) => c.create(API, { title: 'x' }, { intent: 'tickets/new:2', headers: { 'If-None-Match': '*' } })],
    ['a create PUT (If-None-Match: *)', (c) => c.create(`${API}/3`, { title: 'x' }, { intent: 'tickets/new:3', method: 'PUT' })],
    ['an idempotent create with the app’s Stripe key', (c) => c.create(API, { title: 'x' }, { intent: 'tickets/new:4', headers: { 'Stripe-Idempotency-Key': 's1' } })],
    ['a transition', (c) => c.transition(`${API}/1/transitions`, { to: 'closed', version: 4 })],
    ['a transition without a body', (c) => c.transition(`${API}/1/close`, undefined)],
    ['a save with versionField _rev (CouchDB)', (c) => c.save(`${API}/1`, { title: 'x' }, { validator: { version: '2-abc' } }), { versionField: '_rev' }],
    ['a save with the body version and no If-Match', (c) => c.save(`${API}/1`, { title: 'x' }, { validator: { version: 7 } }), { versionField: 'version' }],
    ['a save to a URL carrying ?rev=', (c) => c.save(`${API}/1?rev=3-x`, { title: 'x' }, { unprotected: true })],
  ];

  it.each(cases)('equals what describeRequest reads from %s', async (_name, call, options) => {
    const { client, described, wire } = await summaries(call, options);
    expect(client).toBeDefined();
    expect(client).toEqual(described);
    expect(client).toEqual(wire);
  });

  it('knows a bare value it sent, which a SentRequest description could not tell apart from an unreadable body', async () => {
    const { client, described, wire } = await summaries((c) => c.save(`${API}/flag`, true, { unprotected: true }));
    expect(client).toMatchObject({ bodyKnown: true, isCreate: true, isEdit: false });
    expect(described).toMatchObject({ bodyKnown: false, isCreate: false, isEdit: true });
    expect(client).toEqual(wire);
  });
});
