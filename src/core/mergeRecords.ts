/**
 * Three-way merge of JSON records: base = what the user started from,
 * mine = the user's draft, theirs = what the server holds now.
 *
 * Rules, applied at every path (outermost first):
 * - a path listed in `ignore` takes theirs (server-owned fields);
 * - mine and theirs equal → that value (the same change on both sides is no conflict);
 * - only one side differs from base → that side;
 * - both differ: plain objects merge key by key; arrays with an id field
 *   (`arrayKeys`) merge element by element; strings listed in `text` merge
 *   through `mergeText`; anything else is a conflict.
 *
 * Line ends: a side string without any CR (a textarea's value has LF only)
 * that is base with LF line ends counts as base itself. One with edits is
 * compared and merged with CRLF line ends where base's are mostly CRLF, so
 * line ends alone are no edit and the merge keeps base's CRLF (in a base
 * with mixed line ends, its LF lines then count as changed by that side).
 * Where only theirs changed (or neither), theirs is taken as it is.
 * `mergeText` itself keeps line ends byte for byte, as git does.
 *
 * Paths are JSON paths into the merged `value`: an element of an array merged
 * by id is addressed by its index in `value`, so every conflict's `pointer`
 * is a plain RFC 6901 pointer that resolves against `value`. Other arrays are
 * atomic, so no path ever goes inside them.
 */
import { getOwn, isPlainObject, jsonEqual, jsonKeys, setOwn, type JsonValue } from './json';
import {
  compilePointerPatterns,
  toJsonPointer,
  type JsonPath,
  type JsonPathSegment,
  type PointerPatterns,
} from './jsonPath';
import { mergeText, type MergeTextOptions, type TextMergeResult } from './mergeText';

/**
 * How the two sides collided at a path. The first word is what mine did,
 * the second what theirs did:
 * - `modify-modify`: both changed the value, differently;
 * - `delete-modify`: mine deleted it, theirs changed it;
 * - `modify-delete`: mine changed it, theirs deleted it;
 * - `add-add`: both added it (it was not in base), with different values;
 * - `text`: a string field merged through `mergeText` that kept conflicting hunks.
 */
export type FieldConflictKind = 'modify-modify' | 'delete-modify' | 'modify-delete' | 'add-add' | 'text';

/** One place where mine and theirs changed the same thing differently. */
export interface FieldConflict {
  /** What each side did; see {@link FieldConflictKind}. */
  readonly kind: FieldConflictKind;
  /** Where, as segments into the merged `value` (keyed-array elements by their index in `value`). */
  readonly path: JsonPath;
  /** The same location as an RFC 6901 JSON pointer; the key for `resolveMerge` choices. */
  readonly pointer: string;
  /** The value in base; `undefined` when base did not have it. */
  readonly base: JsonValue | undefined;
  /** The value in mine (in base's CRLF when mine came back LF only); `undefined` when mine deleted it (or never had it). */
  readonly mine: JsonValue | undefined;
  /** The value in theirs (in base's CRLF when theirs came back LF only); `undefined` when theirs deleted it (or never had it). */
  readonly theirs: JsonValue | undefined;
  /** For `kind: 'text'`: the text merge with its hunks, for a hunk-by-hunk dialog. */
  readonly text?: TextMergeResult;
}

/**
 * Which side an automatically merged change came from: `both` means both
 * sides made the same change, or (text fields) `mergeText` combined both
 * sides' non-overlapping edits.
 */
export type MergeSource = 'mine' | 'theirs' | 'both';

/**
 * A path whose merged value was decided without asking the user. Removals and
 * moves of elements in an array merged by id are reported at the array's path.
 */
export interface AutoMergedPath {
  /** Where, as segments into the merged `value`. */
  readonly path: JsonPath;
  /** The same location as an RFC 6901 JSON pointer. */
  readonly pointer: string;
  /** Whose change the merged value carries. */
  readonly from: MergeSource;
}

/** What {@link mergeRecords} returns. */
export interface RecordMergeResult<T> {
  /** `true` when nothing needs the user: `value` is the final merge. */
  readonly clean: boolean;
  /**
   * The merged record. Where there are conflicts it holds mine (the user's
   * draft, so a preview never hides their own edits), with one exception: an
   * element of an array merged by id that mine deleted and theirs changed
   * stays in `value` (theirs' version), so that its conflict path points at it.
   * Shares unchanged subtrees with the inputs: treat it as immutable.
   */
  readonly value: T;
  /** Every conflict, in document order; never nested inside one another. */
  readonly conflicts: readonly FieldConflict[];
  /** Every path merged automatically, and from which side. */
  readonly autoMerged: readonly AutoMergedPath[];
}

/**
 * Picks the id field for the array at `path`, or `undefined` to keep that
 * array atomic.
 */
