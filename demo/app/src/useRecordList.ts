import { useQuery } from '@tanstack/react-query';
import { fetchList } from './api';

/** Every record of one resource, for a list page (a plain query: lists are read-only here). */
export function useRecordList<T>(resource: 'tickets' | 'orders' | 'documents') {
  return useQuery({ queryKey: ['list', resource], queryFn: ({ signal }) => fetchList<T>(resource, signal) });
}
