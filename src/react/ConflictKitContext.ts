import { createContext } from 'react';
import type { ConflictClient } from '../core/conflictClientTypes';
import type { Validator } from '../core/etag';
import type { VersionRegistry } from '../core/createVersionRegistry';
import type { ConflictSessionStore, NoticeInput } from './createConflictSessionStore';
import type { ConflictNotice, ConflictResolver } from './resolver';

/** Keys with an unsaved draft: reads of them keep the merge base (`keepBase`). */
export interface DraftTracker {
  /** Whether the user has an unsaved draft of the record. */
  isDirty(key: string): boolean;
  /** Records whether the user has an unsaved draft of the record. */
  setDirty(key: string, dirty: boolean): void;
}

/** Everything the hooks share under one {@link ConflictKitProvider}. */
export interface ConflictKit {
  /** The conflict client every hook reads and writes through. */
  readonly client: ConflictClient;
  /** The client's version registry. */
  readonly registry: VersionRegistry;
  /** Whoever resolves conflicts: the app's resolver, or the built-in session queue. */
  readonly resolver: ConflictResolver;
  /** Whether clean merges are saved without asking, unless a hook says otherwise. */
  readonly autoMerge: boolean;
  /** Pushes and dismisses notices ("merged with changes by …"). */
  readonly notices: {
    readonly notify: (notice: NoticeInput) => ConflictNotice;
    readonly dismiss: (id: string) => void;
  };
  /** The store behind `useConflictSessions` and `useConflictNotices`. */
  readonly sessionStore: ConflictSessionStore;
  /** Which records have unsaved drafts. */
  readonly drafts: DraftTracker;
  /** Revalidates a record (conditional GET) on the provider's schedule, focus and reconnect; returns the stop function. */
  watch(url: string, key: string): () => void;
  /** Revalidates one watched record, or all of them, now. */
  revalidate(key?: string): Promise<void>;
  /** Tells other tabs that this tab saved a new version of a record. */
  announce(key: string, validator: Validator, changedBy?: string): void;
}

/** The React context behind {@link useConflictKit}; `null` outside a provider. */
export const ConflictKitContext = createContext<ConflictKit | null>(null);
