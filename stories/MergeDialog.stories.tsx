import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ConflictKitStringsProvider } from '../src/ui/index';
import '../src/ui/styles.css';
import { expectNoAxeViolations } from './support/axe';
import { withDarkScheme } from './support/darkScheme';
import {
  deleteModifyRequest,
  hostile,
  hostileRequest,
  longText,
  longTextRequest,
  manyFieldsRequest,
  nestedRequest,
  oneFieldRequest,
  restoredRequest,
} from './support/fixtures';
import { germanStrings } from './support/germanStrings';
import { MergeHarness } from './support/MergeHarness';
import { ticketConflictLabel } from './support/TicketEditor';
import './support/story.css';

/**
 * The three-way merge dialog, fed by requests built with the real core
 * (`mergeRecords`, which runs `mergeText` on text fields). Each play function
 * resolves the merge and checks the value the hooks would save.
 */
const meta = {
  title: 'Dialogs/MergeDialog',
  component: MergeHarness,
  args: { request: oneFieldRequest, label: ticketConflictLabel },
} satisfies Meta<typeof MergeHarness>;
export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = ReturnType<typeof within>;

async function openDialog(canvas: Canvas, name: RegExp = /conflict/i): Promise<HTMLElement> {
  const dialog = await canvas.findByRole('dialog', { name });
  await expect(dialog).toHaveProperty('open', true);
  return dialog;
}

async function outcomeOf(canvas: Canvas): Promise<{ action: string; value?: Record<string, unknown> }> {
  const pre = await canvas.findByLabelText('Outcome');
  return JSON.parse(pre.textContent ?? '') as { action: string; value?: Record<string, unknown> };
}

function row(dialog: HTMLElement, legend: string | RegExp): HTMLElement {
  return within(dialog).getByRole('group', { name: legend });
}

/** Only the title conflicts; theirs' status and mine's assignee merge by themselves. */
export const OneConflictingField: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    const d = within(dialog);
    await expect(d.getByText('0 of 1 conflict resolved')).toBeInTheDocument();
    await expect(d.getByText(/^Ana saved changes to this record at .+ while you were editing it\./)).toBeInTheDocument();
    const save = d.getByRole('button', { name: 'Save merged version' });
    await expect(save).toBeDisabled();
    await expectNoAxeViolations(dialog);

    const title = row(dialog, 'Title');
    await userEvent.click(within(title).getByRole('radio', { name: 'Keep theirs' }));
    await expect(title).toHaveAttribute('data-resolution', 'theirs');
    await expect(d.getByText('1 of 1 conflict resolved')).toBeInTheDocument();
    await userEvent.click(save);

    const outcome = await outcomeOf(canvas);
    await expect(outcome).toEqual({
      action: 'save',
      value: { id: 'T-1001', title: 'Invoices: VAT 0.00 for non-German customers', status: 'in_progress', assignee: 'sam.okafor', priority: 2 },
      choices: { '/title': 'theirs' },
    });
  },
};

/** Four conflicts resolved with the keyboard alone: Space, arrow keys, Alt+↓ to the next conflict, Tab, Enter. */
export const ManyFieldsKeyboardOnly: Story = {
  args: { request: manyFieldsRequest },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    const d = within(dialog);
    await expect(d.getByText('0 of 4 conflicts resolved')).toBeInTheDocument();
    await expectNoAxeViolations(dialog);

    // Focus starts on the first conflict's group; Tab enters its choices.
    await waitFor(() => expect(document.activeElement).toBe(row(dialog, 'Title')));
    await userEvent.tab();
    await expect(document.activeElement).toBe(within(row(dialog, 'Title')).getByRole('radio', { name: 'Keep yours' }));
    await userEvent.keyboard(' '); // Title: keep yours
    await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}'); // next conflict
    await waitFor(() => expect(document.activeElement).toBe(within(row(dialog, 'Status')).getByRole('radio', { name: 'Keep yours' })));
    await expect(row(dialog, 'Status')).toHaveAttribute('aria-current', 'true');
    await userEvent.keyboard('{ArrowDown}'); // Status: keep theirs
    await userEvent.keyboard('{Alt>}{ArrowDown}{/Alt}');
    await waitFor(() => expect(document.activeElement).toBe(within(row(dialog, 'Assignee')).getByRole('radio', { name: 'Keep yours' })));
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}'); // Assignee: theirs → both → original
    await expect(within(row(dialog, 'Assignee')).getByRole('radio', { name: 'Keep original' })).toBeChecked();
    await userEvent.tab(); // Tab reaches the next radio group, as Alt+↓ does
    await expect(document.activeElement).toBe(within(row(dialog, 'priority')).getByRole('radio', { name: 'Keep yours' }));
    await userEvent.keyboard('{ArrowDown}'); // priority: keep theirs
    await expect(d.getByText('4 of 4 conflicts resolved')).toBeInTheDocument();
    // Alt+↑ goes back without changing anything.
    await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(() => expect(document.activeElement?.closest('fieldset')).toHaveAttribute('aria-current', 'true'));
    await expect(d.getByText('4 of 4 conflicts resolved')).toBeInTheDocument();

    const save = d.getByRole('button', { name: 'Save merged version' });
    for (let i = 0; i < 20 && document.activeElement !== save; i += 1) await userEvent.tab();
    await expect(document.activeElement).toBe(save);
    await userEvent.keyboard('{Enter}');

    const outcome = await outcomeOf(canvas);
    await expect(outcome.value).toMatchObject({ title: 'Mine: VAT missing on annual invoices', status: 'closed', assignee: 'maria.lopez', priority: 3 });
  },
};

