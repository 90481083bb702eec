import { useEffect, useMemo, useRef, useState } from 'react';
import { MergeResolutionError, resolveConflict, resolveMerge, type MergeChoice, type MergeChoices } from '../core/resolveMerge';
import { resolveTextHunks, type ConflictChoice, type ConflictHunk } from '../core/mergeText';
import type { FieldConflict, FieldConflictKind } from '../core/mergeRecords';
import type { JsonValue } from '../core/json';
import { readablePath } from './readablePath';
import type { MergeOutcome, MergeRequest } from './resolver';
import { useReportShown } from './useReportShown';

/**
 * One thing the user decides: a whole field, or one conflicting hunk of a
 * text field.
 */
export interface MergeItem {
  /** Stable id: the field's `pointer`, or `pointer + '~h' + hunk.index` for a hunk (`~h` never occurs in a JSON pointer). */
  readonly id: string;
  /** Position in `items`. */
  readonly index: number;
  /** The field's RFC 6901 pointer. */
  readonly pointer: string;
  /** A human label for the field. */
  readonly label: string;
  /** What each side did to the field. */
  readonly kind: FieldConflictKind;
  /** The field's conflict as merged. */
  readonly conflict: FieldConflict;
  /** For a text hunk: the hunk, with its sides and position. */
  readonly hunk?: ConflictHunk;
  /** For a text hunk: its 1-based number within the field. */
  readonly hunkNumber?: number;
  /** For a text hunk: how many conflicting hunks the field has. */
  readonly hunkCount?: number;
  /** The base side (the hunk's lines for a text hunk); `undefined` when absent. */
  readonly base: JsonValue | undefined;
  /** Your side; `undefined` when you removed it. */
  readonly mine: JsonValue | undefined;
  /** Their side; `undefined` when they removed it. */
  readonly theirs: JsonValue | undefined;
  /** The word-level merge proposed for a text hunk, when its edits do not collide. */
  readonly suggestion?: string;
  /** Whether `'both'` is possible (both sides are strings). */
  readonly canKeepBoth: boolean;
  /** Whether a custom value must be a string (text hunks and string fields) rather than any JSON. */
  readonly textOnly: boolean;
}

/** Options of {@link useMergeSession}. */
export interface MergeSessionOptions<T> {
  /** The merge to resolve, as the hooks hand it to a resolver. */
  readonly request: MergeRequest<T>;
  /** Called once with the user's answer: the merged value to save, or cancel. */
  readonly onResolve: (outcome: MergeOutcome<T>) => void;
  /**
   * Names a field for people; read once, when the session starts.
   * @default readable words of the path: `first` → "First", `/address/city` → "Address › City"
   */
  readonly label?: (conflict: FieldConflict) => string;
}

/** Headless state of a merge dialog, from {@link useMergeSession}. */
export interface MergeSession<T> {
  /** Every decision to make, in document order. */
  readonly items: readonly MergeItem[];
  /** Choices so far, keyed by item id; reported through the request's `onChoicesChange`, and restored from `initialChoices` after a reload. */
  readonly choices: Readonly<Record<string, MergeChoice>>;
  /** Sets one item's choice; a hunk's custom value must be a string. */
  readonly choose: (itemId: string, choice: MergeChoice) => void;
  /** Makes an item undecided again (e.g. while its custom edit is invalid). */
  readonly clear: (itemId: string) => void;
  /** Takes a text hunk's word-level suggestion as its resolution. */
  readonly acceptSuggestion: (itemId: string) => void;
  /** Index of the item in focus. */
  readonly current: number;
  /** Moves to the next item (stays on the last). */
  readonly next: () => void;
  /** Moves to the previous item (stays on the first). */
  readonly previous: () => void;
  /** Moves to an item by index. */
  readonly goTo: (index: number) => void;
  /** How many items have a choice. */
  readonly resolvedCount: number;
  /** How many items there are. */
  readonly total: number;
  /** Every item is decided and the choices produce a record. */
  readonly canSave: boolean;
  /** The merged record once every item is decided; `undefined` before. */
  readonly result: T | undefined;
  /** Why the choices could not be applied, when they could not. */
  readonly error: string | undefined;
  /** What an item becomes with its current choice (`undefined` when undecided or removed). */
  readonly preview: (itemId: string) => JsonValue | undefined;
  /** Resolves with the merged record; returns `false` (and does nothing) until {@link MergeSession.canSave}. */
  readonly save: () => boolean;
  /** Resolves with cancel: nothing is saved, the draft stays as it is. */
  readonly cancel: () => void;
  /** The user's draft as text (strings as they are, anything else as JSON), always available for copying. */
  readonly copyMineText: () => string;
}

