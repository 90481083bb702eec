import type { RegistryKey, VersionRegistry } from './createVersionRegistry';
import { hasVersion, parseETag, sameVersion, type Validator, type VersionValue } from './etag';
import { readChangeInfo, type ChangeAuthor } from './readChangeInfo';
import { compact } from './readers/bodyMembers';

/** Which record: its URL as the app reads it (resolved against the client's `baseUrl`), or its registry key (a `RecordHandle` has both; the key wins). */
export type RecordRef = { readonly url: string; readonly key?: RegistryKey } | { readonly key: RegistryKey };

/** What a source outside the kit (a websocket, a change feed) says about a change someone else made. */
export interface RemoteChange {
  /** The new ETag, as the header value (`"1-a2f4"` or `W/"7"`). */
  readonly etag?: string;
  /** The new body version (`_rev`, `version`). */
  readonly version?: VersionValue;
  /** Who made the change. */
  readonly changedBy?: string;
  /** When: ms since epoch, or an ISO date. */
  readonly changedAt?: number | string;
  /** The record was deleted. */
  readonly deleted?: boolean;
}

/** The validator a change names (an ETag header value and/or a body version). @internal */
export function validatorOf(etag: unknown, version: unknown): Validator {
  return compact({
    etag: (typeof etag === 'string' ? parseETag(etag) : null) ?? undefined,
    version: typeof version === 'string' || typeof version === 'number' ? version : undefined,
  });
}

/** Who made a change and when, as far as a source said it plainly (a name; ms or an ISO date). @internal */
export function authorOf(change: RemoteChange): ChangeAuthor {
  return readChangeInfo({ updatedBy: change.changedBy, updatedAt: change.changedAt });
}

/**
 * Marks a tracked record stale (or deleted) because another writer changed
 * it. Ignores records nobody loaded and versions the registry already holds
 * (the echo of this client's own save); a change that names no version
 * marks the record stale; the same change heard again only adds who made it
 * and whether another tab did. Returns whether the entry changed.
 * @internal
 */
export function markChanged(registry: VersionRegistry, key: RegistryKey, change: RemoteChange, inOtherTab?: true): boolean {
  const entry = registry.get(key);
  if (!entry || entry.freshness === 'deleted') return false;
  const who = authorOf(change);
  if (change.deleted === true) return registry.markDeleted(key, who) !== undefined;
  const validator = validatorOf(change.etag, change.version);
  if (sameVersion(entry.validator, validator)) return false;
  if (entry.freshness === 'stale' && entry.latest && sameVersion(entry.latest.validator, validator)) {
    // The same change heard again (from the server's feed and from the tab that saved it, in either order) adds only who made it, and that it was another tab.
    const adds = (!entry.changedBy && who.changedBy) || (!entry.inOtherTab && inOtherTab);
    return !!adds && registry.markStale(key, { ...who, ...(inOtherTab && { inOtherTab }), latest: entry.latest }) !== undefined;
  }
  return registry.markStale(key, { ...who, ...compact({ inOtherTab, latest: hasVersion(validator) ? { validator } : undefined }) }) !== undefined;
}
