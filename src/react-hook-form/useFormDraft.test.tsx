import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer, kitWrapper, type Fetch } from '../../test/support/kitHarness';
import { resolveMerge } from '../core/resolveMerge';
import { draftStorageKey } from '../react/draftEnvelope';
import type { RecordHandle } from '../react/RecordHandle';
import { useConflictSessions } from '../react/useConflictSessions';
import { useGuardedSave } from '../react/useGuardedSave';
import { useStaleness } from '../react/useStaleness';
import { useVersionedQuery } from '../react/useVersionedQuery';
import { versionedQueryOptions } from '../react/versionedQueryOptions';
import { useFormDraft } from './useFormDraft';
import { applyEdits } from './formEdits';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const URL_T1 = '/api/tickets/T-1001';
const ticketQuery = versionedQueryOptions<Ticket>({ url: URL_T1 });

/** The demo server, with the body and If-Match of every write that reached it. */
function demoServer(hold?: { until: Promise<void> }) {
  const { store, fetchVia, write } = inProcessServer();
  const writes: { ifMatch: string | null; body: Ticket }[] = [];
  const fetch = fetchVia(async (request, forward) => {
    if (request.method !== 'GET') {
      writes.push({ ifMatch: request.headers.get('if-match'), body: (await request.clone().json()) as Ticket });
      if (hold) await hold.until;
    }
    return forward(request);
  });
  return { store, fetch, write, writes };
}

const page = (fetch: Fetch) => kitWrapper({ fetch, actor: 'ben' });

type TicketFields = Pick<Ticket, 'title' | 'status' | 'assignee'>;

function TicketPage(): ReactNode {
  const ticket = useVersionedQuery(ticketQuery);
  return ticket.data ? <TicketForm record={ticket.record} ticket={ticket.data} /> : <p>Loading</p>;
}

/** A react-hook-form form as its docs write it, with the kit's draft and save. */
function TicketForm({ record, ticket }: { record: RecordHandle; ticket: Ticket }): ReactNode {
  const form = useForm<TicketFields>({ defaultValues: { title: ticket.title, status: ticket.status, assignee: ticket.assignee } });
  const draft = useFormDraft(form, { record, initial: ticket });
  const save = useGuardedSave({ record, draft });
  const staleness = useStaleness({ record });
  const session = useConflictSessions()[0];
  const dirty = Object.keys(form.formState.dirtyFields).sort().join(',');
  return (
    <form onSubmit={form.handleSubmit(() => save.mutate(draft.draft))}>
      <label>
        Title
        <input {...form.register('title')} />
      </label>
      <label>
        Status
        <select {...form.register('status')}>
          {['open', 'in_progress', 'resolved', 'closed'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Assignee
        <input {...form.register('assignee')} />
      </label>
      <button>Save</button>
      <output aria-label="outcome">{save.data?.outcome ?? save.status}</output>
      <output aria-label="dirty">{dirty}</output>
      <output aria-label="freshness">{staleness.freshness}</output>
      {session?.type === 'merge' && (
        <div role="dialog" aria-label="Editing conflict">
          <p>Choices so far: {JSON.stringify(session.request.initialChoices ?? {})}</p>
          <button type="button" onClick={() => session.request.onChoicesChange?.({ '/title': 'theirs' })}>
            Pick theirs for Title
          </button>
          <button
            type="button"
            onClick={() => session.resolve({ action: 'save', value: resolveMerge(session.request.merge, session.request.initialChoices ?? { '/title': 'theirs' }) })}
          >
            Save merge
          </button>
        </div>
      )}
    </form>
  );
}

const field = (name: string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
const out = (name: string) => screen.getByRole('status', { name }).textContent;

async function retitle(text: string): Promise<void> {
  const user = userEvent.setup();
  const title = await screen.findByRole('textbox', { name: 'Title' });
  await user.clear(title);
  await user.type(title, text);
}

describe('useFormDraft', () => {
  it('sends the record with only the dirty fields changed, and after the save the form is clean on the saved version', async () => {
    const server = demoServer();
    render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    expect(out('dirty')).toBe('title');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(out('outcome')).toBe('saved'));
    const seeded = server.writes[0]!.body;
    expect(seeded).toMatchObject({ id: 'T-1001', title: 'Ben title', status: 'open', version: 3 });
    expect(server.writes.map((w) => w.ifMatch)).toEqual(['"T-1001:3"']);
    await waitFor(() => expect(out('dirty')).toBe(''));
    expect(field('Title').value).toBe('Ben title');
    expect(localStorage.getItem(draftStorageKey(URL_T1))).toBeNull();
  });

  it('auto-merges another person’s change of a different field and writes the merge back into the form', async () => {
    const server = demoServer();
    render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    await server.write('ana', { assignee: 'ana' });

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(out('outcome')).toBe('merged'));
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana', version: 5 });
    await waitFor(() => expect(field('Assignee').value).toBe('ana'));
    expect(field('Title').value).toBe('Ben title');
    expect(out('dirty')).toBe('');
  });

  it('keeps a field typed while the save was in flight dirty after the merge is written back', async () => {
    let release!: () => void;
    const hold = { until: new Promise<void>((resolve) => (release = resolve)) };
    const server = demoServer(hold);
    render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    await server.write('ana', { status: 'in_progress' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.writes).toHaveLength(1));

    await userEvent.clear(field('Assignee'));
    await userEvent.type(field('Assignee'), 'ben');
    release();

    await waitFor(() => expect(out('outcome')).toBe('merged'));
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', status: 'in_progress', assignee: 'maria.lopez' });
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement).value).toBe('in_progress'));
    expect(field('Assignee').value).toBe('ben');
    expect(out('dirty')).toBe('assignee');
    expect(JSON.parse(localStorage.getItem(draftStorageKey(URL_T1))!)).toMatchObject({ draft: { assignee: 'ben', status: 'in_progress' } });
  });

  it('brings the form back dirty after a reload, marks the record stale underneath, and reopens a merge left open', async () => {
    const server = demoServer();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    await server.write('ana', { title: 'Ana title' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Pick theirs for Title' }));
    first.unmount(); // reload with the dialog open

    render(<TicketPage />, { wrapper: page(server.fetch) });

    const dialog = await screen.findByRole('dialog', { name: 'Editing conflict' });
    expect(dialog.textContent).toContain('{"/title":"theirs"}');
    expect(field('Title').value).toBe('Ben title');
    expect(out('dirty')).toBe('title');
    await userEvent.click(screen.getByRole('button', { name: 'Save merge' }));
    await waitFor(() => expect(out('outcome')).toBe('merged'));
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 5 });
    expect(server.writes.map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:4"']);
    await waitFor(() => expect(field('Title').value).toBe('Ana title'));
    expect(out('dirty')).toBe('');
  });

  it('a reload restores the draft into the form without sending anything, and the base stays the version the user started from', async () => {
    const server = demoServer();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    first.unmount();
    await server.write('ana', { assignee: 'ana' });

    render(<TicketPage />, { wrapper: page(server.fetch) });

    await waitFor(() => expect(field('Title').value).toBe('Ben title'));
    expect(out('dirty')).toBe('title');
    await waitFor(() => expect(out('freshness')).toBe('stale'));
    expect(server.writes).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(out('outcome')).toBe('merged'));
    expect(server.writes[0]!.ifMatch).toBe('"T-1001:3"');
  });

  it('typing a field back to what it was clears the draft', async () => {
    const server = demoServer();
    render(<TicketPage />, { wrapper: page(server.fetch) });
    const original = (await screen.findByRole('textbox', { name: 'Title' }) as HTMLInputElement).value;
    await retitle('Ben title');
    expect(localStorage.getItem(draftStorageKey(URL_T1))).not.toBeNull();

    await retitle(original);

    expect(localStorage.getItem(draftStorageKey(URL_T1))).toBeNull();
    expect(out('dirty')).toBe('');
  });
});

