import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../demo/server/demoStore';
import { demoServer, kitWrapper } from '../../test/support/kitHarness';
import { useConflictSessions } from './useConflictSessions';
import { useVersionedQuery } from './useVersionedQuery';
import { useWorkflowAction } from './useWorkflowAction';

afterEach(cleanup);

function setup() {
  const { store, fetchVia } = demoServer();
  const actions: unknown[] = [];
  let gate: Promise<void> = Promise.resolve();
  const fetch = fetchVia(async (request, forward) => {
    if (request.method === 'POST') {
      actions.push(JSON.parse(await request.clone().text()));
      await gate;
    }
    return forward(request);
  });
  const wrapper = kitWrapper({ fetch, actor: 'ana' });
  /** Holds actions on the wire until the returned function is called. */
  const hold = (): (() => void) => {
    let release: () => void = () => undefined;
    gate = new Promise((resolve) => (release = resolve));
    return release;
  };
  return { store, actions, wrapper, hold };
}

/** An order page with one workflow button and a minimal transition dialog over the built-in sessions. */
function OrderPage({ id, action }: { id: string; action: string }) {
  const order = useVersionedQuery<Order>({ url: `/api/orders/${id}` });
  const workflow = useWorkflowAction<Order>({ url: `/api/orders/${id}/transitions`, record: order.record });
  const session = useConflictSessions()[0];
  return (
    <>
      <p>State: {order.data?.state ?? '…'}</p>
      <output>{workflow.data ? `${workflow.status} ${workflow.data.outcome}` : workflow.status}</output>
      <button onClick={() => workflow.mutate(action)}>Move to {action}</button>
      {session?.type === 'transition' && (
        <div role="alertdialog" aria-label={`Can't move to ${session.request.attempted}`}>
          <p>The order is {session.request.conflict.currentState} now.</p>
          {session.request.conflict.allowedTransitions.map((to) => (
            <button key={to} onClick={() => session.resolve({ action: 'choose', to })}>
              {to} instead
            </button>
          ))}
          <button onClick={() => session.resolve({ action: 'dismiss' })}>Close</button>
        </div>
      )}
    </>
  );
}

describe('useWorkflowAction', () => {
  it('explains a refused transition, never replays it, and runs the allowed action the user chooses', async () => {
    const { store, actions, wrapper } = setup();
    const user = userEvent.setup();
    render(<OrderPage id="O-1003" action="cancelled" />, { wrapper });
    await screen.findByText('State: fulfilling');

    await user.click(screen.getByRole('button', { name: 'Move to cancelled' }));
    const dialog = await screen.findByRole('alertdialog', { name: "Can't move to cancelled" });
    expect(dialog.textContent).toContain('The order is fulfilling now.');
    await user.click(screen.getByRole('button', { name: 'shipped instead' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success done'));
    expect(actions).toEqual([{ to: 'cancelled' }, { to: 'shipped' }]);
    expect((await store.orders.get('O-1003'))?.state).toBe('shipped');
    await screen.findByText('State: shipped');
  });

  it('sends nothing more when the user dismisses the explanation', async () => {
    const { store, actions, wrapper } = setup();
    const user = userEvent.setup();
    render(<OrderPage id="O-1003" action="cancelled" />, { wrapper });
    await screen.findByText('State: fulfilling');

    await user.click(screen.getByRole('button', { name: 'Move to cancelled' }));
    await user.click(await screen.findByRole('button', { name: 'Close' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('success refused'));
    expect(actions).toEqual([{ to: 'cancelled' }]);
    expect((await store.orders.get('O-1003'))?.state).toBe('fulfilling');
  });

  it('runs an allowed action once for a double click and refreshes the record', async () => {
    const { store, actions, wrapper, hold } = setup();
    const user = userEvent.setup();
    render(<OrderPage id="O-1001" action="paid" />, { wrapper });
    await screen.findByText('State: placed');
    const release = hold();

    await user.dblClick(screen.getByRole('button', { name: 'Move to paid' }));
    release();

    await screen.findByText('State: paid');
    expect(actions).toEqual([{ to: 'paid' }]);
    expect((await store.orders.get('O-1001'))?.state).toBe('paid');
  });

  it('runs another step clicked while one is in flight after it, instead of reporting the first as its own', async () => {
    const { store, actions, wrapper, hold } = setup();
    const user = userEvent.setup();
    function TwoSteps() {
      const order = useVersionedQuery<Order>({ url: '/api/orders/O-1001' });
      const workflow = useWorkflowAction<Order>({ url: '/api/orders/O-1001/transitions', record: order.record });
      const [results, setResults] = useState<string[]>([]);
      const run = (to: string) => void workflow.mutateAsync(to).then((o) => setResults((r) => [...r, `${to}: ${o.outcome} ${o.outcome === 'done' ? o.value.state : ''}`]));
      return (
        <>
          <p>State: {order.data?.state ?? '…'}</p>
          <button onClick={() => run('paid')}>Pay</button>
          <button onClick={() => run('fulfilling')}>Fulfil</button>
          <ul>{results.map((r) => <li key={r}>{r}</li>)}</ul>
        </>
      );
    }
    render(<TwoSteps />, { wrapper });
    await screen.findByText('State: placed');
    const release = hold();

    await user.click(screen.getByRole('button', { name: 'Pay' }));
    await user.click(screen.getByRole('button', { name: 'Fulfil' }));
    release();

    await screen.findByText('fulfilling: done fulfilling');
    expect(screen.getByText('paid: done paid')).toBeTruthy();
    expect(actions).toEqual([{ to: 'paid' }, { to: 'fulfilling' }]);
    expect((await store.orders.get('O-1001'))?.state).toBe('fulfilling');
  });

  it('closes the explanation and sends nothing when the page goes away while it is open', async () => {
    const { actions, wrapper } = setup();
    const user = userEvent.setup();
    let leave: () => void = () => undefined;
    function App(): ReactNode {
      const [open, setOpen] = useState(true);
      leave = () => setOpen(false);
      const sessions = useConflictSessions();
      return (
        <>
          <p>open sessions: {sessions.length}</p>
          {open ? <OrderPage id="O-1003" action="cancelled" /> : null}
        </>
      );
    }
    render(<App />, { wrapper });
    await screen.findByText('State: fulfilling');
    await user.click(screen.getByRole('button', { name: 'Move to cancelled' }));
    await screen.findByRole('alertdialog');

    act(() => leave());

    await screen.findByText('open sessions: 0');
    expect(actions).toEqual([{ to: 'cancelled' }]);
  });
});