export type ArrayKeyResolver = (path: JsonPath) => string | undefined;

/** Options of {@link mergeRecords}. */
export interface RecordMergeOptions {
  /**
   * Arrays to merge element by element, matched by an id field: pointer
   * patterns (`'/items'`, `'/items/*\/tags'`; `*` matches any one key or
   * index, `''` is the record itself) mapped to the id field name, or a
   * function of the array's path. Elements are matched by `===` on their id
   * (a string or finite number). If an element is not a plain object with
   * such an id, or two elements share an id, that array is merged atomically.
   * @default {} (every array is atomic: changed on both sides = conflict)
   */
  readonly arrayKeys?: Readonly<Record<string, string>> | ArrayKeyResolver;
  /**
   * String fields that both sides changed are merged line by line through
   * `mergeText`: `true` for all strings, or a list of pointer patterns.
   * Only fields that exist in base as a string qualify.
   * @default false (a string changed on both sides is one conflict)
   */
  readonly text?: boolean | readonly string[];
  /**
   * Options passed to `mergeText` for the fields selected by `text`.
   * @default {} (mergeText's defaults)
   */
  readonly textOptions?: MergeTextOptions;
  /**
   * Pointer patterns of server-owned fields (`'/version'`, `'/updatedAt'`,
   * `'/items/*\/updatedAt'`): the merged value takes theirs there, without
   * conflict, and differences there never count as a change.
   * @default []
   */
  readonly ignore?: readonly string[];
  /**
   * Nesting depth beyond which values are not merged inside but treated as
   * one atomic value (still compared deeply): a guard against hostile, deeply
   * nested input. Cyclic input is treated atomically where the cycle closes.
   * @default 100
   */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 100;

type Path = JsonPathSegment[];
type Id = string | number;

/**
 * Merges two edited copies of a JSON record against their common base,
 * field by field; returns the merged value, the conflicts left for the user,
 * and what was merged automatically. Never throws on odd data: non-JSON
 * values (Dates, functions, class instances) are opaque and compared by
 * identity; cycles and excessive depth are treated atomically.
 * @throws RangeError when `maxDepth` is not a non-negative integer.
 */
export function mergeRecords<T>(base: T, mine: T, theirs: T, options: RecordMergeOptions = {}): RecordMergeResult<T> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(`mergeRecords: maxDepth must be a non-negative integer, got ${String(maxDepth)}.`);
  }
  const ignore = options.ignore?.length ? compilePointerPatterns(options.ignore) : undefined;
  const textPatterns = typeof options.text === 'object' ? compilePointerPatterns(options.text) : undefined;
  const textOptions = options.textOptions ?? {};
  const arrayKey = arrayKeyResolver(options.arrayKeys);
  const conflicts: FieldConflict[] = [];
  const autoMerged: AutoMergedPath[] = [];
  /** Where the walk is: every helper below reads and extends this one path. */
  const path: Path = [];
  /** Containers on the path being merged: seeing one again means a cycle. */
  const open = new Set<unknown>();

  const here = () => ({ path: [...path], pointer: toJsonPointer(path) });
  const note = (from: MergeSource): void => {
    autoMerged.push({ ...here(), from });
  };
  const conflict = (kind: FieldConflictKind, base: unknown, mine: unknown, theirs: unknown, text?: TextMergeResult): void => {
    conflicts.push({
      kind,
      ...here(),
      base: base as JsonValue | undefined,
      mine: mine as JsonValue | undefined,
      theirs: theirs as JsonValue | undefined,
      ...(text && { text }),
    });
  };
  /** Equality "as far as the merge cares": ignored paths never differ. */
  const same = (a: unknown, b: unknown): boolean => (ignore ? sameIgnoring(ignore, a, b, path, new Set(), maxDepth) : jsonEqual(a, b));
  /** Runs `step` with `segment` appended to the path. */
  const at = <R>(segment: JsonPathSegment, step: () => R): R => {
    path.push(segment);
    const result = step();
    path.pop();
    return result;
  };

  /** `undefined` in and out means "absent"; `server` is theirs as the server holds it. */
  function mergeValue(base: unknown, mine: unknown, server: unknown): unknown {
    if (ignore?.matches(path)) {
      if (!jsonEqual(mine, server)) note('theirs');
      return server;
    }
    // A textarea's value has LF line ends only (HTML §4.10.11), so a CRLF text
    // edited in one would differ on every line. A side without any CR is base
    // itself when it is base with LF line ends, else compared and merged in
    // CRLF when base's line ends are mostly CRLF.
    let theirs = server;
    if (typeof base === 'string' && base.includes('\r\n')) {
      const flat = (side: unknown): side is string => typeof side === 'string' && side !== base && !side.includes('\r');
      if (flat(mine) || flat(server)) {
        const lf = base.replace(/\r\n/g, '\n');
        const crlf = 2 * base.split('\r\n').length > lf.split('\n').length + 1;
        [mine, theirs] = [mine, server].map((side) => (!flat(side) ? side : side === lf ? base : crlf ? side.replace(/\n/g, '\r\n') : side));
      }
    }
    const mineChanged = !same(mine, base);
    const theirsChanged = !same(theirs, base);
    // Theirs, not mine: with ignored paths "unchanged" means unchanged outside
    // them, and theirs carries the server-owned values.
    if (!mineChanged && !theirsChanged) return server;
    // Containers are merged inside even when only one side changed them, so
    // that autoMerged names the fields that changed, not their ancestor, and
    // ignored fields inside come from theirs.
    const containers = [base, mine, theirs].filter((value) => value !== undefined);
    if (path.length < maxDepth && !containers.some((value) => open.has(value))) {
      for (const value of containers) open.add(value);
      let merged: unknown;
      if (isPlainObject(mine) && isPlainObject(theirs) && (base === undefined || isPlainObject(base))) {
        merged = mergeObject(base, mine, theirs);
      } else if (Array.isArray(mine) && Array.isArray(theirs) && (base === undefined || Array.isArray(base))) {
        const idField = arrayKey([...path]);
        if (idField !== undefined) merged = mergeKeyedArray(base ?? [], mine, theirs, idField);
      }
      for (const value of containers) open.delete(value);
      if (merged !== undefined) return merged;
    }
    if (!mineChanged) {
      note('theirs');
      return server;
    }
    if (!theirsChanged) {
      note('mine');
      return mine;
    }
    if (same(mine, theirs)) {
      note('both');
      return server;
    }
    if (typeof base === 'string' && typeof mine === 'string' && typeof theirs === 'string' && (textPatterns ? textPatterns.matches(path) : options.text === true)) {
      const text = mergeText(base, mine, theirs, textOptions);
      if (text.clean) {
        note('both');
        return text.text;
      }
      conflict('text', base, mine, theirs, text);
      return mine;
    }
    conflict(kindOf(base, mine, theirs), base, mine, theirs);
    return mine;
  }

  function mergeObject(base: Record<string, unknown> | undefined, mine: Record<string, unknown>, theirs: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    // Theirs' key order first: it is what the server holds, so the saved record
    // diffs minimally against it.
    for (const key of new Set([...jsonKeys(theirs), ...jsonKeys(mine), ...(base ? jsonKeys(base) : [])])) {
      const value = at(key, () => mergeValue(base && getOwn(base, key), getOwn(mine, key), getOwn(theirs, key)));
      if (value !== undefined) setOwn(out, key, value);
    }
    return out;
  }

  function mergeKeyedArray(baseArray: readonly unknown[], mineArray: readonly unknown[], theirsArray: readonly unknown[], idField: string): unknown[] | undefined {
    const base = indexById(baseArray, idField);
    const mine = indexById(mineArray, idField);
    const theirs = indexById(theirsArray, idField);
    if (!base || !mine || !theirs) return undefined;
    const mineOrder = [...mine.keys()];
    const basePosition = new Map([...base.keys()].map((id, index) => [id, index]));

    const removedBy = new Set<MergeSource>();
    // An element one side removed survives only if the other side changed it
    // (then it is a delete-vs-modify conflict).
    const survives = (id: Id, holder: typeof mine, other: typeof mine, remover: 'mine' | 'theirs'): boolean => {
      const original = base.get(id);
      if (other.has(id) || original === undefined) return true;
      const unchanged = at(basePosition.get(id)!, () => same(holder.get(id), original));
      if (unchanged) removedBy.add(remover);
      return !unchanged;
    };
    const keptFromTheirs = [...theirs.keys()].filter((id) => survives(id, theirs, mine, 'mine'));
    const keptFromMine = new Set(mineOrder.filter((id) => survives(id, mine, theirs, 'theirs')));
    if ([...base.keys()].some((id) => !mine.has(id) && !theirs.has(id))) removedBy.add('both');

    // Order: theirs' order, then each element mine inserted, kept against
    // theirs' removal, or moved (where theirs did not move it too) goes right
    // after its nearest predecessor in mine that is already placed
    // (`undefined`: before the first).
    const movedByMine = movedIds(basePosition, mineOrder);
    const movedByTheirs = movedIds(basePosition, [...theirs.keys()]);
    const placedByMine = (id: Id): boolean => !theirs.has(id) || (movedByMine.has(id) && !movedByTheirs.has(id));
    const spine = keptFromTheirs.filter((id) => !(keptFromMine.has(id) && placedByMine(id)));
    const spineSet = new Set(spine);
    const after = new Map<Id | undefined, Id[]>();
    let anchor: Id | undefined;
    for (const id of mineOrder) {
      if (spineSet.has(id)) anchor = id;
      else if (keptFromMine.has(id)) {
        const group = after.get(anchor);
        if (group) group.push(id);
        else after.set(anchor, [id]);
      }
    }
    const order = [...(after.get(undefined) ?? []), ...spine.flatMap((id) => [id, ...(after.get(id) ?? [])])];

    const result = order.map((id, index) =>
      at(index, () => {
        const b = base.get(id);
        const m = mine.get(id);
        const t = theirs.get(id);
        if (m !== undefined && t !== undefined) return mergeValue(b, m, t);
        // On one side only: added there, or removed by the other side after this side changed it.
        if (b === undefined) note(m === undefined ? 'theirs' : 'mine');
        else conflict(kindOf(b, m, t), b, m, t);
        return m ?? t;
      }),
    );
    if ([...movedByMine].some((id) => theirs.has(id) && !spineSet.has(id))) note('mine');
    if ([...movedByTheirs].some((id) => spineSet.has(id))) note('theirs');
    for (const side of removedBy) note(side);
    return result;
  }

  const value = mergeValue(base, mine, theirs) as T;
  return { clean: conflicts.length === 0, value, conflicts, autoMerged };
}

