import { ConflictKitError } from '../core/errors';
import type { DuplicateConflict } from '../core/conflict';
import type { ConflictKit } from './ConflictKitContext';
import type { CreateOutcome, UseIdempotentCreateOptions } from './useIdempotentCreate';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The create loop of {@link useIdempotentCreate}, loaded when a create runs:
 * sends the create with its intent's key, waits out an in-flight first
 * request, and hands a duplicate to the resolver (`onDuplicate` first, so the
 * status shows it while the prompt is open). Never throws.
 * @internal
 */
export async function runIdempotentCreate<T>(
  kit: ConflictKit,
  opts: UseIdempotentCreateOptions<T>,
  body: unknown,
  onDuplicate: (conflict: DuplicateConflict) => void,
): Promise<CreateOutcome<T>> {
  const info = { method: 'POST', url: opts.url };
  try {
    for (let waits = 0; ; waits += 1) {
      // The same scope yields the same pending intent, hence the same key, until the create completes.
      const result = await kit.client.create<T>(opts.url, body, { intent: kit.client.intent(opts.scope) });
      if (result.ok) {
        const { value, validator, replayed } = result;
        opts.onCreated?.(value, { replayed, ...(result.location !== undefined ? { location: result.location } : {}) });
        if (replayed) kit.notices.notify({ kind: 'replayed', ...(result.location ? { key: result.location } : {}) });
        return { status: 'created', value, validator, replayed, ...(result.location !== undefined ? { location: result.location } : {}) };
      }
      const { conflict } = result;
      if (conflict.kind === 'idempotency-in-flight') {
        if (waits >= (opts.maxInFlightRetries ?? 3)) {
          throw new ConflictKitError('The server is still processing the first request of this create; it was not sent again. Check back in a moment.', info);
        }
        // Retry-After is in seconds (RFC 9110 §10.2.3); capped so a hostile value cannot hang the form.
        await sleep(Math.min((conflict.retryAfter ?? 1) * 1000, opts.maxRetryDelayMs ?? 5000));
        continue;
      }
      if (conflict.kind !== 'duplicate') return { status: 'conflict', conflict };
      onDuplicate(conflict);
      const href = opts.existingHref?.(conflict);
      const answer = await kit.resolver.duplicate({ conflict, sent: body, ...(href !== undefined ? { existingHref: href } : {}) });
      if (answer.action === 'view-existing') opts.onAdopt?.(conflict);
      return { status: 'duplicate', conflict, action: answer.action };
    }
  } catch (error) {
    return { status: 'error', error: error instanceof Error ? error : new ConflictKitError(String(error), info) };
  }
}
