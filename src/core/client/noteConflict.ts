import type { Conflict } from '../conflict';
import type { VersionRegistry } from '../createVersionRegistry';
import type { Validator } from '../etag';

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
