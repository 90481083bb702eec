import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DuplicateConflict } from '../core/index';
import { DuplicatePrompt } from './DuplicatePrompt';

afterEach(cleanup);

const conflict: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'flat-reason', existing: 'orders/2026-88421' };

describe('DuplicatePrompt', () => {
  it('is an alert dialog named "already created" that focuses "View existing" first', async () => {
    const onResolve = vi.fn();
    render(<DuplicatePrompt request={{ conflict, existingHref: '#/orders/2026-88421' }} onResolve={onResolve} />);
    const dialog = screen.getByRole('alertdialog', { name: /already created/i });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'View existing' }));
    expect(within(dialog).getByRole('link', { name: 'orders/2026-88421' }).getAttribute('href')).toBe('#/orders/2026-88421');
    const { violations } = await axe.run(document.body);
    expect(violations).toEqual([]);
    await userEvent.setup().keyboard('{Enter}');
    expect(onResolve).toHaveBeenCalledWith({ action: 'view-existing' });
  });

  it("names the existing record by its id, not by the API URL, while the link goes to the app's page", () => {
    const api: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'problem+json', existing: '/api/orders/O-1004' };
    const { unmount } = render(<DuplicatePrompt request={{ conflict: api, existingHref: '/orders/O-1004' }} onResolve={vi.fn()} />);
    const link = within(screen.getByRole('alertdialog')).getByRole('link', { name: 'O-1004' });
    expect(link.getAttribute('href')).toBe('/orders/O-1004');
    unmount();
    render(<DuplicatePrompt request={{ conflict: { ...api, existing: 'https://api.example.com/orders/x9', current: { id: 'ORD-9' } } }} onResolve={vi.fn()} />);
    expect(within(screen.getByRole('alertdialog')).getByText('ORD-9')).toBeTruthy();
  });

  it("without the app's link, shows the record's name as text, never a link to the API's URL, and leaves navigation to the app", async () => {
    const onResolve = vi.fn();
    render(<DuplicatePrompt request={{ conflict: { ...conflict, existing: '/notes/N2' } }} onResolve={onResolve} />, { reactStrictMode: true });
    const dialog = screen.getByRole('alertdialog', { name: /already created/i });
    expect(within(dialog).queryByRole('link')).toBeNull();
    expect(within(dialog).getByText('N2')).toBeTruthy();
    await userEvent.setup().click(within(dialog).getByRole('button', { name: 'View existing' }));
    expect(onResolve).toHaveBeenCalledWith({ action: 'view-existing' });
  });

  it("links the record's name to the app's same-document page (a hash route): a click goes there and answers view-existing", async () => {
    window.location.hash = '#/new';
    const onResolve = vi.fn();
    render(<DuplicatePrompt request={{ conflict: { ...conflict, existing: '/notes/N2' }, existingHref: '#/notes/N2' }} onResolve={onResolve} />, { reactStrictMode: true });
    const dialog = screen.getByRole('alertdialog');
    const name = within(dialog).getByRole('link', { name: 'N2' });
    expect(name.getAttribute('href')).toBe('#/notes/N2');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'View existing' }));
    await userEvent.setup().click(name);
    expect(onResolve).toHaveBeenCalledWith({ action: 'view-existing' });
    await vi.waitFor(() => expect(window.location.hash).toBe('#/notes/N2'));
  });

  it.each(['ctrlKey', 'metaKey', 'shiftKey'])('leaves the prompt and the form as they are when the link opens elsewhere (%s-click)', (modifier) => {
    const onResolve = vi.fn();
    render(<DuplicatePrompt request={{ conflict, existingHref: '#/orders/2026-88421' }} onResolve={onResolve} />, { reactStrictMode: true });
    fireEvent.click(screen.getByRole('link', { name: 'orders/2026-88421' }), { [modifier]: true });
    expect(onResolve).not.toHaveBeenCalled();
    expect(screen.getByRole('alertdialog', { name: /already created/i })).toBeTruthy();
  });

  it.each(['?id=N2', 'notes/N2', '../notes/N2', '/notes/N2', 'https://app.example.com/notes/N2'])("links the record's name to the app's %s", (existingHref) => {
    render(<DuplicatePrompt request={{ conflict, existingHref }} onResolve={vi.fn()} />);
    expect(screen.getByRole('link', { name: 'orders/2026-88421' }).getAttribute('href')).toBe(existingHref);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'mailto:a@b'])('never links to %j', (existingHref) => {
    render(<DuplicatePrompt request={{ conflict, existingHref }} onResolve={vi.fn()} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('orders/2026-88421')).toBeTruthy();
  });

  it('dismisses on Escape and on "Dismiss", never creating again', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(<DuplicatePrompt request={{ conflict }} onResolve={onResolve} />);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onResolve.mock.calls).toEqual([[{ action: 'dismiss' }], [{ action: 'dismiss' }]]);
  });

  it('shows a hostile existing id as text, never as a script link', () => {
    render(<DuplicatePrompt request={{ conflict: { ...conflict, existing: 'javascript:alert(1)<b>x</b>' } }} onResolve={vi.fn()} />);
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).queryByRole('link')).toBeNull();
    expect(within(dialog).getByText('javascript:alert(1)<b>x</b>')).toBeTruthy();
    expect(dialog.querySelector('b')).toBeNull();
  });

  it('takes overridden strings', () => {
    render(<DuplicatePrompt request={{ conflict }} onResolve={vi.fn()} strings={{ duplicateTitle: 'Order already created' }} />);
    expect(screen.getByRole('alertdialog', { name: 'Order already created' })).toBeTruthy();
  });

  it('tells whoever did not create it what exists, who created it and when, and that their request created nothing', () => {
    const existing: DuplicateConflict = {
      kind: 'duplicate',
      status: 409,
      source: 'problem+json',
      existing: '/api/orders/O-1004',
      createdBy: 'operator-a',
      createdAt: Date.UTC(2026, 10, 25, 19, 37),
      current: { id: 'O-1004', externalId: 'order-88421', items: [{ sku: 'SKU-CHAIR-01', quantity: 1 }] },
    };
    render(
      <DuplicatePrompt
        request={{ conflict: existing, existingHref: '/orders/O-1004', sent: { externalId: 'order-88421', items: [{ sku: 'SKU-CHAIR-01', quantity: 2 }] } }}
        onResolve={vi.fn()}
        strings={{ formatTime: () => '19:37', personName: (id) => (id === 'operator-a' ? 'Operator A' : id) }}
      />,
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Already created' });
    expect(within(dialog).getByText(/It already exists:/).textContent).toBe('It already exists: O-1004');
    expect(within(dialog).getByText('Created by Operator A at 19:37.')).toBeTruthy();
    expect(dialog.textContent).toContain("Your request didn't create anything new.");
    expect(dialog.textContent).not.toContain('was not created again');
    const table = within(dialog).getByRole('table', { name: 'What you entered differs from it:' });
    const rows = within(table).getAllByRole('row').map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Field', 'You entered', 'Existing'],
      ['Items › 1 › Quantity', '2', '1'],
    ]);
  });

  it("quotes the server's words where they name the field taken, not only under the details for support; the kit's own reasons keep them there", () => {
    const taken: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'json', reason: 'duplicate_slug', detail: 'A note with slug "groceries" already exists', existing: '/api/notes/n3' };
    render(<DuplicatePrompt request={{ conflict: taken }} onResolve={vi.fn()} />);
    const description = document.getElementById(screen.getByRole('alertdialog').getAttribute('aria-describedby')!)!;
    expect(within(description).getByText('The server said: “A note with slug "groceries" already exists”')).toBeTruthy();
    cleanup();
    // The kit's own server, and a reused key read as "already created": developer words (a header's name, an API URL), kept for support.
    const known: DuplicateConflict = { ...conflict, reason: 'duplicate_external_id', detail: 'This was already created, so it was not created again. Open the existing resource instead.' };
    const reused: DuplicateConflict = { ...conflict, reason: 'idempotency_key_reused', detail: 'This Idempotency-Key was already used for a different request, which created /api/orders/O-1.' };
    for (const duplicate of [conflict, known, reused]) {
      render(<DuplicatePrompt request={{ conflict: duplicate }} onResolve={vi.fn()} />);
      expect(screen.getByRole('alertdialog').textContent).not.toContain('The server said');
      cleanup();
    }
  });

  it('says when what was entered matches, and compares nothing it cannot see', () => {
    const current = { id: 'O-1', externalId: 'x', items: [{ sku: 'A', quantity: 1 }], version: 3, createdAt: '2026-11-25T10:00:00Z' };
    const { unmount } = render(<DuplicatePrompt request={{ conflict: { ...conflict, current }, sent: { externalId: 'x', items: [{ sku: 'A', quantity: 1 }] } }} onResolve={vi.fn()} />);
    expect(screen.getByText('What you entered matches it.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    unmount();
    render(<DuplicatePrompt request={{ conflict, sent: { externalId: 'x' } }} onResolve={vi.fn()} />);
    expect(screen.queryByText('What you entered matches it.')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
