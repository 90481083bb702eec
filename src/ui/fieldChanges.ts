import { getOwn, jsonEqual } from '../core/json';
import { toJsonPointer, type JsonPathSegment } from '../core/jsonPath';
import { isRecord } from '../core/readers/bodyMembers';

/** One field that differs between two versions of a record. */
export interface FieldChange {
  /** RFC 6901 pointer of the field. */
  readonly pointer: string;
  /** The segments of the pointer, for labels. */
  readonly path: readonly JsonPathSegment[];
  /** The value before; `undefined` when the field did not exist. */
  readonly before: unknown;
  /** The value now; `undefined` when the field was removed. */
  readonly after: unknown;
}

/**
 * The leaf fields that differ between two versions of a record (objects are
 * walked, arrays and other values compared whole), at most `limit` of them.
 */
export function fieldChanges(before: unknown, after: unknown, limit = 200): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: JsonPathSegment[], depth: number): void => {
    if (out.length >= limit || jsonEqual(a, b)) return;
    if (isRecord(a) && isRecord(b) && depth < 20) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        walk(getOwn(a, key), getOwn(b, key), [...path, key], depth + 1);
      }
      return;
    }
    out.push({ pointer: toJsonPointer(path), path, before: a, after: b });
  };
  walk(before, after, [], 0);
  return out;
}
