import { createTicket, getTicket } from './support/api';
import { expect, test } from './support/test';
import { mergeDialog } from './support/ticketConflict';

test.describe('tickets: two operators edit the same ticket', () => {
  test('different fields merge by themselves, with a notice, and the server keeps both changes', async ({ pageA, pageB, request }) => {
    const ticket = await createTicket(request, { description: 'First paragraph.\n\nSecond paragraph.' });
    await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
    await expect(pageA.getByLabel('Title')).toHaveValue(ticket.title);
    await expect(pageB.getByLabel('Title')).toHaveValue(ticket.title);

    await pageA.getByLabel('Title').fill('Title changed by A');
    await pageA.getByRole('button', { name: 'Save' }).click();
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await pageB.getByLabel('Status').selectOption({ label: 'In progress' });
    await pageB.getByLabel('Description').fill('First paragraph.\n\nSecond paragraph, expanded by B.');
    await pageB.getByRole('button', { name: 'Save' }).click();
    await expect(pageB.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(pageB.getByRole('status', { name: 'Conflict notices' })).toContainText(/^Your changes are saved, together with Operator A's change to Title \(made at .+\)\./);
    await expect(mergeDialog(pageB)).toHaveCount(0);
    // B's form now shows the merge: A's title with B's own changes.
    await expect(pageB.getByLabel('Title')).toHaveValue('Title changed by A');
    await expect(pageB.getByLabel('Status')).toHaveValue('in_progress');

    const saved = await getTicket(request, ticket.id);
    expect(saved).toMatchObject({
      title: 'Title changed by A',
      status: 'in_progress',
      description: 'First paragraph.\n\nSecond paragraph, expanded by B.',
      version: ticket.version + 2,
      updatedBy: 'operator-b',
    });
  });

  test('one operator in two tabs: the merge dialog says the other change was saved in another tab', async ({ pageA, request }) => {
    const ticket = await createTicket(request);
    const tab1 = pageA;
    const tab2 = await pageA.context().newPage();
    await Promise.all([tab1.goto(`/tickets/${ticket.id}`), tab2.goto(`/tickets/${ticket.id}`)]);
    await expect(tab1.getByLabel('Title')).toHaveValue(ticket.title);
    await expect(tab2.getByLabel('Title')).toHaveValue(ticket.title);

    await tab2.getByLabel('Title').fill(`${ticket.title} (tab 2)`);
    await tab1.getByLabel('Title').fill(`${ticket.title} (tab 1)`);
    await tab1.getByRole('button', { name: 'Save' }).click();
    await expect(tab1.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(tab2.getByRole('region', { name: /in another tab/ })).toBeVisible();

    await tab2.getByRole('button', { name: 'Save' }).click();
    await expect(mergeDialog(tab2)).toContainText(/Operator A saved changes to this record in another tab at .+ while you were editing it here\./);
    await expect(mergeDialog(tab2)).not.toContainText('Someone');
  });
});
