import { getOwn, jsonEqual } from '../core/json';
import { toJsonPointer, type JsonPathSegment } from '../core/jsonPath';
import { isRecord } from '../core/readers/bodyMembers';
import { isHidden } from './hiddenFields';

/** One value someone entered that differs from the record that already exists. */
export interface InputDifference {
  /** RFC 6901 pointer of the field. */
  readonly pointer: string;
  /** The segments of the pointer, for labels. */
  readonly path: readonly JsonPathSegment[];
  /** What they entered. */
  readonly entered: unknown;
  /** What the existing record holds there; `undefined` when it has nothing there. */
  readonly existing: unknown;
}

/**
 * The values in `entered` (what a create sent) that differ from `existing`
 * (the record already there), field by field: objects and arrays are walked
 * (arrays by position), only what was entered is compared, bookkeeping in
 * `hide` is skipped; at most `limit` of them.
 */
export function inputDifferences(entered: unknown, existing: unknown, hide: readonly string[], limit = 50): InputDifference[] {
  const out: InputDifference[] = [];
  const walk = (mine: unknown, theirs: unknown, path: JsonPathSegment[], depth: number): void => {
    if (out.length >= limit) return;
    const pointer = toJsonPointer(path);
    if (path.length > 0 && isHidden(pointer, hide)) return;
    if (depth < 20 && isRecord(mine)) {
      for (const key of Object.keys(mine)) walk(mine[key], isRecord(theirs) ? getOwn(theirs, key) : undefined, [...path, key], depth + 1);
      return;
    }
    if (depth < 20 && Array.isArray(mine) && Array.isArray(theirs)) {
      mine.forEach((item, i) => walk(item, theirs[i], [...path, i], depth + 1));
      return;
    }
    if (!jsonEqual(mine, theirs)) out.push({ pointer, path, entered: mine, existing: theirs });
  };
  walk(entered, existing, [], 0);
  return out;
}
