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
    const dialog = screen.getByRole('alertdialog', { name: '“cancel” is no longer allowed' });
    expect(dialog.textContent).toContain('fulfilment started');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    const { violations } = await axe.run(document.body);
    expect(violations).toEqual([]);
  });

  it('reads well when the action is named by its target state, and without a current state', () => {
    const { unmount } = render(
      <TransitionDialog request={{ conflict: { ...conflict, currentState: 'fulfilling', allowedTransitions: ['shipped'] }, attempted: 'cancelled' }} onResolve={vi.fn()} />,
    );
    const dialog = screen.getByRole('alertdialog', { name: '“cancelled” is no longer allowed' });
    expect(screen.getByRole('alertdialog', { name: /can't|no longer/i })).toBe(dialog);
    expect(within(dialog).getByText('This record is now fulfilling. Nothing was changed.')).toBeTruthy();
    unmount();
    const { currentState: _unknown, ...withoutState } = conflict;
    render(<TransitionDialog request={{ conflict: withoutState, attempted: 'cancel' }} onResolve={vi.fn()} />);
    expect(screen.getByText("This can no longer be done from the record's current state. Nothing was changed.")).toBeTruthy();
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
    expect(screen.getByText('No other actions are available.')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(onResolve).toHaveBeenCalledWith({ action: 'dismiss' });
  });
});
