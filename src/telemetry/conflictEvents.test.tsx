import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect } from 'react';
import { act, cleanup, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Order, Ticket } from '../../demo/server/demoStore';
import { demoServer, kitWrapper, noRetryQueryClient } from '../../test/support/kitHarness';
import { createConflictClient } from '../core/createConflictClient';
import { ConflictKitProvider } from '../react/ConflictKitProvider';
import type { ConflictEvent } from '../core/telemetry/ConflictEvent';
import { parseTraceparent } from '../server/parseTraceparent';
import type { ConflictResolver } from '../react/resolver';
import { useDraft } from '../react/useDraft';
import { useGuardedSave } from '../react/useGuardedSave';
import { useIdempotentCreate } from '../react/useIdempotentCreate';
import { useVersionedQuery } from '../react/useVersionedQuery';
import { useWorkflowAction } from '../react/useWorkflowAction';
import { ConflictDialogs } from '../ui/ConflictDialogs';
import { subscribeConflictEvents } from './subscribeConflictEvents';

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});

const URL_T1 = '/api/tickets/T-1001';

/** The demo server in process, with the traceparent of every write it received. */
function setup() {
  const server = demoServer();
  const traces: string[] = [];
  const fetch = server.fetchVia(async (request, forward) => {
    if (request.method !== 'GET') traces.push(parseTraceparent(request.headers.get('traceparent'))?.traceId ?? 'none');
    return forward(request);
  });
  const events: ConflictEvent[] = [];
  const wrapper = (props: { resolver?: ConflictResolver } = {}) => {
    const client = createConflictClient({ fetch, headers: { 'X-Actor': 'ben' } });
    subscribeConflictEvents(client, (event) => events.push(event));
    return kitWrapper({ client, ...props });
  };
  return { ...server, traces, events, wrapper };
}

function useTicketForm() {
  const query = useVersionedQuery<Ticket>({ url: URL_T1 });
  const draft = useDraft<Ticket>({ record: query.record, initial: query.data as Ticket });
  const saver = useGuardedSave<Ticket>({ record: query.record, draft, merge: { text: ['/description'], ignore: ['/version', '/updatedAt', '/updatedBy'] } });
  return { query, draft, saver };
}

const types = (events: readonly ConflictEvent[]) => events.map((e) => e.type);

