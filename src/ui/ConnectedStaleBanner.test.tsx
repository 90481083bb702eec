import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { kitWrapper } from '../../test/support/kitHarness';
import type { FetchLike } from '../core/index';
import type { EventSourceLike } from '../react/connectStalenessSources';
import type { RecordHandle } from '../react/RecordHandle';
import { useDraft } from '../react/useDraft';
import { useGuardedSave } from '../react/useGuardedSave';
import { useVersionedQuery } from '../react/useVersionedQuery';
import { ConflictDialogs } from './ConflictDialogs';
import { ConflictNotices } from './ConflictNotices';
import { ConnectedStaleBanner } from './ConnectedStaleBanner';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const URL_T1 = '/api/tickets/T-1';

/** One ticket behind conditional GETs, and an event feed the test drives, like the demo server. */
function ticketServer() {
  let record = { id: 'T-1', title: 'Printer jammed', description: 'Tray 2.', version: 1 };
  const gets: string[] = [];
  const network = { offline: false };
  const fetch: FetchLike = async (_url, init) => {
    if (network.offline) throw new TypeError('Failed to fetch');
    const headers = new Headers(init.headers);
    if (init.method === 'PUT') {
      if (headers.get('if-match') !== `"T-1:${record.version}"`) return new Response(null, { status: 412 });
      record = { ...(JSON.parse(String(init.body)) as typeof record), version: record.version + 1 };
    } else gets.push(headers.get('if-none-match') ?? '');
    const etag = `"T-1:${record.version}"`;
    if (headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag } });
    return new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json', etag } });
  };
  let emit: (data: unknown) => void = () => undefined;
  let listening = false;
  const source: EventSourceLike = {
    addEventListener: (_type, listener) => {
      listening = true;
      emit = (data) => listener(new MessageEvent('change', { data: JSON.stringify(data) }));
    },
    close: () => undefined,
  };
  /** Another operator saves; the event says who and when, not what. */
  const change = (patch: Partial<typeof record>, actor: string, at: string) => {
    record = { ...record, ...patch, version: record.version + 1 };
    emit({ resource: 'tickets', id: 'T-1', etag: `"T-1:${record.version}"`, version: record.version, actor, at });
  };
  return { fetch, source, change, gets, network, isListening: () => listening };
}

function Page({ revalidate = true }: { revalidate?: boolean }): ReactNode {
  const query = useVersionedQuery<{ title: string }>({ url: URL_T1, revalidate });
  if (!query.data) return <p>Loading</p>;
  return <ConnectedStaleBanner record={query.record} onLoadLatest={() => undefined} strings={{ formatTime: (ms) => new Date(ms).toISOString().slice(11, 16) }} />;
}

/** An edit page with a draft, whose banner loads the latest version the kit's own way. */
function EditPage(): ReactNode {
  const query = useVersionedQuery<{ title: string }>({ url: URL_T1 });
  if (!query.data) return <p>Loading</p>;
  return <EditForm record={query.record} title={query.data.title} />;
}

function EditForm({ record, title }: { record: RecordHandle; title: string }): ReactNode {
  const draft = useDraft({ record, initial: { title } });
  return (
    <>
      <ConnectedStaleBanner record={record} />
      <input aria-label="Title" value={draft.draft.title} onChange={(event) => draft.setDraft({ title: event.target.value })} />
    </>
  );
}

/** An edit page that saves its draft, with the kit's dialogs and notices. */
function SavingEditPage(): ReactNode {
  const query = useVersionedQuery<{ title: string; description: string }>({ url: URL_T1 });
  const save = useGuardedSave<{ title: string; description: string }>({ record: query.record, autoMerge: true });
  const draft = useDraft({ record: query.record, initial: query.data });
  if (!query.data) return <p>Loading</p>;
  return (
    <>
      <ConnectedStaleBanner record={query.record} />
      <input aria-label="Title" value={draft.draft?.title ?? ''} onChange={(event) => draft.setDraft({ ...draft.draft!, title: event.target.value })} />
      <input aria-label="Description" value={draft.draft?.description ?? ''} onChange={(event) => draft.setDraft({ ...draft.draft!, description: event.target.value })} />
      <button type="button" onClick={() => save.mutate(draft.draft!)}>
        Save here
      </button>
      <ConflictDialogs strings={{ formatTime: (ms) => new Date(ms).toISOString().slice(11, 16) }} />
      <ConflictNotices />
    </>
  );
}

/** The same user's other tab: saves a new title. */
function SavingTab(): ReactNode {
  const query = useVersionedQuery<{ title: string }>({ url: URL_T1 });
  const save = useGuardedSave<{ title: string }>({ record: query.record });
  if (!query.data) return <p>Loading</p>;
  return (
    <button type="button" onClick={() => save.mutate({ ...query.data, title: 'Saved in tab 1' })}>
      Save in tab 1
    </button>
  );
}

