import type { UseMutationOptions } from '@tanstack/react-query';
import type { DuplicateConflict } from '../core/conflict';
import type { CreateOptions } from '../core/conflictClientTypes';
import { joinInFlight } from './joinInFlight';
import { runIdempotentCreate, type CreateOutcome } from './runIdempotentCreate';
import type { DraftApi } from './useDraft';
import { writeMutation } from './writeMutation';

/** Options of {@link idempotentCreateOptions}: react-query's mutation options, plus where to create and which intent it is. */
export type IdempotentCreateInput<T, TBody = unknown> = Omit<UseMutationOptions<CreateOutcome<T>, Error, TBody>, 'mutationFn'> & {
  /** The collection URL to POST to, or the new record's URL to PUT (a function of the body for ids the form chooses: `(c) => \`/contacts/${c._id}\``). */
  readonly url: string | ((body: TBody) => string);
  /**
   * The user intent (`orders/new:order-88421`), or a function of the body that names it: one
   * Idempotency-Key per intent until the create succeeds, across retries and reloads.
   */
  readonly intent: string | ((body: TBody) => string);
  /**
   * POST to a collection, or PUT to the new record's URL with `If-None-Match: *`.
   * @default 'POST'
   */
  readonly method?: 'POST' | 'PUT';
  /**
   * Where to read the created record back when the answer is not the record with its version
   * (a function of the answer naming its URL), or `false` never to (see `CreateOptions.readBack`).
   * @default the answer's `Location`, else for a PUT the URL created at
   */
  readonly readBack?: CreateOptions['readBack'];
  /**
   * The create form's draft from `useDraft`: cleared once the thing is created (or the existing one is
   * viewed), kept otherwise, so a reload brings the form back filled.
   * @default undefined
   */
  readonly draft?: Pick<DraftApi<unknown>, 'key'>;
  /**
   * The app's page of the existing resource (`#/orders/O-7`, `/orders/O-7`, `?order=O-7`): the
   * "already created" prompt links the record's name to it. "View existing" answers
   * `view-existing`; navigate on that outcome. `conflict.existing` is the server's URL, not a page.
   * @default undefined (the record's name is shown as text)
   */
  readonly existingHref?: (conflict: DuplicateConflict) => string;
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
};

/** How the hook that runs a create steers it. @internal */
export interface CreateLifecycle<T> {
  /** Stops the create at its next step (the component unmounted). */
  readonly signal: () => AbortSignal | undefined;
  /** The outcome of each intent that already succeeded here (one intent yields at most one resource); `undefined` while not. */
  readonly intents: Map<string, CreateOutcome<T> | undefined>;
}

/** {@link idempotentCreateOptions} steered by a hook. @internal */
export function idempotentCreate<T, TBody = unknown>(
  input: IdempotentCreateInput<T, TBody>,
  lifecycle?: CreateLifecycle<T>,
): UseMutationOptions<CreateOutcome<T>, Error, TBody> {
  const { url, intent, method, readBack, draft, existingHref, maxInFlightRetries, maxRetryDelayMs, ...mutation } = input;
  const mutationKey = ['conflict-kit', 'create', ...(typeof url === 'string' ? [url] : [])];
  return writeMutation(mutationKey, mutation, 'An idempotent create', lifecycle, (body, kit, signal) => {
    const scope = typeof intent === 'function' ? intent(body) : intent;
    const done = lifecycle?.intents.get(scope);
    if (done) return Promise.resolve(done);
    lifecycle?.intents.set(scope, undefined);
    // Captured now: a create that finishes after its form unmounted still clears the form's draft.
    const draftStorage = draft ? kit.drafts.storageOf(draft.key) : undefined;
    return joinInFlight(kit, `create:${scope}`, signal, async () => {
      const outcome = await runIdempotentCreate<T>({ ...input, kit, url: typeof url === 'string' ? url : url(body), scope, signal }, body);
      if (outcome.outcome === 'created') lifecycle?.intents.set(scope, outcome);
      if (draft && draftStorage && (outcome.outcome === 'created' || (outcome.outcome === 'duplicate' && outcome.action === 'view-existing'))) {
        kit.drafts.discard(draft.key, draftStorage);
      }
      return outcome;
    });
  });
}

/**
 * Mutation options for a create that happens exactly once per user intent,
 * for `useMutation`: the same Idempotency-Key on every retry and after a
 * reload, a double submit joined into one request, and an answer that shows
 * the thing already exists led to it ("already created — view existing").
 * The outcome is the mutation's data; real failures are its error.
 */
export function idempotentCreateOptions<T, TBody = unknown>(input: IdempotentCreateInput<T, TBody>): UseMutationOptions<CreateOutcome<T>, Error, TBody> {
  return idempotentCreate(input);
}
