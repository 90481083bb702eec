import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransitionConflict } from '../core/index';
import { TransitionDialog } from './TransitionDialog';

afterEach(cleanup);

const conflict: TransitionConflict = {
  kind: 'transition',
  status: 409,
  source: 'problem+json',
  currentState: 'fulfilment_started',
  allowedTransitions: ['complete', 'request_return'],
};

describe('TransitionDialog', () => {
  it("explains the refusal with the current state, focuses Close first, and has no axe violations", async () => {
    render(<TransitionDialog request={{ conflict, attempted: 'cancel' }} onResolve={vi.fn()} />);
    const dialog = screen.getByRole('alertdialog', { name: '“cancel” is no longer possible' });
    expect(dialog.textContent).toContain('fulfilment started');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    const { violations } = await axe.run(document.body);
    expect(violations).toEqual([]);
  });

  it('reads well when the action is named by its target state, and without a current state', () => {
    const { unmount } = render(
      <TransitionDialog request={{ conflict: { ...conflict, currentState: 'fulfilling', allowedTransitions: ['shipped'] }, attempted: 'cancelled' }} onResolve={vi.fn()} />,
    );
    const dialog = screen.getByRole('alertdialog', { name: '“cancelled” is no longer possible' });
    expect(screen.getByRole('alertdialog', { name: /can't|no longer/i })).toBe(dialog);
    expect(within(dialog).getByText('This record is now fulfilling. Nothing was changed by your action.')).toBeTruthy();
    unmount();
    const { currentState: _unknown, ...withoutState } = conflict;
    render(<TransitionDialog request={{ conflict: withoutState, attempted: 'cancel' }} onResolve={vi.fn()} />);
    expect(screen.getByText("This can't be done from the record's current state, so nothing was changed.")).toBeTruthy();
  });

  it('offers the allowed transitions with overridable labels and answers with the chosen one', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(
      <TransitionDialog
        request={{ conflict, attempted: 'cancel' }}
        onResolve={onResolve}
        strings={{ transitionLabel: (to) => (to === 'request_return' ? 'Start a return' : to) }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Start a return' }));
    expect(onResolve).toHaveBeenCalledWith({ action: 'choose', to: 'request_return' });
  });

  it('says so when nothing else is allowed, and dismisses on Escape', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(<TransitionDialog request={{ conflict: { ...conflict, allowedTransitions: [] }, attempted: 'cancel' }} onResolve={onResolve} />);
    expect(screen.getByText('Nothing else can be done with it now.')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(onResolve).toHaveBeenCalledWith({ action: 'dismiss' });
  });

  it('says who changed the state and when, when the record says', () => {
    const current = { state: 'fulfilling', updatedBy: 'operator-b', updatedAt: '2026-11-25T19:37:00Z' };
    render(
      <TransitionDialog
        request={{ conflict: { ...conflict, currentState: 'fulfilling', allowedTransitions: ['shipped'], current }, attempted: 'cancelled' }}
        onResolve={vi.fn()}
        strings={{ formatTime: () => '19:37', personName: (id) => (id === 'operator-b' ? 'Operator B' : id) }}
      />,
    );
    expect(screen.getByRole('alertdialog').textContent).toContain('This record is now fulfilling. Operator B changed it at 19:37. Nothing was changed by your action.');
  });

  it("says the user's goal is met when the record is already where they wanted it", () => {
    const current = { state: 'paid', updatedBy: 'operator-b', updatedAt: '2026-11-25T19:37:00Z' };
    render(
      <TransitionDialog
        request={{ conflict: { ...conflict, currentState: 'paid', allowedTransitions: ['fulfilling', 'cancelled'], current }, attempted: 'paid' }}
        onResolve={vi.fn()}
        strings={{ formatTime: () => '19:37' }}
      />,
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Already paid' });
    expect(dialog.textContent).toContain('operator-b did this at 19:37, so nothing was done again.');
    expect(dialog.textContent).not.toMatch(/can't|no longer/i);
  });

  it('sets a destructive step apart and asks before sending it; going back sends nothing', async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(
      <TransitionDialog
        request={{ conflict: { ...conflict, currentState: 'paid', allowedTransitions: ['cancelled', 'fulfilling'] }, attempted: 'shipped' }}
        onResolve={onResolve}
        strings={{ transitionLabel: (to) => ({ cancelled: 'Cancel order', fulfilling: 'Start fulfilment' })[to] ?? to }}
      />,
    );
    const group = screen.getByRole('group', { name: 'You can still:' });
    // The safe step first; the destructive one last, in the danger style.
    expect(within(group).getAllByRole('button').map((b) => [b.textContent, b.className])).toEqual([
      ['Start fulfilment', ''],
      ['Cancel order', 'ck-danger'],
    ]);
    await user.click(within(group).getByRole('button', { name: 'Cancel order' }));
    expect(onResolve).not.toHaveBeenCalled();
    const confirm = screen.getByRole('group', { name: "Cancel order? This can't be undone." });
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Go back' }));
    await user.keyboard('{Enter}');
    expect(onResolve).not.toHaveBeenCalled();
    await user.click(within(screen.getByRole('group', { name: 'You can still:' })).getByRole('button', { name: 'Cancel order' }));
    await user.click(within(screen.getByRole('group', { name: /Cancel order\?/ })).getByRole('button', { name: 'Cancel order' }));
    expect(onResolve).toHaveBeenCalledWith({ action: 'choose', to: 'cancelled' });
  });

  it('keeps the request id and the server\'s own words in "Details for support", not in the message', async () => {
    const user = userEvent.setup();
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    render(
      <TransitionDialog
        request={{ conflict: { ...conflict, requestId: 'req_42', reason: 'invalid_transition', detail: 'POST /api/orders/O-1/transitions refused', method: 'POST', url: '/api/orders/O-1/transitions' }, attempted: 'cancel' }}
        onResolve={vi.fn()}
      />,
    );
    const dialog = screen.getByRole('alertdialog');
    const details = dialog.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Details for support')).toBeTruthy();
    const message = [...dialog.children].filter((el) => el !== details).map((el) => el.textContent).join(' ');
    expect(message).not.toMatch(/POST|\/api\/|409|req_42/);
    await user.click(within(details).getByText('Details for support'));
    expect(details.textContent).toContain('Request ID: req_42');
    expect(details.textContent).toContain('Reason code: invalid_transition');
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0]![0])).toContain('POST /api/orders/O-1/transitions');
    info.mockRestore();
  });
});
