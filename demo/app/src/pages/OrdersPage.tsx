import type { ReactNode } from 'react';
import type { Order } from '../api';
import { ListState } from '../components/ListState';
import { LocalTime } from '../components/LocalTime';
import { RecordTable } from '../components/RecordTable';
import { orderStateLabel } from '../orderState';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';
import { useRecordList } from '../useRecordList';

/** All orders, each linking to its workflow page, and the way to place a new one. */
export function OrdersPage(): ReactNode {
  usePageTitle('Orders');
  const orders = useRecordList<Order>('orders');
  return (
    <section className="demo-panel" aria-labelledby="orders-title">
      <div className="demo-record-head">
        <h1 id="orders-title">Orders</h1>
        <Link to="/orders/new" className="demo-button demo-button-primary">
          New order
        </Link>
      </div>
      <ListState what="orders" query={orders} />
      {orders.data ? (
        <RecordTable columns={['ID', 'External order ID', 'State', 'Items', 'Placed']}>
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
                <LocalTime iso={order.createdAt} />
              </td>
            </tr>
          ))}
        </RecordTable>
      ) : null}
    </section>
  );
}
