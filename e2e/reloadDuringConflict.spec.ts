import { getTicket } from './support/api';
import { mergeDialog, titleConflict } from './support/ticketConflict';
import { expect, test } from './support/test';

test.describe('reload during a conflict', () => {
  test('the draft and the merge dialog come back after a reload, with the choice made so far', async ({ pageA, pageB, request }) => {
    const { ticket, dialog, titleA, titleB } = await titleConflict(pageA, pageB, request);
    const support = (where: typeof dialog) => where.locator('details').filter({ hasText: 'Details for support' });
    const requestId = /Request ID: (req_[\da-f]+)/.exec((await support(dialog).textContent()) ?? '')?.[1];
    expect(requestId).toBeTruthy();
    const title = dialog.getByRole('group', { name: 'Title' });
    await title.getByRole('radio', { name: 'Keep yours' }).check();
    await expect(dialog.getByText('1 of 1 conflict resolved')).toBeVisible();

    await pageB.reload();
    const restored = mergeDialog(pageB);
    await expect(restored).toBeVisible();
    const restoredTitle = restored.getByRole('group', { name: 'Title' });
    await expect(restoredTitle.locator('[data-side="mine"]')).toContainText(titleB);
    await expect(restoredTitle.locator('[data-side="theirs"]')).toContainText(titleA);
    await expect(restoredTitle.getByRole('radio', { name: 'Keep yours' })).toBeChecked();
    // The refused write's ids survive the reload, for support.
    await expect(support(restored)).toContainText(`Request ID: ${requestId}`);
    await expect(support(restored)).toContainText(/Trace ID: [\da-f]{32}/);
    // Behind the dialog, the form still holds B's draft.
    await expect(pageB.getByLabel('Assignee')).toHaveValue('sam.okafor');

    await restored.getByRole('button', { name: 'Save merged version' }).click();
    await expect(restored).toBeHidden();
    // The dialog closes on the choice; the save it starts lands a moment later.
    await expect(pageB.getByTestId('record-version')).toContainText(`Version ${ticket.version + 2}`);
    expect(await getTicket(request, ticket.id)).toMatchObject({ title: titleB, assignee: 'sam.okafor', version: ticket.version + 2 });
  });
});
