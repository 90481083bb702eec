/** Options of {@link createRevalidator}. */
export interface RevalidatorOptions {
  /** Milliseconds between the end of one revalidation round and the start of the next. */
  readonly intervalMs: number;
  /** Revalidates one key, typically a conditional GET through the conflict client. */
  readonly revalidate: (key: string) => unknown;
  /**
   * Called when a revalidation fails; the schedule goes on.
   * @default ignore the error
   */
  readonly onError?: (error: unknown, key: string) => void;
  /**
   * Timer to schedule rounds with.
   * @default globalThis.setTimeout
   */
  readonly setTimeout?: (callback: () => void, ms: number) => unknown;
  /**
   * Cancels a timer returned by `setTimeout`.
   * @default globalThis.clearTimeout
   */
  readonly clearTimeout?: (handle: unknown) => void;
}

/** Periodic revalidation of the keys someone is watching. */
export interface Revalidator {
  /** Starts revalidating a key (reference counted); returns the function that stops watching it. */
  watch(key: string): () => void;
  /** Revalidates one key, or every watched key, now (on focus or reconnect); concurrent calls share one request per key. */
  revalidateNow(key?: string): Promise<void>;
  /** The keys being watched. */
  watching(): string[];
  /** Cancels the timer and forgets every watched key. */
  stop(): void;
}

/**
 * Creates a revalidation scheduler: while any key is watched, it revalidates
 * all watched keys every `intervalMs`, waiting for a round to finish before
 * scheduling the next so slow servers never see overlapping checks.
 */
export function createRevalidator(options: RevalidatorOptions): Revalidator {
  const schedule = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
  const cancel =
    options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>));
  const counts = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  let timer: { handle: unknown } | undefined;

  const runOne = (key: string): Promise<void> => {
    const running = inFlight.get(key);
    if (running) return running;
    const promise = (async () => {
      try {
        await options.revalidate(key);
      } catch (error) {
        options.onError?.(error, key);
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, promise);
    return promise;
  };

  const runAll = async (): Promise<void> => {
    await Promise.all([...counts.keys()].map(runOne));
  };

  const arm = (): void => {
    if (timer || counts.size === 0) return;
    const slot: { handle: unknown } = { handle: undefined };
    timer = slot;
    slot.handle = schedule(() => {
      void runAll().then(() => {
        // Re-arm only if this round was not cancelled meanwhile.
        if (timer === slot) {
          timer = undefined;
          arm();
        }
      });
    }, options.intervalMs);
  };

  const disarm = (): void => {
    if (!timer) return;
    cancel(timer.handle);
    timer = undefined;
  };

  return {
    watch: (key) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      arm();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        const count = (counts.get(key) ?? 1) - 1;
        if (count > 0) counts.set(key, count);
        else counts.delete(key);
        if (counts.size === 0) disarm();
      };
    },
    revalidateNow: (key) => (key === undefined ? runAll() : runOne(key)),
    watching: () => [...counts.keys()],
    stop: () => {
      counts.clear();
      disarm();
    },
  };
}
