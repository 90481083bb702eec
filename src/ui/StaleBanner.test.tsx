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
    const banner = screen.getByRole('region', { name: 'This record changed since you opened it by Ana at 10:42.' });
    const review = within(banner).getByRole('button', { name: 'Review changes' });
    expect(review.getAttribute('aria-expanded')).toBe('false');
    await user.click(review);
    expect(review.getAttribute('aria-expanded')).toBe('true');
    const rows = within(banner).getAllByRole('row').slice(1).map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['title', 'Printer', 'Printer broken'],
      ['meta › tags', '["a"]', '["a","b"]'],
      ['assignee', '(removed)', '<b>Bo</b>'],
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
    expect(await screen.findByRole('row', { name: /title/ })).toBeTruthy();
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
    expect(screen.getByRole('status').textContent).toBe('This record was deleted since you opened it.');
    expect(screen.queryByRole('button', { name: 'Load latest' })).toBeNull();
  });
});
