import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { fetchList, type Order } from '../api';
import { orderStateLabel } from '../orderState';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

/** All orders, each linking to its workflow page, and the way to place a new one. */
export function OrdersPage(): ReactNode {
  usePageTitle('Orders');
  const orders = useQuery({ queryKey: ['list', 'orders'], queryFn: ({ signal }) => fetchList<Order>('orders', signal) });
  return (
    <section className="demo-panel" aria-labelledby="orders-title">
      <div className="demo-record-head">
        <h1 id="orders-title">Orders</h1>
        <Link to="/orders/new" className="demo-button demo-button-primary">
          New order
        </Link>
      </div>
      {orders.isPending ? <p role="status">Loading orders…</p> : null}
      {orders.isError ? <p role="alert">Could not load the orders: {orders.error.message}</p> : null}
      {orders.data ? (
        <table className="demo-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">External order ID</th>
              <th scope="col">State</th>
              <th scope="col">Items</th>
              <th scope="col">Placed</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link to={`/orders/${order.id}`}>{order.id}</Link>
                </td>
                <td>{order.externalId}</td>
                <td>
                  <span className="demo-status" data-state={order.state}>
                    {orderStateLabel(order.state)}
                  </span>
                </td>
                <td>{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
                <td>
                  <time dateTime={order.createdAt}>{new Date(order.createdAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
