import type { Meta, StoryObj } from '@storybook/react-vite';
import { useMemo } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ConflictDialogs, ConflictKitStringsProvider, ConflictNotices, defaultStrings, type ConflictKitStrings } from '../src/ui/index';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import { liveApi, LiveKit, serverRecord } from './support/live';
import { TicketEditor, ticketConflictLabel } from './support/TicketEditor';
import './support/story.css';

/**
 * Two independent clients side by side — each its own react-query client,
 * conflict client, version registry, drafts and dialogs — editing ticket
 * T-1001 on the same reference server running in the browser (MSW).
 *
 * Dialogs are modal (`showModal()`, top layer): one operator's dialog covers
 * the whole page while it is open, so each operator's dialogs and notices
 * are named after them ("Operator B: resolve editing conflict").
 */
const meta = {
  title: 'Live/Two operators',
  parameters: { layout: 'fullscreen' },
  args: { revalidateInterval: 0 },
  argTypes: {
    revalidateInterval: { control: { type: 'number', min: 0, step: 500 }, description: 'ms between conditional GETs (0: only "Check for changes")' },
  },
  loaders: [liveApi],
} satisfies Meta<{ revalidateInterval: number }>;
export default meta;
type Story = StoryObj<{ revalidateInterval: number }>;

function Operator({ name, revalidateInterval }: { readonly name: string; readonly revalidateInterval: number }) {
  const strings = useMemo<Partial<ConflictKitStrings>>(
    () => ({
      mergeTitle: `${name}: resolve editing conflict`,
      noticesLabel: `${name}: conflict notices`,
      staleMessage: (by, when, tab) => `${name}: ${defaultStrings.staleMessage(by, when, tab)}`,
    }),
    [name],
  );
  return (
    <section className="story-operator" aria-label={name}>
      <h2>{name}</h2>
      <LiveKit actor={name} {...(revalidateInterval > 0 ? { revalidateInterval } : {})}>
        <ConflictKitStringsProvider strings={strings}>
          <TicketEditor id="T-1001" />
          <ConflictNotices />
          <ConflictDialogs label={ticketConflictLabel} />
        </ConflictKitStringsProvider>
      </LiveKit>
    </section>
  );
}

async function retitle(side: HTMLElement, title: string): Promise<void> {
  const input = within(side).getByRole('textbox', { name: 'Title' });
  await userEvent.clear(input);
  await userEvent.type(input, title);
}

async function saved(side: HTMLElement): Promise<void> {
  await waitFor(() => expect(within(side).getByText('Saved')).toBeInTheDocument());
}

/**
 * A saves a new title; B, who loaded before that, saves a status change: a
 * stale write that merges by itself (B is told). Then both retitle: A's save
 * merges B's status in; B's collides with A's title, and B resolves it in the
 * merge dialog.
 */
export const TwoOperators: Story = {
  name: 'Two operators',
  render: ({ revalidateInterval }) => (
    <div className="story-operators">
      <Operator name="Operator A" revalidateInterval={revalidateInterval} />
      <Operator name="Operator B" revalidateInterval={revalidateInterval} />
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const a = canvas.getByRole('region', { name: 'Operator A' });
    const b = canvas.getByRole('region', { name: 'Operator B' });
    await within(a).findByRole('textbox', { name: 'Title' });
    await within(b).findByRole('textbox', { name: 'Title' });

    // 1. A edits the title and saves: no conflict.
    await retitle(a, 'VAT shows 0.00 outside Germany');
    await userEvent.click(within(a).getByRole('button', { name: 'Save' }));
    await saved(a);

    // B's copy is stale now; revalidation (a conditional GET) shows it.
    await userEvent.click(within(b).getByRole('button', { name: 'Check for changes' }));
    await expect(await within(b).findByRole('region', { name: /^Operator B: Operator A changed this record/ })).toBeInTheDocument();

    // 2. B edits the status and saves on the old version: 412, clean three-way merge, saved again, B is told.
    await userEvent.selectOptions(within(b).getByRole('combobox', { name: 'Status' }), 'in_progress');
    await userEvent.click(within(b).getByRole('button', { name: 'Save' }));
    const bNotices = within(b).getByRole('status', { name: 'Operator B: conflict notices' });
    await expect(await within(bNotices).findByText(/^Your changes are saved, together with Operator A's change to Title/)).toBeInTheDocument();
    await saved(b);
    await expect(within(b).getByRole('textbox', { name: 'Title' })).toHaveValue('VAT shows 0.00 outside Germany');
    await expect(await serverRecord('/api/tickets/T-1001')).toMatchObject({ title: 'VAT shows 0.00 outside Germany', status: 'in_progress', updatedBy: 'Operator B' });

    // 3. Both retitle. A saves first: A's base is one version old, B only changed the status → clean merge for A.
    await retitle(a, 'A: invoices miss VAT outside DE');
    await retitle(b, 'B: VAT line is zero for FR, ES, IT');
    await userEvent.click(within(a).getByRole('button', { name: 'Save' }));
    const aNotices = within(a).getByRole('status', { name: 'Operator A: conflict notices' });
    await expect(await within(aNotices).findByText(/^Your changes are saved, together with Operator B's change to Status/)).toBeInTheDocument();
    await saved(a);

    // B's save collides with A's title: B gets the merge dialog, named for B.
    await userEvent.click(within(b).getByRole('button', { name: 'Save' }));
    const dialog = await canvas.findByRole('dialog', { name: 'Operator B: resolve editing conflict' });
    await expect(b.contains(dialog)).toBe(true);
    await expect(canvas.queryByRole('dialog', { name: /Operator A/ })).toBeNull();
    const d = within(dialog);
    await expect(d.getByText('0 of 1 conflict resolved')).toBeInTheDocument();
    await expect(d.getByText(/^Operator A saved changes to this record/)).toBeInTheDocument();
    await expectNoAxeViolations(dialog);

    const title = d.getByRole('group', { name: 'Title' });
    await userEvent.click(within(title).getByRole('radio', { name: 'Edit' }));
    const editor = within(title).getByRole('textbox', { name: 'Your edit of Title' });
    await userEvent.clear(editor);
    await userEvent.type(editor, 'Invoices miss VAT outside DE (FR, ES, IT)');
    await userEvent.click(d.getByRole('button', { name: 'Save merged version' }));

    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull());
    await saved(b);
    await expect(await serverRecord('/api/tickets/T-1001')).toMatchObject({
      title: 'Invoices miss VAT outside DE (FR, ES, IT)',
      status: 'in_progress',
      updatedBy: 'Operator B',
    });
    await expect(within(b).getByRole('textbox', { name: 'Title' })).toHaveValue('Invoices miss VAT outside DE (FR, ES, IT)');

    // A learns about it by revalidating.
    await userEvent.click(within(a).getByRole('button', { name: 'Check for changes' }));
    await expect(await within(a).findByRole('region', { name: /^Operator A: Operator B changed this record/ })).toBeInTheDocument();
  },
};
