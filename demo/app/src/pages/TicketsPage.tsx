import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchList, type Ticket } from '../api';
import { operatorLabel } from '../operator';
import { Link } from '../router/Link';
import { statusLabel } from '../ticketStatus';
import { usePageTitle } from '../usePageTitle';

/** All tickets, newest id last, each linking to its editor. */
export function TicketsPage(): ReactNode {
  usePageTitle('Tickets');
  const tickets = useQuery({ queryKey: ['list', 'tickets'], queryFn: ({ signal }) => fetchList<Ticket>('tickets', signal) });
  return (
    <section className="demo-panel" aria-labelledby="tickets-title">
      <h1 id="tickets-title">Tickets</h1>
      {tickets.isPending ? <p role="status">Loading tickets…</p> : null}
      {tickets.isError ? <p role="alert">Could not load the tickets: {tickets.error.message}</p> : null}
      {tickets.data ? (
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Assignee</th>
              <th scope="col">Version</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {tickets.data.map((ticket) => (
              <tr key={ticket.id}>
                <td>
                  <Link to={`/tickets/${ticket.id}`}>{ticket.id}</Link>
                </td>
                <td>{ticket.title}</td>
                <td>
                  <span className="demo-status" data-status={ticket.status}>
                    {statusLabel(ticket.status)}
                  </span>
                </td>
                <td>{ticket.assignee ?? <span className="demo-muted">unassigned</span>}</td>
                <td>{ticket.version}</td>
                <td>
                  {operatorLabel(ticket.updatedBy)}, <time dateTime={ticket.updatedAt}>{new Date(ticket.updatedAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
