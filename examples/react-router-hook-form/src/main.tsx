import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConflictDialogs, ConflictKitProvider, ConflictNotices } from 'conflict-kit';
import 'conflict-kit/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { conflicts } from './api';
import { editTicketAction, EditTicket } from './routes/EditTicket';
import { NewOrder, newOrderAction } from './routes/NewOrder';
import { OrderPage, orderLoader } from './routes/OrderPage';
import { Root, rootLoader } from './routes/Root';
import { TicketPage, ticketLoader } from './routes/TicketPage';
import './styles.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });

const router = createBrowserRouter([
  {
    path: '/',
    element: <Root />,
    loader: rootLoader(queryClient),
    HydrateFallback: () => <p>Loading…</p>,
    children: [
      { path: 'tickets/:id', element: <TicketPage />, loader: ticketLoader(queryClient) },
      { path: 'tickets/:id/edit', element: <EditTicket />, loader: ticketLoader(queryClient), action: editTicketAction(queryClient) },
      { path: 'orders/new', element: <NewOrder />, action: newOrderAction(queryClient) },
      { path: 'orders/:id', element: <OrderPage />, loader: orderLoader(queryClient) },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ConflictKitProvider
        client={conflicts}
        events={{ url: '/api/events', toKey: (e) => `/api/${e.resource}/${e.id}` }}
        onChange={() => queryClient.invalidateQueries({ queryKey: ['tickets'] })}
      >
        <RouterProvider router={router} />
        <ConflictDialogs />
        <ConflictNotices />
      </ConflictKitProvider>
    </QueryClientProvider>
  </StrictMode>,
);
