import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { createTicket, type Ticket } from './api';
import { expect } from './test';

/** A ticket whose title both operators changed: A saved first, B's save opened the merge dialog. */
export interface TitleConflict {
  readonly ticket: Ticket;
  /** B's merge dialog. */
  readonly dialog: Locator;
  readonly titleA: string;
  readonly titleB: string;
}

/** The merge dialog of a page (its accessible name says "conflict"). */
export function mergeDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: /conflict/i });
}

/**
 * Both operators open one new ticket; A retitles it and saves; B retitles
 * it too (and sets an assignee) and saves, which must open the merge dialog.
 */
export async function titleConflict(pageA: Page, pageB: Page, request: APIRequestContext): Promise<TitleConflict> {
  const ticket = await createTicket(request);
  const titleA = `${ticket.title} (A)`;
  const titleB = `${ticket.title} (B)`;
  await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
  await expect(pageA.getByLabel('Title')).toHaveValue(ticket.title);
  await expect(pageB.getByLabel('Title')).toHaveValue(ticket.title);

  await pageA.getByLabel('Title').fill(titleA);
  await pageA.getByRole('button', { name: 'Save' }).click();
  await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await pageB.getByLabel('Title').fill(titleB);
  await pageB.getByLabel('Assignee').fill('sam.okafor');
  await pageB.getByRole('button', { name: 'Save' }).click();
  const dialog = mergeDialog(pageB);
  await expect(dialog).toBeVisible();
  return { ticket, dialog, titleA, titleB };
}
