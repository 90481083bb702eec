import { useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { RegistryKey } from '../core/createVersionRegistry';
import type { Validator } from '../core/etag';
import { createDraftStore } from './createDraftStore';
import { fromStoredVersion, resolveDraftStorage, type DraftStorage, type PendingMerge } from './draftEnvelope';
import { useConflictKit } from './useConflictKit';

/** Options of {@link useDraft}. */
export interface UseDraftOptions<T> {
  /** The value to edit while there is no draft (usually the record as loaded). */
  readonly initial: T;
  /**
   * Where unsaved drafts survive a reload: `localStorage`, `sessionStorage`, or your own storage.
   * @default 'local'
   */
  readonly storage?: 'local' | 'session' | DraftStorage;
}

/** What {@link useDraft} returns. */
export interface DraftApi<T> {
  /** The hashed registry key of the record (the same key the query and the save use). */
  readonly key: string;
  /** The draft, or `initial` when there are no unsaved edits. */
  readonly draft: T;
  /** Whether there are unsaved edits. */
  readonly dirty: boolean;
  /** Edits the draft (a value, or a function of the previous draft). */
  setDraft(update: T | ((previous: T) => T)): void;
  /** Throws the unsaved edits away: only on the user's explicit choice. */
  discard(): void;
  /** A merge that was open before a reload; `useGuardedSave` reopens it. */
  readonly pendingConflict: PendingMerge | undefined;
  /** The snapshot the edits started from. */
  readonly base: unknown;
  /** The version of that snapshot. */
  readonly baseValidator: Validator | undefined;
  /** When the draft was last stored (ms since epoch). */
  readonly savedAt: number | undefined;
  /** For `useGuardedSave`: records that a merge is open (or closed). */
  setPendingMerge(pending: PendingMerge | undefined, draft?: T): void;
  /** For `useGuardedSave`: after a resolved merge, the merged value becomes the draft on theirs as the base. */
  rebase(draft: T, base: unknown, validator: Validator, submitted?: T): void | Promise<void>;
  /** For `useGuardedSave`: after a save, clears the draft or rebases later edits onto the saved record. */
  settle(submitted: T, saved: { readonly value: T; readonly validator: Validator }): void | Promise<void>;
  /** For `useGuardedSave`: the base and version the draft's first write names. */
  draftBase(): { readonly base: unknown; readonly validator: Validator } | undefined;
}

/**
 * The user's unsaved edits of one record, kept in storage until they are
 * saved, merged or discarded, so a reload (even mid-conflict) loses nothing.
 */
export function useDraft<T>(key: RegistryKey, options: UseDraftOptions<T>): DraftApi<T> {
  const { registry, drafts } = useConflictKit();
  const hashed = hashRegistryKey(key);
  const storageOption = options.storage ?? 'local';
  const store = useMemo(
    () => createDraftStore<T>({ key: hashed, storage: resolveDraftStorage(storageOption), registry, drafts }),
    [hashed, storageOption, registry, drafts],
  );
  const envelope = useSyncExternalStore(store.subscribe, store.get, store.get);
  // Before any passive effect, so the first read of the record already keeps the draft's base.
  useLayoutEffect(() => store.attach(), [store]);
  const initial = options.initial;
  return useMemo(
    () => ({
      key: hashed,
      draft: envelope ? envelope.draft : initial,
      dirty: envelope !== undefined,
      setDraft: (update) => store.setDraft(update, initial),
      discard: store.discard,
      pendingConflict: envelope?.pendingMerge,
      base: envelope ? envelope.base : registry.get(hashed)?.base,
      baseValidator: envelope?.baseVersion ? fromStoredVersion(envelope.baseVersion) : registry.get(hashed)?.validator,
      savedAt: envelope?.savedAt,
      setPendingMerge: store.setPendingMerge,
      rebase: store.rebase,
      settle: store.settle,
      draftBase: store.draftBase,
    }),
    [hashed, envelope, initial, store, registry],
  );
}
