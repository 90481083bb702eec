import { jsonEqual } from '../core/json';
import { sameVersion, type Validator } from '../core/etag';
import type { VersionRegistry } from '../core/createVersionRegistry';
import type { DraftTracker } from './ConflictKitContext';
import {
  fromStoredVersion,
  readDraft,
  removeDraft,
  toStoredVersion,
  writeDraft,
  type DraftEnvelope,
  type DraftStorage,
  type PendingMerge,
} from './draftEnvelope';

/** Options of {@link createDraftStore}. */
export interface DraftStoreOptions {
  /** The hashed registry key of the record. */
  readonly key: string;
  readonly storage: DraftStorage;
  readonly registry: VersionRegistry;
  readonly drafts: DraftTracker;
  /** @default Date.now */
  readonly now?: () => number;
}

/** One record's unsaved draft, kept in storage, with what the guarded save needs to coordinate with it. */
export interface DraftStore<T> {
  /** The stored envelope, or `undefined` when there is no unsaved draft (stable until it changes). */
  get(): DraftEnvelope<T> | undefined;
  subscribe(listener: () => void): () => void;
  /** Marks the draft dirty for reads and restores its base into the registry after a reload. */
  attach(): () => void;
  /** Applies an edit; an edit back to the base clears the draft. */
  setDraft(update: T | ((previous: T) => T), initial: T): void;
  /** Forgets the draft, by the user's explicit choice. */
  discard(): void;
  /** Records an open merge (or its end), so a reload can reopen it. */
  setPendingMerge(pending: PendingMerge | undefined, draft?: T): void;
  /**
   * After a resolved merge: the merged value is the draft, theirs the new base.
   * `submitted` is the draft that went into the merge: edits typed since are
   * replayed onto the merged value (winning where they disagree), never dropped;
   * then the merge engine loads on demand and a promise is returned.
   */
  rebase(draft: T, base: unknown, validator: Validator, submitted?: T): void | Promise<void>;
  /** After a successful save: clears the draft, or keeps edits made while the save was in flight, rebased onto the saved record. */
  /** Returns a promise when later edits must be rebased (the merge engine loads on demand). */
  /** If the merge engine cannot load, the draft is kept as it is (on its old base): the save still happened. */
  settle(submitted: T, saved: { readonly value: T; readonly validator: Validator }): void | Promise<void>;
  /** The snapshot and version the draft was made from, which its first write must name; `undefined` without a draft. */
  draftBase(): { readonly base: unknown; readonly validator: Validator } | undefined;
}

/** Creates the store behind `useDraft` for one record. */
export function createDraftStore<T>(options: DraftStoreOptions): DraftStore<T> {
  const { key, storage, registry, drafts } = options;
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  let envelope = readDraft<T>(storage, key);
  let attached = 0;

  const set = (next: DraftEnvelope<T> | undefined): void => {
    envelope = next;
    if (next) writeDraft(storage, key, next);
    else removeDraft(storage, key);
    if (attached > 0) drafts.setDirty(key, next !== undefined);
    for (const listener of [...listeners]) listener();
  };

  /** A fresh envelope whose base is what the registry holds now (what the user sees). */
  const start = (draft: T, initial: T): DraftEnvelope<T> => {
    const entry = registry.get(key);
    return {
      v: 1,
      draft,
      base: entry ? entry.base : initial,
      ...(entry ? { baseVersion: toStoredVersion(entry.validator) } : {}),
      savedAt: now(),
    };
  };

  const restoreBase = (): void => {
    if (!envelope || envelope.base === undefined || !envelope.baseVersion) return;
    const validator = fromStoredVersion(envelope.baseVersion);
    const entry = registry.get(key);
    if (!entry) {
      // After a reload: the draft's base is the merge base, whatever the server holds now.
      registry.record(key, { validator, base: envelope.base, freshness: 'unknown' });
    } else if (!sameVersion(entry.validator, validator)) {
      // Someone read a newer version meanwhile: keep it as `latest`, never as the base of this draft.
      registry.record(key, { validator, base: envelope.base });
      registry.markStale(key, { latest: { validator: entry.validator, value: entry.base } });
    }
  };

  return {
    get: () => envelope,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    attach: () => {
      attached += 1;
      if (envelope) drafts.setDirty(key, true);
      restoreBase();
      return () => {
        attached -= 1;
        if (attached === 0) drafts.setDirty(key, false);
      };
    },
    setDraft: (update, initial) => {
      const previous = envelope ? envelope.draft : initial;
      const draft = typeof update === 'function' ? (update as (previous: T) => T)(previous) : update;
      const next = envelope ? { ...envelope, draft, savedAt: now() } : start(draft, initial);
      set(!next.pendingMerge && jsonEqual(draft, next.base) ? undefined : next);
    },
    discard: () => set(undefined),
    setPendingMerge: (pending, draft) => {
      if (!envelope && draft === undefined) return;
      const current = envelope ?? start(draft as T, draft as T);
      const { pendingMerge: _old, ...rest } = current;
      set(pending ? { ...rest, pendingMerge: pending } : rest);
    },
    rebase: (draft, base, validator, submitted) => {
      const rebased = (value: T): DraftEnvelope<T> => ({ v: 1, draft: value, base, baseVersion: toStoredVersion(validator), savedAt: now() });
      const untouched = () => submitted === undefined || !envelope || jsonEqual(envelope.draft, submitted);
      if (untouched()) return set(rebased(draft));
      // Edits typed while the write or the merge was in flight: replay them onto the merged value.
      return import('./replayEdits').then(({ replayEdits }) => {
        // Read the draft again: the user may have typed while the merge engine loaded.
        set(untouched() ? rebased(draft) : rebased(replayEdits(submitted as T, (envelope as DraftEnvelope<T>).draft, draft)));
      });
    },
    settle: (submitted, saved) => {
      if (!envelope || jsonEqual(envelope.draft, submitted)) return set(undefined);
      // Edits typed while the save was in flight: replay them onto what was saved.
      return import('./replayEdits').then(
        ({ replayEdits }) => {
          // Read the draft again: the user may have typed while the merge engine loaded.
          if (!envelope || jsonEqual(envelope.draft, submitted)) return set(undefined);
          const draft = replayEdits(submitted, envelope.draft, saved.value);
          if (jsonEqual(draft, saved.value)) return set(undefined);
          set({ v: 1, draft, base: saved.value, baseVersion: toStoredVersion(saved.validator), savedAt: now() });
        },
        () => {
          // The write is committed; the later edits stay on their old base (and version), so the
          // next save gets a 412 and merges them with what was saved, like any other stale draft.
        },
      );
    },
    draftBase: () => {
      if (!envelope?.baseVersion) return undefined;
      const validator = fromStoredVersion(envelope.baseVersion);
      return validator.etag || validator.version !== undefined ? { base: envelope.base, validator } : undefined;
    },
  };
}
