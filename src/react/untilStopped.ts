/** Answers a resolver gives because the write that asked stopped, not because the user chose them. */
const stopAnswers = new WeakSet<object>();

/**
 * Marks `answer` as the one a resolver gives when the write that asked
 * stopped: {@link untilStopped} then reports no answer. @internal
 */
export function stopAnswer<T extends object>(answer: T): T {
  stopAnswers.add(answer);
  return answer;
}

/**
 * Waits for an answer, or until `signal` aborts (then `undefined`): a
 * resolver that ignores the signal cannot keep a stopped write waiting.
 * An answer given before the abort wins though it arrives after it: the
 * click that answers may also be what unmounts the form (a router moving
 * in that click).
 * @internal
 */
export function untilStopped<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return answer;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    // A task later: an answer already given has come through its promise chain by then.
    const stop = (): void => void setTimeout(resolve, 0, undefined);
    signal.addEventListener('abort', stop, { once: true });
    // Promise.resolve: an app's resolver may hand back a bare thenable.
    void Promise.resolve(answer)
      .then((value) => resolve(signal.aborted && stopAnswers.has(value as object) ? undefined : value), reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
}
