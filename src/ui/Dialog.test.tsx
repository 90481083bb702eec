import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Dialog } from './Dialog';

// jsdom has no showModal(). This stands in for a browser's: showModal opens
// the element, close() shuts it and queues the `close` event as a task, as
// HTML does; `flush` runs the queued tasks, so no test waits for time.
let queued: Array<() => void> = [];
function flush(): void {
  const tasks = queued;
  queued = [];
  act(() => tasks.forEach((task) => task()));
}

const proto = HTMLDialogElement.prototype as Partial<Pick<HTMLDialogElement, 'showModal' | 'close'>>;
beforeEach(() => {
  queued = [];
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.open) return;
    this.removeAttribute('open');
    queued.push(() => this.dispatchEvent(new Event('close')));
  };
});
afterEach(() => {
  cleanup();
  delete proto.showModal;
  delete proto.close;
});

describe('Dialog', () => {
  it('returns focus to the nearest control still on the page when the one that opened it is gone (a workflow step the change removed)', () => {
    function Page({ open, steps }: { open: boolean; steps: string[] }) {
      return (
        <main>
          <div role="group" aria-label="Actions">
            {steps.map((step) => (
              <button key={step} type="button">
                {step}
              </button>
            ))}
          </div>
          {open && (
            <Dialog labelledBy="t" onCancel={vi.fn()}>
              <h2 id="t">Already paid</h2>
              <button type="button">Close</button>
            </Dialog>
          )}
        </main>
      );
    }
    const { rerender } = render(<Page open={false} steps={['Mark paid', 'Start fulfilment']} />);
    screen.getByRole('button', { name: 'Mark paid' }).focus();
    rerender(<Page open steps={['Mark paid', 'Start fulfilment']} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    // The record moved on while the dialog was open: "Mark paid" is no longer offered.
    rerender(<Page open steps={['Start fulfilment']} />);
    rerender(<Page open={false} steps={['Start fulfilment']} />);
    flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Start fulfilment' }));
  });

  it('stays open under StrictMode: the close queued by the first cleanup is not taken as a cancel', () => {
    const onCancel = vi.fn();
    render(
      <Dialog labelledBy="t" onCancel={onCancel}>
        <h2 id="t">Resolve editing conflict</h2>
        <button type="button">Save</button>
      </Dialog>,
      { reactStrictMode: true },
    );
    flush();
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Resolve editing conflict' })).toHaveProperty('open', true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' }));
  });

  it('takes a close by the browser (a repeated Escape that could not be cancelled) as a cancel', () => {
    const onCancel = vi.fn();
    render(
      <Dialog labelledBy="t" onCancel={onCancel}>
        <h2 id="t">Already created</h2>
      </Dialog>,
      { reactStrictMode: true },
    );
    flush();
    (screen.getByRole('dialog') as HTMLDialogElement).close();
    flush();
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
