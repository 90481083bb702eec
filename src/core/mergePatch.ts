/**
 * JSON Merge Patch (RFC 7396): the PATCH body format of the reference API.
 *
 * A merge patch cannot say "set this member to null" (null means remove) and
 * replaces arrays whole; both are limits of the format, not of this code.
 */

import { getOwn, isPlainObject, jsonEqual, jsonKeys as ownKeys, setOwn } from './json';

/**
 * Computes the smallest merge patch that turns `base` into `next`: only the
 * changed members, `null` for removed ones, nested objects diffed member by
 * member; `{}` when nothing changed. When `next` is not an object the patch
 * is `next` itself (a whole replacement).
 */
export function mergePatch(base: unknown, next: unknown): unknown {
  if (!isPlainObject(next) || !isPlainObject(base)) return next;
  const patch: Record<string, unknown> = {};
  for (const key of ownKeys(base)) {
    if (getOwn(next, key) === undefined) setOwn(patch, key, null);
  }
  for (const key of ownKeys(next)) {
    const before = getOwn(base, key);
    const after = next[key];
    if (jsonEqual(before, after)) continue;
    setOwn(patch, key, isPlainObject(before) && isPlainObject(after) ? mergePatch(before, after) : after);
  }
  return patch;
}

/** Applies a merge patch to a value without modifying it (RFC 7396 §2). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isPlainObject(target)) for (const key of ownKeys(target)) setOwn(result, key, target[key]);
  for (const key of ownKeys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else setOwn(result, key, applyMergePatch(getOwn(result, key), value));
  }
  return result;
}

/** True for a merge patch that changes nothing (`{}`). */
export function isEmptyMergePatch(patch: unknown): boolean {
  return isPlainObject(patch) && ownKeys(patch).length === 0;
}
