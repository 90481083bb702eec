import { createContext } from 'react';
import type { ConflictClient } from '../core/conflictClientTypes';
import type { Validator } from '../core/etag';
import type { ConflictSessionStore } from './createConflictSessionStore';
import type { DraftStore } from './createDraftStore';
import type { ConflictResolver } from './resolver';

/** Everything the hooks and the write flows share under one {@link ConflictKitProvider}. */
export interface ConflictKit {
  /** The conflict client every hook reads and writes through. */
  readonly client: ConflictClient;
  /** Whoever resolves conflicts: the app's resolver, or the built-in session queue. */
  readonly resolver: ConflictResolver;
  /** Whether clean merges are saved without asking, unless a hook says otherwise. */
  readonly autoMerge: boolean;
  /** Open questions to the user, notices, and which records wait for an answer. */
  readonly sessions: ConflictSessionStore;
  /** The unsaved drafts, per record. */
  readonly drafts: DraftStore;
  /** Writes in flight, by record or intent: a second submit joins the first instead of sending again. */
  readonly inFlight: Map<string, Promise<unknown>>;
  /** Revalidates a record on the provider's schedule, focus and reconnect; returns the stop function. */
  watch(url: string, key: string): () => void;
  /** Revalidates one watched record, or all of them, now. */
  revalidate(key?: string): Promise<void>;
  /** Tells other tabs that this tab saved a new version of a record (the value says who, through the client's `changeOf`). */
  announce(key: string, validator: Validator, value: unknown): void;
}

/** The React context behind `useConflictKit`; `null` outside a provider. */
export const ConflictKitContext = createContext<ConflictKit | null>(null);
