import { useState, type ReactNode } from 'react';
import { useConflictSessions, useVersionedQuery, useWorkflowAction, type WorkflowAction } from '../../../../src/react/index';
import { apiUrl, type Order } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LastChange } from '../components/LastChange';
import { LoadState } from '../components/LoadState';
import { LocalTime } from '../components/LocalTime';
import { RecordHead } from '../components/RecordHead';
import { RecordStaleBanner } from '../components/RecordStaleBanner';
import { ORDER_ACTIONS, orderStateLabel } from '../orderState';
import { orderQuery } from '../queries';
import { usePageTitle } from '../usePageTitle';

// The same table the server enforces; the page only uses it to offer buttons.
const ALLOWED: Readonly<Record<Order['state'], readonly string[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilling', 'cancelled'],
  fulfilling: ['shipped'],
  shipped: [],
  cancelled: [],
};

function statusMessage({ status, data, isPending, variables }: Pick<WorkflowAction<Order>, 'status' | 'data' | 'isPending' | 'variables'>, asking: boolean): string {
  // While the server's refusal is explained in the dialog, nothing is being updated.
  if (isPending) return asking ? '' : 'Updating the order…';
  switch (status) {
    case 'error':
      return "Not done: you're offline, or the connection dropped. Check the order's state above before trying again.";
    case 'idle':
    case 'pending':
      return '';
    case 'success':
      break;
    default:
      return status satisfies never;
  }
  switch (data?.outcome) {
    case 'done':
      return 'Done.';
    case 'refused':
      if (data.conflict.kind === 'transition' && data.conflict.currentState !== undefined && data.conflict.currentState === variables) {
        return 'Already done: someone else did this first, so nothing more was needed.';
      }
      return data.conflict.kind === 'transition'
        ? 'Not done: the order has moved on and no longer allows this.'
        : "Not done: the order couldn't be changed. Reload the page to see where it stands.";
    case 'cancelled':
    case undefined:
      return '';
    default:
      return data satisfies never;
  }
}

/** Props of {@link OrderPage}. */
export interface OrderPageProps {
  readonly id: string;
}

/** One order: its state, items and the workflow actions its state allows. */
export function OrderPage({ id }: OrderPageProps): ReactNode {
  usePageTitle(`Order ${id}`);
  const query = useVersionedQuery(orderQuery(id));
  const action = useWorkflowAction<Order>({ url: apiUrl.orderTransitions(id), record: query.record });
  const asking = useConflictSessions().some((session) => session.type === 'transition');
  const [confirming, setConfirming] = useState(false);
  const order = query.data;
  if (order === undefined) return <LoadState what={`order ${id}`} path={`/orders/${id}`} error={query.error} />;
  const allowed = ALLOWED[order.state];
  const busy = action.isPending;
  return (
    <section className="demo-panel" aria-labelledby="order-title">
      <RecordHead list={{ to: '/orders', label: 'Orders' }} id={order.id} headingId="order-title" heading={`Order ${order.id}`} record={query.record} />
      <RecordStaleBanner record={query.record} readOnly discard={() => undefined} refetch={query.refetch} />
      <dl className="demo-facts">
        <div>
          <dt>State</dt>
          <dd>
            <span className="demo-status" data-state={order.state} data-testid="order-state">
              {orderStateLabel(order.state)}
            </span>
          </dd>
        </div>
        <div>
          <dt>External order ID</dt>
          <dd>{order.externalId}</dd>
        </div>
        <div>
          <dt>Placed</dt>
          <dd>
            <LocalTime iso={order.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Last change</dt>
          <dd>
            <LastChange by={order.updatedBy} at={order.updatedAt} />
          </dd>
        </div>
      </dl>
      <h2>Items</h2>
      <ul className="demo-items">
        {order.items.map((item) => (
          <li key={item.sku}>
            {item.quantity} × {item.name ?? item.sku}
          </li>
        ))}
      </ul>
      <h2>Workflow</h2>
      <div className="demo-actions" role="group" aria-label="Workflow actions">
        {ORDER_ACTIONS.filter((candidate) => allowed.includes(candidate.to)).map((candidate) => {
          const destructive = candidate.to === 'cancelled';
          return (
            <button
              key={candidate.to}
              type="button"
              className={`demo-button${destructive ? ' demo-button-danger' : ' demo-button-primary'}`}
              disabled={busy}
              // Cancelling can't be undone: it asks first.
              onClick={() => (destructive ? setConfirming(true) : action.mutate(candidate.to))}
            >
              {candidate.label}
            </button>
          );
        })}
        {allowed.length === 0 ? <p className="demo-muted">No further steps: this order is {orderStateLabel(order.state).toLowerCase()}.</p> : null}
        <p className="demo-save-status" role="status" data-status={action.data?.outcome ?? action.status}>
          {statusMessage(action, asking)}
        </p>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={`Cancel order ${order.id}?`}
          description="The order is cancelled for good: it can't be paid, fulfilled or shipped afterwards."
          confirmLabel="Cancel order"
          backLabel="Keep order"
          onBack={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            action.mutate('cancelled');
          }}
        />
      ) : null}
    </section>
  );
}