/** Conflicts inside a nested object and inside an array element matched by id; one resolved by typing JSON. */
export const NestedFields: Story = {
  args: { request: nestedRequest, label: (conflict) => conflict.path.join(' › ') },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    await expect(within(dialog).getByText('0 of 2 conflicts resolved')).toBeInTheDocument();
    await expectNoAxeViolations(dialog);
    const city = row(dialog, 'customer › address › city');
    const quantity = row(dialog, 'items › 0 › quantity');
    await userEvent.click(within(city).getByRole('radio', { name: 'Keep theirs' }));

    await userEvent.click(within(quantity).getByRole('radio', { name: 'Edit' }));
    const editor = within(quantity).getByRole('textbox', { name: /Your edit of items › 0 › quantity/ });
    await userEvent.clear(editor);
    await userEvent.type(editor, 'four');
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(within(quantity).getByText(/Not valid JSON/)).toBeInTheDocument();
    await expect(within(dialog).getByRole('button', { name: 'Save merged version' })).toBeDisabled();
    await userEvent.clear(editor);
    await userEvent.type(editor, '4');
    await expect(quantity).toHaveAttribute('data-resolution', 'custom');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save merged version' }));

    const { value } = await outcomeOf(canvas);
    await expect(value).toEqual({
      id: 'O-1001',
      // Theirs renamed the customer without conflict; the city is theirs by choice.
      customer: { name: 'Acme SAS', address: { street: '12 rue de la Paix', city: 'Marseille' } },
      items: [
        { id: 'line-1', sku: 'KB-MX-RED', quantity: 4 },
        { id: 'line-2', sku: 'CBL-USBC-2M', quantity: 2 },
      ],
    });
  },
};

/** A long description with three conflicting hunks among folded context; one hunk has a word-level suggestion. */
export const LongTextSeveralHunks: Story = {
  args: { request: longTextRequest },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    const d = within(dialog);
    await expect(d.getByText('0 of 3 conflicts resolved')).toBeInTheDocument();
    await expect(d.getByRole('region', { name: 'Description' })).toBeInTheDocument();
    // Quiet runs between hunks are folded; the one holding mine's clean edit says so.
    await expect(d.getAllByRole('button', { name: /lines without conflict/ })).toHaveLength(2);
    await expectNoAxeViolations(dialog);

    const [h1, h2, h3] = [1, 2, 3].map((n) => row(dialog, `Description, conflict ${n} of 3`));
    await userEvent.click(within(h1!).getByRole('radio', { name: 'Keep yours' }));
    // What tells "Keep both" from the suggestion is said before the click.
    await expect(within(h2!).getByRole('radio', { name: 'Keep both' })).toHaveAccessibleDescription('Puts your text and theirs one after the other.');
    await expect(within(h2!).getByRole('radio', { name: 'Combine both edits' })).toHaveAccessibleDescription('Applies your changes and theirs together, in one text.');
    await userEvent.click(within(h2!).getByRole('radio', { name: 'Combine both edits' }));
    await expect(h2).toHaveAttribute('data-resolution', 'suggestion');
    await userEvent.click(within(h3!).getByRole('radio', { name: 'Keep both' }));
    // Unfolding a quiet run keeps the keyboard where it was.
    const fold = d.getAllByRole('button', { name: /unchanged lines|lines without conflict/ })[0]!;
    await userEvent.click(fold);
    await userEvent.click(d.getByRole('button', { name: 'Save merged version' }));

    const { value } = await outcomeOf(canvas);
    const description = String(value?.['description']);
    await expect(description).toContain('Line 3: the renderer reads the VAT rate for each country from the locale table (mine).\n');
    await expect(description).toContain('Line 12: the renderer reads the tax rate for every country from the rates table.\n');
    await expect(description).toContain('Line 25: mine rewrote this line completely.\nLine 25: theirs rewrote it differently.\n');
    await expect(description).toContain('Line 7: only mine changed this.\n');
    await expect(description).toContain('Line 18: only theirs changed this.\n');
    await expect(description.split('\n')).toHaveLength(longText.base.split('\n').length + 1);
  },
};

