import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { ticketQuery } from '../api';

export const ticketLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    await queryClient.ensureQueryData(ticketQuery(params.id!));
    return null;
  };

export function TicketPage() {
  const { data: ticket } = useSuspenseQuery(ticketQuery(useParams().id!));
  return (
    <article>
      <h1>{ticket.title}</h1>
      <dl>
        <dt>Status</dt>
        <dd data-field="status">{ticket.status}</dd>
        <dt>Assignee</dt>
        <dd data-field="assignee">{ticket.assignee ?? '—'}</dd>
        <dt>Description</dt>
        <dd data-field="description">{ticket.description}</dd>
        <dt>Last change</dt>
        <dd>
          version {ticket.version} by {ticket.updatedBy}
        </dd>
      </dl>
      <Link to="edit">Edit</Link>
    </article>
  );
}
