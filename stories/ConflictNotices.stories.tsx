import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import type { ConflictNotice } from '../src/react/index';
import { ConflictDialogs, ConflictNotices } from '../src/ui/index';
// The list ConflictNotices renders, fed by props here to show every kind of notice at once.
import { ConflictNoticeList } from '../src/ui/ConflictNoticeList';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import { editAs, liveApi, LiveKit, serverRecord } from './support/live';
import { TicketEditor, ticketConflictLabel } from './support/TicketEditor';
import './support/story.css';

/**
 * Notices need no decision: "merged with changes by Ana", "saved",
 * "already saved earlier". `ConflictNotices` is the provider's list;
 * `ConflictNoticeList` the same list fed by props.
 */
const meta = {
  title: 'Notices/ConflictNotices',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const at = Date.UTC(2026, 10, 24, 10, 42);
const sample: ConflictNotice[] = [
  { id: 'n1', kind: 'auto-merged', key: 'tickets/T-1001', changedBy: 'Ana', changedAt: at, mergedPaths: ['/status'] },
  { id: 'n2', kind: 'saved', key: 'tickets/T-1001' },
  { id: 'n3', kind: 'replayed', key: '/api/orders/O-1004' },
];

function NoticeListDemo() {
  const [notices, setNotices] = useState(sample);
  return <ConflictNoticeList notices={notices} onDismiss={(id) => setNotices((all) => all.filter((n) => n.id !== id))} />;
}

/** Each kind of notice, dismissible one by one; the live region stays mounted while empty. */
export const NoticeKinds: Story = {
  render: () => <NoticeListDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const region = canvas.getByRole('status', { name: 'Conflict notices' });
    await expect(region).toHaveAttribute('aria-live', 'polite');
    await expect(within(region).getByText(/^Your changes are saved, together with Ana's change to Status \(made at .+\)\.$/)).toBeInTheDocument();
    await expect(within(region).getByText('Saved.')).toBeInTheDocument();
    await expect(within(region).getByText('This had already gone through, so repeating it changed nothing.')).toBeInTheDocument();
    await expectNoAxeViolations(region);
    await userEvent.click(within(region).getByRole('button', { name: 'Dismiss', description: /together with Ana's/ }));
    await expect(within(region).queryByText(/together with Ana's/)).toBeNull();
    for (const button of within(region).getAllByRole('button', { name: /^Dismiss/ })) await userEvent.click(button);
    await expect(region).toBeInTheDocument();
    await expect(region).toBeEmptyDOMElement();
  },
};

/**
 * Live, against the reference server in the browser (MSW): Ana changes the
 * status while you edit the title; your save is refused as stale, merges
 * cleanly, saves again and tells you so.
 */
export const CleanAutoMergeNotice: Story = {
  loaders: [liveApi],
  render: () => (
    <LiveKit actor="Operator A">
      <TicketEditor id="T-1002" />
      <ConflictNotices />
      <ConflictDialogs label={ticketConflictLabel} />
    </LiveKit>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const title = await canvas.findByRole('textbox', { name: 'Title' });
    await editAs('Ana', '/api/tickets/T-1002', { status: 'resolved' });

    await userEvent.clear(title);
    await userEvent.type(title, 'Password reset mails queue for 10 minutes');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));

    const notices = canvas.getByRole('status', { name: 'Conflict notices' });
    await expect(await within(notices).findByText(/^Your changes are saved, together with Ana's change to Status \(made at /)).toBeInTheDocument();
    await expect(canvas.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(canvas.getByText('Saved')).toBeInTheDocument());
    // Both changes are on the server: nothing was overwritten.
    await expect(await serverRecord('/api/tickets/T-1002')).toMatchObject({
      title: 'Password reset mails queue for 10 minutes',
      status: 'resolved',
      updatedBy: 'Operator A',
    });
    await expect(canvas.getByRole('combobox', { name: 'Status' })).toHaveValue('resolved');
    await expectNoAxeViolations(notices);
  },
};
