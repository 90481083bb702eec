import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../demo/server/createApp';
import type { Ticket } from '../../demo/server/demoStore';
import { memoryStore } from '../../demo/server/memoryStore';
import { resolveMerge } from '../core/index';
import { ConflictKitProvider } from './ConflictKitProvider';
import { draftStorageKey } from './draftEnvelope';
import { useConflictSessions } from './useConflictSessions';
import { useDraft } from './useDraft';
import { useGuardedSave } from './useGuardedSave';
import { useStaleness } from './useStaleness';
import { useVersionedQuery } from './useVersionedQuery';

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.restoreAllMocks();
});

const URL_T1 = '/api/tickets/T-1001';

/** Re-chunks bodies into this realm's bytes (see useGuardedSave.test.tsx). */
async function sameRealm(response: Response): Promise<Response> {
  const bytes = response.status === 204 || response.status === 304 ? null : new Uint8Array(await response.arrayBuffer());
  const body =
    bytes && bytes.byteLength > 0
      ? new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        })
      : null;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function demoServer() {
  const store = memoryStore();
  const app = createApp({ store });
  const writes: { ifMatch: string | null }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const request = new Request(new URL(url, 'http://test'), init);
    if (request.method !== 'GET') writes.push({ ifMatch: request.headers.get('if-match') });
    return sameRealm(await app.fetch(request));
  };
  const write = async (actor: string, patch: Partial<Ticket>) => {
    const current = (await store.tickets.get('T-1001'))!;
    const response = await app.fetch(
      new Request(`http://test${URL_T1}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json', 'x-actor': actor, 'if-match': `"T-1001:${current.version}"` },
        body: JSON.stringify(patch),
      }),
    );
    expect(response.status).toBe(200);
  };
  return { store, fetch, write, writes };
}

/** A fresh page load: new QueryClient, new provider, new registry; only storage survives. */
function page(fetch: (url: string, init: RequestInit) => Promise<Response>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider clientOptions={{ fetch, headers: { 'X-Actor': 'ben' } }} broadcastChannel={false}>
        {children}
      </ConflictKitProvider>
    </QueryClientProvider>
  );
}

function TicketPage() {
  const query = useVersionedQuery<Ticket>({ url: URL_T1 });
  return query.data ? <TicketForm ticket={query.data} /> : <p>Loading</p>;
}

function TicketForm({ ticket }: { ticket: Ticket }) {
  const draft = useDraft<Ticket>(URL_T1, { initial: ticket });
  const saver = useGuardedSave<Ticket>({ url: URL_T1, draft });
  const session = useConflictSessions()[0];
  return (
    <>
      <label>
        Title
        <input value={draft.draft.title} onChange={(event) => draft.setDraft((d) => ({ ...d, title: event.target.value }))} />
      </label>
      <button onClick={() => void saver.save(draft.draft)}>Save</button>
      <output>{saver.status}</output>
      {session?.type === 'merge' && (
        <div role="dialog" aria-label="Edit conflict">
          <p>Choices so far: {JSON.stringify(session.request.initialChoices ?? {})}</p>
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
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('saved'));
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 5 });
    expect(server.writes.map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:4"']);
    expect(localStorage.getItem(draftStorageKey(URL_T1))).toBeNull();
  });

  it('keeps the base under a dirty draft when the record is refetched', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery<Ticket>({ url: URL_T1 });
        const draft = useDraft<Ticket>(URL_T1, { initial: query.data as Ticket });
        return { query, draft, staleness: useStaleness(URL_T1) };
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
    expect(result.current.staleness.entry?.validator.etag?.opaque).toBe('T-1001:3');
    expect(result.current.draft.baseValidator?.etag?.opaque).toBe('T-1001:3');
    expect(result.current.draft.draft.assignee).toBe('ben');
  });

  it('clears the draft when edited back to its base, and on discard', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery<Ticket>({ url: URL_T1 });
        return { query, draft: useDraft<Ticket>(URL_T1, { initial: query.data as Ticket }) };
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
        const query = useVersionedQuery<Ticket>({ url: URL_T1 });
        return { query, draft: useDraft<Ticket>(URL_T1, { initial: query.data as Ticket, storage: full }) };
      },
      { wrapper: page(server.fetch) },
    );
    await waitFor(() => expect(result.current.query.data).toBeDefined());

    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'kept in memory' })));

    expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'kept in memory' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Could not store the draft'), expect.anything());
  });
});
