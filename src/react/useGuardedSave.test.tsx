import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer, kitWrapper, type Fetch } from '../../test/support/kitHarness';
import { RecoveryUnavailableError, resolveMerge, UnprotectedWriteError } from '../core/index';
import type { ConflictKitProviderProps } from './ConflictKitProvider';
import { useConflictKit } from './useConflictKit';
import type { ConflictResolver, MergeOutcome, MergeRequest } from './resolver';
import { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';
import { useConflictNotices } from './useConflictNotices';
import { useConflictSessions } from './useConflictSessions';
import { useDraft, type DraftApi } from './useDraft';
import { useGuardedSave, type UseGuardedSaveOptions } from './useGuardedSave';
import { useVersionedQuery } from './useVersionedQuery';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const URL_T1 = '/api/tickets/T-1001';

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly ifMatch: string | null;
  readonly body: unknown;
}

/** The demo reference server, in process, with a log of what reached it. */
function demoServer() {
  const { store, app, fetchVia, write } = inProcessServer();
  const sent: Sent[] = [];
  const fetchFor = (hook?: (request: Request) => Promise<void>) =>
    fetchVia(async (request, forward, url) => {
      if (hook) await hook(request.clone());
      const text = request.method === 'GET' ? '' : await request.clone().text();
      sent.push({ method: request.method, url, ifMatch: request.headers.get('if-match'), body: text ? JSON.parse(text) : undefined });
      return forward(request);
    });
  return { store, app, sent, fetch: fetchFor(), fetchFor, write, writes: () => sent.filter((s) => s.method !== 'GET') };
}

const kit = (fetch: Fetch, actor: string, props: Partial<ConflictKitProviderProps> = {}) => kitWrapper({ fetch, actor, ...props });

/** A resolver whose merge answers come from the test. */
function testResolver(answer: (request: MergeRequest<Ticket>) => MergeOutcome<Ticket>) {
  const merge = vi.fn(async (request: MergeRequest<unknown>) => answer(request as MergeRequest<Ticket>));
  const resolver: ConflictResolver = {
    merge: merge as ConflictResolver['merge'],
    duplicate: vi.fn(async () => ({ action: 'dismiss' as const })),
    transition: vi.fn(async () => ({ action: 'dismiss' as const })),
    problem: vi.fn(async () => ({ action: 'dismiss' as const })),
  };
  return { resolver, merge };
}

function useEditor(options: Omit<UseGuardedSaveOptions<Ticket>, 'url'> = {}) {
  const query = useVersionedQuery<Ticket>({ url: URL_T1 });
  const saver = useGuardedSave<Ticket>({ url: URL_T1, ...options });
  const { notices } = useConflictNotices();
  return { query, saver, notices };
}

async function loaded<T extends { query: { data: unknown } }>(result: { current: T }): Promise<void> {
  await waitFor(() => expect(result.current.query.data).toBeDefined());
}

