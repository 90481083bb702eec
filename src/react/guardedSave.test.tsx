import { QueryClient, QueryClientProvider, useSuspenseQuery } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { createMemoryRouter, Link, redirect, RouterProvider, useNavigation, useParams, useSubmit, type ActionFunctionArgs } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer } from '../../test/support/kitHarness';
import { createConflictClient } from '../core/createConflictClient';
import { resolveMerge } from '../core/resolveMerge';
import { ConflictKitProvider } from './ConflictKitProvider';
import { draftStorageKey } from './draftEnvelope';
import { guardedSave } from './guardedSave';
import type { RecordHandle } from './RecordHandle';
import { useConflictSessions } from './useConflictSessions';
import { useDraft } from './useDraft';
import { useVersionedQuery } from './useVersionedQuery';
import { versionedQueryOptions } from './versionedQueryOptions';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

function demoServer() {
  const { store, fetchVia, write } = inProcessServer();
  const ifMatches: (string | null)[] = [];
  const fetch = fetchVia((request, forward) => {
    if (request.method !== 'GET') ifMatches.push(request.headers.get('if-match'));
    return forward(request);
  });
  return { store, fetch, write, ifMatches };
}

/** The merge dialog, headless: pick theirs for the title (or keep the choices made before a reload) and save. */
function MergeQuestion(): ReactNode {
  const session = useConflictSessions()[0];
  if (session?.type !== 'merge') return null;
  const { request } = session;
  return (
    <div role="dialog" aria-label="Editing conflict">
      <p>Theirs: {(request.theirs as Ticket).title}</p>
      <p>Choices so far: {JSON.stringify(request.initialChoices ?? {})}</p>
      <button onClick={() => request.onChoicesChange?.({ '/title': 'theirs' })}>Pick theirs for Title</button>
      <button onClick={() => session.resolve({ action: 'save', value: resolveMerge(request.merge, request.initialChoices ?? { '/title': 'theirs' }) })}>
        Save merge
      </button>
      <button onClick={() => session.resolve({ action: 'cancel' })}>Cancel merge</button>
    </div>
  );
}

/**
 * A page load of a React Router data-router app in TanStack Query's idiom: the
 * clients at module scope, loaders `ensureQueryData`, the save in the route's
 * action; the provider and the dialogs around the router.
 */
function app(fetch: ReturnType<typeof demoServer>['fetch']) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const conflicts = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
  const ticketQuery = (id: string) => versionedQueryOptions<Ticket>({ url: `/api/tickets/${id}`, client: conflicts });
  const outcomes: string[] = [];

  const action = async ({ request, params }: ActionFunctionArgs) => {
    const updates = (await request.json()) as Partial<Ticket>;
    const result = await guardedSave<Ticket>(queryClient, {
      record: ticketQuery(params.id!),
      value: (base) => ({ ...base, ...updates }),
      signal: request.signal,
    });
    outcomes.push(result.outcome);
    return result.outcome === 'saved' || result.outcome === 'merged' ? redirect(`/tickets/${params.id}`) : { outcome: result.outcome };
  };

  function TicketView(): ReactNode {
    const { data } = useSuspenseQuery(ticketQuery(useParams().id!));
    return (
      <>
        <h1>{data.title}</h1>
        <Link to="edit">Edit</Link>
      </>
    );
  }

  function EditTicket(): ReactNode {
    const ticket = useVersionedQuery(ticketQuery(useParams().id!));
    return ticket.data ? <TitleForm record={ticket.record} initial={ticket.data} /> : null;
  }

  function TitleForm({ record, initial }: { record: RecordHandle; initial: Ticket }): ReactNode {
    const submit = useSubmit();
    const navigation = useNavigation();
    const send = (ticket: Ticket) => void submit({ title: ticket.title }, { method: 'post', encType: 'application/json' });
    const draft = useDraft({ record, initial });
    // Mounted with a merge left open by a reload: submit the draft again (useFormDraft's `resume` does this).
    const resume = useRef(draft.pendingMerge !== undefined);
    useEffect(() => {
      if (!resume.current) return;
      resume.current = false;
      send(draft.draft);
    });
    return (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          send(draft.draft);
        }}
      >
        <label>
          Title
          <input value={draft.draft.title} onChange={(event) => draft.setDraft((t) => ({ ...t, title: event.target.value }))} />
        </label>
        <button>Save</button>
        <output>{navigation.state}</output>
      </form>
    );
  }

  const router = createMemoryRouter(
    [
      { path: '/tickets/:id', element: <TicketView />, loader: async ({ params }) => queryClient.ensureQueryData(ticketQuery(params.id!)) },
      {
        path: '/tickets/:id/edit',
        element: <EditTicket />,
        loader: async ({ params }) => queryClient.ensureQueryData(ticketQuery(params.id!)),
        action,
      },
    ],
    { initialEntries: ['/tickets/T-1001/edit'] },
  );

  const page = (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ConflictKitProvider client={conflicts} broadcastChannel={false}>
          <Suspense fallback={<p>Loading</p>}>
            <RouterProvider router={router} />
          </Suspense>
          <MergeQuestion />
        </ConflictKitProvider>
      </QueryClientProvider>
    </StrictMode>
  );
  return { page, router, outcomes };
}

