/**
 * The conflict client's failure path, loaded with `import()` the first time a
 * request fails or a weak ETag must be upgraded: classifying the answer,
 * recording what a conflict says about the record, and reading error bodies.
 */
import type { Conflict } from './conflict';
import { classifyConflict, type ClassifyConflictOptions } from './classifyConflict';
import type { VersionRegistry } from './createVersionRegistry';
import type { RequestInfo } from './errors';
import type { EntityTag, Validator } from './etag';
import { httpErrorFromResponse } from './httpErrorFromResponse';
import { isConflictResponse } from './isConflictResponse';
import type { SentRequest } from './readers/describeRequest';

export { httpErrorFromResponse };

/** A GET's outcome: the record, or a response that carried none (304 or a failure status). @internal */
export type Fetched =
  | { readonly ok: true; readonly response: Response; readonly value: unknown; readonly validator: Validator }
  | { readonly ok: false; readonly response: Response };

/**
 * The conflict a failed request got, classified; throws the `HttpError` when
 * the status is a plain failure (400, 401, 500, …) rather than a conflict.
 * @internal
 */
export async function conflictOf(
  response: Response,
  request: SentRequest,
  info: RequestInfo,
  options: Omit<ClassifyConflictOptions, 'request'>,
): Promise<Conflict> {
  if (!isConflictResponse(response.status, request)) throw await httpErrorFromResponse(response, info);
  return classifyConflict(response, { request, ...options });
}

/**
 * Records what a conflict says about the record's current version.
 * @internal
 */
export function noteConflict(registry: VersionRegistry, key: string, conflict: Conflict): void {
  switch (conflict.kind) {
    case 'stale': {
      const validator: Validator = {
        ...(conflict.currentETag ? { etag: conflict.currentETag } : {}),
        ...(conflict.currentVersion !== undefined ? { version: conflict.currentVersion } : {}),
      };
      const known = conflict.current !== undefined || validator.etag !== undefined || validator.version !== undefined;
      registry.markStale(key, known ? { latest: { validator, ...(conflict.current !== undefined ? { value: conflict.current } : {}) } } : {});
      return;
    }
    case 'transition':
      registry.markStale(key, conflict.current !== undefined ? { latest: { validator: {}, value: conflict.current } } : {});
      return;
    case 'deleted':
      registry.markDeleted(key);
      return;
    case 'duplicate':
    case 'precondition-required':
    case 'idempotency-in-flight':
    case 'idempotency-mismatch':
    case 'unknown':
      return;
    default:
      conflict satisfies never;
  }
}

/** What {@link upgradeWeakTag} needs from the client. @internal */
export interface UpgradeContext {
  readonly registry: VersionRegistry;
  readonly target: string;
  readonly key: string;
  readonly weak: EntityTag;
  /** Fetches the record unconditionally. */
  readonly fetch: () => Promise<Fetched>;
  /** Marks the key stale with the newer version seen. */
  readonly markNewer: (key: string, validator: Validator, value: unknown) => void;
}

/**
 * Apache mod_dav hands out a weak ETag for about a second after a write,
 * then a strong one for the same version: refetch once before giving up.
 * @internal
 */
export async function upgradeWeakTag(ctx: UpgradeContext): Promise<{ strong: EntityTag } | { conflict: Conflict } | null> {
  const { registry, key, target, weak } = ctx;
  const got = await ctx.fetch();
  const info = { method: 'GET', url: target };
  if (!got.ok) {
    if (got.response.status === 404 || got.response.status === 410) {
      registry.markDeleted(key);
      return { conflict: { kind: 'deleted', status: got.response.status, source: 'refetch', ...info } };
    }
    throw await httpErrorFromResponse(got.response, info);
  }
  const etag = got.validator.etag;
  if (!etag || etag.weak) return null;
  if (etag.opaque === weak.opaque) {
    registry.markFresh(key, { validator: got.validator });
    return { strong: etag };
  }
  ctx.markNewer(key, got.validator, got.value);
  return {
    conflict: {
      kind: 'stale',
      // The outcome the server would have given a write with the current version.
      status: 412,
      source: 'refetch',
      current: got.value,
      currentETag: etag,
      ...(got.validator.version !== undefined ? { currentVersion: got.validator.version } : {}),
      detail: 'The record changed on the server since it was loaded (seen while fetching a strong ETag).',
      ...info,
    },
  };
}