/** Mine deleted the assignee theirs changed; mine changed the due date theirs deleted. */
export const DeleteVersusModify: Story = {
  args: { request: deleteModifyRequest },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    await expectNoAxeViolations(dialog);
    const assignee = row(dialog, 'Assignee');
    const due = row(dialog, 'dueDate');
    await expect(within(assignee).getByText('(none)')).toBeInTheDocument(); // your version
    await expect(within(due).getByText('(none)')).toBeInTheDocument(); // their version
    await userEvent.click(within(assignee).getByRole('radio', { name: 'Keep yours' }));
    await expect(assignee.querySelector('[data-side="result"] pre')).toHaveTextContent('(none)');
    await userEvent.click(within(due).getByRole('radio', { name: 'Keep yours' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save merged version' }));
    const { value } = await outcomeOf(canvas);
    await expect(value).not.toHaveProperty('assignee');
    await expect(value).toMatchObject({ dueDate: '2026-12-05' });
  },
};

/** Markup, bidi overrides, template syntax, a 5,000-character word and an own `__proto__` key: all shown as text. */
export const HostileValuesRenderAsText: Story = {
  args: { request: hostileRequest, label: (conflict) => conflict.path.join(' › ') },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    const d = within(dialog);
    // Each side's pane shows the value as text; word highlights split it into <ins> runs and show removed base words as <del>.
    const panes = (name: string, side: string): string[] =>
      [...row(dialog, name).querySelectorAll(`[data-side="${side}"] pre`)].map((pre) => {
        const copy = pre.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('del').forEach((del) => del.remove());
        return copy.textContent ?? '';
      });
    await expect(panes('title', 'mine')).toEqual([hostile.title]);
    await expect(panes('title', 'theirs')).toEqual([hostile.theirsTitle]);
    await expect(panes('assignee', 'mine')).toEqual([hostile.assignee]);
    await expect(panes('assignee', 'theirs')).toEqual([hostile.theirsAssignee]);
    await expect(dialog.querySelector('img, script, a[href^="javascript"]')).toBeNull();
    await expect((window as { __ckHostile?: unknown }).__ckHostile).toBeUndefined();
    // The long word wraps inside the dialog instead of widening it past the viewport.
    await expect(dialog.getBoundingClientRect().width).toBeLessThanOrEqual(window.innerWidth);
    await expect(row(dialog, '__proto__')).toBeInTheDocument();
    await expectNoAxeViolations(dialog);

    for (const name of ['title', 'assignee', 'notes', '__proto__']) {
      await userEvent.click(within(row(dialog, name)).getByRole('radio', { name: 'Keep yours' }));
    }
    await userEvent.click(d.getByRole('button', { name: 'Save merged version' }));
    const pre = await canvas.findByLabelText('Outcome');
    const outcome = JSON.parse(pre.textContent ?? '') as { value: Record<string, unknown> };
    await expect(outcome.value['title']).toBe(hostile.title);
    await expect(outcome.value['assignee']).toBe(hostile.assignee);
    await expect(outcome.value['notes']).toBe(hostile.long);
    await expect(Object.getOwnPropertyDescriptor(outcome.value, '__proto__')?.value).toBe(hostile.proto);
    await expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await expect((window as { __ckHostile?: unknown }).__ckHostile).toBeUndefined();
  },
};

/** Reopened after a reload: the choices kept with the draft are restored, and focus goes to the first open conflict. */
export const RestoredInitialChoices: Story = {
  args: { request: restoredRequest },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas);
    const d = within(dialog);
    await expect(d.getByText('2 of 4 conflicts resolved')).toBeInTheDocument();
    await expect(within(row(dialog, 'Title')).getByRole('radio', { name: 'Keep theirs' })).toBeChecked();
    await expect(within(row(dialog, 'Description, conflict 1 of 3')).getByRole('radio', { name: 'Keep both' })).toBeChecked();
    const second = row(dialog, 'Description, conflict 2 of 3');
    await expect(second).toHaveAttribute('aria-current', 'true');
    await waitFor(() => expect(document.activeElement).toBe(second));
    // Restoring is not a change, nor is a key pressed before the user is in the choices.
    await userEvent.keyboard(' ');
    await expect(canvas.queryByLabelText('Reported choices')).toBeNull();
    await userEvent.tab(); // into its choices
    await userEvent.keyboard(' ');
    const reported = await canvas.findByLabelText('Reported choices');
    await expect(JSON.parse(reported.textContent ?? '{}')).toMatchObject({ '/title': 'theirs' });
    await expect(Object.keys(JSON.parse(reported.textContent ?? '{}') as object)).toHaveLength(3);
    await expect(d.getByText('3 of 4 conflicts resolved')).toBeInTheDocument();
  },
};