function arrayKeyResolver(arrayKeys: RecordMergeOptions['arrayKeys']): ArrayKeyResolver {
  if (typeof arrayKeys === 'function') return arrayKeys;
  const rules = Object.entries(arrayKeys ?? {}).map(([pattern, field]) => ({ pattern: compilePointerPatterns([pattern]), field }));
  return (path) => rules.find((rule) => rule.pattern.matches(path))?.field;
}

function kindOf(base: unknown, mine: unknown, theirs: unknown): FieldConflictKind {
  if (base === undefined) return 'add-add';
  if (mine === undefined) return 'delete-modify';
  if (theirs === undefined) return 'modify-delete';
  return 'modify-modify';
}

/**
 * Deep equality that never looks at `ignore`d paths, walking only as deep as
 * some ignored path lies (below that, or at `maxDepth` or a cycle, `jsonEqual`).
 * `open` holds the containers on the path; the walk stops at the first difference.
 */
function sameIgnoring(ignore: PointerPatterns, a: unknown, b: unknown, path: Path, open: Set<unknown>, maxDepth: number): boolean {
  if (ignore.matches(path)) return true;
  if (a === b || !ignore.matchesBelow(path) || path.length >= maxDepth || open.has(a) || open.has(b)) return jsonEqual(a, b);
  let keys: Iterable<JsonPathSegment>;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    keys = a.keys();
  } else if (isPlainObject(a) && isPlainObject(b)) keys = new Set([...jsonKeys(a), ...jsonKeys(b)]);
  else return jsonEqual(a, b);
  open.add(a).add(b);
  for (const key of keys) {
    path.push(key);
    const equal = sameIgnoring(ignore, childOf(a, key), childOf(b, key), path, open, maxDepth);
    path.pop();
    // A difference ends the whole comparison, so `open` need not be cleaned up.
    if (!equal) return false;
  }
  open.delete(a);
  open.delete(b);
  return true;
}

