import { describe, expect, it } from 'vitest';
import type { ConflictClientOptions, FetchLike } from './conflictClientTypes';
import { createConflictClient } from './createConflictClient';
import { createIntent } from './createIntent';
import { createVersionRegistry } from './createVersionRegistry';
import { HttpError, InvalidResponseError, NetworkError, UnprotectedWriteError } from './errors';
import { memoryIntentStorage, webIntentStorage, type WebStorageLike } from './intentStorage';
import { kubernetesReader } from './readers/kubernetesReader';

const BASE = 'http://api.test';
const URL_T1 = '/api/tickets/t1';

type Handler = (request: Request, body: unknown) => Response | Promise<Response>;

/** An injected fetch over a handler, recording every request it was given. */
function fakeFetch(handler: Handler) {
  const requests: { method: string; url: string; headers: Headers; body: unknown }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    requests.push({ method: request.method, url: request.url, headers: request.headers, body });
    return handler(request, body);
  };
  return { fetch, requests, writes: () => requests.filter((r) => r.method !== 'GET') };
}

function json(body: unknown, init: ResponseInit & { headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

interface TicketServerOptions {
  /** How the server tags representations. */
  readonly tags?: 'strong' | 'weak' | 'none';
  /** Whether write responses carry an ETag. */
  readonly etagOnWrite?: boolean;
  /** Whether write responses carry the record. */
  readonly bodyOnWrite?: boolean;
}

/** A one-record ticket server with If-Match / body-version checks, like the reference API. */
function ticketServer(options: TicketServerOptions = {}) {
  const { tags = 'strong', etagOnWrite = true, bodyOnWrite = true } = options;
  const state = {
    record: { id: 't1', title: 'Printer jammed', status: 'open', assignee: 'ana', version: 1 } as Record<string, unknown>,
    deleted: false,
    tags,
  };
  const version = () => state.record['version'] as number;
  const tag = () => (state.tags === 'strong' ? `"v${version()}"` : state.tags === 'weak' ? `W/"v${version()}"` : undefined);
  const withTag = (extra: Record<string, string> = {}): Record<string, string> => {
    const t = tag();
    return t ? { etag: t, ...extra } : extra;
  };
  const handler: Handler = (request, body) => {
    if (state.deleted) return json({ title: 'Not found' }, { status: 404, headers: { 'content-type': 'application/problem+json' } });
    if (request.method === 'GET') {
      const inm = request.headers.get('if-none-match');
      const t = tag();
      // Weak comparison for If-None-Match (RFC 9110 §13.1.2).
      if (inm && t && inm.replace(/^W\//, '') === t.replace(/^W\//, '')) return new Response(null, { status: 304, headers: withTag() });
      return json(state.record, { headers: withTag() });
    }
    const ifMatch = request.headers.get('if-match');
    const sentVersion = (body as Record<string, unknown> | undefined)?.['version'];
    if (ifMatch === null && sentVersion === undefined) {
      return json({ title: 'Precondition required' }, { status: 428, headers: { 'content-type': 'application/problem+json' } });
    }
    const current = tag();
    const ok = ifMatch !== null ? current !== undefined && !current.startsWith('W/') && ifMatch === current : sentVersion === version();
    if (!ok) {
      return json(
        { type: 'https://conflict-kit.dev/problems/version-mismatch', title: 'Version mismatch', status: ifMatch ? 412 : 409, reason: 'version_mismatch', currentVersion: version(), current: state.record },
        { status: ifMatch ? 412 : 409, headers: withTag({ 'content-type': 'application/problem+json' }) },
      );
    }
    const { version: _sent, ...changes } = (body ?? {}) as Record<string, unknown>;
    const merged = request.method === 'PATCH' ? { ...state.record, ...changes } : { ...changes, id: 't1' };
    state.record = { ...merged, version: version() + 1 };
    const headers = etagOnWrite ? withTag() : {};
    return bodyOnWrite ? json(state.record, { headers }) : new Response(null, { status: 204, headers });
  };
  /** Someone else closes the ticket: version 2. */
  const closeElsewhere = (): void => {
    state.record = { ...state.record, status: 'closed', version: 2 };
  };
  return { state, handler, closeElsewhere };
}

/** What an event says of that change: Operator B saved v2 (no value). */
const V2_ANNOUNCED = { changedBy: 'operator-b', latest: { validator: { etag: { weak: false, opaque: 'v2' } } } };

function setup(server: { handler: Handler }, options: ConflictClientOptions = {}) {
  const fake = fakeFetch(server.handler);
  const client = createConflictClient({ fetch: fake.fetch, baseUrl: BASE, now: () => 42, ...options });
  return { ...fake, client, key: client.keyFor(URL_T1) };
}

/** {@link setup}, plus `whileOut`: news reaching the registry while a GET is out, after the server answered it. */
function lateAnswers(server: { handler: Handler }, options: ConflictClientOptions = {}) {
  let hold: ((release: () => void) => void) | undefined;
  const handler: Handler = async (request, body) => {
    const answer = await server.handler(request, body);
    const onHold = request.method === 'GET' ? hold : undefined;
    if (!onHold) return answer;
    hold = undefined;
    await new Promise<void>((resolve) => onHold(resolve));
    return answer;
  };
  /** Starts `request`; once the server has answered its GET, runs `meanwhile`, then lets the answer through. */
  const whileOut = async <R>(request: () => Promise<R>, meanwhile: () => unknown): Promise<R> => {
    const held = new Promise<() => void>((resolve) => (hold = resolve));
    const answer = request();
    const release = await held;
    await meanwhile();
    release();
    return answer;
  };
  return { ...setup({ handler }, options), whileOut };
}

describe('read', () => {
  it('records the validator and base snapshot', async () => {
    const { client, key } = setup(ticketServer());
    const result = await client.read<{ title: string }>(URL_T1);
    expect(result.value.title).toBe('Printer jammed');
    expect(result.validator.etag).toEqual({ weak: false, opaque: 'v1' });
    expect(key).toBe(`${BASE}${URL_T1}`);
    expect(client.registry.get(key)).toMatchObject({ base: { title: 'Printer jammed' }, fetchedAt: 42, freshness: 'fresh' });
  });

  it('revalidates with If-None-Match and returns the cached value on 304', async () => {
    const server = ticketServer();
    const { client, requests, key } = setup(server);
    const first = await client.read(URL_T1);
    client.registry.markStale(key);
    const second = await client.read(URL_T1);
    expect(requests[1]?.headers.get('if-none-match')).toBe('"v1"');
    expect(second.value).toBe(first.value);
    expect(client.registry.get(key)?.freshness).toBe('fresh');
  });

  it('does not undo a stale mark that arrived while its 304 was on the way', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    const second = whileOut(
      () => client.read<{ title: string }>(URL_T1),
      () => client.registry.markStale(key, V2_ANNOUNCED),
    );
    expect((await second).value.title).toBe('Printer jammed');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', changedBy: 'operator-b' });
  });

  it('does not move the base back when a save recorded a newer version while it was out (version-field servers)', async () => {
    const server = ticketServer({ tags: 'none' });
    const { client, key, whileOut } = lateAnswers(server, { versionField: 'version' });
    await client.read(URL_T1);
    const late = whileOut(
      () => client.read<{ title: string; version: number }>(URL_T1),
      async () => {
        const saved = await client.save(URL_T1, { ...server.state.record, title: 'Saved meanwhile' });
        expect(saved.ok).toBe(true);
      },
    );
    expect((await late).value).toMatchObject({ title: 'Saved meanwhile', version: 2 });
    expect(client.registry.get(key)).toMatchObject({ freshness: 'fresh', validator: { version: 2 }, base: { title: 'Saved meanwhile' } });
  });

  it('sends no If-None-Match on the first read', async () => {
    const { client, requests } = setup(ticketServer());
    await client.read(URL_T1);
    expect(requests[0]?.headers.has('if-none-match')).toBe(false);
  });

  it('with keepBase, stores a newer version as latest instead of moving the base', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.record = { ...server.state.record, title: 'Theirs', version: 2 };
    const result = await client.read<{ title: string }>(URL_T1, { keepBase: true });
    expect(result.value.title).toBe('Theirs');
    const entry = client.registry.get(key);
    expect(entry).toMatchObject({ freshness: 'stale', base: { title: 'Printer jammed' }, latest: { value: { title: 'Theirs' } } });
  });

  it('with keepBase, keeps a base recorded while it was out (a draft restored after a reload) even when the answer is the version announced as latest', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    const draftBase = { ...server.state.record };
    server.closeElsewhere();
    // Sent with nothing recorded; meanwhile the draft's v1 comes back, and the v2 the page had read is its latest.
    const late = whileOut(
      () => client.revalidate(URL_T1),
      () => {
        client.registry.record(key, { validator: { etag: { weak: false, opaque: 'v1' } }, base: draftBase });
        client.registry.markStale(key, { latest: { validator: { etag: { weak: false, opaque: 'v2' } }, value: server.state.record } });
      },
    );
    expect(await late).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', validator: { etag: { opaque: 'v1' } }, base: { status: draftBase['status'] } });
  });

  it('decides keepBase when the answer arrives, when given a function', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.record = { ...server.state.record, title: 'Theirs', version: 2 };
    let dirty = false;
    const read = client.read(URL_T1, { keepBase: () => dirty });
    dirty = true; // a draft starts while the read is in flight
    await read;
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', base: { title: 'Printer jammed' }, latest: { value: { title: 'Theirs' } } });
  });

  it('throws HttpError and marks the record deleted on 404', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.deleted = true;
    await expect(client.read(URL_T1)).rejects.toBeInstanceOf(HttpError);
    expect(client.registry.get(key)?.freshness).toBe('deleted');
  });

  it('throws InvalidResponseError for an HTML page served with 200', async () => {
    const { client } = setup({ handler: () => new Response('<html>app shell</html>', { headers: { 'content-type': 'text/html' } }) });
    const error = await client.read(URL_T1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(`GET ${BASE}${URL_T1}`);
  });

  it('rethrows an abort as it is, not as a NetworkError', async () => {
    const controller = new AbortController();
    const reason = new Error('user left');
    controller.abort(reason);
    const client = createConflictClient({ fetch: () => Promise.reject(new DOMException('aborted', 'AbortError')) });
    await expect(client.read('/x', { signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('fresh read (the recovery after a conflict)', () => {
  it('returns what the server holds now when a version-less change event arrives while it is out', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const theirs = await whileOut(
      () => client.read<{ status: string }>(URL_T1, { fresh: true, keepBase: true }),
      // The event stream says the ticket changed, without saying to which version.
      () => client.registry.markStale(key, { changedBy: 'operator-b' }),
    );
    expect(theirs.value.status).toBe('closed');
    expect(theirs.validator.etag).toEqual({ weak: false, opaque: 'v2' });
    expect(client.registry.get(key)).toMatchObject({
      freshness: 'stale',
      base: { status: 'open' },
      changedBy: 'operator-b',
      latest: { validator: { etag: { opaque: 'v2' } }, value: { status: 'closed' } },
    });
  });

  it('asks unconditionally, and confirms the base when the server still holds it', async () => {
    const server = ticketServer();
    const { client, key, requests } = setup(server);
    await client.read(URL_T1);
    // A conflict that did not say why marked it stale; the server still holds v1.
    client.registry.markStale(key);
    const current = await client.read<{ status: string }>(URL_T1, { fresh: true, keepBase: true });
    expect(requests[1]?.headers.get('if-none-match')).toBeNull();
    expect(current.value.status).toBe('open');
    expect(client.registry.get(key)?.freshness).toBe('fresh');
  });

  it('without keepBase, records the answer as the base and keeps a mark that arrived meanwhile', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const current = await whileOut(
      () => client.read<{ status: string }>(URL_T1, { fresh: true }),
      () => client.registry.markStale(key, V2_ANNOUNCED),
    );
    expect(current.value.status).toBe('closed');
    // The mark may describe a change after the answer: the next revalidation settles it.
    expect(client.registry.get(key)).toMatchObject({ base: { status: 'closed' }, validator: { etag: { opaque: 'v2' } }, freshness: 'stale' });
  });

  it('returns its answer but leaves alone a base a save recorded while it was out', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const saved = { id: 't1', status: 'pending', version: 3 };
    const current = await whileOut(
      () => client.read<{ status: string }>(URL_T1, { fresh: true, keepBase: true }),
      () => client.registry.record(key, { validator: { etag: { weak: false, opaque: 'v3' } }, base: saved }),
    );
    expect(current.value.status).toBe('closed');
    expect(client.registry.get(key)).toMatchObject({ base: saved, freshness: 'fresh' });
  });
});

describe('changeOf', () => {
  it("reads who and when with the app's changeOf option", () => {
    const { client } = setup(ticketServer(), { changeOf: (value) => ({ changedBy: (value as { editor: string }).editor }) });
    expect(client.changeOf({ editor: 'operator-b', updatedBy: 'someone else' })).toEqual({ changedBy: 'operator-b' });
  });

  it('reads updatedBy / updatedAt by default', () => {
    const { client } = setup(ticketServer());
    expect(client.changeOf({ updatedBy: 'ana', updatedAt: '2026-11-22T10:06:00.000Z' })).toEqual({
      changedBy: 'ana',
      changedAt: Date.UTC(2026, 10, 22, 10, 6),
    });
  });

  it("answers nothing rather than throwing when the app's reader throws on an odd value", () => {
    const { client } = setup(ticketServer(), {
      changeOf: () => {
        throw new TypeError('no editor');
      },
    });
    expect(client.changeOf(null)).toEqual({});
  });
});

describe('revalidate', () => {
  it('answers fresh on 304', async () => {
    const { client, key } = setup(ticketServer());
    await client.read(URL_T1);
    expect(await client.revalidate(URL_T1)).toBe('fresh');
    expect(client.registry.get(key)?.freshness).toBe('fresh');
  });

  it('answers stale and stores what it saw as latest', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    expect(await client.revalidate(URL_T1)).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({
      freshness: 'stale',
      base: { status: 'open' },
      latest: { validator: { etag: { opaque: 'v2' } }, value: { status: 'closed' } },
    });
  });

  it('keeps who changed the record, from an earlier event, when the revalidation brings the value', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    client.registry.markStale(key, { changedBy: 'operator-b', changedAt: 7, latest: { validator: { etag: { weak: false, opaque: 'v2' } } } });
    expect(await client.revalidate(URL_T1)).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ changedBy: 'operator-b', changedAt: 7, latest: { value: { status: 'closed' } } });
  });

  it('keeps a stale mark that arrived while it was out: its 304 was answered before that change', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    const answer = whileOut(
      () => client.revalidate(URL_T1),
      () => {
        // The server answered 304 for v1; then someone saved v2, and the event stream said so.
        server.closeElsewhere();
        client.registry.markStale(key, V2_ANNOUNCED);
      },
    );
    expect(await answer).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', changedBy: 'operator-b', validator: { etag: { opaque: 'v1' } } });
  });

  it('keeps the unknown mark an action left while it was out: its answer predates that action', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    const answer = whileOut(
      () => client.revalidate(URL_T1),
      () => {
        // A workflow action changed the record and answered without a version.
        server.closeElsewhere();
        client.registry.markUnknown(key);
      },
    );
    await answer;
    expect(client.registry.get(key)?.freshness).toBe('unknown');
  });

  it('sees a change on a server without validators when a harmless re-confirmation landed while it was out', async () => {
    const server = ticketServer({ tags: 'none' });
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const answer = whileOut(
      () => client.revalidate(URL_T1),
      () => client.registry.markFresh(key),
    );
    expect(await answer).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', latest: { value: { status: 'closed' } } });
  });

  it('adds the value to the version an event announced while it was out', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const answer = whileOut(
      () => client.revalidate(URL_T1),
      () => client.registry.markStale(key, V2_ANNOUNCED),
    );
    expect(await answer).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', changedBy: 'operator-b', latest: { value: { status: 'closed' } } });
  });

  it('reads who and when from the newer version (updatedBy / updatedAt, or the app\'s changeOf)', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.record = { ...server.state.record, version: 2, updatedBy: 'operator-b', updatedAt: '2026-11-22T10:06:00.000Z' };
    await client.revalidate(URL_T1);
    expect(client.registry.get(key)).toMatchObject({ changedBy: 'operator-b', changedAt: Date.UTC(2026, 10, 22, 10, 6) });

    const custom = setup(server, { changeOf: (value) => ({ changedBy: `editor of ${(value as { id: string }).id}` }) });
    await custom.client.read(URL_T1);
    server.state.record = { ...server.state.record, version: 3 };
    await custom.client.revalidate(URL_T1);
    expect(custom.client.registry.get(custom.key)?.changedBy).toBe('editor of t1');
  });

  it('answers deleted on 404', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.deleted = true;
    expect(await client.revalidate(URL_T1)).toBe('deleted');
    expect(client.registry.get(key)?.freshness).toBe('deleted');
    // A record nobody loaded is gone too.
    const fresh = setup(server);
    expect(await fresh.client.revalidate('/api/tickets/t9')).toBe('deleted');
  });

  it('still sees a newer version when a harmless re-confirmation landed while it was out', async () => {
    const server = ticketServer();
    const { client, key, whileOut } = lateAnswers(server);
    await client.read(URL_T1);
    server.closeElsewhere();
    const answer = whileOut(
      () => client.revalidate(URL_T1),
      () => {
        // Another request's 304, answered before the save, re-confirms v1 meanwhile.
        client.registry.markFresh(key);
      },
    );
    expect(await answer).toBe('stale');
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', latest: { value: { status: 'closed' } } });
  });

  it('compares body versions when the server sends no ETag', async () => {
    const server = ticketServer({ tags: 'none' });
    const { client } = setup(server, { versionField: 'version' });
    await client.read(URL_T1);
    expect(await client.revalidate(URL_T1)).toBe('fresh');
    server.state.record = { ...server.state.record, version: 2 };
    expect(await client.revalidate(URL_T1)).toBe('stale');
  });

  it('upgrades a weak tag to the strong one for the same version', async () => {
    const server = ticketServer({ tags: 'weak' });
    const { client, key } = setup(server);
    await client.read(URL_T1);
    server.state.tags = 'strong';
    expect(await client.revalidate(URL_T1)).toBe('fresh');
    expect(client.registry.get(key)?.validator.etag).toEqual({ weak: false, opaque: 'v1' });
  });
});