const HUNK = '~h';

const defaultLabel = (conflict: FieldConflict): string => readablePath(conflict.path);

/** Every decision in a record merge: each plain field conflict, and each conflicting hunk of a text field. */
function buildItems(conflicts: readonly FieldConflict[], label: (conflict: FieldConflict) => string): MergeItem[] {
  const items: MergeItem[] = [];
  for (const conflict of conflicts) {
    const { pointer, kind } = conflict;
    const field = { pointer, label: label(conflict), kind, conflict };
    const hunks = conflict.text?.hunks.filter((h): h is ConflictHunk => h.kind === 'conflict') ?? [];
    hunks.forEach((hunk, k) => {
      items.push({
        ...field,
        id: pointer + HUNK + hunk.index,
        index: items.length,
        hunk,
        hunkNumber: k + 1,
        hunkCount: hunks.length,
        base: hunk.base,
        mine: hunk.mine,
        theirs: hunk.theirs,
        canKeepBoth: true,
        textOnly: true,
        ...(hunk.suggestion === undefined ? {} : { suggestion: hunk.suggestion }),
      });
    });
    if (hunks.length > 0) continue;
    const { base, mine, theirs } = conflict;
    items.push({
      ...field,
      id: pointer,
      index: items.length,
      base,
      mine,
      theirs,
      canKeepBoth: typeof mine === 'string' && typeof theirs === 'string',
      textOnly: typeof mine === 'string' || typeof theirs === 'string',
    });
  }
  return items;
}

/** Keeps the initial choices that fit these items; a text field's whole-field side applies to each of its hunks. */
function fittingChoices(items: readonly MergeItem[], initial: MergeChoices | undefined): Record<string, MergeChoice> {
  const choices: Record<string, MergeChoice> = {};
  const chosen: ReadonlyMap<string, MergeChoice> = initial instanceof Map ? initial : new Map(Object.entries(initial ?? {}));
  for (const item of items) {
    let choice = chosen.get(item.id);
    if (choice === undefined && item.hunk) {
      const whole = chosen.get(item.pointer);
      if (typeof whole === 'string') choice = whole;
    }
    if (choice !== undefined && isValidChoice(item, choice)) choices[item.id] = choice;
  }
  return choices;
}

function isValidChoice(item: MergeItem, choice: MergeChoice): boolean {
  if (typeof choice === 'object') return choice !== null && 'custom' in choice && (!item.hunk || typeof choice.custom === 'string');
  return choice === 'mine' || choice === 'theirs' || choice === 'base' || (choice === 'both' && item.canKeepBoth);
}

function hunkValue(item: MergeItem, choice: MergeChoice): string {
  // Render just this hunk through the core so 'both' and line ends follow its rules.
  const text = item.conflict.text!;
  const hunk = item.hunk!;
  const picks: Array<ConflictChoice | undefined> = [];
  picks[hunk.index] = choice as ConflictChoice;
  return resolveTextHunks({ ...text, hunks: [hunk] }, picks);
}

function previewOf(item: MergeItem, choice: MergeChoice | undefined): JsonValue | undefined {
  if (choice === undefined) return undefined;
  if (item.hunk) return hunkValue(item, choice);
  try {
    return resolveConflict(item.conflict, choice);
  } catch {
    return undefined;
  }
}

