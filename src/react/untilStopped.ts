/**
 * Waits for an answer, or until `signal` aborts (then `undefined`): a
 * resolver that ignores the signal cannot keep a stopped write waiting.
 * @internal
 */
export function untilStopped<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return answer;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const stop = (): void => resolve(undefined);
    signal.addEventListener('abort', stop, { once: true });
    // Promise.resolve: an app's resolver may hand back a bare thenable.
    void Promise.resolve(answer).then((value) => resolve(signal.aborted ? undefined : value), reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
