import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ConflictKind } from './conflict';
import { classifyConflict, isConflictResponse } from './classifyConflict';
import type { ConflictReader } from './readers/conflictReader';
import { couchdbReader } from './readers/couchdbReader';
import { kubernetesReader } from './readers/kubernetesReader';
import { expectKind, respond, send } from '../../test/support/conflictResponses';

const JSON_TYPE = { 'content-type': 'application/json' };
const PROBLEM_TYPE = { 'content-type': 'application/problem+json' };

const KINDS: readonly ConflictKind[] = [
  'stale',
  'duplicate',
  'transition',
  'precondition-required',
  'idempotency-in-flight',
  'idempotency-mismatch',
  'deleted',
  'unknown',
];

describe('classifyConflict: flat JSON bodies with a reason', () => {
  it('reads the documented duplicate_external_id body as a duplicate pointing at the existing order', async () => {
    const body =
      '{"requestId":"req_create_8bf1","status":409,"reason":"duplicate_external_id","externalId":"order-88421","existingResourceId":"orders/2026-88421","idempotencyKey":"idem_4f901d"}';
    const request = send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': 'idem_4f901d' }, '{"externalId":"order-88421"}');
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE), { request });
    expect(conflict).toEqual({
      kind: 'duplicate',
      status: 409,
      source: 'json',
      reason: 'duplicate_external_id',
      existing: 'orders/2026-88421',
      requestId: 'req_create_8bf1',
      method: 'POST',
      url: 'https://api.example.com/api/orders',
    });
  });

  it('reads version_mismatch as stale with the current record, both versions and the ETag header', async () => {
    const body = JSON.stringify({
      reason: 'version_mismatch',
      currentVersion: 8,
      attemptedVersion: 7,
      current: { id: 't1', title: 'Printer on fire', version: 8 },
      requestId: 'req_9',
    });
    const conflict = await classifyConflict(respond(409, body, { ...JSON_TYPE, etag: '"v8"' }), {
      request: send('PUT', 'https://api.example.com/api/tickets/t1', { 'if-match': '"v7"' }),
    });
    expectKind(conflict, 'stale');
    expect(conflict.currentVersion).toBe(8);
    expect(conflict.attemptedVersion).toBe(7);
    expect(conflict.current).toEqual({ id: 't1', title: 'Printer on fire', version: 8 });
    expect(conflict.currentETag).toEqual({ weak: false, opaque: 'v8' });
    expect(conflict.requestId).toBe('req_9');
  });

  it('reads invalid_transition with the current state and the transitions still allowed', async () => {
    const body = JSON.stringify({
      reason: 'invalid_transition',
      currentState: 'fulfilling',
      allowedTransitions: ['ship', 'hold'],
      attemptedTransition: 'cancel',
      request_id: 'req_t',
    });
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE), {
      request: send('POST', 'https://api.example.com/api/orders/o1/transitions', {}, '{"to":"cancelled","version":3}'),
    });
    expectKind(conflict, 'transition');
    expect(conflict.currentState).toBe('fulfilling');
    expect(conflict.allowedTransitions).toEqual(['ship', 'hold']);
    expect(conflict.attemptedTransition).toBe('cancel');
    expect(conflict.requestId).toBe('req_t');
  });

  it('reads idempotency_key_in_use as in flight with Retry-After seconds', async () => {
    const conflict = await classifyConflict(
      respond(409, '{"code":"idempotency_key_in_use"}', { ...JSON_TYPE, 'retry-after': '3' }),
      { request: send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': 'k1' }) },
    );
    expectKind(conflict, 'idempotency-in-flight');
    expect(conflict.retryAfter).toBe(3);
  });

  it('turns a Retry-After HTTP-date into seconds from the injected clock', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const conflict = await classifyConflict(
      respond(409, '{"reason":"idempotency_key_in_use"}', { ...JSON_TYPE, 'retry-after': 'Sun, 01 Mar 2026 10:00:30 GMT' }),
      { now: () => now },
    );
    expectKind(conflict, 'idempotency-in-flight');
    expect(conflict.retryAfter).toBe(30);
  });

  it('reads idempotency_key_reused as a mismatch', async () => {
    const conflict = await classifyConflict(respond(422, '{"reason":"idempotency_key_reused"}', JSON_TYPE));
    expect(conflict.kind).toBe('idempotency-mismatch');
    expect(conflict.reason).toBe('idempotency_key_reused');
  });

  it('reads what a reused key already created, so the app can lead to it', async () => {
    const body = '{"reason":"idempotency_key_reused","existing":"/api/orders/O-1005","current":{"id":"O-1005"}}';
    const conflict = await classifyConflict(respond(422, body, JSON_TYPE));
    expectKind(conflict, 'idempotency-mismatch');
    expect(conflict).toMatchObject({ existing: '/api/orders/O-1005', current: { id: 'O-1005' } });
  });

  it('reads a duplicate whose existing resource is given as a URL in `existing`', async () => {
    const conflict = await classifyConflict(
      respond(409, '{"code":"duplicate_external_id","existing":"https://api.example.com/api/orders/o7"}', JSON_TYPE),
    );
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('https://api.example.com/api/orders/o7');
  });

  it('points a duplicate at the URL in `existing` when the body also names the id (the reference server sends both)', async () => {
    const conflict = await classifyConflict(
      respond(409, '{"reason":"duplicate_external_id","existingResourceId":"O-1007","existing":"/api/orders/O-1007"}', JSON_TYPE),
    );
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('/api/orders/O-1007');
  });

  it('reads a reason nested under `error` with a message as the detail', async () => {
    const conflict = await classifyConflict(
      respond(409, '{"error":{"code":"version_mismatch","message":"Ticket changed","currentVersion":"v9"}}', JSON_TYPE),
    );
    expectKind(conflict, 'stale');
    expect(conflict.currentVersion).toBe('v9');
  });

  it('reads JSON sent with a wrong content type', async () => {
    const conflict = await classifyConflict(respond(409, '{"reason":"version_mismatch"}', { 'content-type': 'text/html' }));
    expect(conflict.kind).toBe('stale');
  });
});

