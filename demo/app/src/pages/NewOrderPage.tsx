import type { FormEvent, ReactNode } from 'react';
import { HttpError, type DuplicateConflict } from '../../../../src/index';
import { useDraft, useIdempotentCreate, type IdempotentCreate } from '../../../../src/react/index';
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

/** What the new-order form holds; kept as a draft for the session, so a reload brings it back. */
interface NewOrder {
  readonly externalId: string;
  readonly sku: string;
  readonly quantity: number;
}

const BLANK: NewOrder = { externalId: '', sku: 'SKU-CHAIR-01', quantity: 1 };

/** The order as the API takes it. */
const orderBody = (form: NewOrder) => ({ externalId: form.externalId.trim(), items: [{ sku: form.sku, quantity: form.quantity }] });
type OrderBody = ReturnType<typeof orderBody>;

function statusMessage({ status, data, error, isPending }: Pick<IdempotentCreate<Order, OrderBody>, 'status' | 'data' | 'error' | 'isPending'>): string {
  if (isPending) return 'Creating the order…';
  switch (status) {
    case 'error':
      // A refusal (400, 422, …) created nothing; a lost answer or a server error may have.
      if (error instanceof HttpError && error.status < 500 && error.status !== 408 && error.status !== 429) {
        const fix = error.status === 400 || error.status === 422 ? ' Correct it and press “Create order” again.' : '';
        return `The order wasn't created: ${failureMessage(error)}.${fix}`;
      }
      return `We couldn't tell whether the order was created: ${failureMessage(error ?? undefined)}. Press “Create order” again: it can't create a second order.`;
    case 'idle':
    case 'pending':
      return '';
    case 'success':
      break;
    default:
      return status satisfies never;
  }
  switch (data?.outcome) {
    case 'created':
      return 'Created.';
    case 'duplicate':
      return 'An order with this external order ID already exists.';
    case 'refused':
      return "The order wasn't accepted as entered. If it was placed before, you'll find it under Orders.";
    case 'cancelled':
    case undefined:
      return '';
    default:
      return data satisfies never;
  }
}

/** Places an order exactly once per external order ID, whatever the clicks, retries and reloads. */
export function NewOrderPage(): ReactNode {
  usePageTitle('New order');
  const draft = useDraft<NewOrder>({ key: 'orders/new', initial: BLANK, storage: 'session' });
  const form = draft.draft;
  const edit = (patch: Partial<NewOrder>): void => draft.setDraft((previous) => ({ ...previous, ...patch }));
  const creating = useIdempotentCreate<Order, OrderBody>({
    url: '/api/orders',
    // One intent per external order ID: every retry of it carries the same Idempotency-Key, after a reload too.
    intent: (order) => `orders/new:${order.externalId}`,
    draft,
    existingHref: (conflict) => `/orders/${existingOrderId(conflict) ?? ''}`,
    onSuccess: (result) => {
      if (result.outcome === 'created' && result.read) navigate(`/orders/${result.value.id}`);
      if (result.outcome === 'duplicate' && result.action === 'view-existing') {
        const id = existingOrderId(result.conflict);
        if (id !== undefined) navigate(`/orders/${id}`);
      }
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (form.externalId.trim() === '') return;
    // Not disabled while creating on purpose: the hook itself turns a double click into one request.
    creating.mutate(orderBody(form));
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
            value={form.externalId}
            required
            maxLength={128}
            // Compiled with the v flag (HTML's pattern attribute), where "/" and "-" must be escaped in a class.
            pattern="[A-Za-z0-9][A-Za-z0-9._:\/\-]*"
            title="Letters and digits, then also . _ : / or -"
            placeholder="order-88421"
            autoComplete="off"
            onChange={(event) => edit({ externalId: event.target.value })}
          />
          <small className="demo-muted">The ID from the shop system; one order per ID.</small>
        </label>
        <div className="demo-row">
          <label className="demo-field">
            <span>SKU</span>
            <input value={form.sku} required maxLength={64} onChange={(event) => edit({ sku: event.target.value })} />
          </label>
          <label className="demo-field demo-field-small">
            <span>Quantity</span>
            <input type="number" min={1} max={999} value={form.quantity} required onChange={(event) => edit({ quantity: Number(event.target.value) || 1 })} />
          </label>
        </div>
        <div className="demo-actions">
          <button type="submit" className="demo-button demo-button-primary" aria-busy={creating.isPending}>
            Create order
          </button>
          <p id="create-status" className="demo-save-status" role="status" data-status={creating.data?.outcome ?? creating.status}>
            {statusMessage(creating)}
          </p>
        </div>
        <SupportDetails error={creating.status === 'error' ? (creating.error ?? undefined) : undefined} />
      </form>
    </section>
  );
}
