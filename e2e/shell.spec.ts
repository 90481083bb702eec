import { createTicket } from './support/api';
import { expect, test } from './support/test';

test.describe('demo app shell', () => {
  test('"/" redirects to the ticket list, which links to each ticket', async ({ page, request }) => {
    const ticket = await createTicket(request);
    await page.goto('/');
    await expect(page).toHaveURL(/\/tickets$/);
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    await page.getByRole('link', { name: ticket.id }).click();
    await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
    await expect(page.getByLabel('Title')).toHaveValue(ticket.title);
    await expect(page.getByTestId('freshness')).toHaveText('fresh');
  });

  test('an unknown route and an unknown record show a friendly not-found page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    await page.goto('/tickets/T-9999999');
    await expect(page.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
    await expect(page.getByText('There is no ticket T-9999999')).toBeVisible();
  });

  test('the operator picker is kept per tab and sent as X-Actor', async ({ page }) => {
    await page.goto('/tickets');
    await page.getByLabel('Operator').selectOption({ label: 'Operator B' });
    const request = page.waitForRequest((r) => r.url().endsWith('/api/tickets'));
    await page.reload();
    await expect(page.getByLabel('Operator')).toHaveValue('operator-b');
    expect((await request).headers()['x-actor']).toBe('operator-b');
  });
});
