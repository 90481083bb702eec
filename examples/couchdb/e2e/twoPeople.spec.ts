import { test as base, expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

interface Contact {
  _id: string;
  _rev: string;
  name: string;
  email: string;
  phone: string;
}

const DB = process.env.EXAMPLE_COUCHDB_URL!;
const missing = process.env.EXAMPLE_COUCHDB_MISSING;

/** Ana and Ben, each in a browser context of their own (own storage: two people). */
const test = base.extend<{ ana: Page; ben: Page }>({
  ana: async ({ browser, baseURL }, use) => {
    const page = await personAt(browser, baseURL);
    await use(page);
    await page.context().close();
  },
  ben: async ({ browser, baseURL }, use) => {
    const page = await personAt(browser, baseURL);
    await use(page);
    await page.context().close();
  },
});

test.skip(missing !== undefined, missing);

async function personAt(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  return context.newPage();
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${process.pid}-${++counter}`;

/** A contact put straight into CouchDB, as another app would. */
async function newContact(request: APIRequestContext): Promise<Contact> {
  const _id = unique('contact');
  const response = await request.put(`${DB}/${_id}`, { data: { name: _id, email: 'first@example.com', phone: '100' } });
  expect(response.status()).toBe(201);
  return serverCopy(request, _id);
}

async function serverCopy(request: APIRequestContext, id: string): Promise<Contact> {
  return (await (await request.get(`${DB}/${encodeURIComponent(id)}`)).json()) as Contact;
}

async function open(page: Page, contact: Contact): Promise<void> {
  await page.goto(`/contacts/${contact._id}`);
  await expect(page.getByLabel('Name')).toHaveValue(contact.name);
}

/** Saves and waits until the save settled (its outcome is shown). */
async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('output')).toContainText('Last save:');
}

const mergeDialog = (page: Page) => page.getByRole('dialog', { name: /conflict/i });

test('someone else’s save shows the stale banner, heard from CouchDB’s _changes feed', async ({ ana, ben, request }) => {
  const contact = await newContact(request);
  await open(ana, contact);
  await open(ben, contact);

  await ben.getByLabel('Phone').fill('200');
  await save(ben);

  await expect(ana.getByRole('region').filter({ hasText: 'changed this record' })).toBeVisible();
  expect((await serverCopy(request, contact._id)).phone).toBe('200');
});

test('the same field: the merge dialog shows the other person’s value as theirs', async ({ ana, ben, request }) => {
  const contact = await newContact(request);
  await open(ana, contact);
  await open(ben, contact);
  await ben.getByLabel('Name').fill('Benjamin Stone');
  await save(ben);

  await ana.getByLabel('Name').fill('Anna Lima');
  await ana.getByRole('button', { name: 'Save' }).click();

  const dialog = mergeDialog(ana);
  await expect(dialog.locator('[data-side="theirs"]')).toContainText('Benjamin Stone');
  await expect(dialog.locator('[data-side="mine"]')).toContainText('Anna Lima');
  await dialog.getByRole('radio', { name: 'Keep theirs' }).check();
  await dialog.getByRole('button', { name: 'Save merged version' }).click();

  await expect(ana.locator('output')).toHaveText('Last save: merged');
  await expect(ana.getByRole('heading', { name: 'Benjamin Stone' })).toBeVisible();
  expect(await serverCopy(request, contact._id)).toMatchObject({ name: 'Benjamin Stone', _rev: expect.stringMatching(/^3-/) });
});

test('different fields merge by themselves, and the notice names the field it merged in', async ({ ana, ben, request }) => {
  const contact = await newContact(request);
  await open(ana, contact);
  await open(ben, contact);
  await ben.getByLabel('Phone').fill('300');
  await save(ben);

  await ana.getByLabel('Email').fill('ana@example.com');
  await save(ana);

  await expect(mergeDialog(ana)).toHaveCount(0);
  await expect(ana.getByRole('status', { name: 'Conflict notices' })).toContainText("together with someone else's change to Phone");
  await expect(ana.getByLabel('Phone')).toHaveValue('300');
  expect(await serverCopy(request, contact._id)).toMatchObject({ email: 'ana@example.com', phone: '300' });
});

test('a duplicate create offers the existing contact, and “View existing” lands on it', async ({ ana, ben, request }) => {
  const id = unique('dup');
  for (const [page, name] of [
    [ana, 'Ana’s contact'],
    [ben, 'Ben’s contact'],
  ] as const) {
    await page.goto('/new');
    await page.getByLabel('Contact ID').fill(id);
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create contact' }).click();
  }
  await expect(ana).toHaveURL(new RegExp(`/contacts/${id}$`));
  await expect(ana.getByRole('heading', { name: 'Ana’s contact' })).toBeVisible();

  const prompt = ben.getByRole('alertdialog', { name: /already created/i });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: /view existing/i }).click();

  await expect(ben).toHaveURL(new RegExp(`/contacts/${id}$`));
  await expect(ben.getByLabel('Name')).toHaveValue('Ana’s contact');
  expect(await serverCopy(request, id)).toMatchObject({ name: 'Ana’s contact', _rev: expect.stringMatching(/^1-/) });
});

test('a reload during the merge dialog brings the dialog and the draft back', async ({ ana, ben, request }) => {
  const contact = await newContact(request);
  await open(ana, contact);
  await open(ben, contact);
  await ben.getByLabel('Name').fill('Benjamin Stone');
  await save(ben);
  await ana.getByLabel('Name').fill('Anna Lima');
  await ana.getByRole('button', { name: 'Save' }).click();
  await expect(mergeDialog(ana)).toBeVisible();

  await ana.reload();

  const dialog = mergeDialog(ana);
  await expect(dialog.locator('[data-side="mine"]')).toContainText('Anna Lima');
  await expect(dialog.locator('[data-side="theirs"]')).toContainText('Benjamin Stone');
  await dialog.getByRole('radio', { name: 'Keep yours' }).check();
  await dialog.getByRole('button', { name: 'Save merged version' }).click();
  await expect.poll(async () => (await serverCopy(request, contact._id)).name).toBe('Anna Lima');
});