/** The per-pointer choices for `resolveMerge`: a text field's hunks become one custom string. */
function pointerChoices(items: readonly MergeItem[], choices: Readonly<Record<string, MergeChoice>>): Map<string, MergeChoice> {
  const byPointer = new Map<string, MergeChoice>();
  const hunkPicks = new Map<string, Array<ConflictChoice | undefined>>();
  for (const item of items) {
    const choice = choices[item.id];
    if (!item.hunk) {
      if (choice !== undefined) byPointer.set(item.pointer, choice);
      continue;
    }
    let picks = hunkPicks.get(item.pointer);
    if (!picks) hunkPicks.set(item.pointer, (picks = []));
    picks[item.hunk.index] = choice as ConflictChoice | undefined;
  }
  for (const item of items) {
    const picks = hunkPicks.get(item.pointer);
    if (item.hunk && picks && !byPointer.has(item.pointer)) {
      byPointer.set(item.pointer, { custom: resolveTextHunks(item.conflict.text!, picks) });
    }
  }
  return byPointer;
}

function draftText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}

/**
 * Headless state of a three-way merge dialog: one item per field conflict
 * (one per conflicting hunk for text fields), choices, navigation, progress,
 * the merged result and the answer to the request.
 */
export function useMergeSession<T>(options: MergeSessionOptions<T>): MergeSession<T> {
  const { request } = options;
  const { merge, initialChoices } = request;
  useReportShown(request.conflict);
  const labelRef = useRef(options.label);
  const items = useMemo(() => buildItems(merge.conflicts, labelRef.current ?? defaultLabel), [merge]);
  const [choices, setChoices] = useState<Readonly<Record<string, MergeChoice>>>(() => fittingChoices(items, initialChoices));
  // Starts at the first item still open.
  const [current, setCurrent] = useState(() => Math.max(0, items.findIndex((item) => !(item.id in choices))));
  const onResolve = useRef(options.onResolve);
  onResolve.current = options.onResolve;
  const done = useRef(false);
  const onChoicesChange = useRef(request.onChoicesChange);
  onChoicesChange.current = request.onChoicesChange;
  const reported = useRef(choices);
  useEffect(() => {
    // Report changes only: the initial choices are already where they came from.
    if (reported.current === choices) return;
    reported.current = choices;
    onChoicesChange.current?.(choices);
  }, [choices]);

  const total = items.length;
  const resolvedCount = items.reduce((n, item) => (item.id in choices ? n + 1 : n), 0);
  const outcome = useMemo((): { value: T | undefined; error: string | undefined } => {
    if (resolvedCount < total) return { value: undefined, error: undefined };
    try {
      return { value: resolveMerge(merge, pointerChoices(items, choices)), error: undefined };
    } catch (error) {
      if (error instanceof MergeResolutionError) return { value: undefined, error: error.message };
      throw error;
    }
  }, [merge, items, choices, resolvedCount, total]);
  const canSave = resolvedCount === total && outcome.error === undefined;

  const byId = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const resolve = (result: MergeOutcome<T>): void => {
    if (done.current) return;
    done.current = true;
    onResolve.current(result);
  };
  const actions = useMemo(() => {
    const choose = (id: string, choice: MergeChoice): void => setChoices((chosen) => ({ ...chosen, [id]: choice }));
    return {
      choose: (id: string, choice: MergeChoice) => {
        const item = byId.get(id);
        if (item && isValidChoice(item, choice)) choose(id, choice);
      },
      clear: (id: string) =>
        setChoices((chosen) => {
          if (!(id in chosen)) return chosen;
          const { [id]: _dropped, ...rest } = chosen;
          return rest;
        }),
      acceptSuggestion: (id: string) => {
        const suggestion = byId.get(id)?.suggestion;
        if (suggestion !== undefined) choose(id, { custom: suggestion });
      },
      goTo: (index: number) => setCurrent(Math.max(0, Math.min(total - 1, index))),
      copyMineText: () => draftText(request.mine),
    };
  }, [byId, total, request.mine]);

  return {
    ...actions,
    items,
    choices,
    current,
    next: () => actions.goTo(current + 1),
    previous: () => actions.goTo(current - 1),
    resolvedCount,
    total,
    canSave,
    result: outcome.value,
    error: outcome.error,
    preview: (id) => {
      const item = byId.get(id);
      return item ? previewOf(item, choices[id]) : undefined;
    },
    save: () => {
      if (!canSave) return false;
      resolve({ action: 'save', value: outcome.value as T, choices: choices });
      return true;
    },
    cancel: () => resolve({ action: 'cancel' }),
  };
}
