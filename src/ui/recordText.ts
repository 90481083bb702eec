import { toJsonPointer, type JsonPathSegment } from '../core/jsonPath';
import { isRecord } from '../core/readers/bodyMembers';
import type { ConflictKitStrings } from './ConflictKitStringsProvider';
import { displayValue } from './displayValue';
import { isHidden } from './hiddenFields';

/** Options of {@link recordText}. */
export interface RecordTextOptions {
  /** Names a field for people. */
  readonly label: (pointer: string, path: readonly JsonPathSegment[]) => string;
  /** Pointers left out (and everything under them): bookkeeping nobody typed. */
  readonly hide: readonly string[];
  readonly strings: Pick<ConflictKitStrings, 'absent' | 'empty' | 'formatTime' | 'formatDate'>;
}

const isPlain = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * A record as text a person can paste anywhere and read back: one line per
 * field ("Title: Printer jams"), longer texts under their label between
 * blank lines, nested fields named by their path ("Address › City: Lyon"),
 * bookkeeping left out. A string is returned as it is.
 */
export function recordText(value: unknown, { label, hide, strings }: RecordTextOptions): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value) && !Array.isArray(value)) return displayValue(value, strings);
  const lines: string[] = [];
  let block = false;
  const add = (path: readonly JsonPathSegment[], leaf: unknown): void => {
    const name = label(toJsonPointer(path), path);
    if (typeof leaf === 'string' && leaf.includes('\n')) {
      if (lines.length > 0) lines.push('');
      lines.push(`${name}:`, leaf.replace(/\r?\n$/, ''));
      block = true;
      return;
    }
    if (block) lines.push('');
    block = false;
    const shown = Array.isArray(leaf) ? leaf.map((item) => displayValue(item, strings)).join(', ') : displayValue(leaf, strings);
    lines.push(`${name}: ${shown}`);
  };
  const walk = (node: unknown, path: JsonPathSegment[], depth: number): void => {
    if (path.length > 0 && isHidden(toJsonPointer(path), hide)) return;
    if (depth < 20 && isRecord(node)) {
      for (const key of Object.keys(node)) walk(node[key], [...path, key], depth + 1);
    } else if (depth < 20 && Array.isArray(node) && !node.every(isPlain)) {
      node.forEach((item, i) => walk(item, [...path, i], depth + 1));
    } else {
      add(path, node);
    }
  };
  walk(value, [], 0);
  return lines.join('\n');
}
