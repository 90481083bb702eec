import { createTicket, getTicket } from './support/api';
import { titleConflict } from './support/ticketConflict';
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

  test('on a 360 px phone every page fits the width: the header wraps, a wide list scrolls in its own box', async ({ page, request }) => {
    const ticket = await createTicket(request);
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of ['/tickets', `/tickets/${ticket.id}`, '/orders', '/orders/new', '/documents', '/documents/D-1001']) {
      await page.goto(path);
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.getByText(/^Loading/)).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await expect(page.getByLabel('Operator')).toBeInViewport();
      await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Documents' })).toBeInViewport();
    }
  });

  test('on a 360 px phone the merge dialog fits the screen and its choices stay in reach', async ({ pageA, pageB, request }) => {
    await pageB.setViewportSize({ width: 360, height: 740 });
    const { dialog } = await titleConflict(pageA, pageB, request);
    const box = await dialog.boundingBox();
    expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 1000)).toBeLessThanOrEqual(360);
    expect(await dialog.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    // It opens at its heading, with Save in reach: only the list of conflicts scrolls.
    await expect(dialog.getByRole('heading', { name: 'Resolve editing conflict' })).toBeInViewport({ ratio: 1 });
    await expect(dialog.getByRole('button', { name: 'Save merged version' })).toBeInViewport({ ratio: 1 });
    expect(await dialog.evaluate((el) => el.scrollTop)).toBe(0);
    const keepYours = dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' });
    await keepYours.check();
    await expect(dialog.getByText('1 of 1 conflict resolved')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Save merged version' })).toBeInViewport();
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

  test('the site has an icon: /favicon.ico is there', async ({ page, request }) => {
    const icon = await request.get('/favicon.ico');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/icon/);
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto('/tickets');
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    expect(failed).toEqual([]);
  });

  test("the kit follows the page's colour scheme, not the OS: a light page with the OS in dark mode gets light dialogs and banners", async ({ page, request }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const ticket = await createTicket(request);
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByLabel('Title')).toHaveValue(ticket.title);
    const current = await getTicket(request, ticket.id);
    await request.patch(`/api/tickets/${ticket.id}`, {
      headers: { 'X-Actor': 'operator-b', 'If-Match': `"${ticket.id}:${current.version}"`, 'Content-Type': 'application/merge-patch+json' },
      data: JSON.stringify({ title: `${ticket.title} (B)` }),
    });
    const banner = page.locator('.ck-stale');
    await expect(banner).toBeVisible();
    const background = () => banner.evaluate((el) => getComputedStyle(el).backgroundColor);
    // The demo page is light (color-scheme: light): so is the kit, though the OS is dark.
    expect(await background()).toBe('rgb(246, 248, 250)');
    // An app whose page goes dark (color-scheme: dark) gets the dark palette with it.
    await page.evaluate(() => (document.documentElement.style.colorScheme = 'dark'));
    expect(await background()).toBe('rgb(13, 17, 23)');
    // data-ck-scheme forces one, or opts in to following the OS.
    await page.evaluate(() => document.documentElement.setAttribute('data-ck-scheme', 'light'));
    expect(await background()).toBe('rgb(246, 248, 250)');
    await page.evaluate(() => {
      document.documentElement.style.colorScheme = '';
      document.documentElement.setAttribute('data-ck-scheme', 'system');
    });
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(246, 248, 250)');
  });
});
