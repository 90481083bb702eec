import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConflictNotice } from '../react/resolver';
import { ConflictNoticeList } from './ConflictNoticeList';

afterEach(cleanup);

const texts = (): string[] => screen.queryAllByRole('listitem').map((item) => item.firstElementChild?.textContent ?? '');

describe('ConflictNoticeList', () => {
  it('names what an auto-merge took from the other side, by readable field names', () => {
    const notices: ConflictNotice[] = [{ id: '1', kind: 'auto-merged', changedBy: 'operator-a', changedAt: 0, mergedPaths: ['/status', '/address/city'] }];
    render(<ConflictNoticeList notices={notices} onDismiss={vi.fn()} strings={{ formatTime: () => '10:42', personName: () => 'Operator A' }} />);
    expect(texts()).toEqual(["Your changes are saved, together with Operator A's changes to Status and Address › City (made at 10:42)."]);
  });

  it('says the other change came from another tab of this browser, with or without a name', () => {
    const notices: ConflictNotice[] = [
      { id: '1', kind: 'auto-merged', inOtherTab: true, mergedPaths: ['/title'] },
      { id: '2', kind: 'auto-merged', changedBy: 'operator-a', inOtherTab: true, changedAt: 0, mergedPaths: ['/title'] },
    ];
    render(<ConflictNoticeList notices={notices} onDismiss={vi.fn()} strings={{ formatTime: () => '10:42', personName: () => 'Operator A' }} />);
    expect(texts()).toEqual([
      "Your changes are saved, together with another tab's change to Title.",
      "Your changes are saved, together with Operator A's change to Title from another tab (made at 10:42).",
    ]);
  });

  it('reads well when records carry no updatedBy (nor a time, nor fields)', () => {
    const notices: ConflictNotice[] = [
      { id: '1', kind: 'auto-merged', mergedPaths: ['/assignee'] },
      { id: '2', kind: 'auto-merged' },
    ];
    render(<ConflictNoticeList notices={notices} onDismiss={vi.fn()} />);
    expect(texts()).toEqual([
      "Your changes are saved, together with someone else's change to Assignee.",
      "Your changes are saved, together with someone else's changes to this record.",
    ]);
  });

  it("takes the app's labels, and never claims a repeat was not sent", () => {
    const notices: ConflictNotice[] = [
      { id: '1', kind: 'auto-merged', changedBy: 'ana', mergedPaths: ['/content'] },
      { id: '2', kind: 'replayed' },
    ];
    render(<ConflictNoticeList notices={notices} onDismiss={vi.fn()} label={(pointer) => (pointer === '/content' ? 'Text' : pointer)} />);
    expect(texts()).toEqual([
      "Your changes are saved, together with ana's change to Text.",
      'This had already gone through, so repeating it changed nothing.',
    ]);
    expect(texts().join(' ')).not.toMatch(/nothing was sent twice/);
  });

  it("leaves the server's bookkeeping unnamed, and names fields by the strings' fieldLabel when the app gives one", () => {
    const notices: ConflictNotice[] = [{ id: '1', kind: 'auto-merged', changedBy: 'ana', mergedPaths: ['/content', '/version', '/updatedBy', '/updatedAt'] }];
    render(<ConflictNoticeList notices={notices} onDismiss={vi.fn()} strings={{ fieldLabel: (path) => (path[0] === 'content' ? 'Text' : String(path[0])) }} />);
    expect(texts()).toEqual(["Your changes are saved, together with ana's change to Text."]);
  });

  it('names each dismiss button "Dismiss", described by its notice, so field names in a notice never label a button', async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    render(
      <>
        <label>
          Title <input />
        </label>
        <ConflictNoticeList notices={[{ id: 'a', kind: 'auto-merged', changedBy: 'ana', mergedPaths: ['/title'] }, { id: 'b', kind: 'replayed' }]} onDismiss={onDismiss} />
      </>,
    );
    expect(screen.getByLabelText('Title').tagName).toBe('INPUT');
    await user.click(screen.getByRole('button', { name: 'Dismiss', description: "Your changes are saved, together with ana's change to Title." }));
    expect(onDismiss).toHaveBeenCalledWith('a');
  });
});
