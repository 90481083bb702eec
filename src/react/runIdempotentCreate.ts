import type { Conflict, DuplicateConflict } from '../core/conflict';
import { ConflictKitError } from '../core/errors';
import { compact } from '../core/readers/bodyMembers';
import type { CreatedRecord, CreatedUnread, CreateOptions } from '../core/conflictClientTypes';
import type { ConflictResolutionOutcome } from '../core/telemetry/ConflictEvent';
import type { ConflictKit } from './ConflictKitContext';
import type { DuplicateOutcome } from './resolver';
import { emitConflictEvent } from './emitConflictEvent';
import { untilStopped } from './untilStopped';

/** How a create ended, as the mutation's data. Failures (network, HTTP errors) are the mutation's error. */
export type CreateOutcome<T> =
  /** Created, or the server replayed the earlier create of this intent (`replayed`), with the record (the answer, or read back from `location`). */
  | (Omit<CreatedRecord<T>, 'ok'> & { readonly outcome: 'created' })
  /** Created, but the record could not be read (see the client's `readBack`): `reply` is the server's answer. */
  | (Omit<CreatedUnread, 'ok'> & { readonly outcome: 'created' })
  /** It already existed (created earlier by this intent or by someone else); the user chose to view it or not. Nothing was created. */
  | { readonly outcome: 'duplicate'; readonly conflict: DuplicateConflict; readonly action: DuplicateOutcome['action'] }
  /** The server refused it for another reason; nothing was created. */
  | { readonly outcome: 'refused'; readonly conflict: Conflict }
  /** The page that created went away before it was settled; what the server answered is kept by the intent. */
  | { readonly outcome: 'cancelled' };

/** Everything one create needs: its target and intent, and the options of `idempotentCreateOptions`. @internal */
export interface CreateSettings {
  readonly kit: Pick<ConflictKit, 'client' | 'resolver' | 'sessions'>;
  readonly url: string;
  /** @default 'POST' */
  readonly method?: 'POST' | 'PUT' | undefined;
  readonly readBack?: CreateOptions['readBack'];
  /** The user intent: one Idempotency-Key for it until it succeeds. */
  readonly scope: string;
  readonly existingHref?: ((conflict: DuplicateConflict) => string) | undefined;
  /** @default 3 */
  readonly maxInFlightRetries?: number | undefined;
  /** @default 5000 */
  readonly maxRetryDelayMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * An answer that shows this intent (or someone) already created the thing: a
 * duplicate, or the key reused with another payload (a retry with changed
 * input after a lost answer) when the server names what the key created.
 */
function alreadyCreated(conflict: Conflict): DuplicateConflict | undefined {
  if (conflict.kind === 'duplicate') return conflict;
  if (conflict.kind === 'idempotency-mismatch' && (conflict.existing !== undefined || conflict.current !== undefined)) {
    return { ...conflict, kind: 'duplicate' };
  }
  return undefined;
}

/**
 * Creates once per intent: sends with the intent's Idempotency-Key, waits out
 * an earlier request with the same key still in flight, and leads an answer
 * that shows the thing already exists to it ("already created — view
 * existing"), never to "nothing was created". Throws real failures.
 * @internal
 */
export async function runIdempotentCreate<T>(settings: CreateSettings, body: unknown): Promise<CreateOutcome<T>> {
  const { kit, url, method = 'POST', readBack, scope, existingHref, maxInFlightRetries = 3, maxRetryDelayMs = 5000, signal } = settings;
  const { client } = kit;
  // The conflict this create met (an earlier request with the same key still in flight), for its events.
  let waiting: Conflict | undefined;
  const resolved = (conflict: Conflict, outcome: ConflictResolutionOutcome): void => emitConflictEvent(client, conflict, { type: 'conflict.resolved', outcome });
  for (let waits = 0; ; waits += 1) {
    if (signal?.aborted) {
      if (waiting) resolved(waiting, 'abandoned-draft');
      return { outcome: 'cancelled' };
    }
    // The same scope yields the same pending intent, hence the same key, until the create completes.
    const result = await client.create<T>(url, body, {
      intent: client.intent(scope),
      method,
      readBack,
      ...compact({ conflictId: waiting?.conflictId }),
    });
    if (result.ok) {
      const { ok: _ok, ...created } = result;
      // Waited out: the create settled without the user, adopting the first request's result when the server replayed it.
      if (waiting) resolved(waiting, created.replayed ? 'adopted-existing' : 'auto-merged');
      if (created.replayed) kit.sessions.notify({ kind: 'replayed', ...(created.location ? { key: created.location } : {}) });
      return { outcome: 'created', ...created };
    }
    const { conflict } = result;
    waiting = conflict;
    if (conflict.kind === 'idempotency-in-flight') {
      if (waits >= maxInFlightRetries) {
        throw new ConflictKitError(
          `The server is still processing an earlier request of this create (it said so ${waits + 1} ${waits === 0 ? 'time' : 'times'}, to the same Idempotency-Key). Check back in a moment before creating it again.`,
          { method, url },
        );
      }
      // Retry-After is in seconds (RFC 9110 §10.2.3); capped so a hostile value cannot hang the form.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await untilStopped(new Promise((resolve) => (timer = setTimeout(resolve, Math.min((conflict.retryAfter ?? 1) * 1000, maxRetryDelayMs)))), signal);
      // Stopped during the wait: no timer outlives the create.
      clearTimeout(timer);
      continue;
    }
    const duplicate = alreadyCreated(conflict);
    if (!duplicate) {
      resolved(conflict, 'cancelled');
      return { outcome: 'refused', conflict };
    }
    // What the key created exists: this intent is over, whatever the user answers (the client ends it on a duplicate).
    if (conflict.kind !== 'duplicate') client.intent(scope).complete();
    const answer = await untilStopped(
      kit.resolver.duplicate({ conflict: duplicate, sent: body, ...compact({ existingHref: existingHref?.(duplicate), signal }) }),
      signal,
    );
    // No answer (stopped while asking, or a resolver that gave none) ends the create: it is never sent again.
    resolved(duplicate, answer === undefined ? 'abandoned-draft' : answer.action === 'view-existing' ? 'adopted-existing' : 'cancelled');
    return answer === undefined ? { outcome: 'cancelled' } : { outcome: 'duplicate', conflict: duplicate, action: answer.action };
  }
}
