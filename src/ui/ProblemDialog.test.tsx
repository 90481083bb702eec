import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemDialog } from './ProblemDialog';

afterEach(() => {
  cleanup();
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
});

describe('ProblemDialog', () => {
  it('explains a deleted record, keeps the request id for support, and focuses "Copy my version" first', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const onResolve = vi.fn();
    const draft = { title: 'My edit' };
    render(<ProblemDialog request={{ conflict: { kind: 'deleted', status: 410, source: 'status', requestId: 'req_9' }, draft }} onResolve={onResolve} />);
    const dialog = screen.getByRole('alertdialog', { name: 'This record was deleted' });
    expect(dialog.querySelector('details')?.textContent).toContain('Request ID: req_9');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Copy my version' }));
    expect((await axe.run(document.body)).violations).toEqual([]);
    await user.keyboard('{Enter}');
    expect(writeText).toHaveBeenCalledWith('Title: My edit');
    await user.click(within(dialog).getByRole('button', { name: 'Reload' }));
    expect(onResolve).toHaveBeenCalledWith({ action: 'reload' });
  });

  it("shows an unknown conflict's detail as text, for support, and dismisses on Escape", async () => {
    const user = userEvent.setup();
    const onResolve = vi.fn();
    render(
      <ProblemDialog
        request={{ conflict: { kind: 'unknown', status: 409, source: 'status', detail: '<img src=x onerror=alert(1)>' } }}
        onResolve={onResolve}
      />,
    );
    const dialog = screen.getByRole('alertdialog', { name: "Your change couldn't be saved" });
    expect(dialog.querySelector('img')).toBeNull();
    expect(within(dialog).getByText('Server message: <img src=x onerror=alert(1)>')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Copy my version' })).toBeNull();
    await user.keyboard('{Escape}');
    expect(onResolve).toHaveBeenCalledWith({ action: 'dismiss' });
  });

  it("quotes the server's own words as its reason, as text, instead of saying none was given", () => {
    const conflict = { kind: 'unknown', status: 409, source: 'fallback', reason: 'note_locked', detail: 'This note is <b>locked</b> by an admin' } as const;
    render(
      <StrictMode>
        <ProblemDialog request={{ conflict, draft: { title: 'try to edit locked' } }} onResolve={() => {}} />
      </StrictMode>,
    );
    const dialog = screen.getByRole('alertdialog', { name: "Your change couldn't be saved" });
    expect(dialog).toHaveProperty('textContent', expect.stringContaining('Your change was turned down. The server said: “This note is <b>locked</b> by an admin”'));
    expect(dialog.querySelector('b')).toBeNull();
    expect(dialog.textContent).not.toContain('no reason');
    expect(dialog.textContent).toContain('Copy your version if you still need it: Reload discards it.');
  });

  it('says a bare reason code explains nothing to people, and promises no copy when there is no version to copy', () => {
    render(
      <StrictMode>
        <ProblemDialog request={{ conflict: { kind: 'unknown', status: 409, source: 'fallback', reason: 'note_locked' } }} onResolve={() => {}} />
      </StrictMode>,
    );
    const dialog = screen.getByRole('alertdialog', { name: "Your change couldn't be saved" });
    expect(dialog.textContent).toContain('Your change was turned down without an explanation this page can show.');
    expect(dialog.textContent).not.toContain('no reason');
    expect(dialog.textContent).not.toContain('Copy your version');
    expect(dialog.querySelector('details')?.textContent).toContain('Reason code: note_locked');
  });
});