/** An own member of an object or array (never one inherited, such as `__proto__`). */
function childOf(container: object, key: JsonPathSegment): unknown {
  return getOwn(container as Record<string, unknown>, String(key));
}

/** Elements of one array by id, in order; `undefined` when the array cannot be merged by id. */
function indexById(array: readonly unknown[], idField: string): Map<Id, Record<string, unknown>> | undefined {
  const byId = new Map<Id, Record<string, unknown>>();
  for (const element of array) {
    if (!isPlainObject(element)) return undefined;
    const id = getOwn(element, idField);
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) return undefined;
    if (byId.has(id)) return undefined;
    byId.set(id, element);
  }
  return byId;
}

/**
 * Ids the side moved relative to base: those outside a longest run of
 * common ids that keeps base's relative order (LIS on base positions, so
 * O(n log n) even for long arrays).
 */
function movedIds(basePosition: ReadonlyMap<Id, number>, sideOrder: readonly Id[]): Set<Id> {
  const common = sideOrder.filter((id) => basePosition.has(id));
  const positions = common.map((id) => basePosition.get(id)!);
  // Patience sorting: tails[k] = index (into positions) of the smallest tail of an increasing run of length k+1.
  const tails: number[] = [];
  const previous = new Int32Array(positions.length).fill(-1);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[tails[mid]!]! < p) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i !== -1; i = previous[i]!) kept.add(i);
  const moved = new Set<Id>();
  common.forEach((id, index) => {
    if (!kept.has(index)) moved.add(id);
  });
  return moved;
}