describe('useGuardedSave', () => {
  it('saves with If-Match of the version it read and records the new version', async () => {
    const server = demoServer();
    const { result } = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    await loaded(result);
    expect(result.current.query.version.validator?.etag?.opaque).toBe('T-1001:3');

    let outcome: Awaited<ReturnType<typeof result.current.saver.save>> | undefined;
    await act(async () => {
      outcome = await result.current.saver.save({ ...result.current.query.data!, title: 'VAT line is 0.00' });
    });

    expect(outcome).toMatchObject({ status: 'saved', merged: false });
    expect(server.writes()).toEqual([expect.objectContaining({ method: 'PUT', ifMatch: '"T-1001:3"' })]);
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('VAT line is 0.00');
    expect(result.current.saver.status).toBe('saved');
    await waitFor(() => expect(result.current.query.version.validator?.etag?.opaque).toBe('T-1001:4'));
    expect(result.current.query.data?.title).toBe('VAT line is 0.00');
  });

  it('auto-merges a change to another field, saves with the new version and tells who changed what', async () => {
    const server = demoServer();
    const a = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    const b = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ben') });
    await loaded(a.result);
    await loaded(b.result);
    // Under StrictMode the first read may run twice (the remount refetches); count from here.
    const reads = server.sent.filter((s) => s.method === 'GET').length;

    await act(async () => {
      await a.result.current.saver.save({ ...a.result.current.query.data!, status: 'in_progress' });
    });
    const anaSaved = await server.store.tickets.get('T-1001');
    let outcome: Awaited<ReturnType<typeof b.result.current.saver.save>> | undefined;
    await act(async () => {
      outcome = await b.result.current.saver.save({ ...b.result.current.query.data!, assignee: 'ben' });
    });

    expect(outcome).toMatchObject({ status: 'saved', merged: true });
    const stored = await server.store.tickets.get('T-1001');
    expect(stored).toMatchObject({ status: 'in_progress', assignee: 'ben', version: 5 });
    expect(server.writes().map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:3"', '"T-1001:4"']);
    // Theirs came with the 412 (its body and ETag): no refetch between the two writes.
    expect(server.sent.filter((s) => s.method === 'GET')).toHaveLength(reads);
    expect(b.result.current.notices).toEqual([
      expect.objectContaining({ kind: 'auto-merged', key: URL_T1, changedBy: 'ana', changedAt: Date.parse(anaSaved!.updatedAt) }),
    ]);
    expect(b.result.current.notices[0]?.mergedPaths).toContain('/status');
    expect(b.result.current.saver.lastNotice?.kind).toBe('auto-merged');
  });

  it('asks the resolver when both changed the same field, then saves the resolved value with the new version', async () => {
    const server = demoServer();
    const { resolver, merge } = testResolver((request) => ({ action: 'save', value: { ...request.merge.value, title: 'Both: ' + request.theirs.title } }));
    const a = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    const b = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(a.result);
    await loaded(b.result);

    await act(async () => {
      await a.result.current.saver.save({ ...a.result.current.query.data!, title: 'Ana title' });
    });
    await act(async () => {
      await b.result.current.saver.save({ ...b.result.current.query.data!, title: 'Ben title' });
    });

    expect(merge).toHaveBeenCalledTimes(1);
    const request = merge.mock.calls[0]![0] as MergeRequest<Ticket>;
    expect(request).toMatchObject({ base: { title: expect.stringContaining('Annual-plan') }, mine: { title: 'Ben title' }, theirs: { title: 'Ana title' }, changedBy: 'ana' });
    expect(request.merge.conflicts.map((c) => c.pointer)).toEqual(['/title']);
    expect(server.writes().at(-1)?.ifMatch).toBe('"T-1001:4"');
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('Both: Ana title');
  });

  it('keeps the draft and the base when the user cancels the merge', async () => {
    const server = demoServer();
    const { resolver } = testResolver(() => ({ action: 'cancel' }));
    const useDraftEditor = () => {
      const query = useVersionedQuery<Ticket>({ url: URL_T1 });
      const draft = useDraft<Ticket>(URL_T1, { initial: query.data as Ticket });
      const saver = useGuardedSave<Ticket>({ url: URL_T1, draft });
      return { query, draft, saver };
    };
    const { result } = renderHook(useDraftEditor, { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });

    let outcome: Awaited<ReturnType<typeof result.current.saver.save>> | undefined;
    await act(async () => {
      outcome = await result.current.saver.save(result.current.draft.draft);
    });

    expect(outcome?.status).toBe('cancelled');
    expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'Ben title' }, pendingConflict: undefined });
    expect(result.current.draft.baseValidator?.etag?.opaque).toBe('T-1001:3');
    expect(result.current.saver.isStale).toBe(true);
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('Ana title');
  });

  it('stops after maxAttempts writes while others keep writing, keeping the draft', async () => {
    let n = 0;
    const server = demoServer();
    // Another writer lands just before each of Ben's writes reaches the server.
    const racing = server.fetchFor(async (request) => {
      if (request.method === 'PUT') await server.write('ana', { description: `ana edit ${++n}` });
    });
    const { result } = renderHook(
      () => {
        const query = useVersionedQuery<Ticket>({ url: URL_T1 });
        const draft = useDraft<Ticket>(URL_T1, { initial: query.data as Ticket });
        const saver = useGuardedSave<Ticket>({ url: URL_T1, draft, maxAttempts: 3 });
        return { query, draft, saver };
      },
      { wrapper: kit(racing, 'ben') },
    );
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, assignee: 'ben' })));

    let outcome: Awaited<ReturnType<typeof result.current.saver.save>> | undefined;
    await act(async () => {
      outcome = await result.current.saver.save(result.current.draft.draft);
    });

    expect(outcome?.status).toBe('error');
    expect(result.current.saver.error).toBeInstanceOf(SaveAttemptsExhaustedError);
    expect(server.writes().filter((w) => w.method === 'PUT')).toHaveLength(3);
    expect((await server.store.tickets.get('T-1001'))?.assignee).toBe('maria.lopez');
    expect(result.current.draft).toMatchObject({ dirty: true, draft: { assignee: 'ben' } });
  });

  it('never writes without a precondition: with no version read, the save fails with UnprotectedWriteError', async () => {
    const server = demoServer();
    const { result } = renderHook(() => useGuardedSave<Partial<Ticket>>({ url: URL_T1 }), { wrapper: kit(server.fetch, 'ben') });

    let outcome: Awaited<ReturnType<typeof result.current.save>> | undefined;
    await act(async () => {
      outcome = await result.current.save({ title: 'blind write' });
    });

    expect(outcome?.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(UnprotectedWriteError);
    expect(server.writes()).toEqual([]);
  });

  it('retries a 428 once with the fetched ETag when the record did not change', async () => {
    const server = demoServer();
    let stripped = 0;
    // A proxy that drops If-Match on the first write.
    const lossy = async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      if (init.method !== 'GET' && stripped++ === 0) headers.delete('if-match');
      return server.fetch(url, { ...init, headers });
    };
    // PATCH, so no body version stands in for the lost If-Match.
    const { result } = renderHook(() => useEditor({ method: 'PATCH' }), { wrapper: kit(lossy, 'ben') });
    await loaded(result);
    await act(async () => {
      await result.current.saver.save({ ...result.current.query.data!, title: 'after 428' });
    });
    expect(server.writes().map((w) => w.ifMatch)).toEqual([null, '"T-1001:3"']);
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('after 428');
  });

  it('sends only the changed fields as a merge patch with method PATCH', async () => {
    const server = demoServer();
    const { result } = renderHook(() => useEditor({ method: 'PATCH' }), { wrapper: kit(server.fetch, 'ben') });
    await loaded(result);
    await act(async () => {
      await result.current.saver.save({ ...result.current.query.data!, assignee: 'ben' });
    });
    expect(server.writes()).toEqual([{ method: 'PATCH', url: URL_T1, ifMatch: '"T-1001:3"', body: { assignee: 'ben' } }]);
  });

  it('queues a merge session for the built-in resolver that a dialog can resolve', async () => {
    const server = demoServer();
    function Editor() {
      const query = useVersionedQuery<Ticket>({ url: URL_T1 });
      const saver = useGuardedSave<Ticket>({ url: URL_T1 });
      const sessions = useConflictSessions();
      const session = sessions[0];
      if (!query.data) return null;
      return (
        <>
          <button onClick={() => void saver.save({ ...query.data!, title: 'Ben title' })}>Save</button>
          <output>{saver.status}</output>
          {session?.type === 'merge' && (
            <div role="dialog" aria-label="Edit conflict">
              <button
                onClick={() => {
                  const { merge } = session.request;
                  const choices = Object.fromEntries(merge.conflicts.map((c) => [c.pointer, 'mine' as const]));
                  session.resolve({ action: 'save', value: resolveMerge(merge, choices) });
                }}
              >
                Keep mine
              </button>
            </div>
          )}
        </>
      );
    }
    const Wrapper = kit(server.fetch, 'ben');
    render(<Editor />, { wrapper: Wrapper });
    const user = userEvent.setup();
    const save = await screen.findByRole('button', { name: 'Save' });
    await server.write('ana', { title: 'Ana title' });

    await user.click(save);
    await user.click(await screen.findByRole('button', { name: 'Keep mine' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('saved'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', version: 5 });
  });

  it('explains an unreadable 409 with the server’s request id when the record did not change', async () => {
    const server = demoServer();
    // A proxy answers the write with an HTML error page.
    const proxied = async (url: string, init: RequestInit) =>
      init.method === 'PUT'
        ? new Response('<html><body>Conflict</body></html>', { status: 409, headers: { 'content-type': 'text/html', 'x-request-id': 'req_proxy_1' } })
        : server.fetch(url, init);
    const { resolver } = testResolver(() => ({ action: 'cancel' }));
    const { result } = renderHook(() => useEditor(), { wrapper: kit(proxied, 'ben', { resolver }) });
    await loaded(result);

    let outcome: Awaited<ReturnType<typeof result.current.saver.save>> | undefined;
    await act(async () => {
      outcome = await result.current.saver.save({ ...result.current.query.data!, title: 'mine' });
    });

    expect(outcome).toMatchObject({ status: 'problem', conflict: { kind: 'unknown', requestId: 'req_proxy_1' }, action: 'dismiss' });
    expect(resolver.problem).toHaveBeenCalledWith(expect.objectContaining({ draft: expect.objectContaining({ title: 'mine' }) }));
    expect(resolver.merge).not.toHaveBeenCalled();
  });

  describe('with a draft', () => {
    /** The form: the record, its draft, the save of the draft, and the kit's client. */
    const useDraftForm = () => {
      const query = useVersionedQuery<Ticket>({ url: URL_T1 });
      const draft = useDraft<Ticket>(URL_T1, { initial: query.data as Ticket });
      const saver = useGuardedSave<Ticket>({ url: URL_T1, draft });
      return { query, draft, saver, client: useConflictKit().client };
    };
    type Form = ReturnType<typeof useDraftForm>;
    const save = async (result: { current: Form }) => {
      let outcome: Awaited<ReturnType<Form['saver']['save']>> | undefined;
      await act(async () => {
        outcome = await result.current.saver.save(result.current.draft.draft);
      });
      return outcome;
    };
    /** A fetch on which the user types once while the next write is on its way: set `typing.next`. */
    const typingDuringWrites = (server: ReturnType<typeof demoServer>) => {
      const typing: { next?: (() => void) | undefined } = {};
      const fetch = server.fetchFor(async (request) => {
        if (request.method === 'GET') return;
        const type = typing.next;
        typing.next = undefined;
        type?.();
      });
      return { fetch, typing };
    };
    afterEach(() => {
      vi.doUnmock('./recoverGuardedSave');
      vi.doUnmock('./replayEdits');
    });

    it('keeps edits typed while a save that auto-merges is in flight, the later value winning over theirs', async () => {
      const server = demoServer();
      // The user types on while the first write is on its way (it will come back 412).
      const { fetch, typing } = typingDuringWrites(server);
      const { result } = renderHook(useDraftForm, { wrapper: kit(fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { assignee: 'ana', status: 'in_progress' });
      typing.next = () => result.current.draft.setDraft((d) => ({ ...d, description: 'typed during the save', assignee: 'carl' }));

      const outcome = await save(result);

      expect(outcome).toMatchObject({ status: 'saved', merged: true });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana', status: 'in_progress', version: 5 });
      // Nothing typed during the save is lost: it stays a draft on the saved version.
      expect(result.current.draft).toMatchObject({
        dirty: true,
        draft: { title: 'Ben title', status: 'in_progress', assignee: 'carl', description: 'typed during the save' },
      });
      expect(result.current.draft.baseValidator?.etag?.opaque).toBe('T-1001:5');
    });

    it('writes against the draft’s own base even when a read moved the registry’s base under it', async () => {
      const server = demoServer();
      const { result } = renderHook(useDraftForm, { wrapper: kit(server.fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { assignee: 'ana' });
      // A read that does not keep the base (another component, or one that started before the draft).
      await act(async () => {
        await result.current.client.read(URL_T1, { key: result.current.draft.key });
      });
      expect(result.current.client.registry.get(result.current.draft.key)?.validator.etag?.opaque).toBe('T-1001:4');

      const outcome = await save(result);

      expect(outcome).toMatchObject({ status: 'saved', merged: true });
      expect(server.writes().map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:4"']);
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana' });
    });

    it('keeps the draft and says why when the conflict code cannot load (offline), instead of the raw import error', async () => {
      vi.doMock('./recoverGuardedSave', () => {
        throw new TypeError('Failed to fetch dynamically imported module');
      });
      const server = demoServer();
      const { result } = renderHook(useDraftForm, { wrapper: kit(server.fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { assignee: 'ana' });

      const outcome = await save(result);

      expect(outcome?.status).toBe('error');
      const error = outcome?.status === 'error' ? outcome.error : undefined;
      expect(error).toBeInstanceOf(RecoveryUnavailableError);
      expect(error?.message).toMatch(/conflict.*could not be loaded.*draft is kept.*back online/);
      expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'Ben title' } });
    });

    it('reports a committed save as saved and keeps later edits unrebased when the merge code cannot load', async () => {
      const server = demoServer();
      const { fetch, typing } = typingDuringWrites(server);
      const { result } = renderHook(useDraftForm, { wrapper: kit(fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      typing.next = () => result.current.draft.setDraft((d) => ({ ...d, description: 'typed during the save' }));
      vi.doMock('./replayEdits', () => {
        throw new TypeError('Failed to fetch dynamically imported module');
      });

      const outcome = await save(result);

      expect(outcome?.status).toBe('saved');
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', version: 4 });
      expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'Ben title', description: 'typed during the save' } });
      // On its old base: the next save gets a 412 and merges it with what was saved.
      expect(result.current.draft.baseValidator?.etag?.opaque).toBe('T-1001:3');
    });
  });
});
