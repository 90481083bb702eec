import { createOrder, createTicket, transitionOrder, unique } from './support/api';
import { expectNoAxeViolations } from './support/axe';
import { mergeDialog, titleConflict } from './support/ticketConflict';
import { expect, test } from './support/test';

test.describe('accessibility: keyboard and axe', () => {
  test('a whole merge is resolved with the keyboard alone', async ({ pageA, pageB, request }) => {
    const ticket = await createTicket(request);
    await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
    await expect(pageB.getByLabel('Title')).toHaveValue(ticket.title);
    await pageA.getByLabel('Title').fill('Title by A');
    await pageA.getByLabel('Status').selectOption('resolved');
    await pageA.getByRole('button', { name: 'Save' }).click();
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    // B works from the keyboard only, from here to the saved merge.
    await pageB.getByLabel('Title').focus();
    await pageB.keyboard.press('ControlOrMeta+A');
    await pageB.keyboard.type('Title by B');
    await pageB.keyboard.press('Tab');
    await expect(pageB.getByLabel('Status')).toBeFocused();
    await pageB.keyboard.press('ArrowDown'); // open → in progress
    await expect(pageB.getByLabel('Status')).toHaveValue('in_progress');
    await pageB.getByLabel('Title').focus();
    await pageB.keyboard.press('Enter'); // submits the form

    const dialog = mergeDialog(pageB);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('0 of 2 conflicts resolved')).toBeVisible();
    const title = dialog.getByRole('group', { name: 'Title' });
    const status = dialog.getByRole('group', { name: 'Status' });
    // Focus moved into the dialog, onto the first conflict, where a keystroke still in flight picks nothing.
    await expect(title).toBeFocused();
    await pageB.keyboard.press('Space');
    await expect(dialog.getByText('0 of 2 conflicts resolved')).toBeVisible();
    await pageB.keyboard.press('Tab'); // into its choices
    await expect(title.getByRole('radio', { name: 'Keep yours' })).toBeFocused();
    await pageB.keyboard.press('Space');
    await expect(title.getByRole('radio', { name: 'Keep yours' })).toBeChecked();
    await pageB.keyboard.press('Alt+ArrowDown'); // next conflict
    await expect(status.getByRole('radio', { name: 'Keep yours' })).toBeFocused();
    await pageB.keyboard.press('ArrowDown'); // moves to, and checks, "Keep theirs"
    await expect(status.getByRole('radio', { name: 'Keep theirs' })).toBeChecked();
    await expect(dialog.getByText('2 of 2 conflicts resolved')).toBeVisible();

    const save = dialog.getByRole('button', { name: 'Save merged version' });
    for (let i = 0; i < 40 && !(await save.evaluate((el) => el === document.activeElement)); i += 1) await pageB.keyboard.press('Tab');
    await expect(save).toBeFocused();
    await pageB.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(pageB.getByTestId('freshness')).toHaveText('fresh');
    const saved = await request.get(`/api/tickets/${ticket.id}`, { headers: { 'X-Actor': 'e2e-setup' } });
    expect(await saved.json()).toMatchObject({ title: 'Title by B', status: 'resolved', version: ticket.version + 2 });
  });

  test('axe finds nothing on the pages', async ({ page, request }) => {
    // Nine pages, each loaded and scanned: about 20 s alone on a busy machine, before and after
    // this suite's StrictMode and copy changes, so over 30 s beside another worker.
    test.slow();
    const ticket = await createTicket(request);
    const order = await createOrder(request);
    for (const path of ['/tickets', `/tickets/${ticket.id}`, '/orders', '/orders/new', `/orders/${order.id}`, '/documents', '/documents/D-1001', '/insights', '/nowhere']) {
      await page.goto(path);
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      await test.step(path, () => expectNoAxeViolations(page));
    }
  });

  test('axe finds nothing on the merge dialog and the stale banner', async ({ pageA, pageB, request }) => {
    const { dialog } = await titleConflict(pageA, pageB, request);
    await expectNoAxeViolations(pageB);
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Edit' }).check();
    await expectNoAxeViolations(pageB);
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();
    await expect(pageA.getByTestId('freshness')).toHaveText('stale');
    await expect(pageA.getByText(/changed this record .*after you opened it/)).toBeVisible();
    await expectNoAxeViolations(pageA);
    // The event stream says only that the ticket changed; a focus revalidation fetches what changed, for the review.
    await pageA.evaluate(() => window.dispatchEvent(new Event('focus')));
    await pageA.getByRole('button', { name: 'Review changes' }).click();
    await expect(pageA.getByRole('table').filter({ hasText: 'Before' })).toBeVisible();
    await expectNoAxeViolations(pageA);
  });

  test('axe finds nothing on the duplicate prompt and the transition dialog', async ({ page, request }) => {
    const existing = await createOrder(request, unique('axe-dup'));
    await page.goto('/orders/new');
    await page.getByLabel('External order ID').fill(existing.externalId);
    await page.getByRole('button', { name: 'Create order' }).click();
    const prompt = page.getByRole('alertdialog', { name: /already created/i });
    await expect(prompt).toBeVisible();
    await expectNoAxeViolations(page);
    await prompt.getByRole('button', { name: 'Dismiss' }).click();

    const order = await transitionOrder(request, (await createOrder(request)).id, 'paid');
    await page.goto(`/orders/${order.id}`);
    await expect(page.getByTestId('order-state')).toHaveText('Paid');
    await transitionOrder(request, order.id, 'fulfilling');
    await page.getByRole('button', { name: 'Cancel order' }).click();
    // The page asks before cancelling; that question is checked too.
    const confirm = page.getByRole('alertdialog', { name: `Cancel order ${order.id}?` });
    await expect(confirm).toBeVisible();
    await expectNoAxeViolations(page);
    await confirm.getByRole('button', { name: 'Cancel order' }).click();
    const refused = page.getByRole('alertdialog', { name: /no longer|can't/i });
    await expect(refused).toBeVisible();
    await expectNoAxeViolations(page);
    // Open "Details for support" too.
    await refused.getByText('Details for support').click();
    await expectNoAxeViolations(page);
  });
});
