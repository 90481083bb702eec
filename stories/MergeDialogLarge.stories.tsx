import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { MergeRequest } from '../src/react/index';
import '../src/ui/styles.css';
import { largeDocument, mergeRequest, wideRecord } from './support/requests';
import { MergeHarness } from './support/MergeHarness';
import './support/story.css';

/**
 * Smoke tests at the sizes the budgets name (bench/ui.bench.ts measures
 * them): the dialog opens on a 10,000-line document and on a record with
 * 1,000 conflicting fields, and navigation works. Requests are built by the
 * real core in a loader, so the cost is not paid on import.
 */
const meta = {
  title: 'Dialogs/MergeDialog/Large',
  parameters: { layout: 'fullscreen' },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

interface LargeDocument {
  readonly id: string;
  readonly title: string;
  readonly content: string;
}

function documentRequest(lines: number): MergeRequest<LargeDocument> {
  const { base, mine, theirs } = largeDocument(lines);
  const doc = (content: string): LargeDocument => ({ id: 'D-1001', title: 'Finance runbook', content });
  return mergeRequest({ base: doc(base), mine: doc(mine), theirs: doc(theirs) }, { text: ['/content'] }, { changedBy: 'Ana' });
}

const conflictCount = (request: MergeRequest<unknown>): number =>
  request.merge.conflicts.reduce((n, c) => n + (c.text ? c.text.conflicts : 1), 0);

/** A 10,000-line document where about one line in a hundred was edited on each side; some edits collide. */
export const TenThousandLineDocument: Story = {
  loaders: [() => ({ request: documentRequest(10_000) })],
  render: (_args, { loaded }) => <MergeHarness request={loaded['request'] as MergeRequest<LargeDocument>} label={() => 'Text'} />,
  play: async ({ canvasElement, loaded }) => {
    const request = loaded['request'] as MergeRequest<LargeDocument>;
    const total = conflictCount(request);
    await expect(total).toBeGreaterThan(5);
    const dialog = await within(canvasElement).findByRole('dialog', { name: /conflict/i });
    const d = within(dialog);
    await expect(d.getByText(`0 of ${total} conflicts resolved`)).toBeInTheDocument();
    const first = d.getByRole('group', { name: `Text, conflict 1 of ${total}` });
    await waitFor(() => expect(document.activeElement).toBe(first));
    await userEvent.tab(); // into its choices
    await userEvent.keyboard(' ');
    await expect(d.getByText(`1 of ${total} conflicts resolved`)).toBeInTheDocument();

    // Walk to the last conflict with the toolbar, then back one with the keyboard.
    const next = d.getByRole('button', { name: 'Next conflict' });
    for (let i = 1; i < total; i += 1) await userEvent.click(next);
    const last = d.getByRole('group', { name: `Text, conflict ${total} of ${total}` });
    await expect(last).toHaveAttribute('aria-current', 'true');
    await expect(next).toBeDisabled();
    await userEvent.click(within(last).getByRole('radio', { name: 'Keep theirs' }));
    await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(d.getByRole('group', { name: `Text, conflict ${total - 1} of ${total}` })).toHaveAttribute('aria-current', 'true'));
    await expect(d.getByText(`2 of ${total} conflicts resolved`)).toBeInTheDocument();
    // The quiet runs between hunks are folded, not rendered line by line.
    await expect(dialog.querySelectorAll('.ck-context pre').length).toBeLessThan(4 * total + 4);
  },
};

/** A record with 1,000 fields, every one changed differently on both sides. */
export const ThousandFieldRecord: Story = {
  loaders: [() => ({ request: mergeRequest(wideRecord(1_000)) })],
  render: (_args, { loaded }) => <MergeHarness request={loaded['request'] as MergeRequest<Record<string, string>>} />,
  play: async ({ canvasElement }) => {
    const dialog = await within(canvasElement).findByRole('dialog', { name: /conflict/i });
    const d = within(dialog);
    await expect(d.getByText('0 of 1000 conflicts resolved')).toBeInTheDocument();
    const first = d.getByRole('group', { name: 'Field0001' });
    await waitFor(() => expect(document.activeElement).toBe(first));
    await userEvent.tab(); // into its choices
    await userEvent.keyboard('{ArrowDown}'); // keep theirs
    await expect(first).toHaveAttribute('data-resolution', 'theirs');
    for (let i = 0; i < 3; i += 1) await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}');
    const fourth = d.getByRole('group', { name: 'Field0004' });
    await waitFor(() => expect(fourth.contains(document.activeElement)).toBe(true));
    await expect(fourth).toHaveAttribute('aria-current', 'true');
    await userEvent.keyboard(' ');
    await expect(d.getByText('2 of 1000 conflicts resolved')).toBeInTheDocument();
    // The rest is rendered in chunks after the first paint; all of it arrives.
    await waitFor(() => expect(dialog.querySelectorAll('fieldset')).toHaveLength(1_000), { timeout: 30_000 });
    await expect(d.getByRole('group', { name: 'Field1000' })).toBeInTheDocument();
  },
};
