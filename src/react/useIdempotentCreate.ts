import { useCallback, useRef, useState } from 'react';
import { ConflictKitError } from '../core/errors';
import type { Conflict, DuplicateConflict } from '../core/conflict';
import type { Validator } from '../core/etag';
import type { DuplicateOutcome } from './resolver';
import { useConflictKit } from './useConflictKit';

/** Options of {@link useIdempotentCreate}. */
export interface UseIdempotentCreateOptions<T> {
  /** The collection URL to POST to. */
  readonly url: string;
  /** The user intent (`orders/new:order-88421`): one Idempotency-Key per scope until the create succeeds, across retries and reloads. */
  readonly scope: string;
  /**
   * Called with the created record (also when the server replayed an earlier create).
   * @default undefined
   */
  readonly onCreated?: (value: T, info: { readonly location?: string; readonly replayed: boolean }) => void;
  /**
   * Builds the app's link to the existing resource for the "already created" prompt.
   * @default undefined (no link)
   */
  readonly existingHref?: (conflict: DuplicateConflict) => string;
  /**
   * Called when the user chose to view the existing resource.
   * @default undefined
   */
  readonly onAdopt?: (conflict: DuplicateConflict) => void;
  /**
   * How many times to wait and retry while the server still processes an earlier request with the same key.
   * @default 3
   */
  readonly maxInFlightRetries?: number;
  /**
   * The longest wait between those retries, in ms (Retry-After is capped to it).
   * @default 5000
   */
  readonly maxRetryDelayMs?: number;
}

/** How a create ended. */
export type CreateOutcome<T> =
  | { readonly status: 'created'; readonly value: T; readonly validator: Validator; readonly location?: string; readonly replayed: boolean }
  | { readonly status: 'duplicate'; readonly conflict: DuplicateConflict; readonly action: DuplicateOutcome['action'] }
  | { readonly status: 'conflict'; readonly conflict: Conflict }
  | { readonly status: 'error'; readonly error: Error };

/** Where an idempotent create is. */
export type IdempotentCreateStatus = 'idle' | 'creating' | CreateOutcome<unknown>['status'];

/** What {@link useIdempotentCreate} returns. */
export interface IdempotentCreate<T> {
  /** Creates once per intent; a second call while one runs (a double click) joins it instead of sending again. */
  create(body: unknown): Promise<CreateOutcome<T>>;
  readonly status: IdempotentCreateStatus;
  /** The created record. */
  readonly data: T | undefined;
  /** The conflict of the last attempt (duplicate, key reused with another payload, …). */
  readonly conflict: Conflict | undefined;
  /** The failure of the last attempt. */
  readonly error: Error | undefined;
  /** Starts a new intent (a new key) for the next create, after a success or by the user's explicit choice. */
  reset(): void;
}

/**
 * Creates a record exactly once per user intent: an in-flight lock against
 * double clicks, the same Idempotency-Key on every retry and after a reload,
 * and an "already created — view existing" prompt on a duplicate.
 */
export function useIdempotentCreate<T>(options: UseIdempotentCreateOptions<T>): IdempotentCreate<T> {
  const kit = useConflictKit();
  const [state, setState] = useState<Omit<IdempotentCreate<T>, 'create' | 'reset'>>({
    status: 'idle',
    data: undefined,
    conflict: undefined,
    error: undefined,
  });
  const inFlight = useRef<Promise<CreateOutcome<T>> | null>(null);
  // The intent is fulfilled: one intent yields at most one resource, so later calls get the same answer.
  const created = useRef<CreateOutcome<T> | null>(null);
  const latest = useRef(options);
  latest.current = options;

  const attempt = async (body: unknown): Promise<CreateOutcome<T>> => {
    const opts = latest.current;
    try {
      // The create loop loads when a create runs, not with the page.
      const { runIdempotentCreate } = await import('./runIdempotentCreate');
      return await runIdempotentCreate<T>(kit, opts, body, (conflict) => setState((s) => ({ ...s, status: 'duplicate', conflict })));
    } catch (error) {
      return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), { method: 'POST', url: opts.url }) };
    }
  };

  const create = useCallback((body: unknown): Promise<CreateOutcome<T>> => {
    if (inFlight.current) return inFlight.current;
    if (created.current) return Promise.resolve(created.current);
    setState((s) => ({ ...s, status: 'creating', error: undefined }));
    const promise = attempt(body).then((outcome) => {
      inFlight.current = null;
      if (outcome.status === 'created') created.current = outcome;
      setState((s) => ({
        status: outcome.status,
        data: outcome.status === 'created' ? outcome.value : s.data,
        conflict: outcome.status === 'duplicate' || outcome.status === 'conflict' ? outcome.conflict : undefined,
        error: outcome.status === 'error' ? outcome.error : undefined,
      }));
      return outcome;
    });
    inFlight.current = promise;
    return promise;
    // `attempt` reads options through a ref; the kit is the only dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kit]);

  const reset = useCallback(() => {
    if (inFlight.current) return;
    created.current = null;
    kit.client.intent(latest.current.scope).abandon();
    setState({ status: 'idle', data: undefined, conflict: undefined, error: undefined });
  }, [kit]);

  return { ...state, create, reset };
}