async function editTitle(text: string): Promise<void> {
  const user = userEvent.setup();
  const title = await screen.findByRole('textbox', { name: 'Title' });
  await user.clear(title);
  await user.type(title, text);
}

describe('guardedSave in a React Router action', () => {
  it('saves with If-Match from the action and redirects', async () => {
    const server = demoServer();
    const { page, router } = app(server.fetch);
    render(page);
    await editTitle('Ben title');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('heading', { name: 'Ben title' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/tickets/T-1001');
    expect(server.ifMatches).toEqual(['"T-1001:3"']);
    expect(localStorage.getItem(draftStorageKey('/api/tickets/T-1001'))).toBeNull();
  });

  it('a stale write opens the dialog under the provider; the action waits for the user, saves the merge on the new version, then redirects', async () => {
    const server = demoServer();
    const { page, router, outcomes } = app(server.fetch);
    render(page);
    await editTitle('Ben title');
    await server.write('ana', { title: 'Ana title', assignee: 'ana' });

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Editing conflict' });
    expect(dialog.textContent).toContain('Theirs: Ana title');
    expect(screen.getByRole('status').textContent).toBe('submitting');
    expect(router.state.location.pathname).toBe('/tickets/T-1001/edit');

    await userEvent.click(screen.getByRole('button', { name: 'Save merge' }));

    expect(await screen.findByRole('heading', { name: 'Ana title' })).toBeDefined();
    expect(outcomes).toEqual(['merged']);
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', assignee: 'ana', version: 5 });
    expect(server.ifMatches).toEqual(['"T-1001:3"', '"T-1001:4"']);
  });

  it('a cancelled merge keeps the user on the form with the draft', async () => {
    const server = demoServer();
    const { page, router, outcomes } = app(server.fetch);
    render(page);
    await editTitle('Ben title');
    await server.write('ana', { title: 'Ana title' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await userEvent.click(await screen.findByRole('button', { name: 'Cancel merge' }));

    await waitFor(() => expect(outcomes).toEqual(['cancelled']));
    expect(router.state.location.pathname).toBe('/tickets/T-1001/edit');
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Ben title');
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 4 });
  });

  it('after a reload mid-conflict, the form resubmits to the action, which reopens the merge with the choices made so far', async () => {
    const server = demoServer();
    const first = app(server.fetch);
    const view = render(first.page);
    await editTitle('Ben title');
    await server.write('ana', { title: 'Ana title' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Pick theirs for Title' }));
    view.unmount(); // reload with the dialog open
    first.router.dispose();

    const second = app(server.fetch);
    render(second.page);

    const dialog = await screen.findByRole('dialog', { name: 'Editing conflict' });
    expect(dialog.textContent).toContain('{"/title":"theirs"}');
    await userEvent.click(screen.getByRole('button', { name: 'Save merge' }));
    expect(await screen.findByRole('heading', { name: 'Ana title' })).toBeDefined();
    expect(second.outcomes).toEqual(['merged']);
    expect(server.ifMatches).toEqual(['"T-1001:3"', '"T-1001:4"']);
    expect(localStorage.getItem(draftStorageKey('/api/tickets/T-1001'))).toBeNull();
  });

  it('says what to do when the record was never read and the value is a function of its base', async () => {
    const server = demoServer();
    const queryClient = new QueryClient();
    const conflicts = createConflictClient({ fetch: server.fetch });
    render(
      <QueryClientProvider client={queryClient}>
        <ConflictKitProvider client={conflicts} broadcastChannel={false} />
      </QueryClientProvider>,
    );
    await expect(
      guardedSave<Ticket>(queryClient, { record: versionedQueryOptions<Ticket>({ url: '/api/tickets/T-1002' }), value: (base) => ({ ...base, title: 'x' }) }),
    ).rejects.toThrow(/never read.*ensureQueryData/);
  });
});