function renderPage(server: ReturnType<typeof ticketServer>, page: ReactNode = <Page />) {
  const wrapper = kitWrapper({
    fetch: server.fetch,
    revalidateOnFocus: false,
    events: { url: '/api/events', toKey: (event) => `/api/${String(event.resource)}/${String(event.id)}`, createEventSource: () => server.source },
  });
  return render(page, { wrapper });
}

describe('ConnectedStaleBanner', () => {
  it('reviews a change it heard of only from an event: fetches the latest, diffs base → latest, and still says who and when', async () => {
    const user = userEvent.setup();
    const server = ticketServer();
    renderPage(server);
    await waitFor(() => expect(screen.queryByText('Loading')).toBeNull());
    await waitFor(() => expect(server.isListening()).toBe(true));

    act(() => server.change({ title: 'Printer jammed again', description: 'Tray 2.\nAlso tray 3.' }, 'Operator B', '2026-11-22T10:42:00.000Z'));
    const message = 'Operator B changed this record at 10:42, after you opened it.';
    const banner = await screen.findByRole('region', { name: message });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));

    const table = await within(banner).findByRole('table');
    // "Before", not "When you opened it": after a save of the user's own, the page's copy is what they saved.
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Field', 'Before', 'Now']);
    const rows = within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent));
    // The version is bookkeeping: left out.
    expect(rows).toEqual([
      ['Title', 'Printer jammed', 'Printer jammed again'],
      ['Description', 'Tray 2.', 'Tray 2.\nAlso tray 3.'],
    ]);
    // The review's refetch was conditional on the version on screen, and the banner kept who and when.
    // (StrictMode's remount may repeat the first, unconditional read.)
    expect(server.gets.at(-1)).toBe('"T-1:1"');
    expect(server.gets.slice(0, -1).every((tag) => tag === '')).toBe(true);
    expect(screen.getByRole('region', { name: message })).toBe(banner);
    expect((await axe.run(document.body)).violations).toEqual([]);
  });

  it('reviews a record read without revalidation too: the review fetches it by its own URL', async () => {
    const user = userEvent.setup();
    const server = ticketServer();
    renderPage(server, <Page revalidate={false} />);
    await waitFor(() => expect(screen.queryByText('Loading')).toBeNull());
    await waitFor(() => expect(server.isListening()).toBe(true));

    act(() => server.change({ title: 'Printer jammed again' }, 'Operator B', '2026-11-22T10:42:00.000Z'));
    const banner = await screen.findByRole('region', { name: /changed this record at .*, after you opened it/ });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));

    const table = await within(banner).findByRole('table');
    expect(within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['Title', 'Printer jammed', 'Printer jammed again'],
    ]);
    expect(within(banner).queryByText(/Couldn't load the latest version/)).toBeNull();
  });

  it('says so when the latest version cannot be fetched for the review', async () => {
    const user = userEvent.setup();
    const server = ticketServer();
    renderPage(server);
    await waitFor(() => expect(screen.queryByText('Loading')).toBeNull());
    await waitFor(() => expect(server.isListening()).toBe(true));
    server.network.offline = true;
    act(() => server.change({ title: 'Elsewhere' }, 'Operator B', '2026-11-22T10:42:00.000Z'));
    const banner = await screen.findByRole('region', { name: /changed this record at .*, after you opened it/ });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));
    expect(await within(banner).findByText("Couldn't load the latest version to compare. Load latest to see it.")).toBeTruthy();
  });

  it('says a change saved in another tab of this app was made there, not by "Someone", also once the review fetched it', async () => {
    const user = userEvent.setup();
    const server = ticketServer();
    const channel = `conflict-kit-test-${Math.random()}`;
    const tab1 = render(<SavingTab />, { wrapper: kitWrapper({ fetch: server.fetch, revalidateOnFocus: false, broadcastChannel: channel }) });
    render(<Page />, { wrapper: kitWrapper({ fetch: server.fetch, revalidateOnFocus: false, broadcastChannel: channel }) });
    await waitFor(() => expect(screen.queryByText('Loading')).toBeNull());

    await user.click(within(tab1.container).getByRole('button', { name: 'Save in tab 1' }));

    const message = /^This record was changed in another tab at \d\d:\d\d, after you opened it\.$/;
    const banner = await screen.findByRole('region', { name: message });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));
    const table = await within(banner).findByRole('table');
    expect(within(table).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([['Title', 'Printer jammed', 'Saved in tab 1']]);
    expect(screen.getByRole('region', { name: message })).toBe(banner);
  });

  /** Tab 1 saves a new title while this tab edits the record: what this tab's save says of that change. */
  async function saveOverAnotherTabsSave(field: 'Title' | 'Description') {
    const user = userEvent.setup();
    const server = ticketServer();
    const channel = `conflict-kit-test-${Math.random()}`;
    const tab1 = render(<SavingTab />, { wrapper: kitWrapper({ fetch: server.fetch, revalidateOnFocus: false, broadcastChannel: channel }) });
    const tab2 = render(<SavingEditPage />, {
      wrapper: kitWrapper({ fetch: server.fetch, revalidateOnFocus: false, broadcastChannel: channel }),
    });
    const input = await within(tab2.container).findByRole('textbox', { name: field });
    await user.type(input, ' (mine)');
    await user.click(within(tab1.container).getByRole('button', { name: 'Save in tab 1' }));
    await within(tab2.container).findByRole('region', { name: /changed in another tab/ });
    await user.click(within(tab2.container).getByRole('button', { name: 'Save here' }));
    return { user, server };
  }

  it('the merge dialog says the change it shows was saved in another tab, not by "Someone else"', async () => {
    await saveOverAnotherTabsSave('Title');

    const dialog = await screen.findByRole('dialog', { name: /conflict/ });
    expect(within(dialog).getByText(/saved changes/).textContent).toMatch(
      /^Another tab saved changes to this record at \d\d:\d\d while you were editing it here\. Choose what to keep/,
    );
    expect(within(dialog).queryByText(/Someone/)).toBeNull();
  });

  it('the notice of a clean merge says the other change came from another tab', async () => {
    await saveOverAnotherTabsSave('Description');

    const notices = await screen.findByRole('status', { name: 'Conflict notices' });
    expect(await within(notices).findByText(/^Your changes are saved, together with another tab's change to Title/)).toBeTruthy();
  });

  /** The user typed in the title, Operator B then saved the record, and the user pressed Load latest. */
  async function loadLatestOverUnsavedEdits() {
    const user = userEvent.setup();
    const server = ticketServer();
    renderPage(server, <EditPage />);
    const title = await screen.findByRole('textbox', { name: 'Title' });
    await waitFor(() => expect(server.isListening()).toBe(true));
    await user.type(title, ' (mine)');
    act(() => server.change({ title: 'Printer fixed' }, 'Operator B', '2026-11-22T10:42:00.000Z'));
    const banner = await screen.findByRole('region', { name: /Operator B/ });
    await user.click(within(banner).getByRole('button', { name: 'Load latest' }));
    return { user, banner };
  }

  it('asks before Load latest throws unsaved edits away: Keep editing (focused) keeps them', async () => {
    const { user, banner } = await loadLatestOverUnsavedEdits();

    const keep = within(banner).getByRole('button', { name: 'Keep editing', description: 'Loading the latest version discards your unsaved changes.' });
    expect(document.activeElement).toBe(keep);
    expect(within(banner).getByRole('button', { name: 'Discard my changes' })).toBeTruthy();
    expect((await axe.run(banner)).violations).toEqual([]);
    await user.click(keep);

    expect(screen.queryByRole('region', { name: /Operator B/ })).toBeNull();
    // Focus moves on to the form the banner sat above, not to the page.
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Title' }));
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Printer jammed (mine)');
    expect(localStorage.getItem(`conflict-kit:draft:${URL_T1}`)).toContain('Printer jammed (mine)');
  });

  it('drops the unsaved draft and shows the latest version once the user chooses to discard it', async () => {
    const { user, banner } = await loadLatestOverUnsavedEdits();
    await user.click(within(banner).getByRole('button', { name: 'Discard my changes' }));

    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Printer fixed'));
    expect(screen.queryByRole('region', { name: /Operator B/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Title' }));
    expect(localStorage.getItem(`conflict-kit:draft:${URL_T1}`)).toBeNull();
  });

  it('loads the latest version at once when there are no unsaved edits', async () => {
    const user = userEvent.setup();
    const server = ticketServer();
    renderPage(server, <EditPage />);
    await screen.findByRole('textbox', { name: 'Title' });
    await waitFor(() => expect(server.isListening()).toBe(true));
    act(() => server.change({ title: 'Printer fixed' }, 'Operator B', '2026-11-22T10:42:00.000Z'));
    const banner = await screen.findByRole('region', { name: /Operator B/ });

    await user.click(within(banner).getByRole('button', { name: 'Load latest' }));

    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Printer fixed'));
    expect(screen.queryByText('Loading the latest version discards your unsaved changes.')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Title' }));
  });
});
