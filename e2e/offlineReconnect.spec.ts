import { createTicket, getTicket } from './support/api';
import { expect, test } from './support/test';

test.describe('offline: edit while disconnected, reconnect, save', () => {
  test('B edits offline while A saves; after reconnecting B\'s save merges and nothing is lost', async ({ pageA, pageB, request }) => {
    const ticket = await createTicket(request, { description: 'Customer reports the export is slow.\n\nNo workaround yet.' });
    await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
    await expect(pageB.getByLabel('Title')).toHaveValue(ticket.title);
    await expect(pageA.getByLabel('Title')).toHaveValue(ticket.title);

    await expect(pageB.getByTestId('freshness')).toHaveText('fresh');
    await pageB.context().setOffline(true);
    // Offline, nobody can say the copy on screen is still current.
    await expect(pageB.getByTestId('freshness')).toHaveText('offline');
    await pageB.getByLabel('Status').selectOption({ label: 'Resolved' });
    await pageB.getByLabel('Description').fill('Customer reports the export is slow.\n\nWorkaround: export per month (B, written offline).');
    // A save attempt while offline fails and keeps the draft.
    await pageB.getByRole('button', { name: 'Save' }).click();
    const notSaved = pageB.getByRole('status').filter({ hasText: 'Not saved' });
    await expect(notSaved).toContainText("Not saved: you're offline, or the connection dropped. Your changes are kept; try again.");
    // No request details in the message; they wait under "Details for support".
    await expect(notSaved).not.toContainText(/PUT|PATCH|\/api\/|\(/);
    await expect(pageB.locator('details').filter({ hasText: 'Details for support' })).toContainText('/api/tickets/');

    await pageA.getByLabel('Title').fill(`${ticket.title} — escalated by A`);
    await pageA.getByLabel('Description').fill('Customer (ACME) reports the export is slow.\n\nNo workaround yet.');
    await pageA.getByRole('button', { name: 'Save' }).click();
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await pageB.context().setOffline(false);
    // Reconnecting revalidates: B's page learns the ticket changed before B saves.
    await expect(pageB.getByTestId('freshness')).toHaveText('stale');
    await expect(pageB.getByLabel('Status')).toHaveValue('resolved');
    await pageB.getByRole('button', { name: 'Save' }).click();
    await expect(pageB.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    expect(await getTicket(request, ticket.id)).toMatchObject({
      title: `${ticket.title} — escalated by A`,
      status: 'resolved',
      description: 'Customer (ACME) reports the export is slow.\n\nWorkaround: export per month (B, written offline).',
      version: ticket.version + 2,
    });
  });
});
