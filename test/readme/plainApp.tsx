import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

interface Ticket {
  id: string;
  title: string;
  version: number;
}

const queryClient = new QueryClient();

const ticketQuery = (id: string) => ({
  queryKey: ['tickets', id],
  queryFn: async (): Promise<Ticket> => (await fetch(`/api/tickets/${id}`)).json(),
});

export function App({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      {children}
    </QueryClientProvider>
  );
}

export function TicketPage({ id }: { id: string }) {
  const ticket = useQuery(ticketQuery(id));
  if (!ticket.data) return <p>Loading…</p>;
  return <TicketForm id={id} initial={ticket.data} />;
}

function TicketForm({ id, initial }: { id: string; initial: Ticket }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const save = useMutation({
    mutationFn: async (ticket: Ticket): Promise<Ticket> =>
      (await fetch(`/api/tickets/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ticket) })).json(),
    onSuccess: (saved) => queryClient.setQueryData(ticketQuery(id).queryKey, saved),
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); save.mutate(draft); }}>
      <input value={draft.title} onChange={(e) => setDraft((t) => ({ ...t, title: e.target.value }))} />
      <button disabled={save.isPending}>Save</button>
    </form>
  );
}