/** The kit's dark palette (its own `prefers-color-scheme: dark` block), checked by axe including contrast. */
export const DarkScheme: Story = {
  args: { request: longTextRequest },
  decorators: [withDarkScheme],
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(within(canvasElement));
    await expect(getComputedStyle(dialog).backgroundColor).toBe('rgb(22, 27, 34)');
    await userEvent.click(within(row(dialog, 'Description, conflict 1 of 3')).getByRole('radio', { name: 'Keep yours' }));
    await expectNoAxeViolations(dialog);
  },
};

/**
 * Every string translated (German) through ConflictKitStringsProvider; cancel
 * answers without saving. (Escape goes through the native dialog's `cancel`
 * event, which synthetic key events cannot fire; e2e covers it with real keys.)
 */
export const TranslatedStrings: Story = {
  args: { request: manyFieldsRequest },
  decorators: [(Story) => <ConflictKitStringsProvider strings={germanStrings}><Story /></ConflictKitStringsProvider>],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await openDialog(canvas, /Bearbeitungskonflikt/);
    const d = within(dialog);
    await expect(d.getByText('0 von 4 Konflikten gelöst')).toBeInTheDocument();
    await expect(d.getAllByRole('radio', { name: 'Ihre behalten' })).toHaveLength(4);
    await expect(d.getAllByText('Deren Fassung')).toHaveLength(4);
    await expect(d.getByRole('button', { name: 'Nächster Konflikt' })).toBeInTheDocument();
    await expect(d.getByText(/^Ana hat diesen Datensatz geändert/)).toBeInTheDocument();
    await expectNoAxeViolations(dialog);
    await userEvent.click(d.getByRole('button', { name: 'Abbrechen' }));
    await expect(await outcomeOf(canvas)).toEqual({ action: 'cancel' });
  },
};

/**
 * The current conflict follows the user: after choosing in the fourth
 * conflict (a click, or Tab into it), that one is current, so "Previous
 * conflict" is enabled and Alt+↑ / Alt+↓ move from where the user is.
 */
export const CurrentFollowsTheUser: Story = {
  args: { request: manyFieldsRequest },
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(within(canvasElement));
    const priority = row(dialog, 'priority');
    await userEvent.click(within(priority).getByRole('radio', { name: 'Keep theirs' }));
    await expect(priority).toHaveAttribute('aria-current', 'true');
    await expect(within(dialog).getByRole('button', { name: 'Previous conflict' })).toBeEnabled();
  },
};

/**
 * "Save merged version" reads as unavailable until every conflict is
 * resolved, in the light and the dark scheme alike: no accent colour, muted
 * text; then the accent once it can be pressed.
 */
export const DisabledSaveInBothSchemes: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(within(canvasElement));
    const save = within(dialog).getByRole('button', { name: 'Save merged version' });
    const root = document.documentElement;
    const colours = () => {
      const style = getComputedStyle(save);
      const vars = getComputedStyle(dialog);
      return {
        background: style.backgroundColor,
        color: style.color,
        disabledBg: vars.getPropertyValue('--ck-disabled-bg').trim(),
        accent: vars.getPropertyValue('--ck-accent').trim(),
      };
    };
    const hex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
    try {
      for (const scheme of ['light', 'dark'] as const) {
        root.setAttribute('data-ck-scheme', scheme);
        await expect(save).toBeDisabled();
        const c = colours();
        await expect(hex(c.background)).toBe(c.disabledBg);
        await expect(hex(c.background)).not.toBe(c.accent);
      }
      await userEvent.click(within(row(dialog, 'Title')).getByRole('radio', { name: 'Keep yours' }));
      await expect(save).toBeEnabled();
      await expect(hex(colours().background)).toBe(colours().accent);
    } finally {
      root.removeAttribute('data-ck-scheme');
    }
  },
};

