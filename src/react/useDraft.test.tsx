import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer, kitWrapper, type Fetch } from '../../test/support/kitHarness';
import { createConflictClient, resolveMerge } from '../core/index';
import { draftStorageKey } from './draftEnvelope';
import { useConflictSessions } from './useConflictSessions';
import { useDraft } from './useDraft';
import { useGuardedSave } from './useGuardedSave';
import { useStaleness } from './useStaleness';
import type { RecordHandle } from './RecordHandle';
import { useVersionedQuery } from './useVersionedQuery';
import { versionedQueryOptions } from './versionedQueryOptions';

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
});

const URL_T1 = '/api/tickets/T-1001';

/** The demo server, with the If-Match of every write that reached it. */
function demoServer() {
  const { store, fetchVia, write } = inProcessServer();
  const writes: { ifMatch: string | null }[] = [];
  const fetch = fetchVia((request, forward) => {
    if (request.method !== 'GET') writes.push({ ifMatch: request.headers.get('if-match') });
    return forward(request);
  });
  return { store, fetch, write, writes };
}

/** A fresh page load: new QueryClient, new provider, new registry; only storage survives. */
const page = (fetch: Fetch) => kitWrapper({ fetch, actor: 'ben' });

const ticketQuery = versionedQueryOptions<Ticket>({ url: URL_T1 });

function TicketPage() {
  const query = useVersionedQuery(ticketQuery);
  return query.data ? <TicketForm ticket={query.data} record={query.record} /> : <p>Loading</p>;
}

function TicketForm({ ticket, record }: { ticket: Ticket; record: RecordHandle }) {
  const draft = useDraft<Ticket>({ record, initial: ticket });
  const saver = useGuardedSave<Ticket>({ record, draft });
  const session = useConflictSessions()[0];
  return (
    <>
      <label>
        Title
        <input value={draft.draft.title} onChange={(event) => draft.setDraft((d) => ({ ...d, title: event.target.value }))} />
      </label>
      <button onClick={() => saver.mutate(draft.draft)}>Save</button>
      <output>{saver.data?.outcome ?? saver.status}</output>
      {session?.type === 'merge' && (
        <div role="dialog" aria-label="Edit conflict">
          <p>Choices so far: {JSON.stringify(session.request.initialChoices ?? {})}</p>
          <p>Refused: {session.request.conflict.status} {session.request.conflict.url}</p>
          <button onClick={() => session.request.onChoicesChange?.({ '/title': 'theirs' })}>Pick theirs for Title</button>
          <button
            onClick={() =>
              session.resolve({ action: 'save', value: resolveMerge(session.request.merge, session.request.initialChoices ?? {}) })
            }
          >
            Save merge
          </button>
        </div>
      )}
    </>
  );
}

