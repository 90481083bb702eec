import { onlineManager, QueryClient, QueryClientProvider, useMutationState, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../demo/server/demoStore';
import { demoServer as inProcessServer, kitWrapper, type Fetch, type KitWrapperOptions } from '../../test/support/kitHarness';
import { createConflictClient, NetworkError, resolveMerge, UnprotectedWriteError, type ConflictClient, type ConflictClientOptions } from '../core/index';
import { markChanged } from '../core/remoteChange';
import { ConflictKitProvider } from './ConflictKitProvider';
import type { RecordHandle } from './RecordHandle';
import type { ConflictResolver, MergeOutcome, MergeRequest } from './resolver';
import type { SaveOutcome } from './runGuardedSave';
import { SaveAttemptsExhaustedError } from './SaveAttemptsExhaustedError';
import { useConflictKit } from './useConflictKit';
import { useConflictNotices } from './useConflictNotices';
import { useConflictSessions } from './useConflictSessions';
import { useDraft } from './useDraft';
import { useGuardedSave, type UseGuardedSaveOptions } from './useGuardedSave';
import { useStaleness } from './useStaleness';
import { useVersionedQuery } from './useVersionedQuery';
import { versionedQueryOptions } from './versionedQueryOptions';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const URL_T1 = '/api/tickets/T-1001';
const ticketQuery = versionedQueryOptions<Ticket>({ url: URL_T1 });

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

const kit = (fetch: Fetch, actor: string, props: Omit<KitWrapperOptions, 'fetch' | 'actor'> = {}) =>
  kitWrapper({ fetch, actor, ...props });

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

function useEditor(options: Omit<UseGuardedSaveOptions<Ticket>, 'record'> = {}) {
  const query = useVersionedQuery(ticketQuery);
  const saver = useGuardedSave<Ticket>({ record: query.record, ...options });
  const { notices } = useConflictNotices();
  // Read in render, as a page would: react-query re-renders only for what a render read.
  void query.data;
  return { query, saver, notices };
}

/** The form: the record, its draft, the save of the draft, and the kit's client. */
function useDraftForm(options: Omit<UseGuardedSaveOptions<Ticket>, 'record' | 'draft'> = {}) {
  const query = useVersionedQuery(ticketQuery);
  const draft = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
  const saver = useGuardedSave<Ticket>({ record: query.record, draft, ...options });
  const staleness = useStaleness({ record: query.record });
  return { query, draft, saver, staleness, client: useConflictKit().client };
}

async function loaded<T extends { query: { data: unknown } }>(result: { current: T }): Promise<void> {
  await waitFor(() => expect(result.current.query.data).toBeDefined());
}

/** Saves through `mutateAsync`, and waits for the hook to show the end; a rejected save comes back as its error. */
async function save<T>(
  result: { current: { saver: { mutateAsync: (value: T) => Promise<SaveOutcome<T>>; isPending: boolean } } },
  value: T,
): Promise<SaveOutcome<T> | Error> {
  let outcome: SaveOutcome<T> | Error | undefined;
  await act(async () => {
    outcome = await result.current.saver.mutateAsync(value).catch((error: Error) => error);
  });
  await waitFor(() => expect(result.current.saver.isPending).toBe(false));
  return outcome!;
}

describe('useGuardedSave', () => {
  it('saves with If-Match of the version it read and records the new version', async () => {
    const server = demoServer();
    const { result } = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    await loaded(result);
    expect(result.current.query.record.key).toBe(URL_T1);

    const outcome = await save(result, { ...result.current.query.data!, title: 'VAT line is 0.00' });

    expect(outcome).toMatchObject({ outcome: 'saved' });
    expect(server.writes()).toEqual([expect.objectContaining({ method: 'PUT', ifMatch: '"T-1001:3"' })]);
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('VAT line is 0.00');
    expect(result.current.saver.status).toBe('success');
    await waitFor(() => expect(result.current.query.data?.title).toBe('VAT line is 0.00'));
  });

  describe('on data whose version was read elsewhere (hydrated from a server render)', () => {
    /** A QueryClient holding the record as a server render dehydrated it: the data without its ETag, never refetched. */
    async function hydrated(server: ReturnType<typeof demoServer>) {
      const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
      queryClient.setQueryData(ticketQuery.queryKey, (await server.store.tickets.get('T-1001'))!);
      return queryClient;
    }

    it('saves by reading the version first when the server still holds what the page shows', async () => {
      const server = demoServer();
      const { result } = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana', { queryClient: await hydrated(server) }) });
      await waitFor(() => expect(result.current.query.data).toBeDefined());
      expect(server.sent).toEqual([]);
      const outcome = await save(result, { ...result.current.query.data!, title: 'VAT line is 0.00' });
      expect(outcome).toMatchObject({ outcome: 'saved' });
      expect(server.sent.map((s) => `${s.method} ${s.ifMatch ?? ''}`.trim())).toEqual(['GET', 'PUT "T-1001:3"']);
    });

    it('learns the version from a refetch that an earlier useQuery of the same record started (no StrictMode)', async () => {
      const server = demoServer();
      const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
      queryClient.setQueryData(ticketQuery.queryKey, (await server.store.tickets.get('T-1001'))!);
      await server.write('ana', { status: 'in_progress' });
      const client = createConflictClient({ fetch: server.fetch });
      const wrapper = ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={queryClient}>
          <ConflictKitProvider client={client} broadcastChannel={false}>
            {children}
          </ConflictKitProvider>
        </QueryClientProvider>
      );
      const { result } = renderHook(
        () => {
          const earlier = useQuery(ticketQuery);
          return { earlier, ...useEditor() };
        },
        { wrapper, reactStrictMode: false },
      );
      await waitFor(() => expect(result.current.query.data?.status).toBe('in_progress'));
      expect(client.registry.get(URL_T1)).toMatchObject({ freshness: 'fresh', validator: { etag: { opaque: 'T-1001:4' } } });
    });

    it('refuses to send blind, before any merge, when the server gives no version at all', async () => {
      const server = demoServer();
      const noTags = server.fetchFor();
      const stripped: Fetch = async (url, init) => {
        const response = await noTags(url, init);
        const headers = new Headers(response.headers);
        headers.delete('etag');
        const body = init?.method === 'GET' || !init?.method ? JSON.stringify({ ...((await response.json()) as object), version: undefined }) : await response.text();
        return new Response(body, { status: response.status, headers });
      };
      const { resolver, merge } = testResolver(() => ({ action: 'cancel' }));
      const { result } = renderHook(() => useEditor(), { wrapper: kit(stripped, 'ben', { resolver, queryClient: await hydrated(server) }) });
      await waitFor(() => expect(result.current.query.data).toBeDefined());
      await server.write('ana', { title: 'Ana title' });
      expect(await save(result, { ...result.current.query.data!, title: 'Ben title' })).toBeInstanceOf(UnprotectedWriteError);
      expect(merge).not.toHaveBeenCalled();
      expect(server.writes().map((w) => w.method)).toEqual([]);
    });

    it('explains a record deleted since the server render as deleted, not as an HTTP error', async () => {
      const server = demoServer();
      const { resolver } = testResolver(() => ({ action: 'cancel' }));
      const gone: Fetch = async (url, init) => ((init?.method ?? 'GET') === 'GET' ? new Response(null, { status: 404 }) : server.fetch(url, init));
      const { result } = renderHook(() => useEditor(), { wrapper: kit(gone, 'ben', { resolver, queryClient: await hydrated(server) }) });
      await waitFor(() => expect(result.current.query.data).toBeDefined());
      expect(await save(result, { ...result.current.query.data!, title: 'Ben title' })).toMatchObject({ outcome: 'problem', conflict: { kind: 'deleted', status: 404 } });
      expect(resolver.problem).toHaveBeenCalledTimes(1);
    });

    it('merges a stored draft whose base has no version onto the version the server holds now', async () => {
      const server = demoServer();
      const base = (await server.store.tickets.get('T-1001'))!;
      localStorage.setItem(`conflict-kit:draft:${URL_T1}`, JSON.stringify({ v: 1, draft: { ...base, assignee: 'ben' }, base, savedAt: Date.now() }));
      await server.write('ana', { status: 'in_progress' });
      const { result } = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben') });
      await loaded(result);
      await waitFor(() => expect(result.current.draft.draft.assignee).toBe('ben'));
      expect(await save(result, result.current.draft.draft)).toMatchObject({ outcome: 'merged' });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ status: 'in_progress', assignee: 'ben' });
    });

    it('does not call a draft on hydrated data stale after a reload when nothing changed', async () => {
      const server = demoServer();
      const first = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { queryClient: await hydrated(server) }) });
      await waitFor(() => expect(first.result.current.query.data).toBeDefined());
      act(() => first.result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      first.unmount();

      const second = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { queryClient: await hydrated(server) }) });
      await waitFor(() => expect(second.result.current.draft.draft.title).toBe('Ben title'));
      await act(async () => {
        await Promise.resolve();
      });
      expect(second.result.current.staleness.freshness).not.toBe('stale');
      expect(server.sent).toEqual([]);
    });

    it("never overwrites a change made since the server render: merges it, or asks (a draft's base without a version too)", async () => {
      for (const form of ['plain', 'draft'] as const) {
        const server = demoServer();
        const wrapper = kit(server.fetch, 'ben', { queryClient: await hydrated(server) });
        const { result } = renderHook(() => (form === 'draft' ? useDraftForm() : { ...useEditor(), draft: undefined, client: useConflictKit().client }), { wrapper });
        await waitFor(() => expect(result.current.query.data).toBeDefined());
        if (result.current.draft) act(() => result.current.draft!.setDraft((d) => ({ ...d, assignee: 'ben' })));
        await server.write('ana', { status: 'in_progress' });
        // A revalidation (window focus) learns the new version before the save.
        await act(() => result.current.client.revalidate(URL_T1, { key: result.current.query.record.key }));
        const value = result.current.draft ? result.current.draft.draft : { ...result.current.query.data!, assignee: 'ben' };
        expect(await save(result, value), form).toMatchObject({ outcome: 'merged', by: 'auto' });
        expect(await server.store.tickets.get('T-1001'), form).toMatchObject({ status: 'in_progress', assignee: 'ben' });
        cleanup();
        localStorage.clear();
      }
    });
  });

  it('auto-merges a change to another field, saves with the new version and tells who changed what', async () => {
    const server = demoServer();
    const a = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    const b = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ben') });
    await loaded(a.result);
    await loaded(b.result);
    // Under StrictMode the first read may run twice (the remount refetches); count from here.
    const reads = server.sent.filter((s) => s.method === 'GET').length;

    await save(a.result, { ...a.result.current.query.data!, status: 'in_progress' });
    const anaSaved = await server.store.tickets.get('T-1001');
    const outcome = await save(b.result, { ...b.result.current.query.data!, assignee: 'ben' });

    expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ status: 'in_progress', assignee: 'ben', version: 5 });
    expect(server.writes().map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:3"', '"T-1001:4"']);
    // Theirs came with the 412 (its body and ETag): no read between the two writes.
    expect(server.sent.filter((s) => s.method === 'GET')).toHaveLength(reads);
    expect(b.result.current.notices).toEqual([
      expect.objectContaining({ kind: 'auto-merged', key: URL_T1, changedBy: 'ana', changedAt: Date.parse(anaSaved!.updatedAt) }),
    ]);
    expect(b.result.current.notices[0]?.mergedPaths).toContain('/status');
    expect(b.result.current.saver.data).toMatchObject({ notice: { kind: 'auto-merged' } });
  });

  it('asks the resolver when both changed the same field, then saves the resolved value with the new version', async () => {
    const server = demoServer();
    const { resolver, merge } = testResolver((request) => ({ action: 'save', value: { ...request.merge.value, title: 'Both: ' + request.theirs.title } }));
    const a = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ana') });
    const b = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(a.result);
    await loaded(b.result);

    await save(a.result, { ...a.result.current.query.data!, title: 'Ana title' });
    const outcome = await save(b.result, { ...b.result.current.query.data!, title: 'Ben title' });

    expect(outcome).toMatchObject({ outcome: 'merged', by: 'user' });
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
    const { result } = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });

    const outcome = await save(result, result.current.draft.draft);

    expect(outcome).toMatchObject({ outcome: 'cancelled', conflict: { kind: 'stale' } });
    expect(result.current.saver.status).toBe('success');
    expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'Ben title' }, pendingMerge: { choices: {}, closed: true } });
    expect(result.current.staleness).toMatchObject({ freshness: 'stale', validator: { etag: { opaque: 'T-1001:3' } } });
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('Ana title');
  });

  it('keeps the choices of a dialog the user closed: a reload does not reopen it, the next save\'s dialog starts from them', async () => {
    const server = demoServer();
    const edit = { custom: 'Ben and Ana title' };
    const { resolver, merge } = testResolver((request) => {
      // The user types an edit for the title, then closes the dialog (Escape).
      if (!request.initialChoices) request.onChoicesChange?.({ '/title': edit });
      return { action: 'cancel' };
    });
    const first = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(first.result);
    act(() => first.result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });
    expect(await save(first.result, first.result.current.draft.draft)).toMatchObject({ outcome: 'cancelled' });
    expect(first.result.current.draft.pendingMerge).toMatchObject({ choices: { '/title': edit }, closed: true });
    first.unmount();

    // The page loads again: the dialog the user closed stays closed.
    const second = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(second.result);
    await act(async () => {
      await Promise.resolve();
    });
    expect(second.result.current.saver.status).toBe('idle');
    expect(merge).toHaveBeenCalledTimes(1);

    // Save again: the dialog opens with the edit the user typed before closing it.
    await save(second.result, second.result.current.draft.draft);
    expect(merge).toHaveBeenCalledTimes(2);
    expect(merge.mock.calls[1]![0]).toMatchObject({ mine: { title: 'Ben title' }, theirs: { title: 'Ana title' }, initialChoices: { '/title': edit } });
  });

  /** Ben's save meets Ana's title, which only an event said was Operator A's; the page goes away with the merge dialog open. */
  async function leaveWithDialogOpen(server: ReturnType<typeof demoServer>, clientOptions: ConflictClientOptions) {
    const open = testResolver(() => new Promise<never>(() => undefined) as never);
    const first = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver: open.resolver, clientOptions }) });
    await loaded(first.result);
    act(() => first.result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });
    act(() => void markChanged(first.result.current.client.registry, first.result.current.query.record.key, { etag: '"T-1001:4"', changedBy: 'Operator A', changedAt: Date.UTC(2026, 11, 6, 10, 42) }));
    act(() => void first.result.current.saver.mutate(first.result.current.draft.draft));
    await waitFor(() => expect(open.merge).toHaveBeenCalledTimes(1));
    first.unmount();
    return open.merge.mock.calls[0]![0];
  }

  it('says who saved theirs after a reload too, as the dialog did before it: the reopened dialog and the banner', async () => {
    const server = demoServer();
    // Only the server's event says who: the record's own authorship is not read.
    const clientOptions = { changeOf: () => ({}) };
    expect(await leaveWithDialogOpen(server, clientOptions)).toMatchObject({ changedBy: 'Operator A', changedAt: Date.UTC(2026, 11, 6, 10, 42) });

    // The page loads again with the dialog open: no event tells who any more.
    const again = testResolver(() => ({ action: 'cancel' }));
    const second = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver: again.resolver, clientOptions }) });
    await waitFor(() => expect(again.merge).toHaveBeenCalledTimes(1));
    expect(again.merge.mock.calls[0]![0]).toMatchObject({ changedBy: 'Operator A', changedAt: Date.UTC(2026, 11, 6, 10, 42), theirs: { title: 'Ana title' } });
    await waitFor(() => expect(second.result.current.staleness).toMatchObject({ freshness: 'stale', changedBy: 'Operator A' }));
  });

  it('reads who saved theirs from storage as untrusted: a name that is not one, or a time no Date holds, is left out', async () => {
    const server = demoServer();
    const clientOptions = { changeOf: () => ({}) };
    await leaveWithDialogOpen(server, clientOptions);

    for (const [changedBy, changedAt] of [[{ name: 'x' }, 1e300], ['A'.repeat(201), '+275760-09-13T00:00:00.001Z']] as const) {
      const storageKey = Object.keys(localStorage).find((key) => key.startsWith('conflict-kit:draft:'))!;
      const stored = JSON.parse(localStorage.getItem(storageKey)!) as { pendingMerge: Record<string, unknown> };
      localStorage.setItem(storageKey, JSON.stringify({ ...stored, pendingMerge: { ...stored.pendingMerge, changedBy, changedAt } }));
      const again = testResolver(() => new Promise<never>(() => undefined) as never);
      const second = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver: again.resolver, clientOptions }) });
      await waitFor(() => expect(again.merge).toHaveBeenCalledTimes(1));
      const request = again.merge.mock.calls[0]![0];
      expect(request.theirs).toMatchObject({ title: 'Ana title' });
      expect([request.changedBy, request.changedAt]).toEqual([undefined, undefined]);
      second.unmount();
    }
  });

  it('applies a closed dialog\'s choices only to the conflict it showed: not after the form was edited, nor after theirs changed again', async () => {
    for (const meanwhile of ['form edited', 'theirs changed'] as const) {
      const server = demoServer();
      const { resolver, merge } = testResolver((request) => {
        if (!request.initialChoices) request.onChoicesChange?.({ '/title': { custom: 'typed in the dialog' } });
        return { action: 'cancel' };
      });
      const { result, unmount } = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { title: 'Ana title' });
      await save(result, result.current.draft.draft);
      expect(result.current.draft.pendingMerge).toMatchObject({ closed: true, theirs: { etag: '"T-1001:4"' } });

      if (meanwhile === 'form edited') act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title, rewritten in the form' })));
      else await server.write('ana', { title: 'Ana title, again' });
      await save(result, result.current.draft.draft);

      expect(merge).toHaveBeenCalledTimes(2);
      expect(merge.mock.calls[1]![0].initialChoices).toBeUndefined();
      unmount();
      localStorage.clear();
    }
  });

  it('forgets the closed dialog\'s choices once the form is edited back to the record as read', async () => {
    const server = demoServer();
    const { resolver } = testResolver((request) => {
      request.onChoicesChange?.({ '/title': 'mine' });
      return { action: 'cancel' };
    });
    const { result } = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben', { resolver }) });
    await loaded(result);
    const title = result.current.draft.draft.title;
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });
    await save(result, result.current.draft.draft);
    expect(result.current.draft.pendingMerge).toMatchObject({ closed: true });

    act(() => result.current.draft.setDraft((d) => ({ ...d, title })));
    expect(result.current.draft).toMatchObject({ dirty: false, pendingMerge: undefined });
  });

  it('runs once when it asks: the draft\'s open merge does not start a second save, and onSuccess fires once', async () => {
    const server = demoServer();
    let answer!: (outcome: MergeOutcome<Ticket>) => void;
    const { resolver, merge } = testResolver(() => ({ action: 'cancel' }));
    merge.mockImplementation(() => new Promise((resolve) => (answer = resolve as typeof answer)));
    const onSuccess = vi.fn();
    const { result } = renderHook(
      () => ({ ...useDraftForm({ onSuccess }), saves: useMutationState({ filters: { mutationKey: ['conflict-kit', 'save'] } }).length }),
      { wrapper: kit(server.fetch, 'ben', { resolver }) },
    );
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
    await server.write('ana', { title: 'Ana title' });

    act(() => result.current.saver.mutate(result.current.draft.draft));
    await waitFor(() => expect(result.current.draft.pendingMerge).toBeDefined());
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(result.current.saves).toBe(1);
    const request = merge.mock.calls[0]![0] as MergeRequest<Ticket>;
    const mine = Object.fromEntries(request.merge.conflicts.map((c) => [c.pointer, 'mine' as const]));
    act(() => answer({ action: 'save', value: resolveMerge(request.merge, mine) }));

    await waitFor(() => expect(result.current.saver.status).toBe('success'));
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(merge).toHaveBeenCalledTimes(1);
    expect(result.current.saves).toBe(1);
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', version: 5 });
  });

  it('stops after maxAttempts writes while others keep writing, keeping the draft', async () => {
    let n = 0;
    const server = demoServer();
    // Another writer lands just before each of Ben's writes reaches the server.
    const racing = server.fetchFor(async (request) => {
      if (request.method === 'PUT') await server.write('ana', { description: `ana edit ${++n}` });
    });
    const { result } = renderHook(() => useDraftForm({ maxAttempts: 3 }), { wrapper: kit(racing, 'ben') });
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, assignee: 'ben' })));

    const outcome = await save(result, result.current.draft.draft);

    expect(outcome).toBeInstanceOf(SaveAttemptsExhaustedError);
    expect(result.current.saver).toMatchObject({ status: 'error', error: expect.any(SaveAttemptsExhaustedError) });
    expect(server.writes().filter((w) => w.method === 'PUT')).toHaveLength(3);
    expect((await server.store.tickets.get('T-1001'))?.assignee).toBe('maria.lopez');
    expect(result.current.draft).toMatchObject({ dirty: true, draft: { assignee: 'ben' } });
  });

  it('does not claim the record kept changing when the server refuses the very version it still gives back', async () => {
    const server = demoServer();
    // A compressing proxy that rewrites ETags: every write fails its If-Match, while reads show no change.
    const fetch: Fetch = async (url, init) => ((init.method ?? 'GET') === 'GET' ? server.fetch(url, init) : new Response(null, { status: 412 }));
    const { result } = renderHook(() => useEditor(), { wrapper: kit(fetch, 'ben') });
    await loaded(result);

    const outcome = await save(result, { ...result.current.query.data!, title: 'Ben title' });

    expect(outcome).not.toBeInstanceOf(SaveAttemptsExhaustedError);
    expect((outcome as Error).message).toMatch(/still serves the version they were based on/);
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ version: 3 });
  });

  it('never writes without a precondition: with no version read, the save fails with UnprotectedWriteError', async () => {
    const server = demoServer();
    const record: RecordHandle = { url: URL_T1, key: URL_T1, queryKey: ['unread'] };
    const { result } = renderHook(() => ({ saver: useGuardedSave<Partial<Ticket>>({ record }) }), { wrapper: kit(server.fetch, 'ben') });

    const outcome = await save(result, { title: 'blind write' });

    expect(outcome).toBeInstanceOf(UnprotectedWriteError);
    expect(result.current.saver.status).toBe('error');
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
    await save(result, { ...result.current.query.data!, title: 'after 428' });
    expect(server.writes().map((w) => w.ifMatch)).toEqual([null, '"T-1001:3"']);
    expect((await server.store.tickets.get('T-1001'))?.title).toBe('after 428');
  });

  it('sends only the changed fields as a merge patch with method PATCH', async () => {
    const server = demoServer();
    const { result } = renderHook(() => useEditor({ method: 'PATCH' }), { wrapper: kit(server.fetch, 'ben') });
    await loaded(result);
    await save(result, { ...result.current.query.data!, assignee: 'ben' });
    expect(server.writes()).toEqual([{ method: 'PATCH', url: URL_T1, ifMatch: '"T-1001:3"', body: { assignee: 'ben' } }]);
  });

  it('queues a merge session that a dialog resolves, pending and resolving meanwhile', async () => {
    const server = demoServer();
    function Editor() {
      const query = useVersionedQuery(ticketQuery);
      const saver = useGuardedSave<Ticket>({ record: query.record });
      const session = useConflictSessions()[0];
      if (!query.data) return null;
      return (
        <>
          <button onClick={() => saver.mutate({ ...query.data!, title: 'Ben title' })}>Save</button>
          <output>
            {saver.status}
            {saver.isResolving ? ' (resolving)' : ''} {saver.data?.outcome}
          </output>
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
    render(<Editor />, { wrapper: kit(server.fetch, 'ben') });
    const user = userEvent.setup();
    const saveButton = await screen.findByRole('button', { name: 'Save' });
    await server.write('ana', { title: 'Ana title' });

    await user.click(saveButton);
    const keepMine = await screen.findByRole('button', { name: 'Keep mine' });
    expect(screen.getByRole('status').textContent).toBe('pending (resolving) ');
    await user.click(keepMine);

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success merged'));
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

    const outcome = await save(result, { ...result.current.query.data!, title: 'mine' });

    expect(outcome).toMatchObject({ outcome: 'problem', conflict: { kind: 'unknown', requestId: 'req_proxy_1' }, action: 'dismiss' });
    expect(resolver.problem).toHaveBeenCalledWith(expect.objectContaining({ draft: expect.objectContaining({ title: 'mine' }) }));
    expect(resolver.merge).not.toHaveBeenCalled();
  });

  it('Reload in the problem dialog shows the record as saved: the draft it offered to copy is discarded; Close keeps it', async () => {
    const server = demoServer();
    const locked: Fetch = async (url, init) =>
      init.method === 'PUT'
        ? new Response('{"code":"note_locked","message":"This ticket is locked by an admin"}', { status: 409, headers: { 'content-type': 'application/json' } })
        : server.fetch(url, init);
    const { resolver } = testResolver(() => ({ action: 'cancel' }));
    const { result } = renderHook(() => useDraftForm(), { wrapper: kit(locked, 'ben', { resolver }) });
    await loaded(result);
    const saved = result.current.query.data!;

    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'try to edit locked' })));
    await save(result, result.current.draft.draft);
    expect(resolver.problem).toHaveBeenCalledWith(expect.objectContaining({ conflict: expect.objectContaining({ detail: 'This ticket is locked by an admin' }) }));
    expect(result.current.draft.draft.title).toBe('try to edit locked');

    resolver.problem = vi.fn(async () => ({ action: 'reload' as const }));
    const outcome = await save(result, result.current.draft.draft);
    expect(outcome).toMatchObject({ outcome: 'problem', action: 'reload' });
    await waitFor(() => expect(result.current.draft.dirty).toBe(false));
    expect(result.current.draft.draft.title).toBe(saved.title);
  });

  it('is resolving while the user reads why the save of a deleted record failed, not saving', async () => {
    const server = demoServer();
    const gone: Fetch = async (url, init) => ((init.method ?? 'GET') === 'PUT' ? new Response(null, { status: 404 }) : server.fetch(url, init));
    const { resolver } = testResolver(() => ({ action: 'cancel' }));
    let answer: ((outcome: { action: 'dismiss' }) => void) | undefined;
    resolver.problem = vi.fn(() => new Promise<{ action: 'dismiss' }>((resolve) => (answer = resolve)));
    const { result } = renderHook(() => useEditor(), { wrapper: kit(gone, 'ben', { resolver }) });
    await loaded(result);

    let saving: Promise<unknown> | undefined;
    act(() => {
      saving = result.current.saver.mutateAsync({ ...result.current.query.data!, title: 'mine' });
    });
    await waitFor(() => expect(result.current.saver.isResolving).toBe(true));
    await act(async () => {
      answer!({ action: 'dismiss' });
      await saving;
    });
    await waitFor(() => expect(result.current.saver.data).toMatchObject({ outcome: 'problem', conflict: { kind: 'deleted' } }));
    expect(result.current.saver.isResolving).toBe(false);
  });

  it('is a mutation: visible to useMutationState under its mutation key, one save for a double submit', async () => {
    const server = demoServer();
    const { result } = renderHook(
      () => ({ ...useEditor(), states: useMutationState({ filters: { mutationKey: ['conflict-kit', 'save'] }, select: (m) => m.state.status }) }),
      { wrapper: kit(server.fetch, 'ben') },
    );
    await loaded(result);
    const value = { ...result.current.query.data!, title: 'once' };

    let outcomes: SaveOutcome<Ticket>[] = [];
    await act(async () => {
      outcomes = await Promise.all([result.current.saver.mutateAsync(value), result.current.saver.mutateAsync(value)]);
    });

    expect(outcomes.map((o) => o.outcome)).toEqual(['saved', 'saved']);
    expect(server.writes()).toHaveLength(1);
    // react-query tells its observers on its next tick (notifyManager), not within act.
    await waitFor(() => expect(result.current.states).toEqual(['success', 'success']));
  });

  it('writes a second, different value sent while the first is in flight after it, and reports each as what it saved', async () => {
    const server = demoServer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = server.fetchFor(async (request) => {
      if (request.method === 'PUT') await gate;
    });
    // Both values carry the version read at first, as an autosave's edits of one form do.
    const { result } = renderHook(() => useEditor({ merge: { ignore: ['/version', '/updatedAt', '/updatedBy'] } }), { wrapper: kit(held, 'ben') });
    await loaded(result);
    const first = { ...result.current.query.data!, title: 'first edit' };
    const second = { ...first, title: 'second edit' };

    let outcomes: SaveOutcome<Ticket>[] = [];
    await act(async () => {
      const both = Promise.all([result.current.saver.mutateAsync(first), result.current.saver.mutateAsync(second)]);
      release();
      outcomes = await both;
    });

    expect(outcomes.map((o) => (o.outcome === 'saved' || o.outcome === 'merged' ? o.value.title : o.outcome))).toEqual(['first edit', 'second edit']);
    expect(server.writes()[0]).toMatchObject({ body: { title: 'first edit' } });
    expect(server.writes().at(-1)).toMatchObject({ body: { title: 'second edit' } });
    expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'second edit', version: 5 });
  });

  it('fails offline and says so, keeping the draft, instead of sitting paused', async () => {
    const server = demoServer();
    const network = { offline: false };
    const fetch: Fetch = (url, init) => (network.offline ? Promise.reject(new TypeError('Failed to fetch')) : server.fetch(url, init));
    const { result } = renderHook(() => useDraftForm(), { wrapper: kit(fetch, 'ben', { revalidateOnReconnect: false }) });
    await loaded(result);
    act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'written offline' })));
    network.offline = true;
    act(() => onlineManager.setOnline(false));
    try {
      const outcome = await save(result, result.current.draft.draft);

      expect(outcome).toBeInstanceOf(NetworkError);
      expect(result.current.saver).toMatchObject({ status: 'error', isPaused: false });
      expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'written offline' } });
    } finally {
      act(() => onlineManager.setOnline(true));
    }
  });

  describe('recovery reads what the server holds now', () => {
    /** A server whose next GET, once answered, waits while `meanwhile` runs (news reaching the registry), then arrives. */
    function lateRead(server: ReturnType<typeof demoServer>, answerWrite: (request: Request, forward: () => Promise<Response>) => Promise<Response>) {
      const state: { meanwhile?: (() => void) | undefined } = {};
      const fetch: Fetch = async (url, init) => {
        if ((init.method ?? 'GET') !== 'GET') return answerWrite(new Request(new URL(url, 'http://test'), init), () => server.fetch(url, init));
        const answer = await server.fetch(url, init);
        const meanwhile = state.meanwhile;
        state.meanwhile = undefined;
        meanwhile?.();
        return answer;
      };
      return { fetch, state };
    }

    it('merges an unreadable 409 with the new version even when a version-less event arrives during the read (bug A)', async () => {
      const server = demoServer();
      let proxied = 0;
      // A proxy answers the first write with an HTML error page; the server holds v4 by then.
      const { fetch, state } = lateRead(server, async (_request, forward) =>
        proxied++ === 0 ? new Response('<html>Conflict</html>', { status: 409, headers: { 'content-type': 'text/html' } }) : forward(),
      );
      const client = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
      const { resolver } = testResolver(() => ({ action: 'cancel' }));
      const { result } = renderHook(() => useEditor(), { wrapper: kit(fetch, 'ben', { client, resolver }) });
      await loaded(result);
      await server.write('ana', { assignee: 'ana' });
      state.meanwhile = () => client.registry.markStale(URL_T1, { changedBy: 'ana' });

      const outcome = await save(result, { ...result.current.query.data!, title: 'Ben title' });

      // Theirs is v4: the change merges in; the unreadable answer is no "not understood" problem.
      expect(resolver.problem).not.toHaveBeenCalled();
      expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana', version: 5 });
    });

    it('saves after a bare 412 with the version the read found, not the old one, within maxAttempts 2 (bug A)', async () => {
      const server = demoServer();
      const bare412 = async (_request: Request, forward: () => Promise<Response>) => {
        const answer = await forward();
        return answer.status === 412 ? new Response(null, { status: 412 }) : answer;
      };
      const { fetch, state } = lateRead(server, bare412);
      const client = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
      const { result } = renderHook(() => useEditor({ maxAttempts: 2 }), { wrapper: kit(fetch, 'ben', { client }) });
      await loaded(result);
      await server.write('ana', { assignee: 'ana' });
      state.meanwhile = () => client.registry.markStale(URL_T1, { changedBy: 'ana' });

      const outcome = await save(result, { ...result.current.query.data!, title: 'Ben title' });

      expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana', version: 5 });
    });

    it('names who made the change with the client’s changeOf option in the merge and its notice (bug B)', async () => {
      const server = demoServer();
      const changeOf = (value: unknown) => ({ changedBy: `Operator ${String((value as Ticket).updatedBy).toUpperCase()}` });
      const client = createConflictClient({ fetch: server.fetch, headers: { 'X-Actor': 'ben' }, changeOf });
      const { resolver, merge } = testResolver((request) => ({ action: 'save', value: resolveMerge(request.merge, { '/title': 'mine' }) }));
      const { result } = renderHook(() => useEditor(), { wrapper: kit(server.fetch, 'ben', { client, resolver }) });
      await loaded(result);
      await server.write('ana', { title: 'Ana title', status: 'in_progress' });

      await save(result, { ...result.current.query.data!, title: 'Ben title' });
      expect(merge.mock.calls[0]![0]).toMatchObject({ changedBy: 'Operator ANA' });

      await server.write('ana', { status: 'resolved' });
      await save(result, { ...result.current.query.data!, assignee: 'ben' });
      expect(result.current.notices.at(-1)).toMatchObject({ kind: 'auto-merged', changedBy: 'Operator ANA' });
    });
  });

  describe('a merged write the server refuses', () => {
    /** Ben's fetch: the demo server, except that the next write sent on `ifMatch` fails with a 503 before reaching it. */
    function refusing(server: ReturnType<typeof demoServer>, ifMatch: string) {
      let armed = true;
      const fetch: Fetch = async (url, init) => {
        const sentOn = new Headers(init.headers).get('if-match');
        if (armed && (init.method ?? 'GET') !== 'GET' && sentOn === ifMatch) {
          armed = false;
          const problem = { type: 'about:blank', title: 'Service Unavailable', status: 503 };
          return new Response(JSON.stringify(problem), { status: 503, headers: { 'content-type': 'application/problem+json' } });
        }
        return server.fetch(url, init);
      };
      return fetch;
    }

    function useForm() {
      const editor = useEditor();
      return { ...editor, staleness: useStaleness({ record: editor.query.record }) };
    }

    it('keeps the record marked stale on the version the form shows, so saving the form again merges instead of overwriting', async () => {
      const server = demoServer();
      const fetch = refusing(server, '"T-1001:4"');
      const { result } = renderHook(() => useForm(), { wrapper: kit(fetch, 'ben') });
      await loaded(result);
      const form = { ...result.current.query.data!, assignee: 'ben' };
      await server.write('ana', { status: 'in_progress' });

      // The 412 brings Ana's v4; the clean merge's write on v4 fails.
      expect(await save(result, form)).toBeInstanceOf(Error);

      // What the page says stays true: it shows v3 (Ana's change is not on it), and v3 is stale.
      expect(result.current.query.data).toMatchObject({ version: 3, status: 'open' });
      expect(result.current.staleness).toMatchObject({ freshness: 'stale', validator: { etag: { opaque: 'T-1001:3' } } });

      // Saving the same form again must not send it as if it were based on v4.
      const outcome = await save(result, form);
      expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ status: 'in_progress', assignee: 'ben', version: 5 });
    });
  });

  describe('a save whose answer was lost', () => {
    /** The next write reaches the server and commits; its answer never comes back. */
    function losingAnswers(server: ReturnType<typeof demoServer>) {
      const state = { loseNext: false, thenOffline: false, offline: false };
      const fetch: Fetch = async (url, init) => {
        if (state.offline) throw new TypeError('Failed to fetch');
        const answer = await server.fetch(url, init);
        if ((init.method ?? 'GET') !== 'GET' && state.loseNext) {
          state.loseNext = false;
          state.offline = state.thenOffline;
          throw new TypeError('Failed to fetch');
        }
        return answer;
      };
      return { fetch, state };
    }

    it('is recognised as saved by a read that finds the edits on the server: no second write, no stale mark', async () => {
      const server = demoServer();
      const { fetch, state } = losingAnswers(server);
      const { result } = renderHook(() => useDraftForm(), { wrapper: kit(fetch, 'ana') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ana title' })));
      state.loseNext = true;

      const outcome = await save(result, result.current.draft.draft);

      expect(outcome).toMatchObject({ outcome: 'saved', alreadySaved: true, value: { title: 'Ana title', version: 4 } });
      expect(server.writes()).toHaveLength(1);
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 4 });
      expect(result.current.draft.dirty).toBe(false);
      expect(result.current.staleness).toMatchObject({ freshness: 'fresh', validator: { etag: { opaque: 'T-1001:4' } } });
    });

    it('when the read fails too, keeps the draft; the retry finds the edits saved and writes no extra version', async () => {
      const server = demoServer();
      const { fetch, state } = losingAnswers(server);
      const { result } = renderHook(() => useDraftForm(), { wrapper: kit(fetch, 'ana', { revalidateOnReconnect: false, revalidateOnFocus: false }) });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ana title' })));
      // The write commits, its answer is lost, and the connection drops before the check.
      state.loseNext = true;
      state.thenOffline = true;

      const lost = await save(result, result.current.draft.draft);

      expect(lost).toBeInstanceOf(NetworkError);
      expect(result.current.draft).toMatchObject({ dirty: true, draft: { title: 'Ana title' } });

      state.offline = false;
      const retried = await save(result, result.current.draft.draft);

      expect(retried).toMatchObject({ outcome: 'saved', alreadySaved: true });
      expect(server.writes().map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:3"']);
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ana title', version: 4 });
      expect(result.current.draft.dirty).toBe(false);
    });
  });

  describe('when the page goes away', () => {
    it('closes the open merge, writes nothing more and keeps the draft', async () => {
      const server = demoServer();
      function Form({ record, ticket }: { record: RecordHandle; ticket: Ticket }): ReactNode {
        const draft = useDraft<Ticket>({ record, initial: ticket });
        const saver = useGuardedSave<Ticket>({ record, draft });
        return (
          <>
            <input aria-label="Title" value={draft.draft.title} onChange={(e) => draft.setDraft((d) => ({ ...d, title: e.target.value }))} />
            <button onClick={() => saver.mutate(draft.draft)}>Save</button>
          </>
        );
      }
      let close: () => void = () => undefined;
      function Page(): ReactNode {
        const query = useVersionedQuery(ticketQuery);
        const [open, setOpen] = useState(true);
        close = () => setOpen(false);
        const sessions = useConflictSessions();
        return (
          <>
            <p>open sessions: {sessions.length}</p>
            {open && query.data ? <Form record={query.record} ticket={query.data} /> : null}
          </>
        );
      }
      const user = userEvent.setup();
      render(<Page />, { wrapper: kit(server.fetch, 'ben') });
      const title = await screen.findByRole('textbox', { name: 'Title' });
      await user.clear(title);
      await user.type(title, 'Ben title');
      await server.write('ana', { title: 'Ana title' });
      await user.click(screen.getByRole('button', { name: 'Save' }));
      await screen.findByText('open sessions: 1');

      act(() => close());

      await screen.findByText('open sessions: 0');
      expect(server.writes()).toHaveLength(1);
      expect(JSON.parse(localStorage.getItem(`conflict-kit:draft:${URL_T1}`) ?? 'null')).toMatchObject({ draft: { title: 'Ben title' } });
    });

    it('finishes a write already sent and records what it saved', async () => {
      const server = demoServer();
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let sending = false;
      const fetch = server.fetchFor(async (request) => {
        if (request.method !== 'PUT') return;
        sending = true;
        await held;
      });
      const client = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
      const { result, unmount } = renderHook(() => useDraftForm(), { wrapper: kit(fetch, 'ben', { client }) });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      let outcome: Promise<SaveOutcome<Ticket>> | undefined;
      act(() => {
        outcome = result.current.saver.mutateAsync(result.current.draft.draft);
      });
      await waitFor(() => expect(sending).toBe(true));

      unmount();
      release();

      await expect(outcome).resolves.toMatchObject({ outcome: 'saved' });
      expect(client.registry.get(URL_T1)).toMatchObject({ freshness: 'fresh', validator: { etag: { opaque: 'T-1001:4' } } });
      expect(localStorage.getItem(`conflict-kit:draft:${URL_T1}`)).toBeNull();
    });
  });

  describe('with a draft', () => {
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

    it('keeps edits typed while a save that auto-merges is in flight, the later value winning over theirs', async () => {
      const server = demoServer();
      // The user types on while the first write is on its way (it will come back 412).
      const { fetch, typing } = typingDuringWrites(server);
      const { result } = renderHook(() => useDraftForm(), { wrapper: kit(fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { assignee: 'ana', status: 'in_progress' });
      typing.next = () => result.current.draft.setDraft((d) => ({ ...d, description: 'typed during the save', assignee: 'carl' }));

      const outcome = await save(result, result.current.draft.draft);

      expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana', status: 'in_progress', version: 5 });
      // Nothing typed during the save is lost: it stays a draft on the saved version.
      expect(result.current.draft).toMatchObject({
        dirty: true,
        draft: { title: 'Ben title', status: 'in_progress', assignee: 'carl', description: 'typed during the save' },
      });
      expect(result.current.staleness.validator?.etag?.opaque).toBe('T-1001:5');
    });

    it('writes against the draft’s own base even when a read moved the registry’s base under it', async () => {
      const server = demoServer();
      const { result } = renderHook(() => useDraftForm(), { wrapper: kit(server.fetch, 'ben') });
      await loaded(result);
      act(() => result.current.draft.setDraft((d) => ({ ...d, title: 'Ben title' })));
      await server.write('ana', { assignee: 'ana' });
      // A read that does not keep the base (another component, or one that started before the draft).
      await act(async () => {
        await result.current.client.read(URL_T1, { key: result.current.draft.key });
      });
      expect(result.current.client.registry.get(result.current.draft.key)?.validator.etag?.opaque).toBe('T-1001:4');

      const outcome = await save(result, result.current.draft.draft);

      expect(outcome).toMatchObject({ outcome: 'merged', by: 'auto' });
      expect(server.writes().map((w) => w.ifMatch)).toEqual(['"T-1001:3"', '"T-1001:4"']);
      expect(await server.store.tickets.get('T-1001')).toMatchObject({ title: 'Ben title', assignee: 'ana' });
    });
  });
});
