/** Answers the user gave in the kit's own dialogs, marked the moment they were given. */
const given = new WeakSet<Promise<unknown>>();

/**
 * Marks `answer`, a question's promise, as answered by the user now. It
 * settles a microtask later; a stop in between (the click that answered also
 * unmounted the form: a router moving in that click) then does not void it.
 * @internal
 */
export function markAnswered(answer: Promise<unknown>): void {
  given.add(answer);
}

/**
 * Waits for an answer, or until `signal` aborts (then `undefined`): a
 * resolver that ignores the signal cannot keep a stopped write waiting. Only
 * an answer already given in the kit's own dialogs ({@link markAnswered})
 * outlives the abort.
 * @internal
 */
export function untilStopped<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return answer;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const stop = (): void => {
      if (!given.has(answer)) resolve(undefined);
    };
    signal.addEventListener('abort', stop, { once: true });
    // Promise.resolve: an app's resolver may hand back a bare thenable.
    void Promise.resolve(answer)
      .then((value) => resolve(signal.aborted && !given.has(answer) ? undefined : value), reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
}
