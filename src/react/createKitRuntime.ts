import type { ConflictClient } from '../core/conflictClientTypes';
import { createRevalidator } from '../core/createRevalidator';
import type { ConflictKit } from './ConflictKitContext';
import type { StalenessSources } from './connectStalenessSources';
import { createConflictSessionStore } from './createConflictSessionStore';
import { createDraftStore } from './createDraftStore';

/** The part of a kit that lives as long as its provider: stores, the watch schedule, the staleness connection. @internal */
export type KitRuntime = Omit<ConflictKit, 'resolver' | 'autoMerge'> & {
  /** Milliseconds between revalidation rounds; 0 or less for none. */
  setInterval(ms: number | undefined): void;
  /** The live staleness sources, once connected (announce goes through them). */
  sources: StalenessSources | undefined;
};

/**
 * A timer whose delay can change while it is armed, so the one revalidation
 * schedule follows a changed `revalidateInterval` without rebuilding its watch
 * counts. The revalidator arms at most one timer at a time, so this holds one.
 */
function adjustableTimer() {
  let ms = 0;
  let armed: (() => void) | undefined;
  let handle: ReturnType<typeof setTimeout> | undefined;
  /** (Re)starts the armed callback's timer with the current delay; none while the delay is 0. */
  const restart = (): void => {
    clearTimeout(handle);
    const callback = armed;
    handle =
      callback && ms > 0
        ? setTimeout(() => {
            armed = undefined;
            callback();
          }, ms)
        : undefined;
  };
  return {
    setTimeout: (callback: () => void): void => {
      armed = callback;
      restart();
    },
    clearTimeout: (): void => {
      armed = undefined;
      restart();
    },
    setDelay: (next: number): void => {
      if (next === ms) return;
      ms = next;
      restart();
    },
  };
}

/** Creates the long-lived part of a provider's kit around a conflict client. @internal */
export function createKitRuntime(client: ConflictClient): KitRuntime {
  const urls = new Map<string, string>();
  const timer = adjustableTimer();
  const revalidator = createRevalidator({
    intervalMs: 0,
    revalidate: async (key) => {
      const url = urls.get(key);
      if (url !== undefined) await client.revalidate(url, { key });
    },
    setTimeout: timer.setTimeout,
    clearTimeout: timer.clearTimeout,
  });
  const runtime: KitRuntime = {
    client,
    sessions: createConflictSessionStore(),
    drafts: createDraftStore(client.registry, (value) => client.changeOf(value)),
    inFlight: new Map(),
    sources: undefined,
    watch: (url, key) => {
      urls.set(key, url);
      const stop = revalidator.watch(key);
      return () => {
        stop();
        if (!revalidator.watching().includes(key)) urls.delete(key);
      };
    },
    revalidate: (key) => revalidator.revalidateNow(key),
    announce: (key, validator, value) => runtime.sources?.announce(key, validator, client.changeOf(value).changedBy),
    setInterval: (ms) => timer.setDelay(ms ?? 0),
  };
  return runtime;
}
