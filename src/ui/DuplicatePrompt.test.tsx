import { cleanup, render, screen, within } from '@testing-library/react';
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
    render(<DuplicatePrompt request={{ conflict, existingHref: '/orders/2026-88421' }} onResolve={onResolve} />);
    const dialog = screen.getByRole('alertdialog', { name: /already created/i });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'View existing' }));
    expect(within(dialog).getByRole('link', { name: 'orders/2026-88421' }).getAttribute('href')).toBe('/orders/2026-88421');
    const { violations } = await axe.run(document.body);
    expect(violations).toEqual([]);
    await userEvent.setup().keyboard('{Enter}');
    expect(onResolve).toHaveBeenCalledWith({ action: 'view-existing' });
  });

  it("names the existing record by its id, not by the API URL, while the link goes to the app's page", () => {
    const api: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'problem+json', existing: '/api/orders/O-1004' };
    const { unmount } = render(<DuplicatePrompt request={{ conflict: api, existingHref: '/orders/O-1004' }} onResolve={vi.fn()} />);
    const link = within(screen.getByRole('alertdialog')).getByRole('link');
    expect(link.textContent).toBe('O-1004');
    expect(link.getAttribute('href')).toBe('/orders/O-1004');
    unmount();
    render(<DuplicatePrompt request={{ conflict: { ...api, existing: 'https://api.example.com/orders/x9', current: { id: 'ORD-9' } } }} onResolve={vi.fn()} />);
    const fallback = within(screen.getByRole('alertdialog')).getByRole('link', { name: 'ORD-9' });
    expect(fallback.getAttribute('href')).toBe('https://api.example.com/orders/x9');
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
});
