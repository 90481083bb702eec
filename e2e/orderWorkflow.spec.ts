import { createOrder, transitionOrder } from './support/api';
import { expect, test } from './support/test';

test.describe('orders: workflow actions that are no longer allowed', () => {
  test('cancel after fulfilment started in another tab: the dialog shows the current state and the cancel is never sent again', async ({ pageA, request }) => {
    const order = await transitionOrder(request, (await createOrder(request)).id, 'paid');
    const firstTab = pageA;
    const otherTab = await firstTab.context().newPage();
    const cancels: string[] = [];
    firstTab.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/orders/${order.id}/transitions`) && r.postData()?.includes('cancelled')) cancels.push(r.url());
    });

    await Promise.all([firstTab.goto(`/orders/${order.id}`), otherTab.goto(`/orders/${order.id}`)]);
    await expect(firstTab.getByTestId('order-state')).toHaveText('Paid');
    await expect(otherTab.getByTestId('order-state')).toHaveText('Paid');

    await otherTab.getByRole('button', { name: 'Start fulfilment' }).click();
    await expect(otherTab.getByTestId('order-state')).toHaveText('Fulfilling');
    // The first tab hears about it, but still shows the state it loaded.
    await expect(firstTab.getByTestId('freshness')).toHaveText('stale');
    await expect(firstTab.getByTestId('order-state')).toHaveText('Paid');

    await firstTab.getByRole('button', { name: 'Cancel order' }).click();
    const confirm = firstTab.getByRole('alertdialog', { name: `Cancel order ${order.id}?` });
    await confirm.getByRole('button', { name: 'Cancel order' }).click();
    const dialog = firstTab.getByRole('alertdialog', { name: /no longer|can't/i });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(/This record is now Fulfilling\. Operator A changed it at .+\. Nothing was changed by your action\./);
    await expect(dialog).toHaveAccessibleName("Can't cancel order");
    await expect(dialog.getByRole('button', { name: 'Ship' })).toBeVisible();
    expect(cancels).toHaveLength(1);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(firstTab.getByTestId('order-state')).toHaveText('Fulfilling');
    await expect(firstTab.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
    await expect(firstTab.getByTestId('freshness')).toHaveText('fresh');
    expect(cancels).toHaveLength(1);
  });

  test("the page's own Cancel order asks first, in the danger style; keeping the order sends nothing", async ({ page, request }) => {
    const order = await createOrder(request);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/transitions')) sent.push(r.postData() ?? '');
    });
    await page.goto(`/orders/${order.id}`);
    const cancel = page.getByRole('button', { name: 'Cancel order' });
    await expect(cancel).toHaveClass(/demo-button-danger/);
    await cancel.click();
    const confirm = page.getByRole('alertdialog', { name: `Cancel order ${order.id}?` });
    await expect(confirm).toBeVisible();
    // The safe answer has the focus.
    await expect(confirm.getByRole('button', { name: 'Keep order' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    expect(sent).toEqual([]);
    await expect(page.getByTestId('order-state')).toHaveText('Placed');

    await cancel.click();
    await confirm.getByRole('button', { name: 'Cancel order' }).click();
    await expect(page.getByTestId('order-state')).toHaveText('Cancelled');
    expect(sent).toHaveLength(1);
  });

  test('"Mark paid" on an order someone already paid: the goal is met, said so with who did it; a destructive step offered there asks first', async ({ pageA, pageB, request }) => {
    const order = await createOrder(request);
    await Promise.all([pageA.goto(`/orders/${order.id}`), pageB.goto(`/orders/${order.id}`)]);
    await expect(pageA.getByTestId('order-state')).toHaveText('Placed');
    await pageB.getByRole('button', { name: 'Mark paid' }).click();
    await expect(pageB.getByTestId('order-state')).toHaveText('Paid');

    await pageA.getByRole('button', { name: 'Mark paid' }).click();
    const dialog = pageA.getByRole('alertdialog', { name: 'Already paid' });
    await expect(dialog).toBeVisible();
    // Nothing is being updated while the dialog explains.
    await expect(pageA.locator('.demo-save-status')).toHaveText('');
    const description = dialog.getByText(/^Operator B did this at .+, so nothing was done again\.$/);
    await expect(description).toBeVisible();
    await expect(dialog.getByRole('heading')).not.toContainText(/can't|no longer/i);

    const destructive = dialog.getByRole('group', { name: 'You can still:' }).getByRole('button', { name: 'Cancel order' });
    await expect(destructive).toHaveClass('ck-danger');
    await destructive.click();
    const confirm = dialog.getByRole('group', { name: "Cancel order? This can't be undone." });
    await expect(confirm.getByRole('button', { name: 'Go back' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Go back' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(pageA.getByTestId('order-state')).toHaveText('Paid');
    // "Mark paid" is gone from the page: focus goes to the nearest action still there, not to the page's body.
    await expect(pageA.getByRole('button', { name: 'Mark paid' })).toHaveCount(0);
    await expect(pageA.locator(':focus')).toHaveText('Start fulfilment');
    // The page agrees with the dialog: the goal was met, not refused.
    await expect(pageA.locator('.demo-save-status')).toHaveText('Already done: someone else did this first, so nothing more was needed.');
  });

  test('the order page is read-only: its stale banner offers no "Keep editing"', async ({ page, request }) => {
    const order = await createOrder(request);
    await page.goto(`/orders/${order.id}`);
    await expect(page.getByTestId('order-state')).toHaveText('Placed');
    await transitionOrder(request, order.id, 'paid');
    const banner = page.getByRole('region', { name: /changed this record .*after you opened it/ });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Keep editing' })).toHaveCount(0);
    await expect(banner.getByRole('button', { name: 'Dismiss' })).toBeVisible();
  });
});