describe('save', () => {
  it('sends If-Match with the strong ETag and records the new version as the base', async () => {
    const server = ticketServer();
    const { client, requests, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(requests[1]?.headers.get('if-match')).toBe('"v1"');
    expect(requests[1]?.headers.get('content-type')).toBe('application/json');
    expect(result).toMatchObject({ ok: true, value: { title: 'Mine', version: 2 }, validator: { etag: { opaque: 'v2' } } });
    expect(client.registry.get(key)).toMatchObject({ base: { title: 'Mine' }, validator: { etag: { opaque: 'v2' } }, freshness: 'fresh' });
  });

  it('PATCH sends a minimal merge patch', async () => {
    const { client, requests } = setup(ticketServer());
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const result = await client.save(URL_T1, { ...value, status: 'closed' }, { method: 'PATCH' });
    expect(requests[1]?.headers.get('content-type')).toBe('application/merge-patch+json');
    expect(requests[1]?.body).toEqual({ status: 'closed' });
    expect(result.ok).toBe(true);
  });

  it('PATCH with asPatch sends the value as it is', async () => {
    const { client, requests } = setup(ticketServer());
    await client.read(URL_T1);
    await client.save(URL_T1, { assignee: null }, { method: 'PATCH', asPatch: true });
    expect(requests[1]?.body).toEqual({ assignee: null });
  });

  it('returns a stale conflict on 412 and records the current version as latest', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    server.state.record = { ...server.state.record, title: 'Theirs', version: 2 };
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.conflict).toMatchObject({ kind: 'stale', status: 412, method: 'PUT' });
    expect(client.registry.get(key)).toMatchObject({
      freshness: 'stale',
      base: { title: 'Printer jammed' },
      latest: { validator: { etag: { opaque: 'v2' }, version: 2 }, value: { title: 'Theirs' } },
    });
  });

  it('a bare 412 keeps what an announcement said of the change (who, another tab, which version)', async () => {
    const { client, key } = setup({ handler: (request) => (request.method === 'GET' ? Response.json({ title: 'Printer jammed' }, { headers: { etag: '"v1"' } }) : new Response(null, { status: 412 })) });
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const announced = { changedBy: 'operator-b', inOtherTab: true, latest: { validator: { etag: { weak: false, opaque: 'v2' } } } };
    client.registry.markStale(key, announced);
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(result.ok).toBe(false);
    expect(client.registry.get(key)).toMatchObject({ freshness: 'stale', ...announced });
  });

  it('falls back to the body version field when the server only sends weak ETags', async () => {
    const server = ticketServer({ tags: 'weak' });
    const { client, writes } = setup(server, { versionField: 'version' });
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const result = await client.save(URL_T1, { ...value, title: 'Mine', version: 99 }, { method: 'PUT' });
    const write = writes()[0];
    expect(write?.headers.has('if-match')).toBe(false);
    expect(write?.body).toMatchObject({ title: 'Mine', version: 1 });
    expect(result.ok).toBe(true);
  });

  it('puts the version into a PATCH body too', async () => {
    const server = ticketServer({ tags: 'none' });
    const { client, writes } = setup(server, { versionField: 'version' });
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    await client.save(URL_T1, { ...value, title: 'Mine' }, { method: 'PATCH' });
    expect(writes()[0]?.body).toEqual({ title: 'Mine', version: 1 });
  });

  it('refuses a write with only a weak ETag and no version field, without sending it', async () => {
    const server = ticketServer({ tags: 'weak' });
    const { client, writes } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const error = await client.save(URL_T1, { ...value, title: 'Mine' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprotectedWriteError);
    expect((error as UnprotectedWriteError).reason).toBe('weak-etag');
    expect((error as Error).message).toContain(`PUT ${BASE}${URL_T1}`);
    expect(writes()).toHaveLength(0);
    expect(server.state.record['title']).toBe('Printer jammed');
  });

  it('refetches once when a weak tag turns strong for the same version (Apache mod_dav)', async () => {
    const server = ticketServer({ tags: 'weak' });
    const { client, writes } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    server.state.tags = 'strong';
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(writes()[0]?.headers.get('if-match')).toBe('"v1"');
    expect(result.ok).toBe(true);
  });

  it('returns a stale conflict without writing when the refetch shows a newer version', async () => {
    const server = ticketServer({ tags: 'weak' });
    const { client, writes, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    server.state.tags = 'strong';
    server.state.record = { ...server.state.record, title: 'Theirs', version: 2 };
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(writes()).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'stale', source: 'refetch', current: { title: 'Theirs' } } });
    expect(client.registry.get(key)?.freshness).toBe('stale');
  });

  it('refuses a write with no validator at all, unless unprotected', async () => {
    const server = ticketServer({ tags: 'none' });
    const { client, writes } = setup(server);
    const error = await client.save(URL_T1, { title: 'Blind' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprotectedWriteError);
    expect((error as UnprotectedWriteError).reason).toBe('no-validator');
    expect(writes()).toHaveLength(0);
    const result = await client.save(URL_T1, { title: 'Blind' }, { unprotected: true });
    expect(writes()).toHaveLength(1);
    // The server wants a precondition: a conflict value, not an exception.
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'precondition-required', status: 428 } });
  });

  it('uses an explicit validator and base over the registry', async () => {
    const { client, requests } = setup(ticketServer());
    await client.save(URL_T1, { title: 'x', status: 'open' }, {
      method: 'PATCH',
      validator: { etag: { weak: false, opaque: 'v1' } },
      base: { title: 'Printer jammed', status: 'open' },
    });
    expect(requests[0]?.headers.get('if-match')).toBe('"v1"');
    expect(requests[0]?.body).toEqual({ title: 'x' });
  });

  it('marks the record unknown and refetches when a 2xx carries no validator', async () => {
    const server = ticketServer({ etagOnWrite: false, bodyOnWrite: false });
    const { client, requests, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const states: (string | undefined)[] = [];
    client.registry.subscribe(key, (entry) => states.push(entry?.freshness));
    const result = await client.save(URL_T1, { ...value, title: 'Mine' });
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(requests[2]?.headers.has('if-none-match')).toBe(false);
    expect(states).toEqual(['unknown', 'fresh']);
    expect(result).toMatchObject({ ok: true, value: { title: 'Mine', version: 2 }, validator: { etag: { opaque: 'v2' } } });
  });

  it('with a version field, refetches after a write whose answer lacks it (CouchDB {ok, id, rev}), so the next write carries the new _rev', async () => {
    let rev = 1;
    const { client, requests } = setup(
      {
        handler: (req, body) => {
          if (req.method === 'GET') return json({ _id: 'd', title: 't', _rev: `${rev}-x` }, { headers: { etag: `W/"get-${rev}"` } });
          if ((body as { _rev?: string })._rev !== `${rev}-x`) return json({ error: 'conflict', reason: 'Document update conflict.' }, { status: 409 });
          rev++;
          return json({ ok: true, id: 'd', rev: `${rev}-x` }, { status: 201, headers: { etag: `"${rev}-x"` } });
        },
      },
      { versionField: '_rev' },
    );
    await client.read(URL_T1);
    expect((await client.save(URL_T1, { _id: 'd', title: 'a' })).ok).toBe(true);
    expect(client.registry.get(client.keyFor(URL_T1))?.base).toEqual({ _id: 'd', title: 't', _rev: '2-x' });
    expect((await client.save(URL_T1, { _id: 'd', title: 'b' })).ok).toBe(true);
    expect(requests.filter((r) => r.method === 'PUT').map((r) => (r.body as { _rev: string })._rev)).toEqual(['1-x', '2-x']);
  });

  it('against the Kubernetes API (kubernetesReader, metadata.resourceVersion as the version), a write on a stale resourceVersion is a stale conflict', async () => {
    let resourceVersion = 41;
    const object = () => ({ kind: 'ConfigMap', metadata: { name: 'app-config', resourceVersion: String(resourceVersion) }, data: { mode: 'a' } });
    const { client, requests } = setup(
      {
        handler: (req, body) => {
          if (req.method === 'GET') return json(object());
          const sent = (body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
          if (sent !== String(resourceVersion)) {
            const message = 'Operation cannot be fulfilled on configmaps "app-config": the object has been modified; please apply your changes to the latest version and try again';
            return json({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason: 'Conflict', details: { name: 'app-config', kind: 'configmaps' }, code: 409 }, { status: 409 });
          }
          resourceVersion++;
          return json(object());
        },
      },
      { readers: [kubernetesReader], versionField: ['metadata', 'resourceVersion'] },
    );
    const { value } = await client.read<ReturnType<typeof object>>(URL_T1);
    resourceVersion = 42; // someone else's write
    const result = await client.save(URL_T1, { ...value, data: { mode: 'b' } });
    expect((requests[1]?.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe('41');
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'stale', status: 409, source: 'kubernetes', reason: 'Conflict' } });
  });

  it('takes a write answered with an HTML page as done, and reads the record back', async () => {
    const server = ticketServer();
    const { client, writes } = setup({
      handler: (request, body) =>
        request.method === 'PUT'
          ? new Response('<html><body>Created</body></html>', { status: 201, headers: { 'content-type': 'text/html' } })
          : server.handler(request, body),
    });
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    const result = await client.save(URL_T1, { ...value, status: 'closed' });
    expect(result).toMatchObject({ ok: true, value: { status: 'open', version: 1 } });
    expect(writes()).toHaveLength(1);
  });

  it('trusts a 204 with an ETag and keeps the sent value as the base', async () => {
    const server = ticketServer({ bodyOnWrite: false });
    const { client, requests, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    await client.save(URL_T1, { ...value, status: 'closed' }, { method: 'PATCH' });
    expect(requests).toHaveLength(2);
    expect(client.registry.get(key)).toMatchObject({ base: { status: 'closed', title: 'Printer jammed' }, validator: { etag: { opaque: 'v2' } } });
  });

  it('returns a deleted conflict when the record is gone', async () => {
    const server = ticketServer();
    const { client, key } = setup(server);
    const { value } = await client.read<Record<string, unknown>>(URL_T1);
    server.state.deleted = true;
    const result = await client.save(URL_T1, value);
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'deleted', status: 404 } });
    expect(client.registry.get(key)?.freshness).toBe('deleted');
  });

  it('throws HttpError with the problem title, detail and request id for other failures', async () => {
    const { client } = setup({
      handler: (req) =>
        req.method === 'GET'
          ? json({ id: 1 }, { headers: { etag: '"a"' } })
          : json(
              { title: 'Validation failed', detail: 'title is too long', requestId: 'req_9' },
              { status: 400, headers: { 'content-type': 'application/problem+json' } },
            ),
    });
    await client.read(URL_T1);
    const error = await client.save(URL_T1, { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const http = error as HttpError;
    expect(http.status).toBe(400);
    expect(http.detail).toBe('Validation failed: title is too long');
    expect(http.requestId).toBe('req_9');
    expect(http.message).toContain(`PUT ${BASE}${URL_T1}`);
  });

  it('keeps HTML error pages out of the message', async () => {
    const { client } = setup({
      handler: (req) =>
        req.method === 'GET'
          ? json({ id: 1 }, { headers: { etag: '"a"' } })
          : new Response('<html><script>alert(1)</script></html>', { status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'edge-7' } }),
    });
    await client.read(URL_T1);
    const error = (await client.save(URL_T1, { id: 1 }).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(502);
    expect(error.message).not.toContain('<');
    expect(error.requestId).toBe('edge-7');
  });

  it('throws NetworkError naming the request when fetch fails', async () => {
    const registry = createVersionRegistry();
    registry.record(`${BASE}${URL_T1}`, { validator: { etag: { weak: false, opaque: 'a' } }, base: {} });
    const client = createConflictClient({ baseUrl: BASE, registry, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const error = await client.save(URL_T1, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(`PUT ${BASE}${URL_T1}`);
  });

  it('treats a 2xx write whose body is not JSON (mod_dav\'s HTML "Created" page) as no representation: saved, then refetched', async () => {
    let version = 1;
    const { client, requests } = setup({
      handler: (req) => {
        if (req.method === 'GET') return json({ id: 1, v: version }, { headers: { etag: `"a${version}"` } });
        version++;
        return new Response('<!DOCTYPE html><h1>Created</h1>', { status: 201, headers: { 'content-type': 'text/html' } });
      },
    });
    await client.read(URL_T1);
    const saved = await client.save(URL_T1, { id: 1, v: 2 });
    expect(saved).toMatchObject({ ok: true, value: { id: 1, v: 2 }, validator: { etag: { weak: false, opaque: 'a2' } } });
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(client.registry.get(client.keyFor(URL_T1))).toMatchObject({ freshness: 'fresh', base: { id: 1, v: 2 } });
  });

  it('still throws InvalidResponseError for a 200 read whose body is not JSON', async () => {
    const { client } = setup({ handler: () => new Response('OK!', { status: 200 }) });
    await expect(client.read(URL_T1)).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('sends the configured headers, static or per request', async () => {
    let actor = 'ana';
    const { client, requests } = setup(ticketServer(), { headers: () => ({ 'X-Actor': actor }) });
    await client.read(URL_T1);
    actor = 'bo';
    await client.read(URL_T1, { headers: { 'X-Trace': 't1' } });
    expect(requests.map((r) => r.headers.get('x-actor'))).toEqual(['ana', 'bo']);
    expect(requests[1]?.headers.get('x-trace')).toBe('t1');
  });
});

/** An order API with Idempotency-Key handling: one order per key and per external id. */
function orderServer() {
  const orders = new Map<string, { id: string; externalId: string }>();
  const byKey = new Map<string, string>();
  let failNext = false;
  const handler: Handler = (request, body) => {
    const key = request.headers.get('idempotency-key') ?? '';
    const replay = byKey.get(key);
    if (replay) return json(orders.get(replay), { status: 201, headers: { location: `/api/orders/${replay}`, 'idempotent-replayed': 'true', etag: '"o1"' } });
    const externalId = (body as { externalId: string }).externalId;
    const existing = [...orders.values()].find((o) => o.externalId === externalId);
    if (existing) {
      return json({ requestId: 'req_create_8bf1', status: 409, reason: 'duplicate_external_id', externalId, existingResourceId: `orders/${existing.id}` }, { status: 409 });
    }
    const id = `2026-${orders.size + 1}`;
    orders.set(id, { id, externalId });
    byKey.set(key, id);
    // The order is created, but the answer is lost on the way back.
    if (failNext) {
      failNext = false;
      throw new TypeError('connection reset');
    }
    return json(orders.get(id), { status: 201, headers: { location: `/api/orders/${id}`, etag: '"o1"' } });
  };
  return { orders, handler, failOnce: () => (failNext = true) };
}

describe('create', () => {
  it('sends the intent key as a structured-field string and completes the intent on success', async () => {
    const server = orderServer();
    const storage = memoryIntentStorage();
    const { client, requests } = setup(server, { intentStorage: storage, generateKey: () => 'idem_4f901d' });
    const result = await client.create('/api/orders', { externalId: 'order-88421' }, { intent: 'orders/new:order-88421' });
    expect(requests[0]?.headers.get('idempotency-key')).toBe('"idem_4f901d"');
    expect(requests[0]?.headers.has('if-none-match')).toBe(false);
    expect(result).toMatchObject({ ok: true, replayed: false, location: `${BASE}/api/orders/2026-1`, value: { id: '2026-1' } });
    expect(storage.get('orders/new:order-88421')).toBeNull();
    expect(client.registry.get(`${BASE}/api/orders/2026-1`)).toMatchObject({ base: { id: '2026-1' }, freshness: 'fresh' });
  });

  it('keeps the intent on a network error so the retry reuses the key and creates once', async () => {
    const server = orderServer();
    const storage = memoryIntentStorage();
    let n = 0;
    const { client, requests } = setup(server, { intentStorage: storage, generateKey: () => `key-${++n}` });
    server.failOnce();
    await expect(client.create('/api/orders', { externalId: 'e1' }, { intent: 'orders/new:e1' })).rejects.toBeInstanceOf(NetworkError);
    expect(storage.get('orders/new:e1')).not.toBeNull();
    const retry = await client.create('/api/orders', { externalId: 'e1' }, { intent: 'orders/new:e1' });
    expect(requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['"key-1"', '"key-1"']);
    expect(retry).toMatchObject({ ok: true, replayed: true });
    expect(server.orders.size).toBe(1);
    expect(storage.get('orders/new:e1')).toBeNull();
  });

  it('reuses the key across a reload (two clients sharing Web Storage)', async () => {
    const server = orderServer();
    const map = new Map<string, string>();
    const web: WebStorageLike = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
    const before = setup(server, { intentStorage: webIntentStorage(web), generateKey: () => 'first-page' });
    server.failOnce();
    await before.client.create('/api/orders', { externalId: 'e2' }, { intent: 'orders/new:e2' }).catch(() => undefined);
    const after = setup(server, { intentStorage: webIntentStorage(web), generateKey: () => 'second-page' });
    const result = await after.client.create('/api/orders', { externalId: 'e2' }, { intent: 'orders/new:e2' });
    expect(after.requests[0]?.headers.get('idempotency-key')).toBe('"first-page"');
    expect(result).toMatchObject({ ok: true, replayed: true });
    expect(server.orders.size).toBe(1);
  });

  it('accepts an Intent object', async () => {
    const storage = memoryIntentStorage();
    const intent = createIntent('form-7', { storage, generateKey: () => 'k7' });
    const { client, requests } = setup(orderServer());
    await client.create('/api/orders', { externalId: 'e7' }, { intent });
    expect(requests[0]?.headers.get('idempotency-key')).toBe('"k7"');
    expect(storage.get('form-7')).toBeNull();
  });

  it('returns a duplicate conflict for an existing external id and completes the intent (adopt)', async () => {
    const server = orderServer();
    const storage = memoryIntentStorage();
    let n = 0;
    const { client } = setup(server, { intentStorage: storage, generateKey: () => `k${++n}` });
    await client.create('/api/orders', { externalId: 'order-88421' }, { intent: 'tab-1' });
    const result = await client.create('/api/orders', { externalId: 'order-88421' }, { intent: 'tab-2' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate', existing: 'orders/2026-1', requestId: 'req_create_8bf1' } });
    expect(storage.get('tab-2')).toBeNull();
    expect(server.orders.size).toBe(1);
  });

  it('keeps the intent while the key is still in flight', async () => {
    const storage = memoryIntentStorage();
    const { client } = setup(
      { handler: () => json({ type: 'about:blank', title: 'in flight', reason: 'idempotency_key_in_use' }, { status: 409, headers: { 'content-type': 'application/problem+json', 'retry-after': '2' } }) },
      { intentStorage: storage },
    );
    const result = await client.create('/api/orders', { externalId: 'e' }, { intent: 's' });
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'idempotency-in-flight' } });
    expect(storage.get('s')).not.toBeNull();
  });

  it('PUT-creates with If-None-Match: * and maps 412 to a duplicate', async () => {
    const storage = memoryIntentStorage();
    const { client, requests } = setup({ handler: () => new Response(null, { status: 412 }) }, { intentStorage: storage });
    const result = await client.create('/api/documents/d1', { title: 'x' }, { intent: 'doc:d1', method: 'PUT' });
    expect(requests[0]?.headers.get('if-none-match')).toBe('*');
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'duplicate' } });
    expect(storage.get('doc:d1')).toBeNull();
  });

  it('fails a create the server refused for invalid fields (422) with the HttpError naming them, not as a reused Idempotency-Key', async () => {
    const storage = memoryIntentStorage();
    const body = { type: 'https://example.com/problems/unprocessable', title: 'Invalid fields', status: 422, detail: 'items[0].sku must be letters or digits.' };
    const { client } = setup({ handler: () => Response.json(body, { status: 422, headers: { 'content-type': 'application/problem+json' } }) }, { intentStorage: storage });
    const failure = await client.create('/api/orders', { items: [{ sku: 'bad sku!' }] }, { intent: 's' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ status: 422, detail: 'Invalid fields: items[0].sku must be letters or digits.' });
    expect((failure as HttpError).message).toMatch(/^The server answered 422: Invalid fields: items\[0\]\.sku must be letters or digits\. \(POST /);
    // Nothing was created: the same intent (and key) carries the corrected retry.
    expect(storage.get('s')).not.toBeNull();
  });

  it('keeps the intent when the server fails', async () => {
    const storage = memoryIntentStorage();
    const { client } = setup({ handler: () => new Response('boom', { status: 503 }) }, { intentStorage: storage });
    await expect(client.create('/api/orders', {}, { intent: 's' })).rejects.toBeInstanceOf(HttpError);
    expect(storage.get('s')).not.toBeNull();
  });
});

describe('transition', () => {
  const transitionServer = (): { handler: Handler } => ({
    handler: (request, body) => {
      const to = (body as { to: string }).to;
      if (to === 'cancelled') {
        return json(
          { reason: 'invalid_transition', currentState: 'fulfilling', allowedTransitions: ['shipped'], current: { id: 'o1', state: 'fulfilling' } },
          { status: 409 },
        );
      }
      return json({ id: 'o1', state: to, version: 3 }, { headers: { etag: '"o3"' } });
    },
  });

  it('posts the action and records the result under the given key', async () => {
    const { client, requests } = setup(transitionServer());
    const result = await client.transition('/api/orders/o1/transitions', { to: 'shipped' }, { key: '/api/orders/o1' });
    expect(requests[0]?.method).toBe('POST');
    expect(result).toMatchObject({ ok: true, value: { state: 'shipped' } });
    expect(client.registry.get('/api/orders/o1')).toMatchObject({ base: { state: 'shipped' }, validator: { etag: { opaque: 'o3' } } });
  });

  it('returns an invalid transition as a conflict and never retries', async () => {
    const { client, requests } = setup(transitionServer());
    client.registry.record('/api/orders/o1', { validator: {}, base: { id: 'o1', state: 'new' } });
    const result = await client.transition('/api/orders/o1/transitions', { to: 'cancelled' }, { key: '/api/orders/o1' });
    expect(requests).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, conflict: { kind: 'transition', currentState: 'fulfilling', allowedTransitions: ['shipped'] } });
    expect(client.registry.get('/api/orders/o1')).toMatchObject({ freshness: 'stale', latest: { value: { state: 'fulfilling' } } });
  });

  it('leaves the registry alone without a key', async () => {
    const { client } = setup(transitionServer());
    await client.transition('/api/orders/o1/transitions', { to: 'shipped' });
    expect(client.registry.keys()).toEqual([]);
  });
});
