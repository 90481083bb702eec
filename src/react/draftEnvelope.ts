import { devWarning, isDev } from '../core/devWarning';
import { formatETag, type Validator, type VersionValue } from '../core/etag';
import { compact, isRecord } from '../core/readers/bodyMembers';
import { validatorOf } from '../core/remoteChange';
import type { MergeChoice } from '../core/resolveMerge';

/** Where drafts are kept: a Web Storage or anything with the same three methods. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * A merge the user had open when the page went away, to reopen after a
 * reload; or, `closed`, one the user closed, whose choices the next save's
 * merge starts from.
 */
export interface PendingMerge {
  /** The choices made so far, keyed by conflict pointer. */
  readonly choices: Readonly<Record<string, MergeChoice>>;
  /** The server's request id of the refused write that opened the merge, for the dialog's support details after a reload. */
  readonly requestId?: string;
  /** The trace id of that write, likewise. */
  readonly traceId?: string;
  /** The status the server refused that write with, likewise. */
  readonly status?: number;
  /** The URL that write went to (resolved against the client's `baseUrl`), likewise. */
  readonly url?: string;
  /**
   * The user closed the dialog (Cancel, Escape): a reload does not reopen it;
   * the next save's dialog starts from these choices if it shows the same
   * conflict (the form not edited since, the server's version the same).
   */
  readonly closed?: boolean;
  /** The version of the server's record the dialog showed. */
  readonly theirs?: StoredVersion;
  /** Who saved that version, when the dialog could say (read back as untrusted: a name of at most 200 characters). */
  readonly changedBy?: string;
  /** When (ms since epoch), likewise. */
  readonly changedAt?: number;
  /** That version was saved in another tab of this browser, likewise. */
  readonly inOtherTab?: boolean;
}

/** The merge to reopen when the form comes back: an open one, never one the user closed. */
export const reopens = (pending: PendingMerge | undefined): PendingMerge | undefined => (pending?.closed === true ? undefined : pending);

/** The version a draft's base was read at, in a form that survives JSON. */
export interface StoredVersion {
  /** The ETag as a header value (`"T-1001:3"`). */
  readonly etag?: string;
  /** The body version. */
  readonly version?: VersionValue;
}

/** What `useDraft` keeps in storage: version 1 of the envelope. */
export interface DraftEnvelope<T> {
  readonly v: 1;
  /** The user's unsaved edits. */
  readonly draft: T;
  /** The snapshot the edits started from (the merge base). */
  readonly base?: unknown;
  /** The version of `base`. */
  readonly baseVersion?: StoredVersion;
  /** When the draft was last written (ms since epoch). */
  readonly savedAt: number;
  /** A merge that was open, when there was one. */
  readonly pendingMerge?: PendingMerge;
}

/** The storage key of a draft. */
export const draftStorageKey = (key: string): string => `conflict-kit:draft:${key}`;

/** A validator as JSON-safe data. */
export function toStoredVersion(validator: Validator): StoredVersion {
  return compact({ etag: validator.etag && formatETag(validator.etag), version: validator.version });
}

/** A stored version back as a validator (members that are not an ETag or a version are dropped: storage is input). */
export function fromStoredVersion(stored: StoredVersion): Validator {
  return validatorOf(stored.etag, stored.version);
}

/** The stored text of a draft, or `null`; a storage that throws reads as empty. */
export function readStoredDraft(storage: DraftStorage, key: string): string | null {
  try {
    return storage.getItem(draftStorageKey(key));
  } catch {
    return null;
  }
}

/** Parses a stored draft; anything unreadable is ignored (with a dev warning), never thrown. */
export function parseDraft<T>(raw: string | null, key: string): DraftEnvelope<T> | undefined {
  if (raw === null) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value !== null && typeof value === 'object' && (value as { v?: unknown }).v === 1 && 'draft' in value) {
      const { pendingMerge, ...envelope } = value as DraftEnvelope<T>;
      // An open merge whose choices are not an object is dropped, not read.
      const merge = isRecord(pendingMerge) && isRecord(pendingMerge.choices) ? { pendingMerge } : {};
      return { ...envelope, savedAt: typeof envelope.savedAt === 'number' ? envelope.savedAt : 0, ...merge };
    }
    if (isDev) devWarning(`Ignoring the stored draft of ${key}: it is not a version 1 draft envelope.`);
  } catch (error) {
    if (isDev) devWarning(`Ignoring the stored draft of ${key}: it is not valid JSON.`, error);
  }
  return undefined;
}

/**
 * Writes a draft, or with `undefined` removes it. When storage refuses a
 * write (quota, private mode) the draft lives on in memory only; a failed
 * removal leaves nothing to do, the in-memory state is already cleared.
 */
export function storeDraft<T>(storage: DraftStorage, key: string, envelope: DraftEnvelope<T> | undefined): void {
  try {
    if (envelope) storage.setItem(draftStorageKey(key), JSON.stringify(envelope));
    else storage.removeItem(draftStorageKey(key));
  } catch (error) {
    if (isDev && envelope) devWarning(`Could not store the draft of ${key} (storage full or unavailable); it is kept in memory only.`, error);
  }
}

/** A storage in memory, for one provider only: drafts never pass between server requests. */
export function memoryDraftStorage(): DraftStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** The storage for a `storage` option; `fallback` where Web Storage is missing or blocked (SSR, sandboxed frames). */
export function resolveDraftStorage(option: 'local' | 'session' | DraftStorage, fallback: DraftStorage): DraftStorage {
  if (typeof option === 'object') return option;
  try {
    // Throws where there is no window (SSR); reading the property itself throws in sandboxed frames and with cookies blocked.
    return window[`${option}Storage`] ?? fallback;
  } catch {
    return fallback;
  }
}
