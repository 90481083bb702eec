import type { Page } from '@playwright/test';
import { createTicket, getTicket, ordersWithExternalId, unique } from './support/api';
import { expect, test } from './support/test';

/** The next write commits on the server, then its answer is lost on the way back (FAULTS=1). */
async function loseNextAnswer(page: Page): Promise<void> {
  await page.evaluate(() => window.localStorage.setItem('ck-demo-fault', 'drop-response-after-commit'));
}

test.describe('answers lost on the way back', () => {
  test('a save whose answer was lost is reported saved: no extra version, no "changed by you"; the other operator sees one change', async ({ pageA, pageB, request }) => {
    const ticket = await createTicket(request);
    await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
    await expect(pageA.getByLabel('Title')).toHaveValue(ticket.title);
    await expect(pageB.getByLabel('Title')).toHaveValue(ticket.title);

    await pageA.getByLabel('Title').fill('Saved by A, answer lost');
    await loseNextAnswer(pageA);
    await pageA.getByRole('button', { name: 'Save' }).click();

    await expect(pageA.locator('#ticket-save-status')).toHaveText('Saved.');
    await expect(pageA.getByTestId('freshness')).toHaveText('fresh');
    await expect(pageA.getByTestId('record-version')).toContainText(`Version ${ticket.version + 1}`);
    await expect(pageA.getByRole('region', { name: /Operator A/ })).toHaveCount(0);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: 'Saved by A, answer lost', version: ticket.version + 1, updatedBy: 'operator-a' });

    // The other operator sees the one change A made, by A.
    await expect(pageB.getByRole('region', { name: /Operator A/ })).toBeVisible();
    await expect(pageB.getByTestId('freshness')).toHaveText('stale');
    // A's form holds no unsaved edits: the draft was settled with the write.
    await expect(pageA.getByRole('button', { name: 'Discard changes' })).toHaveCount(0);
  });

  test('after a create whose answer was lost, a reload brings the form back filled, and changed details lead to the order it created', async ({ pageA, pageB, request }) => {
    const externalId = unique('lost-reload');
    await pageA.goto('/orders/new');
    await pageA.getByLabel('External order ID').fill(externalId);
    await loseNextAnswer(pageA);
    await pageA.getByRole('button', { name: 'Create order' }).click();
    await expect(pageA.getByRole('status').filter({ hasText: "couldn't tell whether the order was created" })).toBeVisible();
    const [created] = await ordersWithExternalId(request, externalId);
    expect(created).toBeDefined();

    // Operator B's order list shows the new order without a reload.
    await pageB.goto('/orders');
    await expect(pageB.getByRole('link', { name: created!.id })).toBeVisible();

    await pageA.reload();
    await expect(pageA.getByLabel('External order ID')).toHaveValue(externalId);
    await pageA.getByLabel('Quantity').fill('2');
    await pageA.getByRole('button', { name: 'Create order' }).click();

    const prompt = pageA.getByRole('alertdialog', { name: /already created/i });
    await expect(prompt).toBeVisible();
    await expect(pageA.getByText('nothing was created', { exact: false })).toHaveCount(0);
    await prompt.getByRole('button', { name: 'View existing' }).click();
    await expect(pageA).toHaveURL(new RegExp(`/orders/${created!.id}$`));
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);

    // The intent is over: the form starts empty again.
    await pageA.goto('/orders/new');
    await expect(pageA.getByLabel('External order ID')).toHaveValue('');
  });

  test('ticket lists follow saves made elsewhere', async ({ pageA, pageB, request }) => {
    const ticket = await createTicket(request);
    await pageB.goto('/tickets');
    const row = pageB.getByRole('row').filter({ has: pageB.getByRole('link', { name: ticket.id }) });
    await expect(row).toContainText(ticket.title);

    await pageA.goto(`/tickets/${ticket.id}`);
    await pageA.getByLabel('Title').fill('Retitled by A');
    await pageA.getByRole('button', { name: 'Save' }).click();
    await expect(pageA.locator('#ticket-save-status')).toHaveText('Saved.');

    await expect(row).toContainText('Retitled by A');
  });
});