describe('useFormDraft resume (a save made in a router action)', () => {
  /** A form whose save runs elsewhere: `resume` is how it is asked to submit again. */
  function ResumingForm({ record, ticket, resume }: { record: RecordHandle; ticket: Ticket; resume: (draft: Ticket) => void }): ReactNode {
    const form = useForm<TicketFields>({ defaultValues: { title: ticket.title, status: ticket.status, assignee: ticket.assignee } });
    useFormDraft(form, { record, initial: ticket, resume });
    return (
      <label>
        Title
        <input {...form.register('title')} />
      </label>
    );
  }

  function ResumingPage({ resume }: { resume: (draft: Ticket) => void }): ReactNode {
    const ticket = useVersionedQuery(ticketQuery);
    return ticket.data ? <ResumingForm record={ticket.record} ticket={ticket.data} resume={resume} /> : null;
  }

  it('is called once (under StrictMode) with the draft when the form mounts with a merge left open, and never otherwise', async () => {
    const server = demoServer();
    const first = render(<TicketPage />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    await server.write('ana', { title: 'Ana title' });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: 'Editing conflict' });
    first.unmount(); // reload with the dialog open

    const calls: Ticket[] = [];
    render(<ResumingPage resume={(draft) => calls.push(draft)} />, { wrapper: page(server.fetch) });

    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ id: 'T-1001', title: 'Ben title', version: 3 });
    await userEvent.type(field('Title'), '!');
    expect(calls).toHaveLength(1);
  });

  it('is not called when no merge was left open', async () => {
    const server = demoServer();
    const calls: Ticket[] = [];
    render(<ResumingPage resume={(draft) => calls.push(draft)} />, { wrapper: page(server.fetch) });
    await retitle('Ben title');
    expect(calls).toEqual([]);
  });
});

describe('applyEdits', () => {
  it('takes only the fields the form changed, nested fields one by one, arrays whole', () => {
    const base = { id: 1, name: null as string | null, address: { city: 'Oslo', zip: '0150' }, tags: ['a'], version: 3 };
    const defaults = { name: '', address: { city: 'Oslo', zip: '0150' }, tags: ['a'] };
    const values = { name: '', address: { city: 'Bergen', zip: '0150' }, tags: ['a', 'b'] };
    expect(applyEdits(base, defaults, values)).toEqual({ id: 1, name: null, address: { city: 'Bergen', zip: '0150' }, tags: ['a', 'b'], version: 3 });
    expect(applyEdits(base, defaults, defaults)).toBe(base);
  });
});
