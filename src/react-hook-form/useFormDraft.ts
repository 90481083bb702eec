import { useEffect, useMemo, useRef } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { jsonEqual } from '../core/json';
import { useConflictKit } from '../react/useConflictKit';
import { useDraft, type DraftApi, type UseDraftOptions } from '../react/useDraft';
import { reopens } from '../react/draftEnvelope';
import { applyEdits, pickFields } from './formEdits';

/** Options of {@link useFormDraft}: those of `useDraft` (the record, or a create form's key; the record as loaded; storage), plus `resume`. */
export type UseFormDraftOptions<T> = UseDraftOptions<T> & {
  /**
   * Runs the save again when the form mounts with a merge that was open when the page went away (a
   * reload mid-conflict) and no save of the record runs: for saves made outside the component, such as
   * a router action (submit the draft to it; `guardedSave` reopens the merge where the user left it).
   * Called once per mount, with the draft.
   * @default undefined (`useGuardedSave` reopens the merge by itself)
   */
  readonly resume?: (draft: T) => void;
};

/** The parts of react-hook-form's `useForm()` result that {@link useFormDraft} uses. */
export type FormLike<TFieldValues extends FieldValues> = Pick<UseFormReturn<TFieldValues>, 'subscribe' | 'reset' | 'getValues' | 'formState'>;

/**
 * The draft of a react-hook-form form: the form's state is the draft. What
 * the draft holds, and a save sends, is the record with the form's dirty
 * fields applied (untouched fields stay as the server sent them), kept in
 * storage so a reload (even mid-conflict) loses nothing. When the kit moves
 * the draft (a restored draft, a merge, a save, a discard) the form follows:
 * its default values become the version the draft is based on and its values
 * the draft, so exactly the user's own edits stay dirty. Pass the result to
 * `useGuardedSave` (or `guardedMutationOptions`) as `draft`; the stale banner
 * and the dialogs work as with `useDraft`. The form's fields are the
 * record's, by the same names and types.
 */
export function useFormDraft<TFieldValues extends FieldValues, T extends TFieldValues>(
  form: FormLike<TFieldValues>,
  options: UseFormDraftOptions<T>,
): DraftApi<T> {
  const { resume, ...draftOptions } = options;
  const draft = useDraft<T>(draftOptions as UseDraftOptions<T>);
  const { drafts, inFlight } = useConflictKit();
  const storageOption = options.storage ?? 'local';
  const storage = useMemo(() => drafts.storageFor(storageOption), [drafts, storageOption]);
  const { initial } = options;
  const { key, setDraft } = draft;

  // Storage is read in effects and callbacks only: never during a server render.
  const baseOf = useRef(() => initial as unknown);
  baseOf.current = () => drafts.read<T>(key, storage)?.base ?? initial;
  const latest = useRef(setDraft);
  latest.current = setDraft;
  const defaults = useRef<unknown>(undefined);
  const syncing = useRef(false);

  useEffect(
    () =>
      form.subscribe({
        formState: { values: true },
        callback: ({ values, defaultValues }) => {
          defaults.current = defaultValues;
          if (syncing.current) return;
          latest.current(applyEdits(baseOf.current() as T, defaultValues, values));
        },
      }),
    [form],
  );

  // The kit moved the draft (restored, merged, saved, discarded): the form shows it, with the base as its defaults.
  const value = draft.draft;
  useEffect(() => {
    const base = baseOf.current();
    const names = Object.keys(form.getValues());
    const nextDefaults = pickFields(base, names);
    const nextValues = pickFields(value, names);
    defaults.current ??= form.formState.defaultValues;
    if (jsonEqual(pickFields(form.getValues(), names), nextValues) && jsonEqual(pickFields(defaults.current, names), nextDefaults)) return;
    syncing.current = true;
    try {
      form.reset(nextDefaults as TFieldValues);
      // A second reset keeps those defaults, so the fields that differ from them, the user's edits, are dirty.
      if (!jsonEqual(nextValues, nextDefaults)) form.reset(nextValues as TFieldValues, { keepDefaultValues: true });
      defaults.current = nextDefaults;
    } finally {
      syncing.current = false;
    }
  }, [form, value, initial]);

  const latestResume = useRef(resume);
  latestResume.current = resume;
  // A ref, not the effect's cleanup: StrictMode's test remount must not submit twice.
  const resumed = useRef(false);
  const pending = reopens(draft.pendingMerge) !== undefined;
  useEffect(() => {
    if (!pending || resumed.current || !latestResume.current || inFlight.has(`save:${key}`)) return;
    resumed.current = true;
    latestResume.current(value);
  }, [pending, inFlight, key, value]);

  return draft;
}