describe('classifyConflict: problem+json (RFC 9457)', () => {
  it('identifies the conflict by the last segment of the type URI and keeps title, detail and type', async () => {
    const body = JSON.stringify({
      type: 'https://conflict-kit.dev/problems/version-mismatch',
      title: 'The record changed',
      status: 409,
      detail: 'Someone saved "Printer" first.',
      currentVersion: '4',
      current: { title: 'Printer' },
    });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE));
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('problem+json');
    expect(conflict.reason).toBe('version_mismatch');
    expect(conflict.title).toBe('The record changed');
    expect(conflict.detail).toBe('Someone saved "Printer" first.');
    expect(conflict.type).toBe('https://conflict-kit.dev/problems/version-mismatch');
    expect(conflict.currentVersion).toBe('4');
    expect(conflict.current).toEqual({ title: 'Printer' });
  });

  it('prefers an extension reason member over the type URI', async () => {
    const body = JSON.stringify({ type: 'https://example.com/probs/conflict', title: 'Conflict', reason: 'invalid_transition', currentState: 'shipped' });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE));
    expectKind(conflict, 'transition');
    expect(conflict.currentState).toBe('shipped');
    expect(conflict.allowedTransitions).toEqual([]);
  });

  it("keeps the server's own reason for support when the type URI classified it (support matches its logs by it)", async () => {
    const body = JSON.stringify({ type: 'https://notes.example/problems/duplicate', title: 'A note with this title exists', reason: 'duplicate_title', existing: '/notes/7' });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE));
    expectKind(conflict, 'duplicate');
    expect(conflict.reason).toBe('duplicate_title');
    expect(conflict.existing).toBe('/notes/7');
  });

  it("keeps the server's code when the status classified the conflict", async () => {
    const conflict = await classifyConflict(respond(410, '{"code":"note_archived","message":"Archived by Ana"}', JSON_TYPE), {
      request: send('PUT', 'https://api.example.com/notes/7', { 'if-match': '"r4"' }, '{"title":"x"}'),
    });
    expectKind(conflict, 'deleted');
    expect(conflict.reason).toBe('note_archived');
  });

  it('never classifies from the detail text', async () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'Conflict', detail: 'version_mismatch: duplicate_external_id already exists' });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE));
    expectKind(conflict, 'unknown');
    expect(conflict.detail).toBe('version_mismatch: duplicate_external_id already exists');
  });

  it('falls back to the status rules for about:blank problems: 412 after If-Match is stale', async () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'Precondition Failed', status: 412 });
    const conflict = await classifyConflict(respond(412, body, { ...PROBLEM_TYPE, etag: '"r5"' }), {
      request: send('PATCH', 'https://api.example.com/api/tickets/1', { 'if-match': '"r4"' }),
    });
    expectKind(conflict, 'stale');
    expect(conflict.currentETag).toEqual({ weak: false, opaque: 'r5' });
    expect(conflict.title).toBe('Precondition Failed');
  });

  it('reads the IETF idempotency problem (409, key sent) as in flight', async () => {
    const body = JSON.stringify({
      type: 'https://developer.example.com/idempotency',
      title: 'A request is outstanding for this Idempotency-Key',
      detail: 'A request with the same Idempotency-Key for the same operation is being processed or is outstanding.',
    });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE), {
      request: send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': '8e03978e-40d5-43e8-bc93-6894a57f9324' }),
    });
    expect(conflict.kind).toBe('idempotency-in-flight');
    expect(conflict.source).toBe('idempotency-key');
  });
});

