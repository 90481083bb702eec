import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaleBanner } from './StaleBanner';

afterEach(cleanup);

const base = { title: 'Printer', status: 'open', meta: { tags: ['a'] } };
const latest = { title: 'Printer broken', status: 'open', meta: { tags: ['a', 'b'] }, assignee: '<b>Bo</b>' };

describe('StaleBanner', () => {
  it('renders nothing while the record is fresh', () => {
    const { container } = render(<StaleBanner freshness="fresh" onLoadLatest={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });

  it('says who changed the record and when, and reviews what changed field by field', async () => {
    const user = userEvent.setup();
    render(
      <StaleBanner
        freshness="stale"
        changedBy="Ana"
        changedAt={0}
        base={base}
        latest={latest}
        onLoadLatest={vi.fn()}
        strings={{ formatTime: () => '10:42' }}
      />,
    );
    const banner = screen.getByRole('region', { name: 'Ana changed this record at 10:42, after you opened it.' });
    const review = within(banner).getByRole('button', { name: 'Review changes' });
    expect(review.getAttribute('aria-expanded')).toBe('false');
    await user.click(review);
    expect(review.getAttribute('aria-expanded')).toBe('true');
    const rows = within(banner).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Title', 'Printer', 'Printer broken'],
      ['Meta › Tags', '["a"]', '["a","b"]'],
      ['Assignee', '(none)', '<b>Bo</b>'],
    ]);
    expect(banner.querySelector('b')).toBeNull();
    expect((await axe.run(document.body)).violations).toEqual([]);
  });

  it('offers the review before the latest version is known, asks for it once, and shows it when it arrives', async () => {
    const user = userEvent.setup();
    let arrive!: () => void;
    const onReview = vi.fn(() => new Promise<void>((resolve) => (arrive = resolve)));
    const props = { freshness: 'stale', changedBy: 'Ana', base, onReview, onLoadLatest: vi.fn() } as const;
    const { rerender } = render(<StaleBanner {...props} />);
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    expect(onReview).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Loading the latest version…')).toBeTruthy();
    rerender(<StaleBanner {...props} latest={latest} />);
    arrive();
    expect(await screen.findByRole('row', { name: /Title/ })).toBeTruthy();
    expect(onReview).toHaveBeenCalledTimes(1);
  });

  it('loads the latest version, or hides until the next change when the user keeps editing', async () => {
    const user = userEvent.setup();
    const onLoadLatest = vi.fn();
    const onKeepEditing = vi.fn();
    const { rerender } = render(<StaleBanner freshness="stale" changedAt={1} onLoadLatest={onLoadLatest} onKeepEditing={onKeepEditing} />);
    await user.click(screen.getByRole('button', { name: 'Load latest' }));
    expect(onLoadLatest).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(onKeepEditing).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('region')).toBeNull();
    rerender(<StaleBanner freshness="stale" changedAt={2} onLoadLatest={onLoadLatest} onKeepEditing={onKeepEditing} />);
    expect(screen.getByRole('region')).toBeTruthy();
  });

  it('tells the user when the record was deleted', () => {
    render(<StaleBanner freshness="deleted" onLoadLatest={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toBe('Someone deleted this record after you opened it.');
    expect(screen.queryByRole('button', { name: 'Load latest' })).toBeNull();
    // Nothing more can be saved to it: the banner does not offer to keep editing.
    expect(screen.queryByRole('button', { name: 'Keep editing' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Dismiss' })).toBeTruthy();
  });

  it('reads "<who> changed this record at <when>, after you opened it", and without who or when too', () => {
    const { rerender } = render(<StaleBanner freshness="stale" changedBy="operator-b" changedAt={0} onLoadLatest={vi.fn()} strings={{ formatTime: () => '19:37', personName: (id) => (id === 'operator-b' ? 'Operator B' : id) }} />);
    expect(screen.getByRole('status').textContent).toBe('Operator B changed this record at 19:37, after you opened it.');
    rerender(<StaleBanner freshness="stale" onLoadLatest={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toBe('Someone changed this record after you opened it.');
  });

  it("leaves bookkeeping out of the review, shows dates in the reader's locale, and takes the app's labels and values", async () => {
    const user = userEvent.setup();
    const opened = { id: 'T-1', version: 3, status: 'open', dueDate: '2026-12-01', updatedBy: 'operator-a', updatedAt: '2026-11-25T10:00:00Z', closedAt: null };
    const now = { id: 'T-1', version: 4, status: 'in_progress', dueDate: '2026-12-05', updatedBy: 'operator-b', updatedAt: '2026-11-25T19:37:00Z', closedAt: '2026-11-25T19:37:00Z' };
    render(
      <StaleBanner
        freshness="stale"
        base={opened}
        latest={now}
        onLoadLatest={vi.fn()}
        label={(pointer, path) => (pointer === '/status' ? 'Ticket status' : path.join('.'))}
        formatValue={(value, pointer) => (pointer === '/status' && value === 'in_progress' ? 'In progress' : undefined)}
        strings={{ formatTime: (ms) => `time ${new Date(ms).toISOString()}`, formatDate: (ms) => `date ${new Date(ms).toISOString().slice(0, 10)}` }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    const rows = screen.getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Ticket status', 'open', 'In progress'],
      ['dueDate', 'date 2026-12-01', 'date 2026-12-05'],
      ['closedAt', '(empty)', 'time 2026-11-25T19:37:00.000Z'],
    ]);
  });

  it('hides exactly what the app marks, when it says', async () => {
    const user = userEvent.setup();
    render(<StaleBanner freshness="stale" base={{ a: 1, b: { c: 1 }, version: 1 }} latest={{ a: 2, b: { c: 2 }, version: 2 }} hide={['/b']} onLoadLatest={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Review changes' }));
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['A', 'Version']);
  });

  it('offers no "Keep editing" on a read-only page: "Dismiss" hides it until the next change', async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    const { rerender } = render(<StaleBanner freshness="stale" readOnly changedAt={1} onLoadLatest={vi.fn()} onDismiss={onDismiss} />);
    expect(screen.queryByRole('button', { name: 'Keep editing' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('region')).toBeNull();
    rerender(<StaleBanner freshness="stale" readOnly changedAt={2} onLoadLatest={vi.fn()} onDismiss={onDismiss} />);
    expect(screen.getByRole('button', { name: 'Load latest' })).toBeTruthy();
  });
});
