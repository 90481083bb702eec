import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type FormEvent } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { classifyConflict, type DuplicateConflict } from '../src/core/index';
import { useIdempotentCreate, type DuplicateOutcome } from '../src/react/index';
import { ConflictDialogs, DuplicatePrompt } from '../src/ui/index';
import '../src/ui/styles.css';
import type { Order } from '../demo/server/demoStore';
import { expectNoAxeViolations } from './support/axe';
import { withDarkScheme } from './support/darkScheme';
import { liveApi, LiveKit, serverRecord } from './support/live';
import './support/story.css';

/** "Already created — view existing": a create that found the thing already there adopts it, never creates again. */
const meta = {
  title: 'Dialogs/DuplicatePrompt',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function existingOrderId(conflict: DuplicateConflict): string | undefined {
  const current = conflict.current as { id?: unknown } | undefined;
  if (typeof current?.id === 'string') return current.id;
  return conflict.existing?.split('/').filter(Boolean).pop();
}

function NewOrderForm() {
  const [externalId, setExternalId] = useState('');
  const [viewing, setViewing] = useState<string>();
  const creating = useIdempotentCreate<Order>({
    url: '/api/orders',
    intent: `orders/new:${externalId}`,
    existingHref: (conflict) => `/orders/${existingOrderId(conflict) ?? ''}`,
    onSuccess: (result) => {
      if (result.outcome === 'duplicate' && result.action === 'view-existing') setViewing(existingOrderId(result.conflict));
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    creating.mutate({ externalId, items: [{ sku: 'KB-MX-RED', quantity: 1 }] });
  };
  const outcome = creating.data;
  if (viewing !== undefined) return <p role="status">Viewing the existing order {viewing}.</p>;
  return (
    <form onSubmit={onSubmit} className="story-form">
      <label>
        <span>External order ID</span>
        <input value={externalId} onChange={(event) => setExternalId(event.target.value)} />
      </label>
      <div className="story-actions">
        <button type="submit">Create order</button>
        <span role="status">{outcome?.outcome === 'created' ? `Created ${outcome.read ? outcome.value.id : ''}` : outcome?.outcome === 'duplicate' ? 'Already created' : ''}</span>
      </div>
    </form>
  );
}

/** Live: ordering with an external id the shop already used (O-1001) offers the existing order; nothing is created. */
export const LiveDuplicateCreate: Story = {
  loaders: [liveApi],
  render: () => (
    <LiveKit actor="Operator A">
      <NewOrderForm />
      <ConflictDialogs />
    </LiveKit>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const before = (await serverRecord('/api/orders'))['items'] as unknown[];
    await userEvent.type(canvas.getByRole('textbox', { name: 'External order ID' }), 'shop-2026-88419');
    await userEvent.click(canvas.getByRole('button', { name: 'Create order' }));

    const dialog = await canvas.findByRole('alertdialog', { name: /already created/i });
    const view = within(dialog).getByRole('button', { name: 'View existing' });
    // The safe action has the focus.
    await waitFor(() => expect(document.activeElement).toBe(view));
    await expect(within(dialog).getByRole('link', { name: /O-1001/ })).toHaveAttribute('href', '/orders/O-1001');
    await expectNoAxeViolations(dialog);
    await userEvent.click(view);
    await expect(await canvas.findByText('Viewing the existing order O-1001.')).toBeInTheDocument();
    await expect((await serverRecord('/api/orders'))['items']).toHaveLength(before.length);
  },
};

/** From the flat body real servers send (DESIGN.md), classified by the core; an id that is not a safe URL is shown as text. */
export const FromFlatBody: Story = {
  loaders: [
    async () => ({
      conflict: await classifyConflict(
        Response.json(
          {
            requestId: 'req_create_8bf1',
            status: 409,
            reason: 'duplicate_external_id',
            externalId: 'order-88421',
            existingResourceId: 'orders/2026-88421',
            idempotencyKey: 'idem_4f901d',
          },
          { status: 409 },
        ),
        { request: { method: 'POST', url: '/api/orders' } },
      ),
    }),
  ],
  render: (_args, { loaded }) => <FlatBodyDemo conflict={loaded['conflict'] as DuplicateConflict} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('alertdialog', { name: /already created/i });
    await expect(within(dialog).getByText('orders/2026-88421').tagName).toBe('CODE');
    await expect(within(dialog).queryByRole('link')).toBeNull();
    await expectNoAxeViolations(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    await expect(canvas.getByLabelText('Outcome')).toHaveTextContent('dismiss');
  },
};

function FlatBodyDemo({ conflict }: { readonly conflict: DuplicateConflict }) {
  const [outcome, setOutcome] = useState<DuplicateOutcome>();
  if (conflict.kind !== 'duplicate') return <p role="alert">The core classified this as {String((conflict as { kind: string }).kind)}, not duplicate.</p>;
  return outcome ? <p aria-label="Outcome">{outcome.action}</p> : <DuplicatePrompt request={{ conflict }} onResolve={setOutcome} />;
}

const createdByA: DuplicateConflict = {
  kind: 'duplicate',
  status: 409,
  source: 'problem+json',
  reason: 'duplicate_external_id',
  requestId: 'req_create_8bf1',
  existing: '/api/orders/O-1004',
  createdBy: 'Operator A',
  createdAt: Date.UTC(2026, 10, 25, 19, 37),
  current: { id: 'O-1004', externalId: 'order-88421', items: [{ sku: 'KB-MX-RED', quantity: 1 }], version: 1 },
};

function SomeoneElsesDemo() {
  const [outcome, setOutcome] = useState<DuplicateOutcome>();
  return outcome ? (
    <p aria-label="Outcome">{outcome.action}</p>
  ) : (
    <DuplicatePrompt
      request={{ conflict: createdByA, existingHref: '/orders/O-1004', sent: { externalId: 'order-88421', items: [{ sku: 'KB-MX-RED', quantity: 2 }] } }}
      onResolve={setOutcome}
    />
  );
}

/**
 * Operator B orders with an external id Operator A already used: the prompt
 * names the existing order, who created it and when, says B's request created
 * nothing, and shows how B's input differs (quantity 2, existing 1).
 */
export const SomeoneElseCreatedIt: Story = {
  render: () => <SomeoneElsesDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('alertdialog', { name: 'Already created' });
    const d = within(dialog);
    await expect(d.getByRole('link', { name: 'O-1004' })).toHaveAttribute('href', '/orders/O-1004');
    await expect(d.getByText(/^Created by Operator A at .+\.$/)).toBeInTheDocument();
    await expect(d.getByText("Your request didn't create anything new.")).toBeInTheDocument();
    const rows = within(d.getByRole('table', { name: 'What you entered differs from it:' })).getAllByRole('row');
    await expect([...rows[1]!.children].map((cell) => cell.textContent)).toEqual(['Items › 1 › Quantity', '2', '1']);
    await expectNoAxeViolations(dialog);
    await userEvent.click(d.getByRole('button', { name: 'View existing' }));
    await expect(canvas.getByLabelText('Outcome')).toHaveTextContent('view-existing');
  },
};

/** The same prompt in the dark palette, checked by axe, contrast included. */
export const SomeoneElseCreatedItDark: Story = {
  render: () => <SomeoneElsesDemo />,
  decorators: [withDarkScheme],
  play: async ({ canvasElement }) => {
    const dialog = await within(canvasElement).findByRole('alertdialog', { name: 'Already created' });
    await userEvent.click(within(dialog).getByText('Details for support'));
    await expectNoAxeViolations(dialog);
  },
};

