import type { Conflict } from '../conflict';
import type { VersionRegistry } from '../createVersionRegistry';
import { hasVersion, type Validator } from '../etag';
import { compact } from '../readers/bodyMembers';

/**
 * Records what a conflict says about the record's current version: a
 * deleted record is marked deleted, a stale write or a refused transition
 * marks it stale with whatever the server said it holds now; the other
 * kinds say nothing about the record's version.
 * @internal
 */
export function noteConflict(registry: VersionRegistry, key: string, conflict: Conflict): void {
  if (conflict.kind === 'deleted') registry.markDeleted(key);
  if (conflict.kind !== 'stale' && conflict.kind !== 'transition') return;
  // A refused transition names the record's current state, never its version.
  const validator: Validator = conflict.kind === 'stale' ? compact({ etag: conflict.currentETag || undefined, version: conflict.currentVersion }) : {};
  const known = conflict.current !== undefined || hasVersion(validator);
  // Naming no version, the conflict tells a stale entry nothing new: what is known of the change (who, another tab, which version) stays.
  if (!known && registry.get(key)?.freshness === 'stale') return;
  registry.markStale(key, known ? { latest: { validator, ...compact({ value: conflict.current }) } } : {});
}
