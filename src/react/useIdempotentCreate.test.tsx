import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../demo/server/demoStore';
import { respond } from '../../test/support/conflictResponses';
import { demoServer as inProcessServer, kitWrapper, type Fetch } from '../../test/support/kitHarness';
import { NetworkError, type DuplicateConflict } from '../core/index';
import type { ConflictKitProviderProps } from './ConflictKitProvider';
import type { ConflictResolver } from './resolver';
import { useDraft } from './useDraft';
import { useIdempotentCreate, type UseIdempotentCreateOptions } from './useIdempotentCreate';

afterEach(cleanup);

/** The demo server, with the idempotency key and status of every POST that reached it. */
function demoServer() {
  const { store, app, fetchVia } = inProcessServer();
  const posts: { key: string | null; status: number }[] = [];
  const fetch = fetchVia(async (request, forward) => {
    const response = await forward(request);
    if (request.method === 'POST') posts.push({ key: request.headers.get('idempotency-key'), status: response.status });
    return response;
  });
  return { store, app, fetch, posts };
}

const providers = (fetch: Fetch, props: Partial<ConflictKitProviderProps> = {}) =>
  kitWrapper({ fetch, actor: 'ana', queryClient: new QueryClient(), ...props });

const newOrder = (externalId: string) => ({ externalId, items: [{ sku: 'KB-MX-RED', quantity: 1 }] });

function CreateForm(props: Omit<UseIdempotentCreateOptions<Order>, 'url'> & { externalId: string }) {
  const { externalId, ...options } = props;
  const { mutate, status, data } = useIdempotentCreate<Order>({ url: '/api/orders', ...options });
  return (
    <>
      <button onClick={() => mutate(newOrder(externalId))}>Create order</button>
      <output>{data ? `${status} ${data.outcome}` : status}</output>
      {data?.outcome === 'created' && data.read && <p>Created {data.value.id}</p>}
    </>
  );
}

const scope = () => `orders/new:${Math.random()}`;

/** What a server answers when this intent's key already created O-1005, with other details. */
const keyReused = () => respond(422, JSON.stringify({ status: 422, reason: 'idempotency_key_reused', existing: '/api/orders/O-1005' }), { 'content-type': 'application/problem+json' });