describe('classifyConflict: CouchDB / PouchDB', () => {
  const couchConflict = '{"error":"conflict","reason":"Document update conflict."}\n';
  const couchHeaders = { 'content-type': 'application/json', server: 'CouchDB/3.3.3 (Erlang OTP/24)', 'x-couch-request-id': 'a3f2' };
  // An adapter the app opts into (couchdbOptions adds it), not a built-in reader.
  const readers = [couchdbReader];

  it('without its reader, reads an edit\'s 409 as a conflict not understood (a save reads the document again) and says in development which adapter reads it, and a create sent with If-None-Match: * as a duplicate', async () => {
    const edit = send('PUT', 'http://localhost:5984/tickets/t1', { 'content-type': 'application/json' }, '{"_id":"t1","_rev":"1-a","title":"x"}');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), { request: edit });
    expect(conflict).toMatchObject({ kind: 'unknown', status: 409 });
    expect(warn).toHaveBeenCalledWith(
      "[conflict-kit] A 409 answer to PUT http://localhost:5984/tickets/t1 was not understood; it looks like CouchDB's: spread couchdbOptions from conflict-kit/couchdb into createConflictClient to read it.",
    );
    warn.mockClear();
    await classifyConflict(respond(409, couchConflict, couchHeaders), { request: edit, readers });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    const create = send('PUT', 'http://localhost:5984/orders/order-88421', { 'if-none-match': '*' }, '{"total":12}');
    expect(await classifyConflict(respond(409, couchConflict, couchHeaders), { request: create })).toMatchObject({ kind: 'duplicate' });
  });

  it("ignores a weak ETag on a CouchDB conflict (pouchdb-server's tag of the error body), keeping a strong one as the current rev", async () => {
    const request = send('PUT', 'http://localhost:5984/tickets/t1', { 'content-type': 'application/json' }, '{"_id":"t1","_rev":"1-a","title":"x"}');
    const weak = await classifyConflict(respond(409, couchConflict, { ...couchHeaders, etag: 'W/"39-c0aD2MvSZJYhjj"' }), { request, readers });
    expectKind(weak, 'stale');
    expect(weak.currentETag).toBeUndefined();
    const strong = await classifyConflict(respond(409, couchConflict, { ...couchHeaders, etag: '"2-b"' }), { request, readers });
    expectKind(strong, 'stale');
    expect(strong.currentETag).toEqual({ weak: false, opaque: '2-b' });
  });

  it('reads a conflict on a PUT carrying a stale _rev as stale, with the _rev that was sent', async () => {
    const request = send('PUT', 'http://localhost:5984/tickets/t1', { 'content-type': 'application/json' }, '{"_id":"t1","_rev":"1-967a00dff5e02add41819138abb3284d","title":"x"}');
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), { request, readers });
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('couchdb');
    expect(conflict.reason).toBe('conflict');
    expect(conflict.detail).toBe('Document update conflict.');
    expect(conflict.attemptedVersion).toBe('1-967a00dff5e02add41819138abb3284d');
    expect(conflict.current).toBeUndefined();
  });

  it('reads a conflict on a PUT with ?rev= as stale', async () => {
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), {
      request: send('PUT', 'http://localhost:5984/tickets/t1?rev=2-abc', {}, '{"title":"x"}'),
      readers,
    });
    expect(conflict.kind).toBe('stale');
  });

  it('reads a conflict on a PUT without _rev or If-Match as a duplicate create of that document', async () => {
    const request = send('PUT', 'http://localhost:5984/orders/order-88421', { 'content-type': 'application/json' }, '{"total":12}');
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), { request, readers });
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('http://localhost:5984/orders/order-88421');
  });

  it('reads a conflict on a POST as a duplicate create', async () => {
    const request = send('POST', 'http://localhost:5984/orders', { 'content-type': 'application/json' }, '{"_id":"order-88421"}');
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), { request, readers });
    expect(conflict.kind).toBe('duplicate');
  });

  it('treats a PUT whose body was already sent (unreadable) as an edit, so a stale _rev is never mistaken for a create', async () => {
    const request = send('PUT', 'http://localhost:5984/tickets/t1', {}, '{"_rev":"3-x"}');
    await request.text(); // what fetch(request) does to the body
    const conflict = await classifyConflict(respond(409, couchConflict, couchHeaders), { request, readers });
    expect(conflict.kind).toBe('stale');
  });

  it('reads PouchDB error objects serialised as JSON', async () => {
    const body = '{"status":409,"name":"conflict","message":"Document update conflict","error":true}';
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE), { request: { method: 'PUT', url: '/db/a', body: { _rev: '1-a' } }, readers });
    expect(conflict.kind).toBe('stale');
    expect(conflict.source).toBe('couchdb');
  });

  it('reads file_exists (database already exists) as a duplicate', async () => {
    const body = '{"error":"file_exists","reason":"The database could not be created, the file already exists."}';
    const conflict = await classifyConflict(respond(412, body, couchHeaders), { request: send('PUT', 'http://localhost:5984/orders'), readers });
    expect(conflict.kind).toBe('duplicate');
  });
});

describe('classifyConflict: Kubernetes Status', () => {
  // An adapter the app opts into (readers: [kubernetesReader]), not a built-in reader.
  const readers = [kubernetesReader];
  it('reads reason Conflict (stale resourceVersion) as stale', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "app-config": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'app-config', kind: 'configmaps' },
      code: 409,
    });
    const conflict = await classifyConflict(respond(409, body, { ...JSON_TYPE, 'audit-id': 'x' }), {
      request: send('PUT', 'https://k8s.local/api/v1/namespaces/default/configmaps/app-config', {}, '{"metadata":{"resourceVersion":"41"}}'),
      readers,
    });
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('kubernetes');
    expect(conflict.reason).toBe('Conflict');
    expect(conflict.detail).toContain('the object has been modified');
  });

  it('reads AlreadyExists as a duplicate whose URL is the name under the collection that was POSTed to', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "app-config" already exists',
      reason: 'AlreadyExists',
      details: { name: 'app-config', kind: 'configmaps' },
      code: 409,
    });
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE), {
      request: send('POST', 'https://k8s.local/api/v1/namespaces/default/configmaps?fieldManager=kubectl', {}, '{}'),
      readers,
    });
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('https://k8s.local/api/v1/namespaces/default/configmaps/app-config');
  });
});

