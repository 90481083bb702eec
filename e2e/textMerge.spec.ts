import type { Page } from '@playwright/test';
import { createDocument, createTicket, getDocument, getTicket } from './support/api';
import { expect, test } from './support/test';
import { mergeDialog } from './support/ticketConflict';

/** A fresh copy of the seeded runbook (~190 lines), so each test edits its own document. */
async function longText(request: Parameters<typeof getDocument>[0]): Promise<string> {
  return (await getDocument(request, 'D-1001')).content;
}

/** Replaces one line (0-based) of a text. */
function editLine(text: string, index: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  lines[index] = edit(lines[index] ?? '');
  return lines.join('\n');
}

/** The index of the first line that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`No line contains ${JSON.stringify(needle)}.`);
  return index;
}

async function saveText(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Save' }).click();
}

test.describe('long text: both operators edit one document', () => {
  test('edits to different paragraphs merge line by line without asking', async ({ pageA, pageB, request }) => {
    const base = await longText(request);
    const doc = await createDocument(request, base);
    const early = lineOf(base, 'This runbook is for whoever holds');
    const late = base.split('\n').length - 3;
    const mineA = editLine(base, early, (line) => `${line} (A: reviewed this week.)`);
    const mineB = editLine(base, late, (line) => `${line} (B: checked the links.)`);

    await Promise.all([pageA.goto(`/documents/${doc.id}`), pageB.goto(`/documents/${doc.id}`)]);
    await expect(pageA.getByLabel('Text')).toHaveValue(base);
    await expect(pageB.getByLabel('Text')).toHaveValue(base);
    await saveText(pageA, 'Text', mineA);
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await saveText(pageB, 'Text', mineB);
    await expect(pageB.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(pageB.getByRole('status', { name: 'Conflict notices' })).toContainText("Your changes are saved, together with Operator A's change to Text");

    const expected = editLine(mineA, late, (line) => `${line} (B: checked the links.)`);
    await expect(pageB.getByLabel('Text')).toHaveValue(expected);
    expect(await getDocument(request, doc.id)).toMatchObject({ content: expected, version: doc.version + 2 });
  });

  test('edits to the same paragraph open the dialog on that hunk only; the hunk is resolved there', async ({ pageA, pageB, request }) => {
    const base = await longText(request);
    const doc = await createDocument(request, base);
    const target = lineOf(base, 'The gateway answers most authorisations');
    const elsewhere = lineOf(base, 'Start from the Payments Overview dashboard');
    const mineA = editLine(base, target, () => 'The gateway answers most authorisations in under 300 ms (A measured this).');
    const mineB = editLine(
      editLine(base, target, () => 'The gateway answers most authorisations in under half a second (B).'),
      elsewhere,
      (line) => `${line} (B: dashboard renamed.)`,
    );

    await Promise.all([pageA.goto(`/documents/${doc.id}`), pageB.goto(`/documents/${doc.id}`)]);
    await expect(pageB.getByLabel('Text')).toHaveValue(base);
    await saveText(pageA, 'Text', mineA);
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await saveText(pageB, 'Text', mineB);

    const dialog = mergeDialog(pageB);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('0 of 1 conflict resolved')).toBeVisible();
    const hunk = dialog.getByRole('group', { name: 'Text, conflict 1 of 1' });
    await expect(hunk).toContainText('(A measured this)');
    await expect(hunk).toContainText('half a second');
    await hunk.getByRole('radio', { name: 'Keep both' }).check();
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();

    // The dialog closes on the choice; the save it starts lands a moment later.
    await expect.poll(async () => (await getDocument(request, doc.id)).version).toBe(doc.version + 2);
    const saved = await getDocument(request, doc.id);
    // Both versions of the paragraph, and B's unrelated edit, and nothing else changed.
    expect(saved.content).toContain('under 300 ms (A measured this).');
    expect(saved.content).toContain('under half a second (B).');
    expect(saved.content).toContain('(B: dashboard renamed.)');
    expect(saved.content.split('\n').length).toBe(base.split('\n').length + 1);
    await expect(pageB.getByLabel('Text')).toHaveValue(saved.content);
  });

  test('"Edit" on a hunk: replacing everything in the box keeps the line break, and the result shows the line it runs into', async ({ pageA, pageB, request }) => {
    const base = await longText(request);
    const doc = await createDocument(request, base);
    const target = lineOf(base, 'The gateway answers most authorisations');
    const next = base.split('\n')[target + 1]!;
    const mineA = editLine(base, target, () => 'The gateway answers most authorisations in under 300 ms (A).');
    const mineB = editLine(base, target, () => 'The gateway answers most authorisations in under half a second (B).');

    await Promise.all([pageA.goto(`/documents/${doc.id}`), pageB.goto(`/documents/${doc.id}`)]);
    await expect(pageB.getByLabel('Text')).toHaveValue(base);
    await saveText(pageA, 'Text', mineA);
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await saveText(pageB, 'Text', mineB);

    const dialog = mergeDialog(pageB);
    const hunk = dialog.getByRole('group', { name: 'Text, conflict 1 of 1' });
    await hunk.getByRole('radio', { name: 'Edit' }).check();
    const box = hunk.getByRole('textbox');
    await box.click();
    await box.press('ControlOrMeta+a');
    await box.pressSequentially('The gateway answers in about 300 ms.');
    await expect(box).toHaveValue('The gateway answers in about 300 ms.');
    // The result reads as it will be saved: the edited line, then the next line on its own.
    await expect(hunk.locator('[data-side="result"] pre')).toHaveText(`The gateway answers in about 300 ms.\n${next}`);
    await dialog.getByRole('button', { name: 'Save merged version' }).click();
    await expect(dialog).toBeHidden();

    const expected = editLine(base, target, () => 'The gateway answers in about 300 ms.');
    await expect.poll(async () => (await getDocument(request, doc.id)).content).toBe(expected);
  });

  test('a ticket\'s long description merges paragraph by paragraph too', async ({ pageA, pageB, request }) => {
    const description = (await getTicket(request, 'T-1001')).description;
    const ticket = await createTicket(request, { description });
    const paragraphs = description.split('\n');
    const first = paragraphs.findIndex((line) => line.startsWith('Since the deploy'));
    const last = paragraphs.findIndex((line) => line.startsWith('Workaround for support'));
    const mineA = editLine(description, first, (line) => `${line} Confirmed on staging by A.`);
    const mineB = editLine(description, last, (line) => `${line} Fix scheduled for Thursday (B).`);

    await Promise.all([pageA.goto(`/tickets/${ticket.id}`), pageB.goto(`/tickets/${ticket.id}`)]);
    await expect(pageB.getByLabel('Description')).toHaveValue(description);
    await saveText(pageA, 'Description', mineA);
    await expect(pageA.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await saveText(pageB, 'Description', mineB);
    await expect(pageB.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const expected = editLine(mineA, last, (line) => `${line} Fix scheduled for Thursday (B).`);
    expect((await getTicket(request, ticket.id)).description).toBe(expected);
    await expect(mergeDialog(pageB)).toHaveCount(0);
  });
});
