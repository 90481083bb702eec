import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConflictNotice, ConflictResolver, ConflictSession } from './resolver';
import { markAnswered } from './untilStopped';

/** What the session store holds: open questions to the user and short notices. */
export interface ConflictSessionState {
  /** Open conflict sessions of the built-in resolver, oldest first. */
  readonly sessions: readonly ConflictSession[];
  /** Notices that need no decision, oldest first. */
  readonly notices: readonly ConflictNotice[];
  /** Registry keys of the records whose write waits for the user's answer (whichever resolver asks). */
  readonly waiting: readonly string[];
}

/** A notice as the hooks push it; the store assigns the id. */
export type NoticeInput = Omit<ConflictNotice, 'id'>;

/** One provider's store of sessions and notices, with the built-in resolver that fills it. @internal */
export interface ConflictSessionStore {
  /** The vanilla zustand store. */
  readonly store: StoreApi<ConflictSessionState>;
  /** A resolver that queues each request as a session and settles when the session's `resolve` is called. */
  readonly resolver: ConflictResolver;
  /** Adds a notice; returns it with its id. */
  notify(notice: NoticeInput): ConflictNotice;
  /** Removes a notice. */
  dismiss(id: string): void;
  /** Marks a record as waiting for the user; returns the function that ends the wait. */
  wait(key: string): () => void;
}

type SessionOf<T extends ConflictSession['type']> = Extract<ConflictSession, { type: T }>;
type OutcomeOf<T extends ConflictSession['type']> = Parameters<SessionOf<T>['resolve']>[0];

/** Every session type, with the answer its session gets when the write that asked stops. */
const DISMISSED = { merge: { action: 'cancel' }, duplicate: { action: 'dismiss' }, transition: { action: 'dismiss' }, problem: { action: 'dismiss' } } as const satisfies Record<keyof ConflictResolver, object>;

/** Creates the store of conflict sessions and notices that one provider owns. @internal */
export function createConflictSessionStore(): ConflictSessionStore {
  const store = createStore<ConflictSessionState>()(() => ({ sessions: [], notices: [], waiting: [] }));
  let seq = 0;

  const open = <K extends ConflictSession['type']>(type: K, request: SessionOf<K>['request']): Promise<OutcomeOf<K>> => {
    const question = new Promise<OutcomeOf<K>>((settle) => {
      const id = `conflict-session-${++seq}`;
      let done = false;
      const close = (outcome: OutcomeOf<K>): void => {
        // A second answer (double click on a dialog button) is ignored.
        if (done) return;
        done = true;
        request.signal?.removeEventListener('abort', stop);
        store.setState((state) => ({ sessions: state.sessions.filter((session) => session.id !== id) }));
        settle(outcome);
      };
      // The write that asked stopped (its page went away): the dialog closes, nothing is chosen.
      const stop = (): void => close(DISMISSED[type] as OutcomeOf<K>);
      if (request.signal?.aborted) return stop();
      request.signal?.addEventListener('abort', stop, { once: true });
      // The user's answer: it counts though the same click unmounts the form.
      const resolve = (outcome: OutcomeOf<K>): void => {
        if (!done) markAnswered(question);
        close(outcome);
      };
      const session = { id, type, request, resolve } as ConflictSession;
      store.setState((state) => ({ sessions: [...state.sessions, session] }));
    });
    return question;
  };

  // One method per session type, each queueing a session of that type (the app's
  // answer to a merge is the merged record of the request's type).
  const resolver = Object.fromEntries(
    Object.keys(DISMISSED).map((type) => [type, (request: ConflictSession['request']) => open(type as ConflictSession['type'], request)]),
  ) as unknown as ConflictResolver;

  return {
    store,
    resolver,
    notify: (input) => {
      const notice: ConflictNotice = { ...input, id: `conflict-notice-${++seq}` };
      store.setState((state) => ({ notices: [...state.notices, notice] }));
      return notice;
    },
    dismiss: (id) => store.setState((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
    wait: (key) => {
      store.setState((state) => ({ waiting: [...state.waiting, key] }));
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        // One wait of this key ends; the others of the same key go on.
        store.setState(({ waiting }) => {
          const index = waiting.indexOf(key);
          return { waiting: waiting.filter((_, i) => i !== index) };
        });
      };
    },
  };
}
