import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
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
  return useCallback(() => {
    drafts.discard(key);
    void queryClient.invalidateQueries({ queryKey });
  }, [drafts, key, queryClient, queryKey]);
}
