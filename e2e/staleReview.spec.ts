import { createTicket, getTicket } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { expect, test } from './support/test';

const LONG = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}: steps to reproduce the VAT rounding on annual plans.`).join('\n');

test.describe('stale banner: review of a change heard of from the event stream', () => {
  test('reviews B\'s change without a focus revalidation, keeps "by Operator B", and lays the table out readably', async ({ pageA, request }) => {
    const ticket = await createTicket(request, { description: 'Short description.' });
    await pageA.goto(`/tickets/${ticket.id}`);
    await expect(pageA.getByLabel('Title')).toHaveValue(ticket.title);

    const current = await getTicket(request, ticket.id);
    const saved = await request.patch(`/api/tickets/${ticket.id}`, {
      headers: { 'X-Actor': 'operator-b', 'If-Match': `"${ticket.id}:${current.version}"`, 'Content-Type': 'application/merge-patch+json' },
      data: JSON.stringify({ title: `${ticket.title} (B)`, description: LONG }),
    });
    expect(saved.status()).toBe(200);

    const banner = pageA.getByRole('region', { name: /^Operator B changed this record at .+, after you opened it\.$/ });
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Review changes' }).click();
    const table = banner.getByRole('table');
    await expect(table).toBeVisible();
    // Who and when survive the refetch that brought the value.
    await expect(banner).toBeVisible();

    // Only what people edit, by the form's labels: no version, no "last changed by/at" bookkeeping.
    await expect(table.getByRole('rowheader')).toHaveText(['Title', 'Description']);
    const fieldHeader = table.getByRole('columnheader', { name: 'Field' });
    expect((await fieldHeader.boundingBox())?.width ?? 0).toBeGreaterThan(60);
    const description = table.getByRole('row', { name: /^Description/ }).locator('td[data-side="theirs"] .ck-value');
    const layout = await description.evaluate((el) => ({
      whiteSpace: getComputedStyle(el).whiteSpace,
      lines: (el as HTMLElement).innerText.split('\n').length,
      height: el.clientHeight,
      scrollHeight: el.scrollHeight,
    }));
    expect(layout.whiteSpace).toBe('pre-wrap');
    expect(layout.lines).toBeGreaterThanOrEqual(200);
    expect(layout.height).toBeLessThan(400);
    expect(layout.scrollHeight).toBeGreaterThan(layout.height);
    expect((await banner.boundingBox())?.height ?? 0).toBeLessThan(700);
    await expectNoAxeViolations(pageA);
  });

  test('after a reload with unsaved edits, the head and the banner still say which version is whose', async ({ pageA, request }) => {
    const ticket = await createTicket(request, { description: 'Short description.' });
    await pageA.goto(`/tickets/${ticket.id}`);
    await pageA.getByLabel('Assignee').fill('ana');
    await expect(pageA.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();

    const saved = await request.patch(`/api/tickets/${ticket.id}`, {
      headers: { 'X-Actor': 'operator-b', 'If-Match': `"${ticket.id}:${ticket.version}"`, 'Content-Type': 'application/merge-patch+json' },
      data: JSON.stringify({ title: `${ticket.title} (B)` }),
    });
    expect(saved.status()).toBe(200);
    await pageA.reload();

    // The form stays on the version the edits were made from; the line under it names B's newer one.
    await expect(pageA.getByLabel('Assignee')).toHaveValue('ana');
    await expect(pageA.getByTestId('record-version')).toContainText(`Version ${ticket.version}`);
    await expect(pageA.getByTestId('freshness')).toHaveText('stale');
    await expect(pageA.getByTestId('last-changed')).toContainText(`Version ${ticket.version + 1} is the latest: changed by Operator B`);
    await expect(pageA.getByRole('region', { name: /^Operator B changed this record at .+, after you opened it\.$/ })).toBeVisible();
  });
});