describe('useDraft', () => {
  it('keeps unsaved edits across a reload', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    const title = await screen.findByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Draft title');
    first.unmount();

    render(<TicketPage />, { wrapper: page(server.fetch) });

    expect(((await screen.findByRole('textbox', { name: 'Title' })) as HTMLInputElement).value).toBe('Draft title');
    expect(server.writes).toEqual([]);
  });

  it('after a reload onto a record someone changed meanwhile, keeps the draft on its own version and says who changed the record', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    await user.type(await screen.findByRole('textbox', { name: 'Title' }), ' (draft)');
    first.unmount();
    await server.write('ana', { status: 'in_progress' });

    function Freshness() {
      const query = useVersionedQuery(ticketQuery);
      const { freshness, changedBy, validator } = useStaleness({ record: query.record });
      return <p role="note">{`${freshness} ${String(validator?.etag?.opaque)} by ${changedBy ?? 'someone'}`}</p>;
    }
    render(
      <>
        <TicketPage />
        <Freshness />
      </>,
      { wrapper: page(server.fetch) },
    );

    // The page read v4 before the form restored the draft made on v3: v3 stays the draft's version, and v4 is Ana's.
    expect(((await screen.findByRole('textbox', { name: 'Title' })) as HTMLInputElement).value).toMatch(/\(draft\)$/);
    await waitFor(() => expect(screen.getByRole('note').textContent).toBe('stale T-1001:3 by ana'));
  });

  it('reopens a merge that was open before a reload, with the choices made so far, and saves it on the new version', async () => {
    const server = demoServer();
    const user = userEvent.setup();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    const title = await screen.findByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Ben title');
    await server.write('ana', { title: 'Ana title' });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(await screen.findByRole('button', { name: 'Pick theirs for Title' }));
    first.unmount(); // reload with the dialog open

    render(<TicketPage />, { wrapper: page(server.fetch) });

    const dialog = await screen.findByRole('dialog', { name: 'Edit conflict' });
    expect(dialog.textContent).toContain('{"/title":"theirs"}');
    await user.click(screen.getByRole('button', { name: 'Save merge' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('merged'));
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 5 });
    expect(server.writes.map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:4"']);
    expect(localStorage.getItem(draftStorageKey(URL_T1))).toBeNull();
  });

  it('after a reload, the reopened merge names the refused write as before: its status and the URL it went to', async () => {
    const server = demoServer();
    // A server on another origin (the client's baseUrl) that refuses stale writes with 409, not 412.
    const fetch: Fetch = async (url, init) => {
      const response = await server.fetch(url, init);
      return response.status === 412 ? new Response(await response.text(), { status: 409, headers: response.headers }) : response;
    };
    const page409 = () => kitWrapper({ fetch, actor: 'ben', clientOptions: { baseUrl: 'http://test' } });
    const user = userEvent.setup();
    const first = render(<TicketPage />, { wrapper: page409() });
    const title = await screen.findByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Ben title');
    await server.write('ana', { title: 'Ana title' });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const before = (await screen.findByRole('dialog', { name: 'Edit conflict' })).textContent;
    expect(before).toContain('Refused: 409 http://test/api/tickets/T-1001');
    first.unmount(); // reload with the dialog open

    render(<TicketPage />, { wrapper: page409() });

    expect((await screen.findByRole('dialog', { name: 'Edit conflict' })).textContent).toContain('Refused: 409 http://test/api/tickets/T-1001');
  });

  it('keeps the base under a dirty draft when the record is refetched', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery(ticketQuery);
        const draft = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
        return { query, draft, staleness: useStaleness({ record: query.record }) };
      },
      { wrapper: page(server.fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());
    act(() => result.current.draft.setDraft((d) => ({ ...d, assignee: 'ben' })));
    await server.write('ana', { title: 'Ana title' });

    await act(async () => {
      await result.current.query.refetch();
    });

    expect(result.current.staleness.freshness).toBe('stale');
    expect(result.current.staleness.validator?.etag?.opaque).toBe('T-1001:3');
    expect(result.current.draft.draft.assignee).toBe('ben');
  });

  it('keeps the base when the draft starts while a refetch is in flight', async () => {
    const { store, fetchVia, write } = inProcessServer();
    let gate: Promise<void> | undefined;
    const fetch = fetchVia(async (request, forward) => {
      if (request.method === 'GET' && gate) await gate;
      return forward(request);
    });
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery(ticketQuery);
        const draft = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
        return { query, draft, staleness: useStaleness({ record: query.record }) };
      },
      { wrapper: page(fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    let refetch!: Promise<unknown>;
    act(() => {
      refetch = result.current.query.refetch(); // a focus refetch while the form is clean
    });
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await write('ana', { assignee: 'ana' });

    await act(async () => {
      open();
      await refetch;
    });

    expect(result.current.staleness.freshness).toBe('stale');
    expect(result.current.staleness.validator?.etag?.opaque).toBe('T-1001:3');
    expect((await store.tickets.get('T-1001'))?.version).toBe(4);
  });

  it('clears the draft when edited back to its base, and on discard', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery(ticketQuery);
        return { query, draft: useDraft<Ticket>({ record: query.record, initial: query.data as Ticket }) };
      },
      { wrapper: page(server.fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());
    const original = result.current.query.data!.title;

    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'x' })));
    expect(result.current.draft.dirty).toBe(true);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: original })));
    expect(result.current.draft.dirty).toBe(false);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'y' })));
    act(() => result.current.draft.discard());

    expect(result.current.draft).toMatchObject({ dirty: false, draft: { title: original } });
    expect(localStorage.getItem(draftStorageKey(URL_T1))).toBeNull();
  });

  it('ignores a corrupt stored draft with a warning instead of crashing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    localStorage.setItem(draftStorageKey(URL_T1), '{"v":1,"draft":');
    const server = demoServer();

    render(<TicketPage />, { wrapper: page(server.fetch) });

    const title = (await screen.findByRole('textbox', { name: 'Title' })) as HTMLInputElement;
    expect(title.value).toContain('Annual-plan invoices');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not valid JSON'), expect.anything());
  });

  it('keeps editing in memory when storage is full', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery(ticketQuery);
        return { query, draft: useDraft<Ticket>({ record: query.record, initial: query.data as Ticket, storage: full }) };
      },
      { wrapper: page(server.fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());

    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'kept in memory' })));

    expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'kept in memory' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Could not store the draft'), expect.anything());
  });

  it('renders the initial values on the server, never a stored draft, and shows the draft once hydrated', async () => {
    const server = demoServer();
    const client = createConflictClient({ fetch: server.fetch, headers: { 'X-Actor': 'ben' } });
    const ticket = (await server.store.tickets.get('T-1001'))!;
    localStorage.setItem(draftStorageKey(URL_T1), JSON.stringify({ v: 1, draft: { ...ticket, title: 'Draft title' }, savedAt: 1 }));
    const record: RecordHandle = { url: URL_T1, key: URL_T1, queryKey: ['t'] };
    function Form(): ReactNode {
      const draft = useDraft({ record, initial: ticket });
      return <input aria-label="Title" value={draft.draft.title} readOnly />;
    }
    const Wrapper = kitWrapper({ client });

    const html = renderToString(
      <Wrapper>
        <Form />
      </Wrapper>,
    );
    expect(html).toContain(ticket.title);
    expect(html).not.toContain('Draft title');

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await act(async () => {
      hydrateRoot(
        container,
        <Wrapper>
          <Form />
        </Wrapper>,
      );
    });
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Draft title');
    expect(errors).not.toHaveBeenCalled();
    container.remove();
  });

  it('shares one draft between two forms of the same record', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery(ticketQuery);
        const a = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
        const b = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
        return { query, a, b };
      },
      { wrapper: page(server.fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());

    act(() => result.current.a.setDraft((d) => ({ ...d, title: 'Typed in A' })));

    expect(result.current.b).toMatchObject({ dirty: true, draft: { title: 'Typed in A' } });
  });

  it('keeps a create form’s draft under a key of its own across a reload', async () => {
    const server = demoServer();
    const blank = { externalId: '', quantity: 1 };
    const form = () => renderHook(() => useDraft({ key: 'orders/new', initial: blank, storage: 'session' }), { wrapper: page(server.fetch) });
    const first = form();
    act(() => first.result.current.setDraft({ externalId: 'order-7', quantity: 2 }));
    first.unmount();

    const second = form();

    expect(second.result.current).toMatchObject({ dirty: true, draft: { externalId: 'order-7', quantity: 2 } });
    sessionStorage.clear();
  });
});
