import type { Page } from '@playwright/test';
import { ordersWithExternalId, unique } from './support/api';
import { expect, test } from './support/test';

async function fillNewOrder(page: Page, externalId: string): Promise<void> {
  await page.goto('/orders/new');
  await page.getByLabel('External order ID').fill(externalId);
}

test.describe('orders: one order per external order ID', () => {
  test('a double click on "Create order" sends one request and creates one order', async ({ page, request }) => {
    const externalId = unique('dbl');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/orders') posts.push(r.headers()['idempotency-key'] ?? '');
    });
    await fillNewOrder(page, externalId);
    await page.getByRole('button', { name: 'Create order' }).dblclick();
    await expect(page).toHaveURL(/\/orders\/O-\d+$/);
    await expect(page.getByText(externalId)).toBeVisible();

    const orders = await ordersWithExternalId(request, externalId);
    expect(orders).toHaveLength(1);
    expect(page.url()).toMatch(new RegExp(`/orders/${orders[0]!.id}$`));
    expect(posts).toHaveLength(1);
  });

  test('a retry after the first response was lost reuses the Idempotency-Key and creates one order', async ({ page, request }) => {
    const externalId = unique('lost');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/orders') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await fillNewOrder(page, externalId);
    // The next write commits on the server, then its response is lost (FAULTS=1).
    await page.evaluate(() => window.localStorage.setItem('ck-demo-fault', 'drop-response-after-commit'));
    await page.getByRole('button', { name: 'Create order' }).click();
    const status = page.getByRole('status').filter({ hasText: "We couldn't tell whether the order was created" });
    await expect(status).toBeVisible();
    // Plain words: no header names, no request details (those are under "Details for support").
    await expect(status).not.toContainText(/Idempotency|POST|\/api\//);
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);

    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page).toHaveURL(/\/orders\/O-\d+$/);
    const orders = await ordersWithExternalId(request, externalId);
    expect(orders).toHaveLength(1);
    expect(page.url()).toMatch(new RegExp(`/orders/${orders[0]!.id}$`));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('a reload after the lost response, then the same order again, still creates one order', async ({ page, request }) => {
    const externalId = unique('reload');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/orders') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await fillNewOrder(page, externalId);
    await page.evaluate(() => window.localStorage.setItem('ck-demo-fault', 'drop-response-after-commit'));
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page.getByRole('status').filter({ hasText: "We couldn't tell whether the order was created" })).toBeVisible();

    await fillNewOrder(page, externalId);
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page).toHaveURL(/\/orders\/O-\d+$/);
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);
    expect(keys).toEqual([keys[0], keys[0]]);
  });

  test('a second create with the same external ID offers "already created — view existing" and lands on it', async ({ page, request }) => {
    const externalId = unique('dup');
    await fillNewOrder(page, externalId);
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page).toHaveURL(/\/orders\/O-\d+$/);
    const existing = new URL(page.url()).pathname;

    await fillNewOrder(page, externalId);
    await page.getByRole('button', { name: 'Create order' }).click();
    const prompt = page.getByRole('alertdialog', { name: /already created/i });
    await expect(prompt).toBeVisible();
    await prompt.getByRole('button', { name: 'View existing' }).click();
    await expect(prompt).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`${existing}$`));
    await expect(page.getByText(externalId)).toBeVisible();
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);
  });

  test('the same external ID from the other operator: the prompt says who created it and when, that nothing was created, and how the input differs', async ({ pageA, pageB, request }) => {
    const externalId = unique('other');
    await fillNewOrder(pageA, externalId);
    await pageA.getByRole('button', { name: 'Create order' }).click();
    await expect(pageA).toHaveURL(/\/orders\/O-\d+$/);
    const existingId = new URL(pageA.url()).pathname.split('/').pop()!;

    await fillNewOrder(pageB, externalId);
    await pageB.getByLabel('Quantity').fill('2');
    await pageB.getByRole('button', { name: 'Create order' }).click();
    const prompt = pageB.getByRole('alertdialog', { name: /already created/i });
    await expect(prompt).toBeVisible();
    await expect(prompt.getByText(/^It already exists:/)).toHaveText(`It already exists: ${existingId}`);
    await expect(prompt.getByText(/^Created by Operator A at .+\.$/)).toBeVisible();
    await expect(prompt).toContainText("Your request didn't create anything new.");
    await expect(prompt).not.toContainText('not created again');
    const differences = prompt.getByRole('table', { name: 'What you entered differs from it:' });
    await expect(differences.getByRole('row').nth(1).locator('th, td')).toHaveText(['Items › 1 › Quantity', '2', '1']);
    await prompt.getByRole('button', { name: 'Dismiss' }).click();
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);
  });

  test('an order the server refuses for a field says it was not created and which field, and the corrected order is created once', async ({ page, request }) => {
    const externalId = unique('sku');
    await fillNewOrder(page, externalId);
    await page.getByLabel('SKU').fill('bad sku!');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page.getByRole('status').filter({ hasText: "The order wasn't created" })).toHaveText(
      /^The order wasn't created: the server didn't accept it: “Invalid fields: items\[0\]\.sku must be .+”\. Correct it and press “Create order” again\.$/,
    );
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(0);

    await page.getByLabel('SKU').fill('SKU-DESK-02');
    await page.getByRole('button', { name: 'Create order' }).click();
    await expect(page).toHaveURL(/\/orders\/O-\d+$/);
    expect(await ordersWithExternalId(request, externalId)).toHaveLength(1);
  });

  test('the external order ID field validates in the browser, without console errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto('/orders/new');
    const field = page.getByLabel('External order ID');
    await field.fill('shop/2026:88421-a.b_c');
    expect(await field.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
    await field.fill('-not an id');
    expect(await field.evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
    expect(errors).toEqual([]);
  });
});
