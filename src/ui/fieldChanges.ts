import { getOwn, jsonEqual } from '../core/json';
import { toJsonPointer, type JsonPathSegment } from '../core/jsonPath';
import { isRecord } from '../core/readers/bodyMembers';
import { isHidden } from './hiddenFields';

/** One field that differs between two values of a record. */
export interface FieldChange {
  /** RFC 6901 pointer of the field. */
  readonly pointer: string;
  /** The segments of the pointer, for labels. */
  readonly path: readonly JsonPathSegment[];
  /** The value in `before`; `undefined` when the field is not there. */
  readonly before: unknown;
  /** The value in `after`; `undefined` when the field is not there. */
  readonly after: unknown;
}

/** Options of {@link fieldChanges}. */
export interface FieldChangesOptions {
  /** Pointers left out (and everything under them). */
  readonly hide: readonly string[];
  /** At most this many changes. */
  readonly limit: number;
  /**
   * Compare only what `before` holds, arrays by position too (what a create
   * sent against the record already there); else both sides' fields, arrays
   * compared whole (two versions of one record).
   * @default false
   */
  readonly entered?: boolean;
}

/**
 * The leaf fields that differ between two values of a record, objects
 * walked (20 levels deep, deeper values compared whole): a stale record's base → latest (the banner's review), or with
 * `entered` what a create sent → the record that already exists (the
 * duplicate prompt's comparison).
 */
export function fieldChanges(before: unknown, after: unknown, { hide, limit, entered = false }: FieldChangesOptions): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: JsonPathSegment[]): void => {
    const pointer = toJsonPointer(path);
    if (out.length >= limit || jsonEqual(a, b) || (path.length > 0 && isHidden(pointer, hide))) return;
    if (path.length < 20 && isRecord(a) && (entered || isRecord(b))) {
      const keys = isRecord(b) && !entered ? new Set([...Object.keys(a), ...Object.keys(b)]) : Object.keys(a);
      for (const key of keys) walk(getOwn(a, key), isRecord(b) ? getOwn(b, key) : undefined, [...path, key]);
    } else if (path.length < 20 && entered && Array.isArray(a) && Array.isArray(b)) {
      a.forEach((item, i) => walk(item, b[i], [...path, i]));
    } else {
      out.push({ pointer, path, before: a, after: b });
    }
  };
  walk(before, after, []);
  return out;
}
