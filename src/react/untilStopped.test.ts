import { describe, expect, it } from 'vitest';
import type { DuplicateConflict } from '../core/conflict';
import { createConflictSessionStore } from './createConflictSessionStore';
import { untilStopped } from './untilStopped';

const conflict: DuplicateConflict = { kind: 'duplicate', status: 409, source: 'test' };

/** An app's own resolver that keeps ConflictQuestion.signal's contract: on abort it closes its dialog. */
function appDialog<T>(signal: AbortSignal, onAbort: (resolve: (value: T) => void, reject: (error: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => signal.addEventListener('abort', () => onAbort(resolve, reject), { once: true }));
}

describe('untilStopped', () => {
  it("takes an app dialog's close-on-abort answer for no answer: the stopped write keeps the user's draft and merge", async () => {
    const controller = new AbortController();
    const waiting = untilStopped(appDialog(controller.signal, (resolve) => resolve({ action: 'cancel' })), controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('reports no answer, not an error, when an app dialog rejects with the abort reason', async () => {
    const controller = new AbortController();
    const waiting = untilStopped(appDialog(controller.signal, (_resolve, reject) => reject(controller.signal.reason)), controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
  });

  it("keeps the answer the user gave in the kit's dialog when the same click stops the write (a router moving on that click)", async () => {
    const sessions = createConflictSessionStore();
    const controller = new AbortController();
    const waiting = untilStopped(sessions.resolver.duplicate({ conflict, signal: controller.signal }), controller.signal);
    const [session] = sessions.store.getState().sessions;
    session!.resolve({ action: 'view-existing' } as never);
    controller.abort();
    await expect(waiting).resolves.toEqual({ action: 'view-existing' });
  });

  it("reports no answer when the kit's dialog was closed by the stop, not by the user", async () => {
    const sessions = createConflictSessionStore();
    const controller = new AbortController();
    const waiting = untilStopped(sessions.resolver.duplicate({ conflict, signal: controller.signal }), controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(sessions.store.getState().sessions).toEqual([]);
  });
});