describe('useIdempotentCreate', () => {
  it('sends one POST for a double click', async () => {
    const server = demoServer();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first request is still on the wire when the second click lands.
    const slow: Fetch = async (url, init) => {
      await gate;
      return server.fetch(url, init);
    };
    const user = userEvent.setup();
    render(<CreateForm intent={scope()} externalId="shop-new-1" />, { wrapper: providers(slow) });

    await user.dblClick(screen.getByRole('button', { name: 'Create order' }));
    release();

    await screen.findByText(/^Created O-/);
    expect(server.posts).toHaveLength(1);
    expect((await server.store.orders.list()).filter((o) => o.externalId === 'shop-new-1')).toHaveLength(1);
  });

  it('answers a click after the create succeeded with the created order instead of creating again', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    render(<CreateForm intent={scope()} externalId="shop-new-4" />, { wrapper: providers(server.fetch) });
    const button = screen.getByRole('button', { name: 'Create order' });

    await user.click(button);
    await screen.findByText(/^Created O-/);
    await user.click(button);

    expect(server.posts).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('success created');
  });

  it('sends a create of another intent after one succeeded (a second order from the same form)', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    const { rerender } = render(<CreateForm intent={(body) => `orders/new:${(body as { externalId: string }).externalId}`} externalId="shop-new-5" />, {
      wrapper: providers(server.fetch),
    });
    await user.click(screen.getByRole('button', { name: 'Create order' }));
    await screen.findByText(/^Created O-/);

    rerender(<CreateForm intent={(body) => `orders/new:${(body as { externalId: string }).externalId}`} externalId="shop-new-6" />);
    await user.click(screen.getByRole('button', { name: 'Create order' }));

    await waitFor(() => expect(server.posts).toHaveLength(2));
    expect((await server.store.orders.list()).filter((o) => o.externalId === 'shop-new-6')).toHaveLength(1);
  });

  it('retries a lost request with the same key, waits while it is in flight, and gets the one order back', async () => {
    const server = demoServer();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = server.store.orders.create.bind(server.store.orders);
    // The server is slow to commit the first request…
    server.store.orders.create = async (...args) => {
      await gate;
      return create(...args);
    };
    let first = true;
    const flaky: Fetch = async (url, init) => {
      if (first && init.method === 'POST') {
        first = false;
        // …and the network drops the connection while it works.
        void server.fetch(url, init);
        throw new TypeError('Failed to fetch');
      }
      const response = await server.fetch(url, init);
      if (response.status === 409) release();
      return response;
    };
    const user = userEvent.setup();
    const onSuccess = vi.fn();
    render(<CreateForm intent={scope()} externalId="shop-new-2" maxRetryDelayMs={20} onSuccess={onSuccess} />, { wrapper: providers(flaky) });
    const button = screen.getByRole('button', { name: 'Create order' });

    await user.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('error'));
    await user.click(button);

    await screen.findByText(/^Created O-/);
    const keys = new Set(server.posts.map((p) => p.key));
    expect(keys.size).toBe(1);
    // The lost first request commits after the retry saw it in flight; the next retry gets its replay.
    expect(server.posts.map((p) => p.status).sort()).toEqual([201, 201, 409]);
    expect(onSuccess).toHaveBeenCalledWith(
      expect.objectContaining({ outcome: 'created', replayed: true, value: expect.objectContaining({ externalId: 'shop-new-2' }) }),
      expect.anything(),
      undefined,
      expect.anything(),
    );
    expect((await server.store.orders.list()).filter((o) => o.externalId === 'shop-new-2')).toHaveLength(1);
  });

  it('keeps the intent’s key across a reload after a failed attempt', async () => {
    const server = demoServer();
    const offline: Fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const sameScope = scope();
    const outcomes: unknown[] = [];
    function Probe({ fetchLabel }: { fetchLabel: string }) {
      const { mutateAsync } = useIdempotentCreate<Order>({ url: '/api/orders', intent: sameScope });
      return <button onClick={() => void mutateAsync(newOrder('shop-new-3')).then((o) => outcomes.push(o), (e: unknown) => outcomes.push(e))}>{fetchLabel}</button>;
    }
    const user = userEvent.setup();
    const first = render(<Probe fetchLabel="offline" />, { wrapper: providers(offline) });
    await user.click(screen.getByRole('button', { name: 'offline' }));
    await waitFor(() => expect(outcomes).toHaveLength(1));
    expect(outcomes[0]).toBeInstanceOf(NetworkError);
    first.unmount(); // the reload

    let sentKey: string | null = null;
    const online: Fetch = (url, init) => {
      sentKey = new Headers(init.headers).get('idempotency-key');
      return server.fetch(url, init);
    };
    render(<Probe fetchLabel="online" />, { wrapper: providers(online) });
    await user.click(screen.getByRole('button', { name: 'online' }));
    await waitFor(() => expect(outcomes).toHaveLength(2));

    expect(outcomes[1]).toMatchObject({ outcome: 'created' });
    const stored = sessionStorage.getItem(`conflict-kit:intent:${sameScope}`);
    expect(stored).toBeNull(); // completed intents are forgotten
    expect(sentKey).toMatch(/^"[0-9a-f-]{36}"$/);
  });

  it('offers the existing order on a duplicate external id and never creates a second one', async () => {
    const server = demoServer();
    const duplicate = vi.fn(async () => ({ action: 'view-existing' as const }));
    const resolver: ConflictResolver = {
      merge: vi.fn(),
      duplicate,
      transition: vi.fn(),
      problem: vi.fn(),
    } as unknown as ConflictResolver;
    const user = userEvent.setup();
    render(
      <CreateForm
        intent={scope()}
        externalId="shop-2026-88419"
        existingHref={(conflict: DuplicateConflict) => `/orders/${conflict.existing?.split('/').pop() ?? ''}`}
      />,
      { wrapper: providers(server.fetch, { resolver }) },
    );

    await user.click(screen.getByRole('button', { name: 'Create order' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success duplicate'));
    expect(duplicate).toHaveBeenCalledWith(
      expect.objectContaining({
        existingHref: '/orders/O-1001',
        conflict: expect.objectContaining({ kind: 'duplicate', existing: expect.stringContaining('O-1001') }),
        sent: newOrder('shop-2026-88419'),
      }),
    );
    expect((await server.store.orders.list()).filter((o) => o.externalId === 'shop-2026-88419')).toHaveLength(1);
  });

  it('leads a retry with changed input after a lost answer to the order it created, never "nothing was created" (issue 9, item 2)', async () => {
    const duplicate = vi.fn(async () => ({ action: 'view-existing' as const }));
    const resolver = { merge: vi.fn(), duplicate, transition: vi.fn(), problem: vi.fn() } as unknown as ConflictResolver;
    // What a server answers when the key's first request created O-1005 with other details.
    const reused: Fetch = async () =>
      new Response(
        JSON.stringify({ type: 'https://conflict-kit.dev/problems/idempotency-key-reused', status: 422, reason: 'idempotency_key_reused', existing: '/api/orders/O-1005', current: { id: 'O-1005', externalId: 'shop-new-7' } }),
        { status: 422, headers: { 'content-type': 'application/problem+json' } },
      );
    const user = userEvent.setup();
    render(<CreateForm intent={scope()} externalId="shop-new-7" existingHref={(conflict) => conflict.existing ?? ''} />, { wrapper: providers(reused, { resolver }) });

    await user.click(screen.getByRole('button', { name: 'Create order' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success duplicate'));
    expect(duplicate).toHaveBeenCalledWith(
      expect.objectContaining({ existingHref: '/api/orders/O-1005', conflict: expect.objectContaining({ kind: 'duplicate', reason: 'idempotency_key_reused', status: 422 }) }),
    );
  });

  it('ends the create, without sending it again, when an app’s own duplicate dialog closes with no answer', async () => {
    // A hand-written dialog (plain JS, or a cast) that resolves with nothing when dismissed.
    const duplicate = vi.fn(async () => undefined);
    const resolver = { merge: vi.fn(), duplicate, transition: vi.fn(), problem: vi.fn() } as unknown as ConflictResolver;
    let sent = 0;
    const reused: Fetch = async () => {
      sent += 1;
      // A create sent again would be created: the fourth time, so a loop ends (and fails below) instead of spinning.
      if (sent > 3) return Response.json({ id: 'O-1006', externalId: 'shop-new-8' }, { status: 201 });
      return keyReused();
    };
    const user = userEvent.setup();
    render(<CreateForm intent={scope()} externalId="shop-new-8" />, { wrapper: providers(reused, { resolver }) });

    await user.click(screen.getByRole('button', { name: 'Create order' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success cancelled'));
    expect(duplicate).toHaveBeenCalledTimes(1);
    expect(sent).toBe(1);
  });

  it('takes the answer of an app’s duplicate dialog that hands back a bare thenable instead of a Promise', async () => {
    const answer = { then: (done: (value: { action: 'view-existing' }) => void) => void setTimeout(() => done({ action: 'view-existing' }), 10) };
    const resolver = { merge: vi.fn(), duplicate: () => answer, transition: vi.fn(), problem: vi.fn() } as unknown as ConflictResolver;
    const reused: Fetch = async () => keyReused();
    const user = userEvent.setup();
    render(<CreateForm intent={scope()} externalId="shop-new-9" />, { wrapper: providers(reused, { resolver }) });

    await user.click(screen.getByRole('button', { name: 'Create order' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success duplicate'));
  });

  it('keeps a create form’s draft until the thing is created, then clears it', async () => {
    const server = demoServer();
    const offline = { now: true };
    const fetch: Fetch = (url, init) => (offline.now ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(url, init));
    const sameScope = scope();
    const { result } = renderHook(
      () => {
        const draft = useDraft({ key: 'orders/new', initial: newOrder(''), storage: 'session' });
        const create = useIdempotentCreate<Order, ReturnType<typeof newOrder>>({ url: '/api/orders', intent: sameScope, draft });
        return { draft, create };
      },
      { wrapper: providers(fetch) },
    );
    act(() => result.current.draft.setDraft(newOrder('shop-new-8')));

    await act(async () => {
      await result.current.create.mutateAsync(result.current.draft.draft).catch(() => undefined);
    });
    expect(result.current.draft).toMatchObject({ dirty: true, draft: { externalId: 'shop-new-8' } });

    offline.now = false;
    await act(async () => {
      await result.current.create.mutateAsync(result.current.draft.draft);
    });
    expect(result.current.draft.dirty).toBe(false);
    expect(sessionStorage.getItem('conflict-kit:draft:orders/new')).toBeNull();
  });
});

describe('useIdempotentCreate on a CouchDB-style database (PUT-create)', () => {
  interface Contact {
    readonly _id: string;
    readonly name: string;
  }
  /** PUT /contacts/{id}: 201 {ok, id, rev} with a Location, 409 {"error":"conflict"} when it exists. */
  function couch() {
    const docs = new Map<string, Record<string, unknown>>();
    const sent: string[] = [];
    const fetch: Fetch = async (url, init) => {
      const method = init.method ?? 'GET';
      sent.push(`${method} ${url} ${new Headers(init.headers).get('if-none-match') ?? ''}`.trim());
      const id = decodeURIComponent(url.split('/').pop() ?? '');
      const headers = { 'content-type': 'application/json' };
      if (method === 'GET') {
        const doc = docs.get(id);
        return new Response(JSON.stringify(doc ?? { error: 'not_found' }), { status: doc ? 200 : 404, headers });
      }
      if (docs.has(id)) return new Response(JSON.stringify({ error: 'conflict', reason: 'Document update conflict.' }), { status: 409, headers });
      docs.set(id, { ...(JSON.parse(String(init.body)) as object), _id: id, _rev: '1-a' });
      return new Response(JSON.stringify({ ok: true, id, rev: '1-a' }), { status: 201, headers: { ...headers, location: `http://couch.test/contacts/${id}` } });
    };
    return { docs, sent, fetch };
  }

  function NewContact(props: { id: string; onDuplicate?: (href: string) => void }) {
    const { mutate, data } = useIdempotentCreate<Contact, Contact>({
      url: (contact) => `http://couch.test/contacts/${contact._id}`,
      method: 'PUT',
      intent: (contact) => `contacts/new:${contact._id}`,
      existingHref: (conflict) => `/contacts/${conflict.existing?.split('/').pop() ?? ''}`,
    });
    return (
      <>
        <button onClick={() => mutate({ _id: props.id, name: 'Ana' })}>Create contact</button>
        <output>{data?.outcome === 'created' && data.read ? `Created ${data.value._id} (${data.value.name})` : (data?.outcome ?? '')}</output>
      </>
    );
  }

  it('PUTs to the URL built from the body with If-None-Match: * and answers with the record read back', async () => {
    const server = couch();
    const user = userEvent.setup();
    render(<NewContact id="ana" />, { wrapper: providers(server.fetch) });
    await user.click(screen.getByRole('button', { name: 'Create contact' }));
    await screen.findByText('Created ana (Ana)');
    expect(server.sent).toEqual(['PUT http://couch.test/contacts/ana *', 'GET http://couch.test/contacts/ana']);
  });

  it('leads a duplicate whose answer names nothing to the record it tried to create', async () => {
    const server = couch();
    server.docs.set('bo', { _id: 'bo', name: 'Bo', _rev: '1-b' });
    const duplicate = vi.fn(async () => ({ action: 'view-existing' as const }));
    const resolver = { merge: vi.fn(), duplicate, transition: vi.fn(), problem: vi.fn() } as unknown as ConflictResolver;
    const user = userEvent.setup();
    render(<NewContact id="bo" />, { wrapper: providers(server.fetch, { resolver }) });
    await user.click(screen.getByRole('button', { name: 'Create contact' }));
    await screen.findByText('duplicate');
    expect(duplicate).toHaveBeenCalledWith(expect.objectContaining({ existingHref: '/contacts/bo', conflict: expect.objectContaining({ existing: 'http://couch.test/contacts/bo' }) }));
  });
  it('gives up on an earlier request still in flight with a true account: how many times it asked, with the same key', async () => {
    const keys: (string | null)[] = [];
    const inFlight: Fetch = async (_url, init) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      return new Response(null, { status: 409, headers: { 'retry-after': '0' } });
    };
    const { result } = renderHook(() => useIdempotentCreate<Order>({ url: '/api/orders', intent: scope(), maxInFlightRetries: 2 }), { wrapper: providers(inFlight) });
    act(() => result.current.mutate(newOrder('shop-wait-2')));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(result.current.error?.message).toMatch(/^The server is still processing an earlier request of this create \(it said so 3 times, to the same Idempotency-Key\)\. Check back in a moment before creating it again\./);
  });

  it('reads a 409 naming the field taken as a duplicate, sent once: "already created — view existing", not a wait for the key', async () => {
    const posts: string[] = [];
    const taken: Fetch = async (url, init) => {
      posts.push(`${init.method} ${url}`);
      return new Response(JSON.stringify({ reason: 'duplicate_slug', message: 'A note with slug "groceries" already exists', existing: '/api/notes/n2' }), { status: 409, headers: { 'content-type': 'application/json' } });
    };
    const duplicate = vi.fn(async () => ({ action: 'dismiss' as const }));
    const resolver = { merge: vi.fn(), duplicate, transition: vi.fn(), problem: vi.fn() } as unknown as ConflictResolver;
    const { result } = renderHook(() => useIdempotentCreate<Order>({ url: '/api/notes', intent: scope() }), { wrapper: providers(taken, { resolver }) });
    act(() => result.current.mutate(newOrder('groceries')));
    await waitFor(() => expect(result.current.data?.outcome).toBe('duplicate'));
    expect(posts).toHaveLength(1);
    expect(duplicate).toHaveBeenCalledWith(expect.objectContaining({ conflict: expect.objectContaining({ kind: 'duplicate', existing: '/api/notes/n2', detail: 'A note with slug "groceries" already exists' }) }));
  });

  it('stopped while it waits for an earlier request of the same create, leaves no timer running', async () => {
    // The server is still processing this intent's first request and asks to come back in 4 s.
    const inFlight: Fetch = async () =>
      new Response(JSON.stringify({ status: 409, reason: 'idempotency_key_in_use' }), {
        status: 409,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '4' },
      });
    const set = vi.spyOn(globalThis, 'setTimeout');
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const user = userEvent.setup();
      const view = render(<CreateForm intent={scope()} externalId="shop-wait-1" />, { wrapper: providers(inFlight) });
      await user.click(screen.getByRole('button', { name: 'Create order' }));
      await waitFor(() => expect(set.mock.calls.some(([, ms]) => ms === 4000)).toBe(true));
      const wait = set.mock.results[set.mock.calls.findIndex(([, ms]) => ms === 4000)]!.value as unknown;
      view.unmount();
      await waitFor(() => expect(clear).toHaveBeenCalledWith(wait));
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });
});
