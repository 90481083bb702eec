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
