import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConflictDialogs, ConflictKitProvider, ConflictNotices, createConflictClient, StaleBanner, useDraft, useGuardedSave, useVersionedQuery, versionedQueryOptions, type RecordHandle } from 'conflict-kit';
import 'conflict-kit/styles.css';
import { type ReactNode } from 'react';

interface Ticket {
  id: string;
  title: string;
  version: number;
}

const queryClient = new QueryClient();
const conflicts = createConflictClient({ baseUrl: '/api' });

const ticketQuery = (id: string) => versionedQueryOptions<Ticket>({ url: `/tickets/${id}` });

export function App({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider client={conflicts}>
        {children}
        <ConflictDialogs />
        <ConflictNotices />
      </ConflictKitProvider>
    </QueryClientProvider>
  );
}

export function TicketPage({ id }: { id: string }) {
  const ticket = useVersionedQuery(ticketQuery(id));
  if (!ticket.data) return <p>Loading…</p>;
  return <TicketForm record={ticket.record} initial={ticket.data} />;
}

function TicketForm({ record, initial }: { record: RecordHandle; initial: Ticket }) {
  const draft = useDraft({ record, initial });
  const save = useGuardedSave({ record, draft });
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(draft.draft); }}>
      <StaleBanner record={record} />
      <input value={draft.draft.title} onChange={(e) => draft.setDraft((t) => ({ ...t, title: e.target.value }))} />
      <button disabled={save.isPending}>Save</button>
    </form>
  );
}
