import { useState, type FormEvent, type ReactNode } from 'react';
import type { DuplicateConflict } from '../../../../src/core/index';
import { useIdempotentCreate, type IdempotentCreateStatus } from '../../../../src/react/index';
import type { Order } from '../api';
import { SupportDetails } from '../components/SupportDetails';
import { failureMessage } from '../failureMessage';
import { navigate } from '../router/navigate';
import { Link } from '../router/Link';
import { usePageTitle } from '../usePageTitle';

/** The existing order's id from a duplicate conflict: its body's `id`, else the last segment of `existing`. */
export function existingOrderId(conflict: DuplicateConflict): string | undefined {
  const current = conflict.current;
  if (current !== null && typeof current === 'object' && 'id' in current && typeof current.id === 'string') return current.id;
  const segment = conflict.existing?.split('/').filter(Boolean).pop();
  return segment === undefined ? undefined : decodeURIComponent(segment);
}

function statusMessage(status: IdempotentCreateStatus, error: Error | undefined): string {
  switch (status) {
    case 'creating':
      return 'Creating the order…';
    case 'error':
      return `We couldn't tell whether the order was created: ${failureMessage(error)}. Press “Create order” again: it can't create a second order.`;
    case 'duplicate':
      return 'An order with this external order ID already exists.';
    case 'conflict':
      return "The order wasn't accepted as entered. If it was placed before, you'll find it under Orders.";
    case 'created':
      return 'Created.';
    case 'idle':
      return '';
    default:
      return status satisfies never;
  }
}

/** Places an order exactly once per external order ID, whatever the clicks, retries and reloads. */
export function NewOrderPage(): ReactNode {
  usePageTitle('New order');
  const [externalId, setExternalId] = useState('');
  const [sku, setSku] = useState('SKU-CHAIR-01');
  const [quantity, setQuantity] = useState(1);
  const trimmed = externalId.trim();
  const creating = useIdempotentCreate<Order>({
    url: '/api/orders',
    // One intent per external order ID: every retry of it carries the same Idempotency-Key.
    scope: `orders/new:${trimmed}`,
    onCreated: (order) => navigate(`/orders/${order.id}`),
    existingHref: (conflict) => `/orders/${existingOrderId(conflict) ?? ''}`,
    onAdopt: (conflict) => {
      const id = existingOrderId(conflict);
      if (id !== undefined) navigate(`/orders/${id}`);
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (trimmed === '') return;
    // Not disabled while creating on purpose: the hook itself turns a double click into one request.
    void creating.create({ externalId: trimmed, items: [{ sku, quantity }] });
  };
  return (
    <section className="demo-panel" aria-labelledby="new-order-title">
      <p className="demo-breadcrumb">
        <Link to="/orders">Orders</Link> / New
      </p>
      <h1 id="new-order-title">New order</h1>
      <form className="demo-form demo-form-narrow" onSubmit={onSubmit} aria-describedby="create-status">
        <label className="demo-field">
          <span>External order ID</span>
          <input
            value={externalId}
            required
            maxLength={128}
            // Compiled with the v flag (HTML's pattern attribute), where "/" and "-" must be escaped in a class.
            pattern="[A-Za-z0-9][A-Za-z0-9._:\/\-]*"
            title="Letters and digits, then also . _ : / or -"
            placeholder="order-88421"
            autoComplete="off"
            onChange={(event) => setExternalId(event.target.value)}
          />
          <small className="demo-muted">The ID from the shop system; one order per ID.</small>
        </label>
        <div className="demo-row">
          <label className="demo-field">
            <span>SKU</span>
            <input value={sku} required maxLength={64} onChange={(event) => setSku(event.target.value)} />
          </label>
          <label className="demo-field demo-field-small">
            <span>Quantity</span>
            <input type="number" min={1} max={999} value={quantity} required onChange={(event) => setQuantity(Number(event.target.value) || 1)} />
          </label>
        </div>
        <div className="demo-actions">
          <button type="submit" className="demo-button demo-button-primary" aria-busy={creating.status === 'creating'}>
            Create order
          </button>
          <p id="create-status" className="demo-save-status" role="status" data-status={creating.status}>
            {statusMessage(creating.status, creating.error)}
          </p>
        </div>
        <SupportDetails error={creating.status === 'error' ? creating.error : undefined} />
      </form>
    </section>
  );
}
