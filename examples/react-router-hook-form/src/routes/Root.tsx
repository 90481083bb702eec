import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet } from 'react-router';
import { actor, ticketListQuery } from '../api';

export const rootLoader = (queryClient: QueryClient) => async () => {
  await queryClient.ensureQueryData(ticketListQuery);
  return null;
};

export function Root() {
  const { data: tickets } = useSuspenseQuery(ticketListQuery);
  return (
    <>
      <header>
        <strong>Tickets</strong>
        <Link to="/orders/new">New order</Link>
        <label style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}>
          Acting as
          <select
            defaultValue={actor()}
            onChange={(e) => {
              sessionStorage.setItem('actor', e.target.value);
              location.reload();
            }}
          >
            <option>ana</option>
            <option>ben</option>
          </select>
        </label>
      </header>
      <main>
        <nav aria-label="Tickets">
          <ul>
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <NavLink to={`/tickets/${ticket.id}`}>{ticket.title}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <section>
          <Outlet />
        </section>
      </main>
    </>
  );
}
