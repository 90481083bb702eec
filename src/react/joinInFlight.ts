import { jsonEqual } from '../core/json';
import type { ConflictKit } from './ConflictKitContext';

/** What each write in flight was asked to send, to tell a double submit from a new write. */
const sending = new WeakMap<Promise<unknown>, unknown>();

/**
 * Runs a write unless the same one (`id`: the record or the intent) is in
 * flight, which it joins: a double submit sends once. With `value`, only a
 * write of an equal value is joined; another value (an autosave's next edit,
 * another workflow step) waits for the running one to settle, then runs, so
 * it is never reported as done with what the first one sent. A write whose
 * page went away (`signal` aborted) is no longer joined: the next one starts
 * afresh.
 * @internal
 */
export function joinInFlight<R>(
  kit: Pick<ConflictKit, 'inFlight'>,
  id: string,
  signal: AbortSignal | undefined,
  run: () => Promise<R>,
  value?: { readonly value: unknown },
): Promise<R> {
  const running = kit.inFlight.get(id) as Promise<R> | undefined;
  if (running) {
    if (!value || jsonEqual(sending.get(running), value.value)) return running;
    const after = (): Promise<R> => joinInFlight(kit, id, signal, run, value);
    return running.then(after, after);
  }
  const leave = (): void => {
    if (kit.inFlight.get(id) === promise) kit.inFlight.delete(id);
  };
  const promise = run().finally(() => {
    leave();
    signal?.removeEventListener('abort', leave);
  });
  if (value) sending.set(promise, value.value);
  kit.inFlight.set(id, promise);
  signal?.addEventListener('abort', leave, { once: true });
  return promise;
}
