import { useQueryClient } from '@tanstack/react-query';
import type { RecordHandle } from './RecordHandle';
import { useConflictKit } from './useConflictKit';

/**
 * Replaces the copy on screen with the server's latest version: drops the
 * record's unsaved draft (the user chose to) and reads the record again.
 * @internal
 */
export function useLoadLatest(record: RecordHandle): () => void {
  const { drafts } = useConflictKit();
  const queryClient = useQueryClient();
  const { key, queryKey } = record;
  // No useCallback: the banner's button is its only caller.
  return () => {
    // With no form of the record mounted the draft store does not know its storage: clear the default ones.
    drafts.discard(key, drafts.storageFor('local'));
    drafts.discard(key, drafts.storageFor('session'));
    void queryClient.invalidateQueries({ queryKey });
  };
}
