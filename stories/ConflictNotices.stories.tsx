import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ConflictDialogs, ConflictNotices } from '../src/ui/index';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import { editAs, liveApi, LiveKit, serverRecord } from './support/live';
import { TicketEditor, ticketConflictLabel } from './support/TicketEditor';
import './support/story.css';

/**
 * Notices need no decision: "saved, together with Ana's change", "this had
 * already gone through". `ConflictNotices` lists the provider's notices; the
 * Copy review page shows the text of each kind.
 */
const meta = {
  title: 'Notices/ConflictNotices',
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

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
