// `npm run screenshots` (tsx scripts/screenshots.ts): builds the demo app,
// starts the demo server on a throwaway in-memory database and a free port,
// plays each conflict in Debian's Chromium and writes docs/screenshots/*.png
// for the README. Deterministic data: the seeded records, fresh every run.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { build } from 'vite';
import { startServer, type RunningServer } from '../demo/server/main';
import { chromiumLaunchOptions } from './chromium';

const root = fileURLToPath(new URL('..', import.meta.url));
// For review in the other scheme and on a phone: SCREENSHOTS_SCHEME=dark SCREENSHOTS_WIDTH=360 SCREENSHOTS_DIR=/tmp/shots.
const outDir = process.env['SCREENSHOTS_DIR'] ?? `${root}docs/screenshots`;
const VIEWPORT = { width: Number(process.env['SCREENSHOTS_WIDTH'] ?? 1200), height: 820 };
const SCHEME = process.env['SCREENSHOTS_SCHEME'] === 'dark' ? 'dark' : 'light';
const TIMEOUT = 10_000;

async function openAs(browser: Browser, server: RunningServer, actor: 'operator-a' | 'operator-b', path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: SCHEME, locale: 'en-GB', timezoneId: 'UTC' });
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript((who) => window.sessionStorage.setItem('ck-demo-operator', who), actor);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

async function shoot(target: Page | Locator, name: string, fullPage = false): Promise<void> {
  const file = `${outDir}/${name}.png`;
  await target.screenshot({ path: file, animations: 'disabled', caret: 'hide', ...(fullPage ? { fullPage } : {}) });
  console.log(`  ${file.startsWith(root) ? file.slice(root.length) : file}`);
}

/** Waits until an element says exactly `text`; a screenshot of partial data would mislead. */
async function expectText(target: Locator, text: string): Promise<void> {
  await target.filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 30_000 });
}

async function saved(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

/** A and B retitle T-1001; B also sets the status and adds to the description: auto-merge, then a real conflict. */
async function ticketFlows(browser: Browser, server: RunningServer): Promise<void> {
  const a = await openAs(browser, server, 'operator-a', '/tickets/T-1001');
  const b = await openAs(browser, server, 'operator-b', '/tickets/T-1001');
  await a.getByLabel('Title').waitFor();
  await b.getByLabel('Title').waitFor();

  // Different fields: B's save merges by itself and says so.
  await a.getByLabel('Assignee').fill('li.wei');
  await a.getByRole('button', { name: 'Save' }).click();
  await saved(a);
  await b.getByLabel('Status').selectOption('in_progress');
  await b.getByRole('button', { name: 'Save' }).click();
  await saved(b);
  await b.getByRole('status', { name: 'Conflict notices' }).getByText(/^Your changes are saved, together with /).waitFor();
  await shoot(b, 'auto-merge-notice');
  await b.getByRole('status', { name: 'Conflict notices' }).getByRole('button').click();

  // Same field and same paragraph: the merge dialog.
  await a.reload();
  await a.getByLabel('Title').fill('Annual-plan invoices show 0.00 VAT outside Germany (renderer bug)');
  const description = await a.getByLabel('Description').inputValue();
  await a.getByLabel('Description').fill(description.replace('Expected: the VAT line shows the tax actually charged (20% for France).', 'Expected: the VAT line shows the tax actually charged, from the payment record.'));
  await a.getByRole('button', { name: 'Save' }).click();
  await saved(a);
  await b.getByLabel('Title').fill('Invoices show 0.00 VAT for every country except Germany');
  await b.getByLabel('Description').fill(description.replace('Expected: the VAT line shows the tax actually charged (20% for France).', 'Expected: the VAT line shows the VAT charged (20% for France, 21% for the Netherlands).'));
  await b.getByRole('button', { name: 'Save' }).click();
  const dialog = b.getByRole('dialog', { name: /conflict/i });
  await dialog.waitFor();
  await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' }).check();
  await shoot(b, 'merge-dialog');
  await dialog.getByRole('group', { name: /^Description/ }).getByRole('radio', { name: 'Keep both' }).check();
  await dialog.getByRole('button', { name: 'Save merged version' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await saved(b);

  // A hears about it live, from the server's event stream.
  await a.getByRole('region').getByText(/^Operator B changed this record/).waitFor();
  await a.getByLabel('Description').evaluate((el) => el.scrollTo(0, 0));
  await shoot(a, 'stale-banner');
  await Promise.all([a.context().close(), b.context().close()]);
}

/** A second order with the same external id, and a cancel after fulfilment started. */
async function orderFlows(browser: Browser, server: RunningServer): Promise<void> {
  const page = await openAs(browser, server, 'operator-a', '/orders/new');
  await page.getByLabel('External order ID').fill('order-88421');
  await page.getByRole('button', { name: 'Create order' }).click();
  await page.waitForURL(/\/orders\/O-\d+$/);
  await page.goto('/orders/new');
  await page.getByLabel('External order ID').fill('order-88421');
  await page.getByRole('button', { name: 'Create order' }).click();
  await page.getByRole('alertdialog', { name: /already created/i }).waitFor();
  await shoot(page, 'duplicate-prompt');

  await page.goto('/orders/O-1002');
  await page.getByTestId('order-state').getByText('Paid').waitFor();
  const other = await openAs(browser, server, 'operator-b', '/orders/O-1002');
  await other.getByRole('button', { name: 'Start fulfilment' }).click();
  await other.getByTestId('order-state').getByText('Fulfilling').waitFor();
  await page.getByTestId('freshness').getByText('stale').waitFor();
  await page.getByRole('button', { name: 'Cancel order' }).click();
  // The page asks before cancelling.
  await page.getByRole('alertdialog', { name: /^Cancel order/ }).getByRole('button', { name: 'Cancel order' }).click();
  await page.getByRole('alertdialog', { name: /no longer|can't/i }).waitFor();
  await shoot(page, 'transition-dialog');
  await Promise.all([page.context().close(), other.context().close()]);
}

/** The insights page once the flows above have sent their conflict events (the sender flushes when a page closes). */
async function insights(browser: Browser, server: RunningServer): Promise<void> {
  const page = await openAs(browser, server, 'operator-a', '/insights');
  // The flows above meet four conflicts (two on the ticket, the duplicate, the transition), and every one
  // is resolved once the closed pages' beacons reach the collector; the page reads again every 5 s.
  await expectText(page.getByTestId('insights-conflicts'), '4');
  await expectText(page.getByTestId('insights-resolved'), '4');
  await page.locator('.demo-insights canvas').first().waitFor();
  await shoot(page, 'insights', true);
  await page.context().close();
}

async function main(): Promise<void> {
  console.log('Building the demo app…');
  await build({ configFile: `${root}demo/app/vite.config.ts`, logLevel: 'warn' });
  mkdirSync(outDir, { recursive: true });
  const server = await startServer({ port: 0, dbPath: ':memory:', faults: false, latencyMs: 0, log: false });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    console.log(`Screenshots from ${server.url}:`);
    await ticketFlows(browser, server);
    await orderFlows(browser, server);
    await insights(browser, server);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
