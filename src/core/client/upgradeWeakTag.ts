import type { Conflict } from '../conflict';
import type { RequestOptions } from '../conflictClientTypes';
import type { EntityTag } from '../etag';
import { httpErrorFromResponse } from '../httpErrorFromResponse';
import { compact } from '../readers/bodyMembers';
import type { ClientContext } from './clientContext';
import { fetchRecord } from './fetchRecord';

/**
 * Apache mod_dav hands out a weak ETag for about a second after a write,
 * then a strong one for the same version: refetch once before giving up.
 * Answers the strong tag, the conflict the refetch revealed, or `null` when
 * the tag is still weak.
 * @internal
 */
export async function upgradeWeakTag(
  ctx: ClientContext,
  target: string,
  key: string,
  weak: EntityTag,
  init: RequestOptions,
): Promise<{ strong: EntityTag } | { conflict: Conflict } | null> {
  const got = await fetchRecord(ctx, target, undefined, init);
  const info = { method: 'GET', url: target };
  if (!got.ok) {
    if (got.response.status === 404 || got.response.status === 410) {
      ctx.registry.markDeleted(key);
      return { conflict: { kind: 'deleted', status: got.response.status, source: 'refetch', ...info } };
    }
    throw await httpErrorFromResponse(got.response, info);
  }
  const etag = got.validator.etag;
  if (!etag || etag.weak) return null;
  if (etag.opaque === weak.opaque) {
    ctx.registry.markFresh(key, { validator: got.validator });
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
      ...compact({ currentVersion: got.validator.version }),
      detail: 'The record changed on the server since it was loaded (seen while fetching a strong ETag).',
      ...info,
    },
  };
}
