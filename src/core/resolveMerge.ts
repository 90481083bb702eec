/**
 * Turns a record merge plus the user's per-conflict choices into the record
 * to save. Works from the merge result alone (no re-merge), so a result kept
 * in storage across a reload can still be resolved.
 */
import { isDev } from './devWarning';
import { ConflictKitError } from './errors';
import { getOwn, isPlainObject, setOwn, type JsonValue } from './json';
import { toJsonPointer, type JsonPath } from './jsonPath';
import type { FieldConflict, RecordMergeResult } from './mergeRecords';
import { resolveTextHunks } from './mergeText';

/**
 * How to settle one conflict: take one side's value (`undefined` there means
 * "absent", so the field or element is removed), a value of the user's own,
 * or `'both'` for strings: each conflicting hunk as mine then theirs for a
 * field merged through `mergeText`, otherwise mine and theirs joined (with a
 * line break between them, CRLF when they have CRLF ones, unless mine is empty
 * or already ends with one).
 */
export type MergeChoice = 'mine' | 'theirs' | 'base' | 'both' | { readonly custom: JsonValue };

/** Choices keyed by each conflict's `pointer`. */
export type MergeChoices = Readonly<Record<string, MergeChoice>> | ReadonlyMap<string, MergeChoice>;

/** The choices do not fit the merge: a conflict without a choice, a choice for no conflict, or an impossible choice. */
export class MergeResolutionError extends ConflictKitError {
  override name = 'MergeResolutionError';
  /** The pointers the problem is about. */
  readonly pointers: readonly string[];
  constructor(message: string, pointers: readonly string[]) {
    super(message);
    this.pointers = pointers;
  }
}

/**
 * The value one choice gives for one conflict; `undefined` means the field
 * or element is removed. Throws {@link MergeResolutionError} for `'both'` on
 * values that are not two strings.
 */
export function resolveConflict(conflict: FieldConflict, choice: MergeChoice): JsonValue | undefined {
  if (typeof choice === 'object') return choice.custom;
  if (choice === 'mine' || choice === 'theirs' || choice === 'base') return conflict[choice];
  if (choice !== 'both') {
    choice satisfies never;
    throw new MergeResolutionError(`Unknown merge choice ${JSON.stringify(choice)} at ${show(conflict.pointer)}.`, [conflict.pointer]);
  }
  // Each conflicting hunk as mine then theirs, the rest as merged.
  if (conflict.text) return resolveTextHunks(conflict.text, new Array<'both'>(conflict.text.conflicts).fill('both'));
  const { mine, theirs } = conflict;
  if (typeof mine !== 'string' || typeof theirs !== 'string') {
    throw new MergeResolutionError(
      isDev
        ? `Cannot keep both sides at ${show(conflict.pointer)}: "both" combines two strings, but this conflict is ${describe(mine)} against ${describe(theirs)}. Choose "mine", "theirs", "base" or a custom value.`
        : `Cannot keep both sides at ${show(conflict.pointer)}.`,
      [conflict.pointer],
    );
  }
  if (mine === '' || theirs === '' || mine.endsWith('\n')) return mine + theirs;
  // A one-line value (a title, a name) stays on one line: a line break would not fit its field.
  if (!/[\r\n]/.test(mine) && !/[\r\n]/.test(theirs)) return `${mine} ${theirs}`;
  return mine + ((mine + theirs).includes('\r\n') ? '\r\n' : '\n') + theirs;
}

function describe(value: unknown): string {
  if (value === undefined) return 'a deletion';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Builds the final record from a merge result and one choice per conflict
 * (keyed by `pointer`). Does not modify `result.value`; unchanged subtrees
 * are shared with it. Throws {@link MergeResolutionError} when a conflict has
 * no choice or a choice names no conflict, so nothing is decided silently.
 */
export function resolveMerge<T>(result: RecordMergeResult<T>, choices: MergeChoices): T {
  const chosen: ReadonlyMap<string, MergeChoice> = choices instanceof Map ? choices : new Map(Object.entries(choices));
  const known = new Set(result.conflicts.map((conflict) => conflict.pointer));
  const missing = [...known].filter((pointer) => chosen.get(pointer) === undefined);
  if (missing.length > 0) {
    throw new MergeResolutionError(`${missing.length} conflict(s) have no choice yet: ${missing.map(show).join(', ')}.`, missing);
  }
  const extra = [...chosen.keys()].filter((pointer) => !known.has(pointer));
  if (extra.length > 0) {
    throw new MergeResolutionError(
      isDev
        ? `Choices for ${extra.map(show).join(', ')} match no conflict of this merge; were they made for an older merge?`
        : `Choices for ${extra.map(show).join(', ')} match no conflict of this merge.`,
      extra,
    );
  }
  // Removing an array element shifts the ones after it, so write the last
  // paths first: every later write then addresses an index not yet moved.
  // Sorted, not just reversed: an app may reorder the conflicts for its own UI.
  const writes = result.conflicts
    .map((conflict) => ({ path: conflict.path, value: resolveConflict(conflict, chosen.get(conflict.pointer)!) }))
    .sort((a, b) => comparePaths(b.path, a.path));
  const owned = new Set<unknown>();
  let root: unknown = result.value;
  for (const write of writes) {
    if (write.path.length === 0 && write.value === undefined) {
      throw new MergeResolutionError('The chosen side has no record at all; choose another side.', ['']);
    }
    root = writeAt(root, write.path, write.value, owned);
  }
  return root as T;
}

/** Document order of two paths: array indexes by number, member names as strings. */
function comparePaths(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

function show(pointer: string): string {
  return pointer === '' ? '(the record)' : pointer;
}

/**
 * Writes `value` (`undefined`: removes) at `path` below `node`, copying each
 * container on the way down; copies made during this resolve (`owned`) are
 * written in place.
 */
function writeAt(node: unknown, path: JsonPath, value: JsonValue | undefined, owned: Set<unknown>, depth = 0): unknown {
  if (depth === path.length) return value;
  const segment = path[depth]!;
  const hasPlace = Array.isArray(node)
    ? typeof segment === 'number' && Number.isInteger(segment) && segment >= 0 && segment < node.length
    : isPlainObject(node);
  if (!hasPlace) {
    const pointer = toJsonPointer(path);
    throw new MergeResolutionError(
      isDev ? `The merged value has no container at ${pointer}; the result was changed after merging.` : `The merged value has no container at ${pointer}.`,
      [pointer],
    );
  }
  // A spread copies a `__proto__` member as a plain property, as setOwn does.
  const copy = (owned.has(node) ? node : Array.isArray(node) ? node.slice() : { ...(node as Record<string, unknown>) }) as Record<string, unknown>;
  owned.add(copy);
  const key = String(segment);
  const child = writeAt(getOwn(copy, key), path, value, owned, depth + 1);
  if (child !== undefined) setOwn(copy, key, child);
  else if (Array.isArray(copy)) copy.splice(segment as number, 1);
  else delete copy[key];
  return copy;
}
