import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { classifyConflict, type DeletedConflict, type UnknownConflict } from '../src/core/index';
import type { ProblemOutcome } from '../src/react/index';
import { ProblemDialog } from '../src/ui/index';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import './support/story.css';

/** Conflicts with no automatic recovery: a safe way out (copy my draft, reload), never a crash. */
const meta = {
  title: 'Dialogs/ProblemDialog',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const draft = { title: 'VAT line shows 0.00 on annual invoices', status: 'in_progress' };

function ProblemDemo({ conflict }: { readonly conflict: DeletedConflict | UnknownConflict }) {
  const [outcome, setOutcome] = useState<ProblemOutcome>();
  return outcome ? <p aria-label="Outcome">{outcome.action}</p> : <ProblemDialog request={{ conflict, draft }} onResolve={setOutcome} />;
}

async function copyMyDraft(dialog: HTMLElement): Promise<void> {
  const copy = within(dialog).getByRole('button', { name: 'Copy my version' });
  // The safe action has the focus: nothing is lost by pressing Enter.
  await waitFor(() => expect(document.activeElement).toBe(copy));
  await userEvent.click(copy);
  // Either the clipboard took it, or the draft is shown to copy by hand (headless browsers may refuse the clipboard).
  await waitFor(() => {
    const text = dialog.textContent ?? '';
    const shown = [...dialog.querySelectorAll('textarea')].some((t) => t.value.includes(draft.title));
    expect(text.includes('Copied.') || shown).toBe(true);
  });
}

/** The record was deleted while being edited (410 on a PUT, classified by the core). */
export const Deleted: Story = {
  loaders: [
    async () => ({
      conflict: await classifyConflict(new Response(null, { status: 410 }), { request: { method: 'PUT', url: '/api/tickets/T-1003', headers: { 'If-Match': '"T-1003:2"' } } }),
    }),
  ],
  render: (_args, { loaded }) => <ProblemDemo conflict={loaded['conflict'] as DeletedConflict} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('alertdialog', { name: 'This record was deleted' });
    await expect(within(dialog).getByText(/Someone deleted this record/)).toBeInTheDocument();
    await expectNoAxeViolations(dialog);
    await copyMyDraft(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await expect(canvas.getByLabelText('Outcome')).toHaveTextContent('dismiss');
  },
};

/** A 409 with an HTML error page from a proxy: not understood, explained with the request id for support; markup stays text. */
export const UnknownWithRequestId: Story = {
  loaders: [
    async () => ({
      conflict: await classifyConflict(
        new Response('<html><body><h1>409 Conflict</h1><img src=x onerror="window.__ckHostile=1"></body></html>', {
          status: 409,
          headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'req_7f3a91c2' },
        }),
        { request: { method: 'PUT', url: '/api/tickets/T-1001', headers: { 'If-Match': '"T-1001:3"' } } },
      ),
    }),
  ],
  render: (_args, { loaded }) => <ProblemDemo conflict={loaded['conflict'] as UnknownConflict} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('alertdialog', { name: "Your change couldn't be saved" });
    // The request id waits in "Details for support", not in the message.
    const details = within(dialog).getByText('Details for support').closest('details')!;
    await expect(details.open).toBe(false);
    await expect(within(details).getByText('Request ID: req_7f3a91c2')).toBeInTheDocument();
    await expect(dialog.querySelector('img, h1')).toBeNull();
    await expect((window as { __ckHostile?: unknown }).__ckHostile).toBeUndefined();
    await expectNoAxeViolations(dialog);
    await copyMyDraft(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reload' }));
    await expect(canvas.getByLabelText('Outcome')).toHaveTextContent('reload');
  },
};
