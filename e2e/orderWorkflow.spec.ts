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
    const dialog = firstTab.getByRole('alertdialog', { name: /no longer|can't/i });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(/fulfilling/i);
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
});
