import type { ResourceName } from './recordId';

/** Announces that a record changed, so clients holding it know their copy is stale. */
export interface ChangeEvent {
  readonly resource: ResourceName;
  readonly id: string;
  /** The new strong ETag. */
  readonly etag: string;
  readonly version: number;
  /** Who made the change (`X-Actor`). */
  readonly actor: string;
  /** When (ISO 8601). */
  readonly at: string;
}

/** An in-process publish/subscribe channel for {@link ChangeEvent}s. */
export interface EventBus {
  /** Delivers an event to every current subscriber; a throwing subscriber does not stop the others. */
  publish(event: ChangeEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  /** How many listeners are subscribed (tests use it to prove streams clean up). */
  readonly size: number;
}

/** Creates an {@link EventBus}. */
export function createEventBus(): EventBus {
  const listeners = new Set<(event: ChangeEvent) => void>();
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken stream must not keep the change from the others.
        }
      }
    },
    subscribe(listener) {
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (event: ChangeEvent): void => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    get size() {
      return listeners.size;
    },
  };
}
