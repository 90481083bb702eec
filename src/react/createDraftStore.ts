import { createStore, type StoreApi } from 'zustand/vanilla';
import type { VersionRegistry } from '../core/createVersionRegistry';
import type { ChangeAuthor } from '../core/readChangeInfo';
import { isSameRecordVersion, type Validator } from '../core/etag';
import { jsonEqual } from '../core/json';
import {
  fromStoredVersion,
  memoryDraftStorage,
  parseDraft,
  readStoredDraft,
  resolveDraftStorage,
  storeDraft,
  toStoredVersion,
  type DraftEnvelope,
  type DraftStorage,
  type PendingMerge,
} from './draftEnvelope';
import { replayEdits } from './replayEdits';

/** The drafts of the records whose forms are mounted, by registry key. */
export interface DraftState {
  readonly drafts: Readonly<Record<string, DraftEnvelope<unknown>>>;
}

/** A saved version, as the save flow hands it to the draft. */
export interface SavedVersion<T> {
  readonly value: T;
  readonly validator: Validator;
}

/**
 * One provider's unsaved drafts: a zustand store of the mounted forms' drafts
 * (read per key), each mirrored to its storage so a reload loses nothing.
 * @internal
 */
export interface DraftStore {
  readonly store: StoreApi<DraftState>;
  /** The storage for a `storage` option; this store's own memory where Web Storage is missing. */
  storageFor(option: 'local' | 'session' | DraftStorage): DraftStorage;
  /**
   * The draft of a record: the store's once its form is attached, before that
   * what storage holds (read once per stored text). Never call it during a
   * server render: storage is the browser's.
   */
  read<T>(key: string, storage: DraftStorage): DraftEnvelope<T> | undefined;
  /** A form of the record mounted: its draft joins the store and its base goes back into the registry. */
  attach(key: string, storage: DraftStorage): () => void;
  /** Whether the record has an unsaved draft in a mounted form (its reads keep the merge base). */
  isDirty(key: string): boolean;
  /** The storage of the record's mounted form, if one is mounted: a write captures it, to finish even after the form unmounts. */
  storageOf(key: string): DraftStorage | undefined;
  /** Applies an edit; an edit back to the base clears the draft. */
  setDraft<T>(key: string, storage: DraftStorage, update: T | ((previous: T) => T), initial: T): void;
  /** Forgets the draft, by the user's explicit choice or after it was saved. */
  discard(key: string, storage?: DraftStorage): void;
  /** Records an open merge (or its end), so a reload can reopen it. */
  setPendingMerge<T>(key: string, storage: DraftStorage, pending: PendingMerge | undefined, draft?: T): void;
  /** After a merge: the merged value is the draft on theirs as the base; edits typed since `submitted` are replayed onto it. */
  rebase<T>(key: string, storage: DraftStorage, merged: T, theirs: SavedVersion<unknown>, submitted: T): void;
  /** After a save: clears the draft, or keeps edits typed while it was in flight, rebased onto what was saved. */
  settle<T>(key: string, storage: DraftStorage, submitted: T, saved: SavedVersion<T>): void;
  /** The snapshot and version the draft was made from, which its first write must name (no version: `{}`). */
  draftBase(key: string, storage: DraftStorage): { readonly base: unknown; readonly validator: Validator } | undefined;
}

interface Slot {
  readonly storage: DraftStorage;
  forms: number;
}

