import { test as base, expect, type Browser, type Page } from '@playwright/test';

/** The demo's operators, as the operator picker stores them per tab. */
export type Operator = 'operator-a' | 'operator-b';

/** Opens a fresh browser context (its own storage, its own "person") acting as `operator`. */
export async function openAs(browser: Browser, baseURL: string | undefined, operator: Operator): Promise<Page> {
  const context = await browser.newContext(baseURL !== undefined ? { baseURL } : {});
  await context.addInitScript((actor) => {
    if (!window.sessionStorage.getItem('ck-demo-operator')) window.sessionStorage.setItem('ck-demo-operator', actor);
  }, operator);
  return context.newPage();
}

/** Two people at two browsers: Operator A and Operator B, each in a context of their own. */
export const test = base.extend<{ pageA: Page; pageB: Page }>({
  pageA: async ({ browser, baseURL }, use) => {
    const page = await openAs(browser, baseURL, 'operator-a');
    await use(page);
    await page.context().close();
  },
  pageB: async ({ browser, baseURL }, use) => {
    const page = await openAs(browser, baseURL, 'operator-b');
    await use(page);
    await page.context().close();
  },
});

export { expect };