describe('classifyConflict: WebDAV', () => {
  it('reads Apache mod_dav 412 HTML after If-Match as stale', async () => {
    const html = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>412 Precondition Failed</title>
</head><body>
<h1>Precondition Failed</h1>
<p>The precondition on the request for /dav/notes.txt evaluated to false.</p>
<hr>
<address>Apache/2.4.58 (Ubuntu) Server at localhost Port 80</address>
</body></html>
`;
    const conflict = await classifyConflict(respond(412, html, { 'content-type': 'text/html; charset=iso-8859-1', etag: '"2b-61a7c6c3e0f00"' }), {
      request: send('PUT', 'http://localhost/dav/notes.txt', { 'if-match': '"2a-61a7c6c3e0e00"' }, 'new text'),
    });
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('http-status');
    expect(conflict.currentETag).toEqual({ weak: false, opaque: '2b-61a7c6c3e0f00' });
    expect(conflict.detail).toBeUndefined();
  });

  it('reads a 412 with a DAV:error XML body after If-Match as stale', async () => {
    const xml = '<?xml version="1.0" encoding="utf-8"?><d:error xmlns:d="DAV:"><s:message xmlns:s="http://sabredav.org/ns">An If-Match header was specified, but none of the specified ETags matched.</s:message></d:error>';
    const conflict = await classifyConflict(respond(412, xml, { 'content-type': 'application/xml; charset=utf-8' }), {
      request: send('PUT', 'https://cloud.example.com/remote.php/dav/files/u/a.md', { 'if-match': '"e1"' }, 'x'),
    });
    expect(conflict.kind).toBe('stale');
  });
});

describe('classifyConflict: Stripe and IETF Idempotency-Key errors', () => {
  it('reads Stripe idempotency_error (same key, other parameters) as a mismatch with its message as detail', async () => {
    const body = JSON.stringify({
      error: {
        message:
          "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'KG5LxwFBepaKHyUD' if you meant to execute a different request.",
        type: 'idempotency_error',
      },
    });
    const conflict = await classifyConflict(respond(400, body, { ...JSON_TYPE, 'request-id': 'req_Lk8v2' }), {
      request: send('POST', 'https://api.stripe.com/v1/customers', { 'idempotency-key': 'KG5LxwFBepaKHyUD' }, 'description=x'),
    });
    expectKind(conflict, 'idempotency-mismatch');
    expect(conflict.source).toBe('stripe');
    expect(conflict.requestId).toBe('req_Lk8v2');
    expect(conflict.detail).toContain('same parameters');
  });

  it('reads Stripe idempotency_key_in_use as in flight', async () => {
    const body = JSON.stringify({
      error: {
        code: 'idempotency_key_in_use',
        doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
        message: 'There is currently another in-progress request using this idempotent key. Please try again later.',
        type: 'invalid_request_error',
      },
    });
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE), {
      request: send('POST', 'https://api.stripe.com/v1/charges', { 'idempotency-key': 'k' }),
    });
    expect(conflict.kind).toBe('idempotency-in-flight');
  });

  it('reads a bare 409 when an Idempotency-Key was sent as in flight, with Retry-After', async () => {
    const conflict = await classifyConflict(respond(409, null, { 'retry-after': '2' }), {
      request: send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': 'idem_1' }, '{}'),
    });
    expectKind(conflict, 'idempotency-in-flight');
    expect(conflict.retryAfter).toBe(2);
  });

  it('reads a 409 to a create with an Idempotency-Key whose body is about something else as the server\'s own refusal, not the key in flight', async () => {
    const request = () => send('POST', 'https://api.example.com/api/notes', { 'idempotency-key': 'idem_1' }, '{"slug":"groceries"}');
    const said = { message: 'A note with slug "groceries" is in use' };
    const unknownBodies = [
      JSON.stringify({ reason: 'slug_taken', ...said }),
      JSON.stringify(said),
      JSON.stringify({ type: 'https://api.example.com/problems/slug', title: 'Slug in use', status: 409 }),
    ];
    for (const body of unknownBodies) expect(await classifyConflict(respond(409, body, JSON_TYPE), { request: request() })).toMatchObject({ kind: 'unknown', status: 409 });
    // A body that echoes the key it was sent is still about something else.
    expect(await classifyConflict(respond(409, JSON.stringify({ message: 'Slug taken', idempotencyKey: 'idem_1' }), JSON_TYPE), { request: request() })).toMatchObject({ kind: 'unknown' });
    const problem = await classifyConflict(respond(409, JSON.stringify({ type: 'https://example.com/idempotency', title: 'A request is outstanding for this Idempotency-Key' }), PROBLEM_TYPE), { request: request() });
    expect(problem.kind).toBe('idempotency-in-flight');
  });

  it('reads a 409 to a create with an Idempotency-Key that says only its status (Express, Spring, about:blank) as the key in flight', async () => {
    const request = () => send('POST', 'https://api.example.com/api/notes', { 'idempotency-key': 'idem_1' }, '{}');
    const statusOnly: [string, Record<string, string>][] = [
      ['Conflict', { 'content-type': 'text/plain; charset=utf-8' }],
      [JSON.stringify({ timestamp: '2026-12-06T10:00:00Z', status: 409, error: 'Conflict', path: '/api/notes' }), JSON_TYPE],
      [JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409 }), PROBLEM_TYPE],
    ];
    for (const [body, headers] of statusOnly) expect((await classifyConflict(respond(409, body, headers), { request: request() })).kind).toBe('idempotency-in-flight');
  });

  it('reads a reason naming the field taken (duplicate_slug, email_already_exists) as a duplicate, with where it lives', async () => {
    for (const reason of ['duplicate_slug', 'EMAIL_ALREADY_EXISTS', 'duplicate-name']) {
      const body = JSON.stringify({ reason, message: 'Taken', existing: '/api/notes/n2' });
      const conflict = await classifyConflict(respond(409, body, JSON_TYPE), { request: send('POST', 'https://api.example.com/api/notes', { 'idempotency-key': 'k' }, '{}') });
      expectKind(conflict, 'duplicate');
      expect(conflict.existing).toBe('/api/notes/n2');
    }
    expect((await classifyConflict(respond(409, '{"reason":"duplicated"}', JSON_TYPE))).kind).toBe('unknown');
  });

  it('never reads the Idempotency-Key\'s own errors as a field taken, nor a field taken on an edit as something to view instead', async () => {
    const create = () => send('POST', 'https://api.example.com/api/notes', { 'idempotency-key': 'k' }, '{}');
    for (const reason of ['duplicate_request', 'duplicate_idempotency_key', 'idempotency_key_already_exists', 'REQUEST_ALREADY_EXISTS']) {
      const conflict = await classifyConflict(respond(409, JSON.stringify({ code: reason, message: 'A request is already in progress' }), JSON_TYPE), { request: create() });
      expect(conflict.kind, reason).not.toBe('duplicate');
    }
    const edit = send('PUT', 'https://api.example.com/api/notes/n1', { 'if-match': '"n1:3"' }, '{"slug":"groceries"}');
    expect(await classifyConflict(respond(409, JSON.stringify({ reason: 'duplicate_slug', message: 'Slug taken' }), JSON_TYPE), { request: edit })).toMatchObject({ kind: 'unknown', reason: 'duplicate_slug' });
  });

  it('reads a bare 422 when an Idempotency-Key was sent as a mismatch', async () => {
    const conflict = await classifyConflict(respond(422, 'Idempotency-Key is already used', { 'content-type': 'text/plain' }), {
      request: send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': 'idem_1' }, '{}'),
    });
    expect(conflict.kind).toBe('idempotency-mismatch');
  });

  it('reads a 422 whose JSON body is about idempotency as a mismatch, and one about invalid fields as no idempotency error', async () => {
    const request = send('POST', 'https://api.example.com/api/orders', { 'idempotency-key': 'idem_1' }, '{}');
    const reused = { type: 'https://developer.example.com/idempotency', title: 'Idempotency-Key is already used', detail: 'It must not be reused across payloads.' };
    expect((await classifyConflict(respond(422, JSON.stringify(reused), PROBLEM_TYPE), { request })).kind).toBe('idempotency-mismatch');
    const invalid = { type: 'https://example.com/problems/unprocessable', title: 'Invalid fields', detail: 'items[0].sku must be letters or digits.', errors: [{ field: 'items[0].sku' }] };
    expect((await classifyConflict(respond(422, JSON.stringify(invalid), PROBLEM_TYPE), { request })).kind).toBe('unknown');
    // Nor a list of field errors, nor a plain-text status phrase: only an empty body, or one about idempotency, means the key.
    expect((await classifyConflict(respond(422, '[{"field":"sku","message":"is invalid"}]', JSON_TYPE), { request })).kind).toBe('unknown');
    expect((await classifyConflict(respond(422, 'Unprocessable Entity', { 'content-type': 'text/plain' }), { request })).kind).toBe('unknown');
    expect((await classifyConflict(respond(422, null), { request })).kind).toBe('idempotency-mismatch');
  });

  it('does not read a 422 without an Idempotency-Key as an idempotency error', async () => {
    const conflict = await classifyConflict(respond(422, null), { request: send('POST', 'https://api.example.com/api/orders', {}, '{}') });
    expect(conflict.kind).toBe('unknown');
  });
});

describe('classifyConflict: what was sent disambiguates', () => {
  it.each([409, 412])('reads a bare %i answering If-None-Match: * as a duplicate', async (status) => {
    const conflict = await classifyConflict(respond(status, null), {
      request: send('PUT', 'https://api.example.com/api/documents/d1', { 'if-none-match': '*' }, '{}'),
    });
    expectKind(conflict, 'duplicate');
    expect(conflict.existing).toBe('https://api.example.com/api/documents/d1');
  });

  it('prefers the duplicate over in-flight when both If-None-Match: * and an Idempotency-Key were sent', async () => {
    const conflict = await classifyConflict(respond(409, null), {
      request: send('PUT', 'https://api.example.com/api/documents/d1', { 'if-none-match': '*', 'idempotency-key': 'k' }, '{}'),
    });
    expect(conflict.kind).toBe('duplicate');
  });

  it('reads a bare 412 after If-Match as stale with the ETag of the current version', async () => {
    const conflict = await classifyConflict(respond(412, null, { etag: 'W/"7"' }), {
      request: send('PATCH', 'https://api.example.com/api/tickets/1', { 'if-match': '"6"' }, '{}'),
    });
    expectKind(conflict, 'stale');
    expect(conflict.currentETag).toEqual({ weak: true, opaque: '7' });
  });

  it('reads 428 as precondition-required', async () => {
    const conflict = await classifyConflict(respond(428, null), { request: send('PUT', 'https://api.example.com/api/tickets/1', {}, '{}') });
    expect(conflict.kind).toBe('precondition-required');
  });

  it.each([
    [404, 'PUT'],
    [410, 'PATCH'],
    [404, 'DELETE'],
  ])('reads %i on a %s edit as deleted', async (status, method) => {
    const conflict = await classifyConflict(respond(status, '{"message":"not found"}', JSON_TYPE), {
      request: send(method, 'https://api.example.com/api/tickets/1', { 'if-match': '"3"' }, method === 'DELETE' ? undefined : '{}'),
    });
    expect(conflict.kind).toBe('deleted');
  });

  it('reads a 404 on a POST that carried a body version (a transition) as deleted', async () => {
    const conflict = await classifyConflict(respond(404, null), {
      request: { method: 'POST', url: '/api/orders/o1/transitions', body: '{"to":"cancelled","version":4}' },
    });
    expect(conflict.kind).toBe('deleted');
  });

  it('does not read a 404 on a plain create as deleted', async () => {
    const conflict = await classifyConflict(respond(404, null), { request: send('POST', 'https://api.example.com/api/nope', {}, '{}') });
    expect(conflict.kind).toBe('unknown');
  });

  it('reads an unexplained 409 as unknown with the status, the request id header and a note', async () => {
    const conflict = await classifyConflict(respond(409, null, { 'x-request-id': 'req_77' }), {
      request: send('PUT', 'https://api.example.com/api/tickets/1', { 'if-match': '"1"' }, '{}'),
    });
    expectKind(conflict, 'unknown');
    expect(conflict.status).toBe(409);
    expect(conflict.requestId).toBe('req_77');
    expect(conflict.note).toMatch(/no body/);
    expect(conflict.method).toBe('PUT');
  });

  it('keeps an unrecognised reason on the unknown conflict', async () => {
    const conflict = await classifyConflict(respond(409, '{"reason":"quota_locked","traceId":"tr-1"}', JSON_TYPE));
    expectKind(conflict, 'unknown');
    expect(conflict.reason).toBe('quota_locked');
    expect(conflict.requestId).toBe('tr-1');
    expect(conflict.note).toContain('quota_locked');
  });
});

describe('classifyConflict: custom readers', () => {
  const legacyReader: ConflictReader = (ctx) => {
    const err = ctx.headers.get('x-legacy-error');
    if (err !== 'ROW_CHANGED') return undefined;
    return { kind: 'stale', status: ctx.status, source: 'legacy', currentVersion: ctx.headers.get('x-row-version') ?? '' };
  };

  it('runs custom readers before the built-in ones', async () => {
    const body = '{"reason":"duplicate_external_id"}';
    const conflict = await classifyConflict(respond(409, body, { ...JSON_TYPE, 'x-legacy-error': 'ROW_CHANGED', 'x-row-version': '12', 'x-request-id': 'r1' }), {
      readers: [legacyReader],
    });
    expectKind(conflict, 'stale');
    expect(conflict.source).toBe('legacy');
    expect(conflict.currentVersion).toBe('12');
    expect(conflict.requestId).toBe('r1');
  });

  it('gives custom readers the parsed body, text, content type and request summary', async () => {
    let seen: unknown;
    const spy: ConflictReader = (ctx) => {
      seen = { body: ctx.body, text: ctx.text, contentType: ctx.contentType, request: ctx.request };
      return undefined;
    };
    await classifyConflict(respond(409, '{"a":1}', { 'content-type': 'application/json; charset=utf-8' }), {
      readers: [spy],
      request: send('POST', 'https://api.example.com/x', { 'idempotency-key': 'k9', 'if-none-match': '*' }, '{}'),
    });
    expect(seen).toMatchObject({
      body: { a: 1 },
      text: '{"a":1}',
      contentType: 'application/json',
      request: { method: 'POST', idempotencyKey: 'k9', ifNoneMatch: '*', isCreate: true, isEdit: false, isWrite: true },
    });
  });

  it('skips a custom reader that throws or returns something that is not a conflict', async () => {
    const throws: ConflictReader = () => {
      throw new Error('boom');
    };
    const garbage = (() => ({ kind: 'explode' })) as unknown as ConflictReader;
    const conflict = await classifyConflict(respond(409, '{"reason":"version_mismatch"}', JSON_TYPE), { readers: [throws, garbage] });
    expect(conflict.kind).toBe('stale');
  });
});

describe('classifyConflict: bad input never throws', () => {
  it('falls back to the status when a JavaScript caller passes null options', async () => {
    const conflict = await classifyConflict(respond(412, null), null as unknown as undefined);
    expect(conflict).toEqual({ kind: 'unknown', status: 412, source: 'fallback', note: 'The response could not be examined, so only its status was used.' });
  });

  it('stops reading a 5 MiB body at 1 MiB, cancels the rest and classifies from the status', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x7b); // '{{{{…'
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 5 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const started = performance.now();
    const conflict = await classifyConflict(new Response(stream, { status: 412, headers: JSON_TYPE }), {
      request: send('PUT', 'https://api.example.com/api/documents/d', { 'if-match': '"1"' }, 'x'),
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(conflict.kind).toBe('stale');
    expect(pulled).toBeLessThanOrEqual(1024 * 1024 + 3 * chunk.byteLength);
    await Promise.resolve();
    expect(cancelled).toBe(true);
  });

  it('returns from an endless body and says why it could not use it', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const conflict = await classifyConflict(new Response(stream, { status: 409 }));
    expectKind(conflict, 'unknown');
    expect(conflict.note).toMatch(/larger than 1048576 bytes/);
  });

  it('classifies a 5 MiB string body from its status', async () => {
    const huge = `{"reason":"version_mismatch","pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const conflict = await classifyConflict(respond(409, huge, JSON_TYPE));
    expect(conflict).toMatchObject({ kind: 'unknown', status: 409 });
  });

  it('reads truncated JSON as no JSON, and still applies the status rules', async () => {
    const conflict = await classifyConflict(respond(412, '{"reason":"duplicate_external_id","exist', JSON_TYPE), {
      request: send('PUT', 'https://api.example.com/api/tickets/1', { 'if-match': '"1"' }, '{}'),
    });
    expect(conflict.kind).toBe('stale');
  });

  it('never copies an HTML error page with a script into the conflict', async () => {
    const html = '<html><body><h1>409</h1><script>alert(document.cookie)</script></body></html>';
    const conflict = await classifyConflict(respond(409, html, { 'content-type': 'text/html' }));
    expectKind(conflict, 'unknown');
    expect(JSON.stringify(conflict)).not.toContain('<script>');
    expect(conflict.note).toContain('not JSON (text/html)');
  });

  it.each(['null', '[]', '[{"reason":"version_mismatch"}]', '"version_mismatch"', '42', 'true'])(
    'reads the JSON body %s as unknown',
    async (text) => {
      const conflict = await classifyConflict(respond(409, text, JSON_TYPE));
      expect(conflict).toMatchObject({ kind: 'unknown', status: 409 });
    },
  );

  it('ignores members of the wrong type', async () => {
    const body = JSON.stringify({
      reason: 'invalid_transition',
      currentState: {},
      allowedTransitions: 'x',
      requestId: { id: 1 },
      current: null,
    });
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE));
    expectKind(conflict, 'transition');
    expect(conflict.allowedTransitions).toEqual([]);
    expect(conflict).not.toHaveProperty('currentState');
    expect(conflict).not.toHaveProperty('requestId');
  });

  it('keeps only the strings of allowedTransitions, capped in number and length', async () => {
    const many = Array.from({ length: 500 }, (_, i) => (i % 2 ? `t${i}` : { bad: i }));
    const body = JSON.stringify({ reason: 'invalid_transition', allowedTransitions: ['x'.repeat(5000), ...many], currentState: 's'.repeat(5000) });
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE));
    expectKind(conflict, 'transition');
    expect(conflict.allowedTransitions.length).toBeLessThanOrEqual(50);
    expect(conflict.allowedTransitions.every((t) => typeof t === 'string' && t.length <= 200)).toBe(true);
    expect(conflict.currentState?.length).toBeLessThanOrEqual(200);
  });

  it('caps a huge detail and request id', async () => {
    const body = JSON.stringify({ type: 'about:blank', title: 'T', detail: 'd'.repeat(100_000), requestId: 'r'.repeat(10_000) });
    const conflict = await classifyConflict(respond(409, body, PROBLEM_TYPE));
    expect(conflict.detail?.length).toBe(1000);
    expect(conflict.requestId?.length).toBe(200);
  });

  it('does not read members through __proto__ or constructor keys', async () => {
    const body = '{"__proto__":{"reason":"version_mismatch","requestId":"evil"},"constructor":{"prototype":{"x":1}}}';
    const conflict = await classifyConflict(respond(409, body, JSON_TYPE));
    expect(conflict.kind).toBe('unknown');
    expect(conflict.requestId).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('classifies from status and headers only when the body was already used', async () => {
    const response = respond(409, '{"reason":"duplicate_external_id"}', { ...JSON_TYPE, 'x-request-id': 'r2' });
    await response.text();
    const conflict = await classifyConflict(response);
    expectKind(conflict, 'unknown');
    expect(conflict.note).toMatch(/already been read/);
    expect(conflict.requestId).toBe('r2');
  });

  it('survives a body stream that errors part-way', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"reason":'));
        controller.error(new Error('connection reset'));
      },
    });
    const conflict = await classifyConflict(new Response(stream, { status: 409 }));
    expectKind(conflict, 'unknown');
    expect(conflict.note).toMatch(/could not be read/);
  });

  it('never throws for random statuses, headers and bodies, and always returns a known kind with the status', async () => {
    const kinds = new Set<string>(KINDS);
    const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);
    const headerName = fc.constantFrom(
      'content-type',
      'etag',
      'retry-after',
      'x-request-id',
      'x-ms-error-code',
      'x-ms-request-id',
      'request-id',
      'location',
    );
    const reasons = fc.constantFrom(
      'version_mismatch',
      'duplicate_external_id',
      'invalid_transition',
      'idempotency_key_in_use',
      'idempotency_key_reused',
      'conflict',
      'Conflict',
      'AlreadyExists',
      'Status',
      'idempotency_error',
      'UpdateConditionNotSatisfied',
    );
    const memberKeys = fc.constantFrom(
      'reason',
      'code',
      'type',
      'title',
      'detail',
      'error',
      'kind',
      'details',
      'odata.error',
      'currentVersion',
      'attemptedVersion',
      'current',
      'currentState',
      'allowedTransitions',
      'existing',
      'existingResourceId',
      'requestId',
      'retryAfter',
      '__proto__',
      'constructor',
    );
    const memberValue = fc.oneof(reasons, fc.jsonValue({ maxDepth: 2 }), fc.record({ code: reasons, type: reasons, name: fc.string() }));
    const jsonishObject = fc
      .array(fc.tuple(memberKeys, memberValue), { maxLength: 8 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);
    const body = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      jsonishObject,
      jsonishObject.map((s) => s.slice(0, Math.floor(s.length / 2))),
      fc.uint8Array({ maxLength: 300 }),
      reasons.map((r) => `<?xml version="1.0"?><Error><Code>${r}</Code></Error>`),
    );
    const requestArb = fc.option(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        headers: fc.dictionary(fc.constantFrom('if-match', 'if-none-match', 'idempotency-key'), fc.oneof(headerValue, fc.constant('*'))),
        body: fc.option(fc.oneof(fc.json({ maxDepth: 2 }), fc.constant('{"_rev":"1-a"}')), { nil: undefined }),
      }),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(400, 404, 409, 410, 412, 422, 428, 500), fc.integer({ min: 200, max: 599 })),
        fc.dictionary(headerName, headerValue),
        body,
        requestArb,
        async (status, headers, payload, sent) => {
          const nullBody = status === 204 || status === 205 || status === 304;
          const response = new Response(nullBody ? null : payload, { status, headers });
          const request =
            sent === undefined
              ? undefined
              : new Request('https://api.example.com/x', {
                  method: sent.method,
                  headers: sent.headers,
                  ...(sent.body !== undefined && sent.method !== 'GET' ? { body: sent.body } : {}),
                });
          const conflict = await classifyConflict(response, request ? { request } : {});
          expect(kinds.has(conflict.kind)).toBe(true);
          expect(conflict.status).toBe(status);
          expect(typeof conflict.source).toBe('string');
          if (conflict.kind === 'transition') {
            expect(conflict.allowedTransitions.every((t) => typeof t === 'string')).toBe(true);
          }
          for (const key of ['reason', 'requestId', 'title', 'detail', 'type'] as const) {
            const value = conflict[key];
            if (value !== undefined) expect(typeof value === 'string' && value.length <= 1000).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isConflictResponse', () => {
  it('settles an answer by its status alone without reading the request, unless the status needs it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const request = { method: 'PUT', headers: { 'If-Match': '"v1"' }, body: JSON.stringify({ version: 1, text: 'x'.repeat(100_000) }) };
    expect(isConflictResponse(200, request)).toBe(false);
    expect(isConflictResponse(500, request)).toBe(false);
    expect(isConflictResponse(412, request)).toBe(true);
    expect(parse).not.toHaveBeenCalled();
    expect(isConflictResponse(404, request)).toBe(true);
    expect(parse).toHaveBeenCalled();
    parse.mockRestore();
  });

  it.each([409, 412, 428])('is true for %i whatever was sent', (status) => {
    expect(isConflictResponse(status)).toBe(true);
  });

  it('is true for 404 and 410 on an edit and false on a read or a create', () => {
    expect(isConflictResponse(404, send('PUT', 'https://a.example/x', { 'if-match': '"1"' }, '{}'))).toBe(true);
    expect(isConflictResponse(410, send('DELETE', 'https://a.example/x'))).toBe(true);
    expect(isConflictResponse(404, { method: 'POST', url: '/t', body: { version: 3 } })).toBe(true);
    expect(isConflictResponse(404, send('GET', 'https://a.example/x'))).toBe(false);
    expect(isConflictResponse(404, send('POST', 'https://a.example/x', {}, '{}'))).toBe(false);
    expect(isConflictResponse(404)).toBe(false);
  });

  it('is true for 422 only when an Idempotency-Key was sent', () => {
    expect(isConflictResponse(422, send('POST', 'https://a.example/x', { 'idempotency-key': 'k' }, '{}'))).toBe(true);
    expect(isConflictResponse(422, send('POST', 'https://a.example/x', {}, '{}'))).toBe(false);
  });

  it.each([200, 201, 400, 401, 500])('is false for %i', (status) => {
    expect(isConflictResponse(status, send('PUT', 'https://a.example/x', { 'if-match': '"1"' }, '{}'))).toBe(false);
  });
});
