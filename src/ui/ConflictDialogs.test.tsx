import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { StrictMode, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createConflictClient, mergeRecords, type DuplicateConflict, type StaleConflict } from '../core/index';
import { createVersionRegistry } from '../core/createVersionRegistry';
import { ConflictKitContext, type ConflictKit } from '../react/ConflictKitContext';
import { createKitRuntime } from '../react/createKitRuntime';
import { ConflictDialogs } from './ConflictDialogs';
import { ConflictNotices } from './ConflictNotices';
import { ConnectedStaleBanner } from './ConnectedStaleBanner';

afterEach(cleanup);

function kit() {
  const client = createConflictClient({ registry: createVersionRegistry({ now: () => 0 }), fetch: () => Promise.reject(new TypeError('no network in this test')) });
  const runtime = createKitRuntime(client);
  const value: ConflictKit = { ...runtime, resolver: runtime.sessions.resolver, autoMerge: true };
  const queryClient = new QueryClient();
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ConflictKitContext.Provider value={value}>{children}</ConflictKitContext.Provider>
      </QueryClientProvider>
    </StrictMode>
  );
  return { sessionStore: runtime.sessions, registry: client.registry, wrapper };
}

describe('ConflictDialogs', () => {
  it('shows the oldest open session with the right dialog and settles it with the answer', async () => {
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    render(<ConflictDialogs />, { wrapper });
    expect(screen.queryByRole('dialog')).toBeNull();

    const duplicate: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'flat-reason', existing: 'orders/1' };
    const stale: StaleConflict = { kind: 'stale', status: 412, source: 'status' };
    const merge = mergeRecords({ a: 1 }, { a: 2 }, { a: 3 });
    let first!: Promise<unknown>;
    let second!: Promise<unknown>;
    act(() => {
      first = sessionStore.resolver.duplicate({ conflict: duplicate });
      second = sessionStore.resolver.merge({ key: 'k', conflict: stale, base: { a: 1 }, mine: { a: 2 }, theirs: { a: 3 }, merge });
    });
    await user.click(screen.getByRole('button', { name: 'View existing' }));
    await expect(first).resolves.toEqual({ action: 'view-existing' });

    const dialog = await screen.findByRole('dialog', { name: /conflict/i });
    await user.click(within(dialog).getByRole('radio', { name: 'Keep theirs' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save merged version' }));
    await expect(second).resolves.toEqual({ action: 'save', value: { a: 3 }, choices: { '/a': 'theirs' } });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

/** A form whose Save stays disabled until the test settles the save, after the merge dialog it opened has closed. */
function SaveForm({ merge, blurOnDisable }: { readonly merge: () => Promise<void>; readonly blurOnDisable: boolean }): ReactNode {
  const [pending, setPending] = useState(false);
  const save = async (button: HTMLButtonElement): Promise<void> => {
    setPending(true);
    // Browsers move focus off a button that becomes disabled (to <body>); jsdom leaves it there.
    if (blurOnDisable) button.blur();
    try {
      await merge();
    } finally {
      setPending(false);
    }
  };
  return (
    <button type="button" disabled={pending} onClick={(event) => void save(event.currentTarget)}>
      Save ticket
    </button>
  );
}

/**
 * A save that asks the merge dialog, then goes on after it closed (the hook
 * settles it), so Save is still disabled then; `settle` ends it.
 */
function heldSave(sessionStore: ReturnType<typeof kit>['sessionStore']): { merge: () => Promise<void>; settle: () => void } {
  let release: (() => void) | undefined;
  const merge = async (): Promise<void> => {
    await sessionStore.resolver.merge({ key: 'k', conflict: { kind: 'stale', status: 412, source: 'status' }, base: { a: 1 }, mine: { a: 2 }, theirs: { a: 3 }, merge: mergeRecords({ a: 1 }, { a: 2 }, { a: 3 }) });
    await new Promise<void>((resolve) => (release = resolve));
  };
  return { merge, settle: () => release?.() };
}

describe('ConflictDialogs focus', () => {
  it.each([
    ['Cancel', false],
    ['Cancel', true],
    ['Escape', false],
    ['Escape', true],
  ] as const)('returns focus to the form\'s Save once its save settles after %s (focus already on <body> at open: %s)', async (how, blurOnDisable) => {
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    const { merge, settle } = heldSave(sessionStore);
    render(
      <>
        <SaveForm merge={merge} blurOnDisable={blurOnDisable} />
        <ConflictDialogs />
      </>,
      { wrapper },
    );
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Save ticket' });
    await user.click(save);
    const dialog = await screen.findByRole('dialog', { name: /conflict/i });
    expect(save.disabled).toBe(true);

    if (how === 'Cancel') await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    else await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(save.disabled).toBe(true);

    act(() => settle());
    await waitFor(() => expect(save.disabled).toBe(false));
    await waitFor(() => expect(document.activeElement).toBe(save));
  });

  it('leaves focus where the user put it while Save was still disabled', async () => {
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    const { merge, settle } = heldSave(sessionStore);
    render(
      <>
        <input aria-label="Title" />
        <SaveForm merge={merge} blurOnDisable />
        <ConflictDialogs />
      </>,
      { wrapper },
    );
    const save = screen.getByRole<HTMLButtonElement>('button', { name: 'Save ticket' });
    await user.click(save);
    await user.click(within(await screen.findByRole('dialog', { name: /conflict/i })).getByRole('button', { name: 'Cancel' }));
    const title = screen.getByRole('textbox', { name: 'Title' });
    act(() => title.focus());
    act(() => settle());
    await waitFor(() => expect(save.disabled).toBe(false));
    // Give the pending focus return frames to run: it must not take focus back.
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    expect(document.activeElement).toBe(title);
  });
});

describe('ConflictNotices', () => {
  it('lists notices in a polite live region and dismisses them', async () => {
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    render(<ConflictNotices strings={{ formatTime: () => '10:42' }} />, { wrapper });
    const region = screen.getByRole('status', { name: 'Conflict notices' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    act(() => {
      sessionStore.notify({ kind: 'auto-merged', changedBy: 'Ana', changedAt: 0, mergedPaths: ['/status', '/assignee'] });
    });
    expect(region.textContent).toContain("Your changes are saved, together with Ana's changes to Status and Assignee (made at 10:42).");
    expect((await axe.run(document.body)).violations).toEqual([]);
    await user.click(within(region).getByRole('button', { name: /Dismiss/ }));
    expect(region.textContent).toBe('');
  });
});

describe('ConnectedStaleBanner', () => {
  it('appears when the record goes stale in the registry, with the latest version to review', async () => {
    const user = userEvent.setup();
    const { registry, wrapper } = kit();
    const validator = { version: 1 };
    registry.record('tickets/1', { validator, base: { title: 'A' } });
    render(<ConnectedStaleBanner record={{ url: '/api/tickets/1', key: 'tickets/1', queryKey: ['tickets', '1'] }} />, { wrapper });
    expect(screen.queryByRole('region')).toBeNull();
    act(() => {
      registry.markStale('tickets/1', { changedBy: 'Bo', latest: { validator, value: { title: 'B' } } });
    });
    const banner = screen.getByRole('region', { name: 'Bo changed this record after you opened it.' });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));
    expect(within(banner).getByRole('row', { name: /Title/ }).textContent).toContain('B');
  });
});
