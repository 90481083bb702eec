import type { ConflictKit } from './ConflictKitContext';

/**
 * Runs a write unless the same one (`id`: the record or the intent) is in
 * flight, which it joins: a double submit sends once. A write whose page went
 * away (`signal` aborted) is no longer joined: the next one starts afresh.
 * @internal
 */
export function joinInFlight<R>(kit: Pick<ConflictKit, 'inFlight'>, id: string, signal: AbortSignal | undefined, run: () => Promise<R>): Promise<R> {
  const running = kit.inFlight.get(id) as Promise<R> | undefined;
  if (running) return running;
  const leave = (): void => {
    if (kit.inFlight.get(id) === promise) kit.inFlight.delete(id);
  };
  const promise = run().finally(() => {
    leave();
    signal?.removeEventListener('abort', leave);
  });
  kit.inFlight.set(id, promise);
  signal?.addEventListener('abort', leave, { once: true });
  return promise;
}