describe('conflict events from the hooks and dialogs, under StrictMode', () => {
  it('follows an auto-merged save from detection to resolution under one conflict id, with the trace ids of its writes and no field value', async () => {
    const s = setup();
    const { result } = renderHook(() => useTicketForm(), { wrapper: s.wrapper() });
    await waitFor(() => expect(result.current.query.data).toBeDefined());
    act(() => result.current.draft.setDraft((d) => ({ ...d, assignee: 'ben.secret' })));
    await s.write('ana', { status: 'in_progress' });

    await act(async () => {
      await result.current.saver.mutateAsync(result.current.draft.draft);
    });

    expect(types(s.events)).toEqual(['conflict.detected', 'conflict.auto-merged', 'save.retried', 'conflict.resolved']);
    const [detected, merged, retried, resolved] = s.events;
    expect(new Set(s.events.map((e) => e.conflictId)).size).toBe(1);
    expect(detected).toMatchObject({ kind: 'edit', resource: '/api/tickets/:id', status: 412, method: 'PUT', requestId: expect.any(String), traceId: s.traces[0] });
    expect(merged).toMatchObject({ fields: 1, hunks: 0 });
    expect(retried).toMatchObject({ attempt: 2 });
    expect(resolved).toMatchObject({ outcome: 'auto-merged', durationMs: expect.any(Number) });
    expect(resolved).not.toHaveProperty('choices');
    expect(s.traces).toHaveLength(2);
    expect(s.traces[0]).not.toBe(s.traces[1]);
    expect(JSON.stringify(s.events)).not.toMatch(/ben\.secret|in_progress|T-1001/);
  });

  it('reports the merge dialog once (though StrictMode mounts it twice), then the choices counted when the user keeps theirs', async () => {
    const s = setup();
    const user = userEvent.setup();
    render(<TicketPage title="Ben title" />, { wrapper: s.wrapper() });
    await screen.findByText('version 3');
    await s.write('ana', { title: 'Ana title' });

    await user.click(screen.getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog', { name: /conflict/i });
    expect(types(s.events)).toEqual(['conflict.detected', 'conflict.dialog-shown']);
    // Support details carry the trace id of the write that conflicted.
    expect(within(dialog).getByText(`Trace ID: ${s.traces[0]}`)).toBeTruthy();
    await user.click(within(dialog).getByRole('radio', { name: 'Keep theirs' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save merged version' }));

    await screen.findByText('saved merged');
    expect(types(s.events)).toEqual(['conflict.detected', 'conflict.dialog-shown', 'save.retried', 'conflict.resolved']);
    expect(s.events.at(-1)).toMatchObject({ outcome: 'kept-theirs', choices: { mine: 0, theirs: 1, both: 0, original: 0, edit: 0 } });
    expect(new Set(s.events.map((e) => e.conflictId)).size).toBe(1);
  });

  it('reports a cancelled merge as cancelled, and a merge whose page went away as an abandoned draft', async () => {
    const s = setup();
    const user = userEvent.setup();
    const page = render(<TicketPage title="Ben title" />, { wrapper: s.wrapper() });
    const showNothing = () => page.rerender(<p>Another page</p>);
    await screen.findByText('version 3');
    await s.write('ana', { title: 'Ana title' });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(within(await screen.findByRole('dialog', { name: /conflict/i })).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(s.events.at(-1)).toMatchObject({ type: 'conflict.resolved', outcome: 'cancelled' }));

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog', { name: /conflict/i });
    // The form goes away (the app navigates); the provider stays.
    showNothing();
    await waitFor(() => expect(s.events.at(-1)).toMatchObject({ type: 'conflict.resolved', outcome: 'abandoned-draft' }));
    expect(s.events.filter((e) => e.type === 'conflict.resolved')).toHaveLength(2);
  });

  it('reports an adopted duplicate create and a chosen workflow step', async () => {
    const s = setup();
    const resolver: ConflictResolver = {
      merge: async () => ({ action: 'cancel' }),
      duplicate: async () => ({ action: 'view-existing' }),
      transition: async (request) => ({ action: 'choose', to: request.conflict.allowedTransitions[0]! }),
      problem: async () => ({ action: 'dismiss' }),
    };
    const { result } = renderHook(
      () => ({
        create: useIdempotentCreate<Order>({ url: '/api/orders', intent: 'orders/new:shop-2026-88421' }),
        action: useWorkflowAction<Order>({ url: '/api/orders/O-1003/transitions' }),
      }),
      { wrapper: s.wrapper({ resolver }) },
    );
    await act(async () => {
      await result.current.create.mutateAsync({ externalId: 'shop-2026-88421', items: [{ sku: 'A', quantity: 1 }] });
      await result.current.action.mutateAsync('cancelled');
    });
    const resolved = s.events.filter((e) => e.type === 'conflict.resolved');
    expect(s.events.filter((e) => e.type === 'conflict.detected').map((e) => [e.kind, e.resource])).toEqual([
      ['duplicate', '/api/orders'],
      ['transition', '/api/orders/:id/transitions'],
    ]);
    expect(resolved.map((e) => e.outcome)).toEqual(['adopted-existing', 'transition-chosen']);
  });

  it('warns in development when the removed onConflictEvent prop is still passed to the provider', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = createConflictClient({ fetch: demoServer().fetch });
    const legacy = { onConflictEvent: () => {} } as object;
    render(
      <QueryClientProvider client={noRetryQueryClient()}>
        <ConflictKitProvider client={client} broadcastChannel={false} {...legacy} />
      </QueryClientProvider>,
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('subscribeConflictEvents(client, listener)'));
    warn.mockRestore();
  });

  it('delivers each event once to a listener subscribed in an effect under StrictMode, and none once it unmounts', async () => {
    const server = demoServer();
    const client = createConflictClient({ fetch: server.fetch, headers: { 'X-Actor': 'ben' } });
    const queryClient = noRetryQueryClient();
    const Listener = ({ onEvent }: { onEvent: (event: ConflictEvent) => void }) => {
      useEffect(() => subscribeConflictEvents(client, onEvent), [onEvent]);
      return null;
    };
    const Shell = ({ onEvent }: { onEvent?: (event: ConflictEvent) => void }) => (
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <ConflictKitProvider client={client} broadcastChannel={false}>
            {onEvent ? <Listener onEvent={onEvent} /> : null}
          </ConflictKitProvider>
        </QueryClientProvider>
      </StrictMode>
    );
    const refused = async () => {
      const result = await client.save(URL_T1, { title: 'x' }, { method: 'PATCH', asPatch: true, validator: { etag: { weak: false, opaque: 'T-1001:1' } } });
      expect(result.ok).toBe(false);
    };
    const first: ConflictEvent[] = [];
    const second: ConflictEvent[] = [];
    const onFirst = (e: ConflictEvent) => first.push(e);
    const onSecond = (e: ConflictEvent) => second.push(e);
    const page = render(<Shell onEvent={onFirst} />);
    await refused();
    page.rerender(<Shell onEvent={onSecond} />);
    await refused();
    page.rerender(<Shell />);
    await refused();
    expect([first.length, second.length]).toEqual([1, 1]);
  });
});

/** A ticket form with a Save button, under the prebuilt dialogs. */
function TicketPage({ title }: { title: string }) {
  const form = useTicketForm();
  const outcome = form.saver.data;
  return (
    <>
      <p>{form.query.data ? `version ${form.query.data.version}` : 'loading'}</p>
      <p>{outcome ? `saved ${outcome.outcome}` : ''}</p>
      <button onClick={() => form.saver.mutate({ ...form.draft.draft, title })}>Save</button>
      <ConflictDialogs />
    </>
  );
}