/** Creates the draft store one provider owns. @internal */
export function createDraftStore(
  registry: VersionRegistry,
  changeOf: (value: unknown) => ChangeAuthor = () => ({}),
  now: () => number = Date.now,
): DraftStore {
  const store = createStore<DraftState>()(() => ({ drafts: {} }));
  const memory = memoryDraftStorage();
  const slots = new Map<string, Slot>();
  /** Per key, per storage: the stored text last parsed and its draft (a key may be read from two storages in turn). */
  const peeked = new Map<string, Map<DraftStorage, { readonly raw: string | null; readonly envelope: DraftEnvelope<unknown> | undefined }>>();

  /** The draft the store holds for a mounted form, if any. */
  const mountedDraft = <T,>(key: string) => store.getState().drafts[key] as DraftEnvelope<T> | undefined;
  /**
   * The draft as it is now: the store's while a form is mounted, else
   * storage's (a write finishing after its form left), parsed once per stored text.
   */
  const current = <T,>(key: string, storage: DraftStorage): DraftEnvelope<T> | undefined => {
    if (slots.has(key)) return mountedDraft<T>(key);
    const raw = readStoredDraft(storage, key);
    let byStorage = peeked.get(key);
    if (!byStorage) peeked.set(key, (byStorage = new Map()));
    let seen = byStorage.get(storage);
    if (seen?.raw !== raw) byStorage.set(storage, (seen = { raw, envelope: parseDraft(raw, key) }));
    return seen.envelope as DraftEnvelope<T> | undefined;
  };

  /** Puts a mounted form's draft in the store, or takes it out. */
  const show = (key: string, next: DraftEnvelope<unknown> | undefined): void =>
    store.setState((state) => {
      const { [key]: _old, ...rest } = state.drafts;
      return { drafts: next ? { ...rest, [key]: next } : rest };
    });

  const set = (key: string, storage: DraftStorage, next: DraftEnvelope<unknown> | undefined): void => {
    storeDraft(storage, key, next);
    peeked.delete(key);
    if (slots.has(key)) show(key, next);
  };

  const newEnvelope = <T,>(draft: T, base: unknown, validator: Validator | undefined): DraftEnvelope<T> => ({
    v: 1,
    draft,
    base,
    ...(validator ? { baseVersion: toStoredVersion(validator) } : {}),
    savedAt: now(),
  });

  /** A fresh envelope whose base is what the registry holds now (what the user sees). */
  const start = <T,>(key: string, draft: T, initial: T): DraftEnvelope<T> => {
    const entry = registry.get(key);
    return newEnvelope(draft, entry ? entry.base : initial, entry?.validator);
  };

  /** Edits typed since `submitted` (while a write or a merge was in flight) replayed onto `onto`; `undefined` when there were none. */
  const replayLater = <T,>(key: string, storage: DraftStorage, submitted: T, onto: T): T | undefined => {
    const later = current<T>(key, storage)?.draft;
    return later === undefined || jsonEqual(later, submitted) ? undefined : replayEdits(submitted, later, onto);
  };

  /** The version a draft's base was read at; `{}` for a base without one (a server render's data). */
  const baseValidator = (envelope: DraftEnvelope<unknown>): Validator => (envelope.baseVersion ? fromStoredVersion(envelope.baseVersion) : {});

  /** A reloaded draft's base goes back into the registry as the merge base. */
  const restoreBase = (key: string, envelope: DraftEnvelope<unknown>): void => {
    if (envelope.base === undefined) return;
    // A base without a version (started on a server render's data) is compared by content.
    const validator = baseValidator(envelope);
    const entry = registry.get(key);
    if (!entry) {
      // After a reload: the draft's base is the merge base, whatever the server holds now.
      registry.record(key, { validator, base: envelope.base, freshness: 'unknown' });
    } else if (!isSameRecordVersion(entry.validator, entry.base, validator, envelope.base)) {
      // Someone read a newer version meanwhile: keep it as `latest`, never as the base of this draft.
      registry.record(key, { validator, base: envelope.base });
      registry.markStale(key, { ...changeOf(entry.base), latest: { validator: entry.validator, value: entry.base } });
    }
  };

  return {
    store,
    storageFor: (option) => resolveDraftStorage(option, memory),
    read: current,
    attach: (key, storage) => {
      const existing = slots.get(key);
      // The first form of a key reads storage (before its slot exists, so `current` reads storage).
      const stored = existing ? undefined : current(key, storage);
      const slot = existing ?? { storage, forms: 0 };
      slots.set(key, slot);
      if (stored) {
        show(key, stored);
        restoreBase(key, stored);
      }
      slot.forms += 1;
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        slot.forms -= 1;
        if (slot.forms > 0) return;
        // Storage keeps the draft; the store holds only the mounted forms' drafts.
        slots.delete(key);
        peeked.delete(key);
        if (mountedDraft(key)) show(key, undefined);
      };
    },
    isDirty: (key) => mountedDraft(key) !== undefined,
    storageOf: (key) => slots.get(key)?.storage,
    setDraft: (key, storage, update, initial) => {
      const stored = current<typeof initial>(key, storage);
      const previous = stored ? stored.draft : initial;
      const draft = typeof update === 'function' ? (update as (previous: typeof initial) => typeof initial)(previous) : update;
      const kept: DraftEnvelope<typeof initial> = stored ? { ...stored, draft, savedAt: now() } : start(key, draft, initial);
      // An edit after the user closed a merge dialog forgets its choices: they were made for the value before it.
      const { pendingMerge: _closed, ...edited } = kept;
      const next: DraftEnvelope<typeof initial> = kept.pendingMerge?.closed === true && !jsonEqual(draft, previous) ? edited : kept;
      set(key, storage, !next.pendingMerge && jsonEqual(draft, next.base) ? undefined : next);
    },
    discard: (key, storage) => {
      const target = slots.get(key)?.storage ?? storage;
      if (target) set(key, target, undefined);
    },
    setPendingMerge: (key, storage, pending, draft) => {
      const stored = current(key, storage);
      if (!stored && draft === undefined) return;
      const { pendingMerge: _old, ...rest } = stored ?? start(key, draft, draft);
      set(key, storage, pending ? { ...rest, pendingMerge: pending } : rest);
    },
    rebase: (key, storage, merged, theirs, submitted) => {
      const draft = replayLater(key, storage, submitted, merged) ?? merged;
      set(key, storage, newEnvelope(draft, theirs.value, theirs.validator));
    },
    settle: (key, storage, submitted, saved) => {
      const draft = replayLater(key, storage, submitted, saved.value);
      set(key, storage, draft === undefined || jsonEqual(draft, saved.value) ? undefined : newEnvelope(draft, saved.value, saved.validator));
    },
    draftBase: (key, storage) => {
      const stored = current(key, storage);
      if (stored?.base === undefined) return undefined;
      // A base without a version (a form started on data the kit did not read, such as a server
      // render's) is still what the user started from: the save reads the version before it writes.
      return { base: stored.base, validator: baseValidator(stored) };
    },
  };
}
