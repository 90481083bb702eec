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

/** Creates the long-lived part of a provider's kit around a conflict client. @internal */
export function createKitRuntime(client: ConflictClient): KitRuntime {
  const urls = new Map<string, string>();
  // The revalidator arms at most one timer at a time; it is held here so that a
  // changed `revalidateInterval` restarts it without rebuilding the watch counts.
  let intervalMs = 0;
  let armed: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const restart = (): void => {
    clearTimeout(timer);
    const callback = armed;
    timer =
      callback && intervalMs > 0
        ? setTimeout(() => {
            armed = undefined;
            callback();
          }, intervalMs)
        : undefined;
  };
  const arm = (callback?: () => void): void => {
    armed = callback;
    restart();
  };
  const revalidator = createRevalidator({
    intervalMs: 0,
    revalidate: (key) => {
      const url = urls.get(key);
      return url === undefined ? undefined : client.revalidate(url, { key });
    },
    setTimeout: arm,
    clearTimeout: () => arm(),
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
    setInterval: (ms = 0) => {
      if (ms === intervalMs) return;
      intervalMs = ms;
      restart();
    },
  };
  return runtime;
}
