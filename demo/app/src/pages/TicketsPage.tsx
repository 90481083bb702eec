import type { ReactNode } from 'react';
import type { Ticket } from '../api';
import { LastChange } from '../components/LastChange';
import { ListState } from '../components/ListState';
import { RecordTable } from '../components/RecordTable';
import { Link } from '../router/Link';
import { statusLabel } from '../ticketStatus';
import { usePageTitle } from '../usePageTitle';
import { useRecordList } from '../useRecordList';

/** All tickets, newest id last, each linking to its editor. */
export function TicketsPage(): ReactNode {
  usePageTitle('Tickets');
  const tickets = useRecordList<Ticket>('tickets');
  return (
    <section className="demo-panel" aria-labelledby="tickets-title">
      <h1 id="tickets-title">Tickets</h1>
      <ListState what="tickets" query={tickets} />
      {tickets.data ? (
        <RecordTable columns={['ID', 'Title', 'Status', 'Assignee', 'Version', 'Last change']}>
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
                <LastChange by={ticket.updatedBy} at={ticket.updatedAt} />
              </td>
            </tr>
          ))}
        </RecordTable>
      ) : null}
    </section>
  );
}
