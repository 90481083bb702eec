import { test as base, expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

interface Ticket {
  id: string;
  title: string;
  status: string;
  assignee: string | null;
  description: string;
  version: number;
}

/** Ana and Ben, each in a browser context of their own (own storage: two people). */
const test = base.extend<{ ana: Page; ben: Page }>({
  ana: async ({ browser, baseURL }, use) => {
    const page = await personAt(browser, baseURL, 'ana');
    await use(page);
    await page.context().close();
  },
  ben: async ({ browser, baseURL }, use) => {
    const page = await personAt(browser, baseURL, 'ben');
    await use(page);
    await page.context().close();
  },
});

async function personAt(browser: Browser, baseURL: string | undefined, actor: string): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  await context.addInitScript((name) => sessionStorage.setItem('actor', name), actor);
  return context.newPage();
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${process.pid}-${++counter}`;

async function newTicket(request: APIRequestContext): Promise<Ticket> {
  const response = await request.post('/api/tickets', { headers: { 'X-Actor': 'setup' }, data: { title: unique('Ticket'), description: 'First line.' } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as Ticket;
}

async function serverCopy(request: APIRequestContext, id: string): Promise<Ticket> {
  return (await (await request.get(`/api/tickets/${id}`)).json()) as Ticket;
}

async function openEditor(page: Page, ticket: Ticket): Promise<void> {
  await page.goto(`/tickets/${ticket.id}/edit`);
  await expect(page.getByLabel('Title')).toHaveValue(ticket.title);
}

/** Saves the form; the action redirects to the ticket's page once the save went through. */
async function saveAndLand(page: Page, ticket: Ticket): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
}

const mergeDialog = (page: Page) => page.getByRole('dialog', { name: /conflict/i });

test('someone else’s save shows the stale banner on the open form', async ({ ana, ben, request }) => {
  const ticket = await newTicket(request);
  await openEditor(ana, ticket);
  await openEditor(ben, ticket);

  await ben.getByLabel('Assignee').fill('ben');
  await saveAndLand(ben, ticket);

  await expect(ana.getByRole('region').filter({ hasText: 'changed this record' })).toContainText('ben changed this record');
});

test('the same field: the merge dialog shows the other person’s value as theirs, and the action lands on the ticket once resolved', async ({ ana, ben, request }) => {
  const ticket = await newTicket(request);
  await openEditor(ana, ticket);
  await openEditor(ben, ticket);
  await ben.getByLabel('Title').fill('Title by Ben');
  await saveAndLand(ben, ticket);

  await ana.getByLabel('Title').fill('Title by Ana');
  await ana.getByRole('button', { name: 'Save' }).click();

  const dialog = mergeDialog(ana);
  await expect(dialog).toBeVisible();
  // This app styles every <header> as a flex bar; the dialog's own header keeps its layout: the title on one line, on no bar.
  const title = dialog.getByRole('heading', { name: 'Resolve editing conflict' });
  const lineHeight = await title.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect((await title.boundingBox())?.height ?? 0).toBeLessThan(lineHeight * 1.5);
  expect(await title.evaluate((el) => getComputedStyle(el.parentElement!).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
  await expect(dialog.locator('[data-side="theirs"]')).toContainText('Title by Ben');
  await expect(dialog.locator('[data-side="mine"]')).toContainText('Title by Ana');
  await dialog.getByRole('radio', { name: 'Keep theirs' }).check();
  await dialog.getByRole('button', { name: 'Save merged version' }).click();

  await expect(ana).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(ana.getByRole('heading', { name: 'Title by Ben' })).toBeVisible();
  expect(await serverCopy(request, ticket.id)).toMatchObject({ title: 'Title by Ben' });
});

test('different fields merge by themselves, with a notice naming the other person', async ({ ana, ben, request }) => {
  const ticket = await newTicket(request);
  await openEditor(ana, ticket);
  await openEditor(ben, ticket);
  await ben.getByLabel('Assignee').fill('ben');
  await saveAndLand(ben, ticket);

  await ana.getByLabel('Status').selectOption({ label: 'In progress' });
  await saveAndLand(ana, ticket);

  await expect(mergeDialog(ana)).toHaveCount(0);
  await expect(ana.getByRole('status', { name: 'Conflict notices' })).toContainText('ben');
  await expect(ana.locator('[data-field="status"]')).toHaveText('in_progress');
  await expect(ana.locator('[data-field="assignee"]')).toHaveText('ben');
  expect(await serverCopy(request, ticket.id)).toMatchObject({ status: 'in_progress', assignee: 'ben', version: ticket.version + 2 });
});

test('a duplicate create offers the existing order, and “View existing” lands on it', async ({ ana, ben }) => {
  const externalId = unique('ext');
  await ana.goto('/orders/new');
  await ana.getByLabel('External order ID').fill(externalId);
  await ana.getByRole('button', { name: 'Create order' }).click();
  await expect(ana.getByRole('heading', { name: `Order ${externalId}` })).toBeVisible();
  const created = new URL(ana.url()).pathname;

  await ben.goto('/orders/new');
  await ben.getByLabel('External order ID').fill(externalId);
  await ben.getByRole('button', { name: 'Create order' }).click();
  const prompt = ben.getByRole('alertdialog', { name: /already created/i });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'View existing' }).click();

  await expect(ben).toHaveURL(new RegExp(`${created}$`));
  await expect(ben.getByRole('heading', { name: `Order ${externalId}` })).toBeVisible();
});

test('a reload mid-conflict brings the form’s edits and the dialog back, and the resolution still lands on the ticket', async ({ ana, ben, request }) => {
  const ticket = await newTicket(request);
  await openEditor(ana, ticket);
  await openEditor(ben, ticket);
  await ben.getByLabel('Title').fill('Title by Ben');
  await saveAndLand(ben, ticket);
  await ana.getByLabel('Title').fill('Title by Ana');
  await ana.getByLabel('Assignee').fill('ana');
  await ana.getByRole('button', { name: 'Save' }).click();
  await expect(mergeDialog(ana)).toBeVisible();
  await mergeDialog(ana).getByRole('radio', { name: 'Keep yours' }).check();

  await ana.reload();

  const dialog = mergeDialog(ana);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: 'Keep yours' })).toBeChecked();
  await expect(ana.getByLabel('Assignee')).toHaveValue('ana');
  await dialog.getByRole('button', { name: 'Save merged version' }).click();

  await expect(ana).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(ana.getByRole('heading', { name: 'Title by Ana' })).toBeVisible();
  expect(await serverCopy(request, ticket.id)).toMatchObject({ title: 'Title by Ana', assignee: 'ana', version: ticket.version + 2 });
});
