import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { ComponentType, ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVersionRegistry } from '../core/createVersionRegistry';
import { mergeRecords, type DuplicateConflict, type StaleConflict } from '../core/index';
import { ConflictKitContext, type ConflictKit } from '../react/ConflictKitContext';
import { createConflictSessionStore } from '../react/createConflictSessionStore';
import { ConflictDialogs, ConflictDialogsFrom, dialogLoaders, type DialogLoaders } from './ConflictDialogs';
import type { MergeDialogProps } from './MergeDialog';
import { ConflictNotices } from './ConflictNotices';
import { ConnectedStaleBanner } from './ConnectedStaleBanner';

afterEach(cleanup);

// The first test of each group imports the lazily loaded dialogs, which vitest
// transforms on that first import: seconds on a loaded machine, under StrictMode's double renders.
const SLOW = 20_000;

function kit() {
  const sessionStore = createConflictSessionStore();
  const registry = createVersionRegistry({ now: () => 0 });
  // Only what these components read: the session store and the registry.
  const value = { sessionStore, registry, resolver: sessionStore.resolver } as unknown as ConflictKit;
  const wrapper = ({ children }: { children?: ReactNode }) => <ConflictKitContext.Provider value={value}>{children}</ConflictKitContext.Provider>;
  return { sessionStore, registry, wrapper };
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
    // The dialogs load on demand: the first one appears once its code has loaded.
    await user.click(await screen.findByRole('button', { name: 'View existing' }));
    await expect(first).resolves.toEqual({ action: 'view-existing' });

    const dialog = await screen.findByRole('dialog', { name: /conflict/i });
    await user.click(within(dialog).getByRole('radio', { name: 'Keep theirs' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save merged version' }));
    await expect(second).resolves.toEqual({ action: 'save', value: { a: 3 } });
    expect(screen.queryByRole('dialog')).toBeNull();
  }, SLOW);
});

describe('ConflictDialogs when a dialog fails to load', () => {
  const stale: StaleConflict = { kind: 'stale', status: 412, source: 'status' };
  const mine: Record<string, unknown> = { a: 2, note: 'typed for an hour' };
  const openMerge = (sessionStore: ReturnType<typeof kit>['sessionStore']) => {
    let outcome!: Promise<unknown>;
    act(() => {
      outcome = sessionStore.resolver.merge({ key: 'k', conflict: stale, base: { a: 1 }, mine, theirs: { a: 3 }, merge: mergeRecords({ a: 1 }, mine, { a: 3 }) });
    });
    return outcome;
  };
  // A chunk that fails the first time (offline, a deploy replaced it) and loads after.
  const flakyMerge = () =>
    vi.fn<DialogLoaders['merge']>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockImplementation(() => import('./MergeDialog').then((m) => ({ default: m.MergeDialog as ComponentType<MergeDialogProps<unknown>> })));
  const quietConsole = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);

  it('keeps the page up and shows an accessible alert dialog that offers the draft', async () => {
    const restore = quietConsole();
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    const merge = flakyMerge();
    render(<><main>the form</main><ConflictDialogsFrom preload={false} loaders={{ ...dialogLoaders, merge }} /></>, { wrapper });
    void openMerge(sessionStore);
    const alert = await screen.findByRole('alertdialog', { name: "Couldn't open the conflict dialog" });
    expect(screen.getByText('the form')).toBeTruthy();
    expect(alert.getAttribute('aria-describedby')).toBeTruthy();
    expect(alert.textContent).toContain('your draft is kept');
    // The safe action first: nothing is lost by retrying.
    expect(document.activeElement).toBe(within(alert).getByRole('button', { name: 'Retry' }));
    expect((await axe.run(document.body)).violations).toEqual([]);
    // The draft is there to copy, even offline.
    const draft = within(alert).getByRole('textbox', { name: 'Your draft' }) as HTMLTextAreaElement;
    expect(JSON.parse(draft.value)).toEqual(mine);
    await user.click(within(alert).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    restore.mockRestore();
  }, SLOW);

  it('loads the dialog again on Retry, and the merge goes on', async () => {
    const restore = quietConsole();
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    const merge = flakyMerge();
    render(<ConflictDialogsFrom preload={false} loaders={{ ...dialogLoaders, merge }} />, { wrapper });
    const outcome = openMerge(sessionStore);
    await user.click(await screen.findByRole('button', { name: 'Retry' }));
    const dialog = await screen.findByRole('dialog', { name: /conflict/i });
    expect(merge).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(within(dialog).getByRole('radio', { name: 'Keep theirs' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save merged version' }));
    await expect(outcome).resolves.toEqual({ action: 'save', value: { a: 3, note: 'typed for an hour' } });
    restore.mockRestore();
  });

  it('settles each session on Cancel, so the save stops waiting', async () => {
    const restore = quietConsole();
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    const failing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    render(<ConflictDialogsFrom preload={false} loaders={{ merge: failing, duplicate: failing, transition: failing, problem: failing }} strings={{ cancel: 'Not now' }} />, { wrapper });
    const merge = openMerge(sessionStore);
    let duplicate!: Promise<unknown>;
    act(() => {
      duplicate = sessionStore.resolver.duplicate({ conflict: { kind: 'duplicate', status: 409, source: 'flat-reason', existing: 'orders/1' } });
    });
    await user.click(await screen.findByRole('button', { name: 'Not now' }));
    await expect(merge).resolves.toEqual({ action: 'cancel' });
    // The next session's dialog fails too; it has no draft to show, and Cancel dismisses it.
    const alert = await screen.findByRole('alertdialog');
    expect(within(alert).queryByRole('textbox')).toBeNull();
    expect(document.activeElement).toBe(within(alert).getByRole('button', { name: 'Retry' }));
    await user.click(within(alert).getByRole('button', { name: 'Not now' }));
    await expect(duplicate).resolves.toEqual({ action: 'dismiss' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    restore.mockRestore();
  });
});


describe('ConflictNotices', () => {
  it('lists notices in a polite live region and dismisses them', async () => {
    const user = userEvent.setup();
    const { sessionStore, wrapper } = kit();
    render(<ConflictNotices strings={{ formatTime: () => '10:42' }} />, { wrapper });
    // The list's module loads when ConflictNotices mounts.
    const region = await screen.findByRole('status', { name: 'Conflict notices' });
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
    render(<ConnectedStaleBanner recordKey="tickets/1" onLoadLatest={() => {}} />, { wrapper });
    expect(screen.queryByRole('region')).toBeNull();
    act(() => {
      registry.markStale('tickets/1', { changedBy: 'Bo', latest: { validator, value: { title: 'B' } } });
    });
    // The banner's module loads when the connected banner mounts.
    const banner = await screen.findByRole('region', { name: 'Bo changed this record after you opened it.' });
    await user.click(within(banner).getByRole('button', { name: 'Review changes' }));
    expect(within(banner).getByRole('row', { name: /Title/ }).textContent).toContain('B');
  });
});
