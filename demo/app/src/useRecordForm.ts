import type { FormEvent } from 'react';
import type { RecordMergeOptions } from '../../../src/core/index';
import { useDraft, useGuardedSave } from '../../../src/react/index';

/** Options of {@link useRecordForm}. */
export interface UseRecordFormOptions<T> {
  /** The record's registry key, under which its draft is kept for the session. */
  readonly registryKey: string;
  /** The record as read. */
  readonly initial: T;
  readonly url: string;
  readonly merge: RecordMergeOptions;
}

/** An edit form's state: a draft kept for the session, saved under the version it was read at. */
export function useRecordForm<T>({ registryKey, initial, url, merge }: UseRecordFormOptions<T>) {
  const draft = useDraft<T>(registryKey, { initial, storage: 'session' });
  const saving = useGuardedSave<T>({ url, draft, merge });
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void saving.save(draft.draft);
  };
  const busy = saving.status === 'saving' || saving.status === 'resolving';
  return { draft, saving, onSubmit, busy };
}
