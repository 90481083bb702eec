import { useCallback, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import type { RegistryKey } from '../core/createVersionRegistry';
import { hashRegistryKey } from '../core/hashRegistryKey';
import type { DraftStorage, PendingMerge } from './draftEnvelope';
import type { RecordHandle } from './RecordHandle';
import { useConflictKit } from './useConflictKit';

/** Options of {@link useDraft}: the record being edited (or, for a create form, a key of its own), and the value to start from. */
export type UseDraftOptions<T> = {
  /** The value to edit while there is no draft (usually the record as loaded, or a create form's empty values). */
  readonly initial: T;
  /**
   * Where unsaved drafts survive a reload: `localStorage`, `sessionStorage`, or your own storage.
   * @default 'local'
   */
  readonly storage?: 'local' | 'session' | DraftStorage;
} & (
  | {
      /** The record being edited, as `useVersionedQuery` returned it. */
      readonly record: RecordHandle;
      readonly key?: never;
    }
  | {
      /** A key of the form's own, for what is not a record yet (a create form: `'orders/new'`). */
      readonly key: RegistryKey;
      readonly record?: never;
    }
);

/** What {@link useDraft} returns. */
export interface DraftApi<T> {
  /** The key the draft is kept under (the record's registry key). */
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
  readonly pendingMerge: PendingMerge | undefined;
  /** When the draft was last stored (ms since epoch). */
  readonly savedAt: number | undefined;
}

const noDraftOnServer = (): undefined => undefined;

/**
 * The user's unsaved edits of one record (or one create form), kept in
 * storage until they are saved, merged or discarded, so a reload (even
 * mid-conflict) loses nothing. The server render shows `initial`: storage
 * is the browser's, and the draft appears once the page hydrates.
 */
export function useDraft<T>(options: UseDraftOptions<T>): DraftApi<T> {
  const { drafts } = useConflictKit();
  const key = options.record ? options.record.key : hashRegistryKey(options.key);
  const storageOption = options.storage ?? 'local';
  const storage = useMemo(() => drafts.storageFor(storageOption), [drafts, storageOption]);
  const read = useCallback(() => drafts.read<T>(key, storage), [drafts, key, storage]);
  const envelope = useSyncExternalStore(drafts.store.subscribe, read, noDraftOnServer);
  // Before any passive effect, so the first read of the record already keeps the draft's base.
  useLayoutEffect(() => drafts.attach(key, storage), [drafts, key, storage]);
  const { initial } = options;
  return useMemo(
    () => ({
      key,
      draft: envelope ? envelope.draft : initial,
      dirty: envelope !== undefined,
      setDraft: (update) => drafts.setDraft(key, storage, update, initial),
      discard: () => drafts.discard(key, storage),
      pendingMerge: envelope?.pendingMerge,
      savedAt: envelope?.savedAt,
    }),
    [drafts, key, storage, envelope, initial],
  );
}
