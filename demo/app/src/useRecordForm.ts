import type { FormEvent } from 'react';
import type { RecordMergeOptions } from '../../../src/index';
import { useDraft, useGuardedSave, type RecordHandle } from '../../../src/react/index';

/** Options of {@link useRecordForm}. */
export interface UseRecordFormOptions<T> {
  /** The record, as its query returned it. */
  readonly record: RecordHandle;
  /** The record as read. */
  readonly initial: T;
  readonly merge: RecordMergeOptions;
}

/** An edit form's state: a draft kept for the session, saved under the version it was read at. */
export function useRecordForm<T>({ record, initial, merge }: UseRecordFormOptions<T>) {
  const draft = useDraft<T>({ record, initial, storage: 'session' });
  const save = useGuardedSave<T>({ record, draft, merge });
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    save.mutate(draft.draft);
  };
  return { draft, save, onSubmit, busy: save.isPending };
}
