import { resolve } from 'node:path';
import { createOrder, getTicket, ordersWithExternalId, transitionOrder, unique } from '../support/api';
import { mergeDialog, titleConflict } from '../support/ticketConflict';
import { expect, test } from '../support/test';

// The demo app through Vite's dev server: React's development build runs
// main.tsx's <StrictMode>, which mounts, unmounts and mounts every effect.
// Each dialog must open, stay open, and settle only on the user's answer.

test.describe('under StrictMode (Vite dev server)', () => {
  test('the merge dialog opens, stays open and saves the choice', async ({ pageA, pageB, request }) => {
    const { ticket, dialog, titleA } = await titleConflict(pageA, pageB, request);
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep theirs' }).check();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    await expect(pageB.getByText(/cancelled/i)).toHaveCount(0);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: titleA, assignee: 'sam.okafor' });
  });

  test('the duplicate prompt stays open and leads to the existing order', async ({ page, request }) => {
    const externalId = unique('dev-dup');
    const existing = await createOrder(request, externalId);
    await page.goto('/orders/new');
    await page.getByLabel('External order ID').fill(externalId);
    await page.getByRole('button', { name: 'Create order' }).click();
    const prompt = page.getByRole('alertdialog', { name: /already created/i });
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText(existing.id);
    await prompt.getByRole('button', { name: 'View existing' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${existing.id}$`));
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);
  });

  test('the transition dialog stays open and explains the refusal', async ({ page, request }) => {
    const order = await createOrder(request);
    await page.goto(`/orders/${order.id}`);
    await expect(page.getByTestId('order-state')).toHaveText('Placed');
    await transitionOrder(request, order.id, 'cancelled');
    await page.getByRole('button', { name: 'Mark paid' }).click();
    const dialog = page.getByRole('alertdialog', { name: /no longer|can't/i });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(/cancelled/i);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('order-state')).toHaveText('Cancelled');
  });

  test('a reload mid-conflict brings the dialog back, still open, with the choice made', async ({ pageA, pageB, request }) => {
    const { ticket, dialog, titleB } = await titleConflict(pageA, pageB, request);
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' }).check();
    await pageB.reload();
    const restored = mergeDialog(pageB);
    await expect(restored).toBeVisible();
    await expect(restored.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' })).toBeChecked();
    await restored.getByRole('button', { name: 'Save merged version' }).click();
    await expect(restored).toBeHidden();
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: titleB, assignee: 'sam.okafor' });
  });

  test('the kit knows it runs in a development build, though Vite defines no process in the browser', async ({ page }) => {
    // Misuse errors carry their full explanation and the console hints (cross-origin headers) speak only in development builds.
    await page.goto('/tickets');
    const isDev = await page.evaluate(async (path) => ((await import(/* @vite-ignore */ path)) as { isDev: boolean }).isDev, `/@fs${resolve('src/core/devWarning.ts')}`);
    expect(isDev).toBe(true);
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });
});
