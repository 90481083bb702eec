import type { Page } from '@playwright/test';
import { getTicket } from './support/api';
import { mergeDialog, titleConflict } from './support/ticketConflict';
import { expect, test } from './support/test';

/** A's page learns about B's save from the event stream: badge and banner, no reload. */
async function expectStaleWithoutReload(pageA: Page): Promise<void> {
  await expect(pageA.getByTestId('freshness')).toHaveText('stale');
  await expect(pageA.getByRole('region').getByText(/^Operator B changed this record at .+, after you opened it\.$/)).toBeVisible();
}

test.describe('tickets: both operators change the title', () => {
  test('B keeps theirs: the saved ticket has A\'s title and B\'s other change, and A\'s page turns stale', async ({ pageA, pageB, request }) => {
    const { ticket, dialog, titleA } = await titleConflict(pageA, pageB, request);
    let navigations = 0;
    pageA.on('framenavigated', () => (navigations += 1));
    await expect(dialog.getByText('0 of 1 conflict resolved')).toBeVisible();
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep theirs' }).check();
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();

    await expect(pageB.getByLabel('Title')).toHaveValue(titleA);
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    await expect(pageB.getByTestId('freshness')).toHaveText('fresh');
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: titleA, assignee: 'sam.okafor', version: ticket.version + 2 });
    await expectStaleWithoutReload(pageA);
    expect(navigations).toBe(0);
  });

  test('B keeps mine: B\'s title is saved over A\'s, on the new version', async ({ pageA, pageB, request }) => {
    const { ticket, dialog, titleB } = await titleConflict(pageA, pageB, request);
    await dialog.getByRole('group', { name: 'Title' }).getByRole('radio', { name: 'Keep yours' }).check();
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();

    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: titleB, assignee: 'sam.okafor', version: ticket.version + 2, updatedBy: 'operator-b' });
    await expectStaleWithoutReload(pageA);
  });

  test('B edits the result: the hand-merged title is saved', async ({ pageA, pageB, request }) => {
    const { ticket, dialog } = await titleConflict(pageA, pageB, request);
    const group = dialog.getByRole('group', { name: 'Title' });
    await group.getByRole('radio', { name: 'Edit' }).check();
    await group.getByRole('textbox').fill('Merged by hand');
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();

    await expect(pageB.getByLabel('Title')).toHaveValue('Merged by hand');
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: 'Merged by hand', version: ticket.version + 2 });
    await expectStaleWithoutReload(pageA);
  });

  test('B closes the dialog with Escape: focus goes back to the form\'s Save, not to the page', async ({ pageA, pageB, request }) => {
    const { dialog } = await titleConflict(pageA, pageB, request);
    await pageB.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(pageB.getByRole('button', { name: 'Save', exact: true })).toBeFocused();
  });

  test('B types an edit and presses Escape: nothing typed is lost; Save reopens the dialog with it, also after a reload', async ({ pageA, pageB, request }) => {
    const { ticket, dialog } = await titleConflict(pageA, pageB, request);
    const group = dialog.getByRole('group', { name: 'Title' });
    await group.getByRole('radio', { name: 'Edit' }).check();
    await group.getByRole('textbox').fill('Merged by hand, then closed');
    await pageB.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(pageB.getByRole('status').filter({ hasText: 'conflict dialog' })).toHaveText(/Your changes are kept/);

    // A dialog the user closed is not reopened by a reload.
    await pageB.reload();
    await expect(pageB.getByLabel('Assignee')).toHaveValue('sam.okafor');
    await expect(mergeDialog(pageB)).toHaveCount(0);

    await pageB.getByRole('button', { name: 'Save', exact: true }).click();
    const again = mergeDialog(pageB);
    const title = again.getByRole('group', { name: 'Title' });
    await expect(title.getByRole('radio', { name: 'Edit' })).toBeChecked();
    await expect(title.getByRole('textbox')).toHaveValue('Merged by hand, then closed');
    await again.getByRole('button', { name: 'Save merged version' }).click();
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: 'Merged by hand, then closed', assignee: 'sam.okafor' });
  });

  test('B cancels: the page still names the version it shows, and says it is stale', async ({ pageA, pageB, request }) => {
    const { ticket, dialog } = await titleConflict(pageA, pageB, request);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    // The form's Save was disabled while its save waited on the dialog; focus goes back to it once it is enabled.
    await expect(pageB.getByRole('button', { name: 'Save', exact: true })).toBeFocused();

    // The kit read A's version while recovering; B's form still holds the version B opened, and the line says so.
    await expect(pageB.getByTestId('freshness')).toHaveText('stale');
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ version: ticket.version + 1 });

    // Discarding then leaves no line claiming the changes are kept.
    const status = pageB.getByRole('status').filter({ hasText: 'conflict dialog' });
    await expect(status).toContainText('Your changes are kept');
    await pageB.getByRole('button', { name: 'Discard changes' }).click();
    await expect(pageB.getByRole('button', { name: 'Discard changes' })).toHaveCount(0);
    await expect(pageB.getByText('Your changes are kept')).toHaveCount(0);
  });
});
