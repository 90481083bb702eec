import type { RecordRef, RemoteChange } from './remoteChange';

/** One change a {@link StalenessSource} reports: which record, and what it knows of the change. */
export type SourceChange = RemoteChange &
  RecordRef & {
    /** The source's own message, passed on to the provider's `onChange` as `event`. */
    readonly event?: unknown;
  };

/** What a {@link StalenessSource} reports to. */
export interface StalenessListener {
  /** A record changed elsewhere. */
  change(change: SourceChange): void;
  /** The source (re)connected and may have missed changes meanwhile: the kit revalidates the records on screen. */
  resync(): void;
}

/**
 * A feed of changes other writers made (a websocket, CouchDB's `_changes`,
 * your own polling): `subscribe` starts listening and returns the function
 * that stops it. The provider subscribes on mount and stops on unmount, so
 * it must be safe to subscribe again after stopping (StrictMode does).
 */
export interface StalenessSource {
  /** Starts listening, reporting to `listener`; returns the function that stops it. */
  subscribe(listener: StalenessListener): () => void;
}
