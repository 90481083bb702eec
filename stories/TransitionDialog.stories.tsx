import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { useState } from 'react';
import type { TransitionConflict } from '../src/core/index';
import { useVersionedQuery, useWorkflowAction, type TransitionOutcome } from '../src/react/index';
import { ConflictDialogs, ConflictKitStringsProvider, TransitionDialog, type ConflictKitStrings } from '../src/ui/index';
import '../src/ui/styles.css';
import type { Order } from '../demo/server/demoStore';
import { expectNoAxeViolations } from './support/axe';
import { withDarkScheme } from './support/darkScheme';
import { liveApi, LiveKit, serverRecord } from './support/live';
import './support/story.css';

/** A workflow action the server refused: the state now, what is still allowed; the refused action is never replayed. */
const meta = {
  title: 'Dialogs/TransitionDialog',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const ACTIONS: Readonly<Record<string, string>> = { paid: 'Mark as paid', fulfilling: 'Start fulfilment', shipped: 'Mark as shipped', cancelled: 'Cancel order' };
const actionLabel = (to: string): string => ACTIONS[to] ?? to;

/** Workflow actions named as the buttons are ("Can't cancel order", "Mark as shipped"). */
const workflowStrings: Partial<ConflictKitStrings> = {
  transitionTitle: (attempted) => `Can't ${actionLabel(attempted).toLowerCase()}`,
  transitionLabel: actionLabel,
};

function OrderActions({ id }: { readonly id: string }) {
  const url = `/api/orders/${id}`;
  const query = useVersionedQuery<Order>({ url, key: `orders/${id}` });
  const action = useWorkflowAction<Order>({ url: `${url}/transitions`, record: query.record });
  const outcome = action.data;
  if (!query.data) return <p>Loading order {id}…</p>;
  return (
    <div className="story-form">
      <p>
        Order {id} is <strong aria-label="Order state">{query.data.state}</strong>
      </p>
      <div className="story-actions">
        {/* The screen still offers what was allowed when it loaded. */}
        <button type="button" onClick={() => action.mutate('cancelled')}>
          Cancel order
        </button>
        <span role="status">{outcome?.outcome === 'done' ? `Done: ${outcome.value.state}` : outcome?.outcome === 'refused' ? 'Refused' : ''}</span>
      </div>
    </div>
  );
}

/**
 * Live: the order was paid when you opened it; the warehouse started
 * fulfilment since. "Cancel order" is refused and explained; choosing "Mark
 * as shipped" sends that action as a new request.
 */
export const LiveRefusedCancel: Story = {
  loaders: [liveApi],
  render: () => (
    <LiveKit actor="Operator A">
      <ConflictKitStringsProvider strings={workflowStrings}>
        <OrderActions id="O-1002" />
        <ConflictDialogs />
      </ConflictKitStringsProvider>
    </LiveKit>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByLabelText('Order state')).toHaveTextContent('paid');
    const moved = await fetch('/api/orders/O-1002/transitions', {
      method: 'POST',
      headers: { 'X-Actor': 'Warehouse', 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'fulfilling' }),
    });
    await expect(moved.status).toBe(200);

    await userEvent.click(canvas.getByRole('button', { name: 'Cancel order' }));
    const dialog = await canvas.findByRole('alertdialog', { name: "Can't cancel order" });
    const d = within(dialog);
    await expect(d.getByText(/now fulfilling/)).toBeInTheDocument();
    // The safe action (Close) has the focus; the allowed transitions are offered.
    await waitFor(() => expect(document.activeElement).toBe(d.getByRole('button', { name: 'Close' })));
    await expect(within(d.getByRole('group', { name: 'You can still:' })).getAllByRole('button').map((b) => b.textContent)).toEqual(['Mark as shipped']);
    await expectNoAxeViolations(dialog);

    await userEvent.click(d.getByRole('button', { name: 'Mark as shipped' }));
    await expect(await canvas.findByText('Done: shipped')).toBeInTheDocument();
    await expect(await serverRecord('/api/orders/O-1002')).toMatchObject({ state: 'shipped' });
    await waitFor(() => expect(canvas.getByLabelText('Order state')).toHaveTextContent('shipped'));
  },
};

/** Dismissing leaves the order as the server has it; nothing is sent again. */
export const LiveRefusedAndDismissed: Story = {
  ...LiveRefusedCancel,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByLabelText('Order state')).toHaveTextContent('paid');
    await fetch('/api/orders/O-1002/transitions', {
      method: 'POST',
      headers: { 'X-Actor': 'Warehouse', 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'fulfilling' }),
    });
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel order' }));
    const dialog = await canvas.findByRole('alertdialog', { name: "Can't cancel order" });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await expect(await canvas.findByText('Refused')).toBeInTheDocument();
    // The page refreshed the order it showed.
    await waitFor(() => expect(canvas.getByLabelText('Order state')).toHaveTextContent('fulfilling'));
    await expect(await serverRecord('/api/orders/O-1002')).toMatchObject({ state: 'fulfilling' });
  },
};

const alreadyPaid: TransitionConflict = {
  kind: 'transition',
  status: 409,
  source: 'problem+json',
  reason: 'invalid_transition',
  requestId: 'req_9d2e',
  currentState: 'paid',
  allowedTransitions: ['fulfilling', 'cancelled'],
  current: { id: 'O-1004', state: 'paid', updatedBy: 'Operator B', updatedAt: '2026-11-25T19:37:00Z' },
};

function AlreadyDoneDemo() {
  const [outcome, setOutcome] = useState<TransitionOutcome>();
  return outcome ? (
    <p aria-label="Outcome">{JSON.stringify(outcome)}</p>
  ) : (
    <ConflictKitStringsProvider strings={workflowStrings}>
      <TransitionDialog request={{ conflict: alreadyPaid, attempted: 'paid' }} onResolve={setOutcome} />
    </ConflictKitStringsProvider>
  );
}

/**
 * "Mark as paid" on an order Operator B paid a moment ago: the user's goal is
 * met, and the dialog says so (no "can't"). Cancel order, offered there, is
 * set apart in the danger style and asks first; "Go back" sends nothing.
 */
export const AlreadyDone: Story = {
  render: () => <AlreadyDoneDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('alertdialog', { name: 'Already paid' });
    const d = within(dialog);
    await expect(d.getByText(/^Operator B did this at .+, so nothing was done again\.$/)).toBeInTheDocument();
    await expectNoAxeViolations(dialog);
    await userEvent.click(d.getByRole('button', { name: 'Cancel order' }));
    const confirm = d.getByRole('group', { name: "Cancel order? This can't be undone." });
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Go back' })));
    await expectNoAxeViolations(dialog);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Go back' }));
    await userEvent.click(d.getByRole('button', { name: 'Close' }));
    await expect(canvas.getByLabelText('Outcome')).toHaveTextContent('{"action":"dismiss"}');
  },
};

/** The same in the dark palette, with the confirmation open: axe checks the danger button's contrast. */
export const AlreadyDoneDark: Story = {
  render: () => <AlreadyDoneDemo />,
  decorators: [withDarkScheme],
  play: async ({ canvasElement }) => {
    const dialog = await within(canvasElement).findByRole('alertdialog', { name: 'Already paid' });
    await expectNoAxeViolations(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel order' }));
    await expectNoAxeViolations(dialog);
  },
};

